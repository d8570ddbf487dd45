//! Byte spans into a user's text, so the UI can underline exactly what a message is about.

use serde::{Deserialize, Serialize};

/// A half-open range of byte offsets `start..end` into the text a user typed or pasted.
///
/// ```
/// use postback_core::Span;
///
/// let span = Span::new(4, 9);
/// assert_eq!(span.len(), 5);
/// assert_eq!(span.slice("abc {cid} def"), Some("{cid}"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted range is normalised to an empty one at `start`.
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    /// The number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The covered text, or `None` when the span does not fall on character boundaries of `text`.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    /// The span as UTF-16 offsets into `text`, as browser text fields count them.
    ///
    /// ```
    /// use postback_core::Span;
    ///
    /// assert_eq!(Span::new(3, 7).utf16(" é {x}"), Some((2, 6)));
    /// assert_eq!(Span::new(0, 4).utf16("😀"), Some((0, 2)));
    /// assert_eq!(Span::new(0, 1).utf16("é"), None);
    /// ```
    pub fn utf16(&self, text: &str) -> Option<(u32, u32)> {
        let units = |end: usize| {
            text.get(..end)
                .map(|t| t.encode_utf16().count())
                .and_then(|n| u32::try_from(n).ok())
        };
        Some((units(self.start)?, units(self.end)?))
    }
}

/// Cuts `text` to at most `max_bytes`, at a character boundary; whether anything was cut.
pub(crate) fn cut_at_char(text: &mut String, max_bytes: usize) -> bool {
    if text.len() <= max_bytes {
        return false;
    }
    let mut end = max_bytes;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inverted_range_becomes_an_empty_span() {
        let span = Span::new(5, 2);
        assert!(span.is_empty());
        assert_eq!(span.start, 5);
    }

    #[test]
    fn text_is_cut_at_a_character_boundary() {
        let cases = [
            ("abc", 2, "ab", true),
            ("aé", 2, "a", true),
            ("aé", 3, "aé", false),
            ("😀", 3, "", true),
        ];
        for (text, max, want, cut) in cases {
            let mut owned = text.to_owned();
            assert_eq!(cut_at_char(&mut owned, max), cut, "{text}");
            assert_eq!(owned, want, "{text}");
        }
    }

    #[test]
    fn slicing_outside_the_text_gives_none_instead_of_panicking() {
        assert_eq!(Span::new(2, 40).slice("short"), None);
        assert_eq!(Span::new(0, 1).slice("é"), None);
    }
}
