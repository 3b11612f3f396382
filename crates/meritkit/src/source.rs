//! Where a scoring policy or a merit rule set comes from, as the caller named
//! it: a built-in (a preset, a built-in rule set), a file, text, or an inline
//! value. Resolved here, once, for every binding: the CLI, Python and
//! WebAssembly pass what the user gave and never guess.
//!
//! On the wire (requests of [`crate::api`]) a source is a string (a built-in
//! name), `{"file": "path"}`, `{"text": "TOML or JSON"}` or any other object
//! (the policy or rule set itself). Whether a file may be read is the host's
//! decision ([`Files`]): the JSON API reads none ([`NoFiles`]), so a web
//! service or a page never opens a path a request names.
//!
//! One string typed by a person (a CLI flag, a Python `str`) is read by one
//! rule, [`Source::from_arg`]: a name has no `/`, no `\` and no `.toml` or
//! `.json` ending; anything else names a file. The file system is not asked.
//!
//! ```
//! use meritkit::source::{self, NoFiles, Source};
//! assert_eq!(Source::from_arg("manado"), Source::Builtin("manado".into()));
//! assert_eq!(Source::from_arg("./manado"), Source::File("./manado".into()));
//! let p = source::policy(Some(&Source::from_arg("manado")), &NoFiles).unwrap();
//! assert_eq!(p.name, "manado");
//! // a request's source: a file is not read by the JSON API
//! let s: Source = serde_json::from_str(r#"{"file": "/etc/policy.toml"}"#).unwrap();
//! assert_eq!(source::policy(Some(&s), &NoFiles).unwrap_err().problems()[0].code.as_str(), "invalid_request");
//! ```

use crate::error::{Code, Error, Problem};
use crate::policy::Policy;
use crate::rules::RuleSet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::path::{Path, PathBuf};

/// The largest policy or rule file [`LocalFiles`] reads by default (4 MiB, the
/// CLI's `--max-config-bytes` default; a rule set's text is at most
/// [`crate::rules::check::MAX_BYTES`] wherever it comes from).
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// The policy every call uses when none is named (PermenPANRB 3/2020 jo 20/2025 as published).
pub const DEFAULT_POLICY: &str = "permenpanrb_3_2020";

/// A scoring policy or a rule set, as the caller named it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Source {
    /// A built-in: a policy preset or a built-in rule set, by name.
    Builtin(String),
    /// A TOML or JSON file (read only where the host allows it: [`Files`]).
    File(PathBuf),
    /// TOML or JSON text.
    Text(String),
    /// The policy or rule set itself, as a JSON value.
    Inline(serde_json::Value),
}

impl Source {
    /// One string typed by a person (a CLI flag, a Python `str`): a name when
    /// it has no `/`, no `\` and no `.toml` / `.json` ending, else a file
    /// path. A file whose name is a bare word is named `./word`.
    pub fn from_arg(s: &str) -> Source {
        Self::from_os_arg(std::ffi::OsStr::new(s))
    }

    /// [`Source::from_arg`] for an argument as the operating system gives it
    /// (a file name need not be UTF-8: a path keeps its bytes). Spaces around
    /// the argument do not decide (`"p.toml "` is a file).
    pub fn from_os_arg(s: &std::ffi::OsStr) -> Source {
        let text = s.to_string_lossy();
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        if t.contains(['/', '\\']) || [".toml", ".json"].iter().any(|x| lower.ends_with(x)) {
            Source::File(PathBuf::from(s))
        } else {
            Source::Builtin(t.to_string())
        }
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Source::Builtin(name) => s.serialize_str(name),
            Source::Inline(v) => v.serialize(s),
            Source::File(p) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("file", &p.to_string_lossy())?;
                m.end()
            }
            Source::Text(t) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("text", t)?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(name) => Ok(Source::Builtin(name)),
            serde_json::Value::Object(m) if m.len() == 1 && (m.contains_key("file") || m.contains_key("text")) => {
                match m.into_iter().next() {
                    Some((k, serde_json::Value::String(v))) if k == "file" => Ok(Source::File(PathBuf::from(v))),
                    Some((_, serde_json::Value::String(v))) => Ok(Source::Text(v)),
                    _ => Err(D::Error::custom("`file` and `text` take a string")),
                }
            }
            v @ serde_json::Value::Object(_) => Ok(Source::Inline(v)),
            _ => Err(D::Error::custom("expected a built-in name, {\"file\": ...}, {\"text\": ...} or an object")),
        }
    }
}

