//! Text as the engine reads a value: `str::trim` (Unicode white space on both
//! sides), with a shortcut for the common case of none, which most NIPs,
//! units and cells are (`str::trim` decodes a character at each end first).

/// `s.trim()`: the same slice, found without decoding when `s` starts and ends
/// with a visible ASCII character (every white space `str::trim` removes is
/// either ASCII at or below a space or outside ASCII).
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b)) if a > b' ' && a < 0x80 && b > b' ' && b < 0x80 => s,
        _ => s.trim(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The shortcut is `str::trim` on any text: ASCII, controls, every Unicode white space, others.
        #[test]
        fn is_str_trim(s in "[ a-z0-9\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f\\u{85}\\u{a0}\\u{1680}\\u{2000}-\\u{200d}\\u{2028}\\u{2029}\\u{202f}\\u{205f}\\u{3000}\\u{feff}\\x7f-\\u{9f}é]{0,12}") {
            prop_assert_eq!(super::trim(&s), s.trim());
        }
    }

    #[test]
    fn keeps_visible_ends_and_trims_the_rest() {
        for s in ["199001012015011001", "a", "Dinas Kesehatan", " x", "x ", "\u{a0}x", "x\u{3000}", "\t\n", "", "~"] {
            assert_eq!(super::trim(s), s.trim(), "{s:?}");
        }
    }
}
