//! Encoding rules, as named constants, so each place that encodes says which rule it uses: URL
//! parts as [`AsciiSet`]s, and the rules that keep text inert in a Markdown report and in a
//! spreadsheet opened from a CSV export.

use std::borrow::Cow;

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

/// The rule for a value in an `application/x-www-form-urlencoded` body: the same as
/// [`COMPONENT`], so `+` is sent as `%2B` and a space as `%20`, which every form decoder reads
/// back exactly.
pub const FORM_VALUE: &AsciiSet = COMPONENT;

/// Percent-encodes `value` once for a URL with the [`COMPONENT`] rule.
///
/// ```
/// use postback_core::url_component;
///
/// assert_eq!(url_component("a&b=c #1+é"), "a%26b%3Dc%20%231%2B%C3%A9");
/// assert_eq!(url_component("safe-._~"), "safe-._~");
/// ```
pub fn url_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Percent-encodes `value` once for a form body with the [`FORM_VALUE`] rule.
///
/// ```
/// assert_eq!(postback_core::form_value("1 + 1"), "1%20%2B%201");
/// ```
pub fn form_value(value: &str) -> String {
    utf8_percent_encode(value, FORM_VALUE).to_string()
}

/// Percent-decodes `raw` once, as a receiver reads a query value; bytes that are not UTF-8
/// after decoding become `�`. A `+` stays a `+`.
///
/// ```
/// use postback_core::decode_lossy;
///
/// assert_eq!(decode_lossy("a%26b+c%ff"), "a&b+c\u{fffd}");
/// ```
pub fn decode_lossy(raw: &str) -> String {
    if !raw.contains('%') {
        return raw.to_owned();
    }
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

/// Escapes `value` for the inside of a JSON string (no quotes added): `"`, `\` and control
/// characters are escaped, everything else is kept, and nothing is percent-encoded.
///
/// ```
/// use postback_core::json_string_content;
///
/// assert_eq!(json_string_content("a\"b\\c\n%20"), "a\\\"b\\\\c\\n%20");
/// ```
pub fn json_string_content(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned()
}

/// What opens a formula when it starts a spreadsheet cell (`=SUM(…)`, `+cmd`, `-2+3`, `@SUM`),
/// and the tab and carriage return that some spreadsheets skip before one.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Characters that make markup or HTML in Markdown text (emphasis, code, links and images
/// through their brackets, tables, headings, raw HTML, entities), escaped with a backslash
/// outside code blocks.
pub const MARKDOWN_MARKUP: [char; 12] =
    ['\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '#'];

/// `text` as a CSV cell a spreadsheet shows as text: a `'` in front when it would open a
/// formula ([`FORMULA_STARTS`]). The JSON export keeps exact values.
///
/// ```
/// use postback_core::spreadsheet_cell;
///
/// assert_eq!(spreadsheet_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(spreadsheet_cell("-1"), "'-1");
/// assert_eq!(spreadsheet_cell("12.50"), "12.50");
/// ```
pub fn spreadsheet_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` as literal inline Markdown: [`MARKDOWN_MARKUP`] escaped with a backslash, and line
/// breaks and other control characters as spaces, so a receiver's words stay words.
///
/// ```
/// use postback_core::markdown_text;
///
/// assert_eq!(markdown_text("OK <img src=x onerror=alert(1)>"), "OK \\<img src=x onerror=alert(1)\\>");
/// assert_eq!(markdown_text("[click](javascript:x)"), "\\[click\\](javascript:x)");
/// assert_eq!(markdown_text("line\n## two"), "line \\#\\# two");
/// ```
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push(' ');
        } else {
            if MARKDOWN_MARKUP.contains(&c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
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
            let encoded = url_component(c);
            assert!(encoded.starts_with('%'), "{c:?} stayed {encoded:?}");
        }
    }

    #[test]
    fn json_escaping_round_trips_through_a_json_parser() {
        for value in [
            "plain",
            "quote \" back \\ slash",
            "line\nbreak\ttab",
            "é 😀 %41",
            "\u{1}",
        ] {
            let json = format!("\"{}\"", json_string_content(value));
            let back: Result<String, _> = serde_json::from_str(&json);
            assert_eq!(back.ok().as_deref(), Some(value), "{json}");
        }
    }

    proptest! {
        #[test]
        fn decoding_once_gives_back_the_exact_value(value in any::<String>()) {
            let encoded = url_component(&value);
            let decoded = percent_decode_str(&encoded).decode_utf8().map(|d| d.into_owned());
            prop_assert_eq!(decoded.ok(), Some(value));
        }

        #[test]
        fn the_encoded_form_is_plain_ascii_without_reserved_characters(value in any::<String>()) {
            let encoded = url_component(&value);
            prop_assert!(encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        }
    }
}