impl schemars::JsonSchema for Source {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Source".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // (read from text: the `json_schema!` macro's expansion cost kilobytes of WebAssembly)
        const SCHEMA: &str = r#"{
            "description": "A built-in name, {\"file\": path} (read only where the host allows it), {\"text\": TOML or JSON}, or the object itself.",
            "anyOf": [
                {"type": "string"},
                {"type": "object", "properties": {"file": {"type": "string"}}, "required": ["file"], "additionalProperties": false},
                {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"], "additionalProperties": false},
                {"type": "object"}
            ]
        }"#;
        serde_json::from_str::<serde_json::Value>(SCHEMA)
            .ok()
            .and_then(|v| schemars::Schema::try_from(v).ok())
            .unwrap_or_default()
    }
}

/// How a [`Source::File`] is read: the host's decision.
pub trait Files: Sync {
    /// The file's text (UTF-8), or an input error naming what went wrong (never its content).
    fn read(&self, path: &Path) -> Result<String, Error>;
}

/// Reads no file: the JSON API, a web service, a page.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _: &Path) -> Result<String, Error> {
        Err(Error::Input(vec![Problem::new(
            Code::InvalidRequest,
            "",
            "files are not read through this entry point: pass the text ({\"text\": ...}) or the object",
            "berkas tidak dibaca melalui jalur ini: berikan teksnya ({\"text\": ...}) atau objeknya",
        )]))
    }
}

/// Reads local files of at most `max_bytes` (a Python session, a Rust
/// program; not in WebAssembly, which has no file system).
#[cfg(not(target_arch = "wasm32"))]
pub struct LocalFiles {
    /// The largest file read.
    pub max_bytes: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl Default for LocalFiles {
    /// At most [`MAX_FILE_BYTES`] (a rule file's text is held to its own, smaller limit when it is read).
    fn default() -> Self {
        LocalFiles { max_bytes: MAX_FILE_BYTES }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Files for LocalFiles {
    fn read(&self, path: &Path) -> Result<String, Error> {
        use std::io::Read;
        let io = |e: std::io::Error| {
            let (en, id) = match e.kind() {
                std::io::ErrorKind::NotFound => ("the file does not exist", "berkas tidak ada"),
                std::io::ErrorKind::PermissionDenied => {
                    ("the file cannot be read (permission)", "berkas tidak dapat dibaca (izin)")
                }
                _ => ("the file cannot be read", "berkas tidak dapat dibaca"),
            };
            Error::Input(vec![Problem::new(Code::InvalidInput, "", en, id)])
        };
        let f = std::fs::File::open(path).map_err(io)?;
        let mut bytes = Vec::new();
        f.take(self.max_bytes + 1).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > self.max_bytes {
            return Err(Error::Input(vec![Problem::new(
                Code::LimitExceeded,
                "",
                format!("the file is larger than {} bytes", self.max_bytes),
                format!("berkas lebih besar dari {} byte", self.max_bytes),
            )]));
        }
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::Input(vec![Problem::new(
                Code::UnsupportedEncoding,
                "",
                "the file is not UTF-8 text",
                "berkas bukan teks UTF-8",
            )])
        })?;
        Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
    }
}

/// A failure to read a file as an error of the family `family` makes
/// (policy, rule set); a problem without a place is placed at `field`.
fn file_error(e: Error, field: &str, family: fn(Vec<Problem>) -> Error) -> Error {
    match e {
        Error::Input(ps) => family(
            ps.into_iter()
                .map(|mut p| {
                    if p.path.is_empty() {
                        p.path = field.to_string();
                    }
                    p
                })
                .collect(),
        ),
        other => other,
    }
}

/// The scoring policy a source names ([`DEFAULT_POLICY`] when none), checked.
pub fn policy(src: Option<&Source>, files: &dyn Files) -> Result<Policy, Error> {
    let p = match src {
        None => return Policy::preset(DEFAULT_POLICY),
        Some(Source::Builtin(name)) => return Policy::preset(name.trim()),
        Some(Source::File(path)) => {
            let text = files.read(path).map_err(|e| file_error(e, "policy", Error::Policy))?;
            // (a `.json` file is JSON; anything else TOML or JSON, by its first character)
            if path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json")) {
                Policy::from_json_str(&text)?
            } else {
                Policy::from_str_any(&text)?
            }
        }
        Some(Source::Text(text)) => Policy::from_str_any(text)?,
        Some(Source::Inline(v)) => crate::read::read(v).map_err(|e| {
            let path = if e.path.is_empty() { e.path } else { format!("policy.{}", e.path) };
            Error::Policy(vec![crate::error::problem_from_serde(path, &e.error.to_string())])
        })?,
    };
    let problems = p.check();
    if problems.is_empty() {
        Ok(p)
    } else {
        Err(Error::Policy(problems))
    }
}

