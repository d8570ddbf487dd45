//! Splits a text into pieces by marked spans, for showing macros and findings in place.

use postback_core::Span;

/// One run of text and the marks that cover it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// The classes of every mark covering it, in mark order.
    pub classes: Vec<&'static str>,
}

/// `text` cut at every mark boundary. Marks that do not fall on character boundaries, or
/// are empty, are ignored.
pub fn pieces(text: &str, marks: &[(Span, &'static str)]) -> Vec<Piece> {
    let marks: Vec<&(Span, &str)> = marks
        .iter()
        .filter(|(span, _)| !span.is_empty() && span.slice(text).is_some())
        .collect();
    let mut cuts: Vec<usize> = marks
        .iter()
        .flat_map(|(span, _)| [span.start, span.end])
        .chain([0, text.len()])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|pair| {
            let (&start, &end) = (pair.first()?, pair.get(1)?);
            let piece = text.get(start..end)?;
            let classes = marks
                .iter()
                .filter(|(span, _)| span.start <= start && end <= span.end)
                .map(|(_, class)| *class)
                .collect();
            Some(Piece {
                text: piece.to_owned(),
                classes,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, marks: &[(Span, &'static str)]) -> Vec<(String, String)> {
        pieces(text, marks)
            .into_iter()
            .map(|p| (p.text, p.classes.join(" ")))
            .collect()
    }

    #[test]
    fn overlapping_marks_cut_the_text_into_runs_with_every_covering_class() {
        let got = shown(
            "a={x}&b=1",
            &[(Span::new(2, 5), "macro"), (Span::new(0, 3), "error")],
        );
        let want = [
            ("a=", "error"),
            ("{", "macro error"),
            ("x}", "macro"),
            ("&b=1", ""),
        ];
        assert_eq!(
            got,
            want.map(|(t, c)| (t.to_owned(), c.to_owned())).to_vec()
        );
    }

    #[test]
    fn empty_and_out_of_range_marks_are_ignored() {
        let got = shown(
            "é",
            &[
                (Span::new(0, 1), "bad"),
                (Span::new(1, 1), "empty"),
                (Span::new(0, 9), "far"),
            ],
        );
        assert_eq!(got, vec![("é".to_owned(), String::new())]);
        assert!(pieces("", &[]).is_empty());
    }
}
