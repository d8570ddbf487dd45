//! What a fire came to, written for a person in a terminal: the verdict in the page's words,
//! the platform's reading of the answer, then the status, every header and the body as text
//! (a hex dump for a body that is not text).

use std::fmt::Write as _;

use postback_core::{Delivery, Judged};

/// The verdict and the answer of one fire that took `elapsed_ms`.
pub fn answer_text(delivery: &Delivery, judged: &Judged, elapsed_ms: u32) -> String {
    let verdict = &judged.verdict;
    let mut text = format!("{}\n", verdict.headline);
    // The platform's own word comes first: a 200 that says "ERROR" is a refusal.
    if let Some(reading) = &judged.reading {
        let _ = writeln!(text, "The platform's answer: {}", reading.describe());
    }
    let _ = writeln!(text, "{}", verdict.detail);
    if !verdict.technical.is_empty() {
        let _ = writeln!(
            text,
            "Details for the technical team: {}",
            verdict.technical
        );
    }
    if let Some(judgement) = &judged.judgement {
        let _ = writeln!(text, "{}", judgement.text());
    }
    if let Delivery::Read {
        status,
        status_text,
        body,
        headers,
        final_url,
    } = delivery
    {
        let _ = writeln!(
            text,
            "\n{} · {elapsed_ms} ms",
            format!("HTTP {status} {status_text}").trim_end()
        );
        if let Some(url) = final_url {
            let _ = writeln!(text, "Redirected to {url}");
        }
        for (name, value) in headers {
            let _ = writeln!(text, "{name}: {value}");
        }
        match body {
            None => text.push_str("\nThe body broke off while it was arriving.\n"),
            Some(body) if body.total_bytes == 0 => text.push_str("\n(no body)\n"),
            Some(body) => {
                text.push('\n');
                match &body.hex {
                    Some(hex) => {
                        let _ = writeln!(text, "The body is not text; its first bytes:\n{hex}");
                    }
                    None => {
                        text.push_str(&body.text);
                        if !body.text.ends_with('\n') {
                            text.push('\n');
                        }
                    }
                }
                if body.truncated {
                    let _ = writeln!(
                        text,
                        "(only the first {} KiB of {} shown)",
                        postback_core::BODY_DISPLAY_CAP / 1024,
                        if body.size_known {
                            format!("{} bytes", body.total_bytes)
                        } else {
                            "a body of unknown size".to_owned()
                        }
                    );
                }
            }
        }
    }
    text
}