/// The merit rule set a source names, checked (field names, types, values, the protected-attribute guard).
pub fn rule_set(src: &Source, files: &dyn Files) -> Result<RuleSet, Error> {
    match src {
        Source::Builtin(name) => crate::rules::builtin(name.trim()),
        Source::File(path) => {
            let text = files.read(path).map_err(|e| file_error(e, "rules", Error::RuleSet))?;
            crate::rules::parse_rule_set(&text)
        }
        Source::Text(text) => crate::rules::parse_rule_set(text),
        Source::Inline(v) => crate::rules::parse_rule_set_value(v, "rules"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_argument_is_a_name_or_a_path_by_its_spelling_alone() {
        for (arg, file) in [
            ("permenpanrb_3_2020", false),
            (" manado ", false),
            ("kebijakan", false),
            ("./kebijakan", true),
            ("dir/p.toml", true),
            ("p.TOML", true),
            ("p.json", true),
            ("C:\\p", true),
            ("p.toml ", true),
            (" ./p ", true),
        ] {
            assert_eq!(matches!(Source::from_arg(arg), Source::File(_)), file, "{arg}");
        }
    }

    #[test]
    fn the_wire_forms_round_trip() {
        for (text, want) in [
            (r#""manado""#, Source::Builtin("manado".into())),
            (r#"{"file": "p.toml"}"#, Source::File("p.toml".into())),
            (r#"{"text": "name = 'x'"}"#, Source::Text("name = 'x'".into())),
            (r#"{"name": "x"}"#, Source::Inline(serde_json::json!({"name": "x"}))),
        ] {
            let s: Source = serde_json::from_str(text).unwrap();
            assert_eq!(s, want);
            let back: Source = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
            assert_eq!(back, want);
        }
        assert!(serde_json::from_str::<Source>("3").is_err());
        assert!(serde_json::from_str::<Source>(r#"{"file": 3}"#).is_err());
    }

    #[test]
    fn every_source_of_a_preset_gives_the_same_policy() {
        let named = policy(Some(&Source::Builtin("manado".into())), &NoFiles).unwrap();
        let text = named.to_toml().unwrap();
        let dir = std::env::temp_dir().join(format!("meritkit-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("manado.toml");
        std::fs::write(&path, &text).unwrap();
        let inline = serde_json::to_value(&named).unwrap();
        for src in [Source::Text(text), Source::File(path.clone()), Source::Inline(inline)] {
            let files = LocalFiles::default();
            assert_eq!(policy(Some(&src), &files).unwrap().fingerprint(), named.fingerprint(), "{src:?}");
        }
        // the JSON API reads no file; a missing one is named without its path
        let e = policy(Some(&Source::File(path.clone())), &NoFiles).unwrap_err();
        assert_eq!((e.problems()[0].code, e.problems()[0].path.as_str()), (Code::InvalidRequest, "policy"));
        assert_eq!(e.kind(), "policy_error");
        let _ = std::fs::remove_dir_all(&dir);
        let e = policy(Some(&Source::File(path.clone())), &LocalFiles::default()).unwrap_err();
        assert_eq!(e.problems()[0].code, Code::InvalidInput);
        assert!(!format!("{e:?}").contains("manado.toml"));
        assert_eq!(policy(None, &NoFiles).unwrap().name, DEFAULT_POLICY);
    }
}
