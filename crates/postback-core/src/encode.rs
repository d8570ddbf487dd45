//! Encoding rules, as named [`AsciiSet`]s, so each place that encodes says which rule it uses.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters (`A–Z a–z 0–9 - . _ ~`) is encoded.
///
/// This is the rule for a value substituted into a query value, a query key, a path segment or
/// a fragment: whatever the value holds (`&`, `=`, `#`, `+`, `%`, `/`, spaces, non-ASCII), it
/// arrives at the receiver byte-exact after one decoding, and `+` can never be read as a space.
pub const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` once with the [`COMPONENT`] rule.
///
/// ```
/// use postback_core::encode::component;
///
/// assert_eq!(component("a&b=c #1+é"), "a%26b%3Dc%20%231%2B%C3%A9");
/// assert_eq!(component("safe-._~"), "safe-._~");
/// ```
pub fn component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::percent_decode_str;
    use proptest::prelude::*;

    #[test]
    fn every_reserved_character_is_encoded() {
        for c in [
            "&", "=", "#", "+", "%", " ", "?", "/", ":", "@", "{", "}", "[", "]", "!", "$", "'",
            "(", ")", "*", ",", ";",
        ] {
            let encoded = component(c);
            assert!(encoded.starts_with('%'), "{c:?} stayed {encoded:?}");
        }
    }

    proptest! {
        #[test]
        fn decoding_once_gives_back_the_exact_value(value in any::<String>()) {
            let encoded = component(&value);
            let decoded = percent_decode_str(&encoded).decode_utf8().map(|d| d.into_owned());
            prop_assert_eq!(decoded.ok(), Some(value));
        }

        #[test]
        fn the_encoded_form_is_plain_ascii_without_reserved_characters(value in any::<String>()) {
            let encoded = component(&value);
            prop_assert!(encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        }
    }
}
