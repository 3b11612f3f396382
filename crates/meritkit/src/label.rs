//! Enumerations that travel as snake_case codes and accept the official
//! Indonesian labels on input ("Sangat Baik", "III/a", "Di Atas Ekspektasi").

/// Normalizes a label for comparison: lower case, and every run of spaces,
/// dashes, underscores, dots and slashes folded to a single `_`.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut sep = false;
    for ch in s.trim().chars() {
        if ch.is_whitespace() || matches!(ch, '-' | '_' | '.' | '/' | '–') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('_');
            }
            sep = false;
            for l in ch.to_lowercase() {
                out.push(l);
            }
        }
    }
    out
}

#[cfg(feature = "tsify")]
#[doc(hidden)]
pub mod __ts {
    pub use wasm_bindgen;
}

/// Declares a labelled enumeration: serialized as its code, deserialized from
/// its code, its official label or any alias (compared after [`normalize`]).
#[macro_export]
#[doc(hidden)]
macro_rules! labeled_enum {
    (
        $(#[$m:meta])*
        pub enum $name:ident {
            $( $(#[$vm:meta])* $var:ident = ($code:literal, $label:literal $(, $alias:literal)* ) ),+ $(,)?
        }
    ) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vm])* #[doc = $label] $var ),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The snake_case wire code.
            pub fn code(self) -> &'static str { match self { $($name::$var => $code),+ } }
            /// The official label.
            pub fn label(self) -> &'static str { match self { $($name::$var => $label),+ } }
            /// Parses a code, an official label or a known alias.
            pub fn parse(s: &str) -> Option<Self> {
                // Fast path: the exact wire code (no allocation).
                $( if s == $code { return Some($name::$var); } )+
                // Normalized codes, labels and aliases, built once.
                static TABLE: std::sync::OnceLock<Vec<(String, $name)>> = std::sync::OnceLock::new();
                let table = TABLE.get_or_init(|| {
                    vec![
                        $(
                            ($code.to_string(), $name::$var),
                            ($crate::label::normalize($label), $name::$var),
                            $( ($crate::label::normalize($alias), $name::$var), )*
                        )+
                    ]
                });
                let n = $crate::label::normalize(s);
                table.iter().find(|(k, _)| *k == n).map(|(_, v)| *v)
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }
        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                // Never the value itself (it may be a name or a NIP typed in the wrong column).
                $name::parse(s).ok_or_else(|| format!(
                    "unknown {}, expected one of: {}", stringify!($name),
                    [$($code),+].join(", ")))
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.code()) }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "one of: {}", [$($code),+].join(", "))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::parse(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
                    }
                }
                d.deserialize_str(V)
            }
        }
        #[cfg(feature = "tsify")]
        const _: () = {
            use $crate::label::__ts::wasm_bindgen;
            #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS: &'static str = concat!(
                "/** Code (snake_case); official labels are accepted on input too. */\nexport type ",
                stringify!($name), " = ", $( "\"", $code, "\" | ", )+ "never;"
            );
        };
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> { stringify!($name).into() }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "description": concat!("Code (snake_case) or official label: ", $( $label, "; " ),+),
                    "examples": [$($code),+]
                })
            }
        }
    };
}
