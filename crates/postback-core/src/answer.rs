//! Reading a receiver's answer: a 200 is not a recorded conversion. For the bodies platforms
//! document (TUNE, ExoClick, Everflow, Affise, Offer18, Trackier) this says accepted or
//! rejected with the reason; otherwise only what the status proves.

use serde::Serialize;

use crate::preset::Answers;

/// What an answer says about the conversion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Reading {
    /// The platform says it accepted the conversion.
    Accepted,
    /// The platform says it rejected the conversion, and why.
    Rejected(String),
    /// The body says nothing the platform documents.
    Unknown,
}

impl Reading {
    /// The reading in plain words for a response with `status`.
    ///
    /// ```
    /// use postback_core::answer::Reading;
    ///
    /// assert_eq!(Reading::Unknown.describe(200), "Accepted over HTTP; check the tracker's report to see whether the conversion was recorded.");
    /// assert_eq!(Reading::Rejected("Tag is invalid!".into()).describe(200), "Rejected: Tag is invalid!");
    /// ```
    pub fn describe(&self, status: u16) -> String {
        match self {
            Self::Accepted => {
                "Accepted: the platform's answer says the conversion was recorded.".to_owned()
            }
            Self::Rejected(reason) => format!("Rejected: {reason}"),
            Self::Unknown if (200..300).contains(&status) => {
                "Accepted over HTTP; check the tracker's report to see whether the conversion was \
                 recorded."
                    .to_owned()
            }
            Self::Unknown => format!(
                "Not accepted: HTTP {status}. The body above says why, if the receiver said."
            ),
        }
    }
}

/// Everflow's documented rejection codes.
const EVERFLOW_CODES: [(u32, &str); 13] = [
    (1, "throttled"),
    (2, "domain not whitelisted"),
    (3, "IP not whitelisted"),
    (4, "cap reached"),
    (5, "outside the lookback window"),
    (6, "the offer accepts HTTPS only"),
    (7, "wrong protocol"),
    (8, "duplicate conversion"),
    (12, "invalid transaction ID"),
    (13, "click not found"),
    (20, "outside the lookback window"),
    (21, "invalid verification token"),
    (25, "event not in the offer"),
];

/// Phrases that mean a rejection, per platform.
const AFFISE: [&str; 4] = [
    "Access denied",
    "IP-address is denied",
    "Broken clickid",
    "Missing mandatory parameter",
];
const OFFER18: [&str; 6] = [
    "invalid transaction",
    "auth_token mismatch",
    "Multi Conversion",
    "click expiry",
    "event not found",
    "IP not in Whitelist",
];
const TRACKIER: [&str; 7] = [
    "NO_SESSION_ID",
    "NO_CLICK_FOR_SESSION",
    "DUPLICATE_CLICK_ID",
    "INVALID_CLICK_ID",
    "INVALID_CAMPAIGN_ID",
    "INVALID_GOAL_VALUE",
    "ORDER_DATE_IN_PAST",
];

fn first_phrase(body: &str, phrases: &[&str]) -> Option<String> {
    let lower = body.to_lowercase();
    phrases
        .iter()
        .find(|p| lower.contains(&p.to_lowercase()))
        .map(|p| (*p).to_owned())
}

/// What `body` says under the platform's documented `answers`.
///
/// ```
/// use postback_core::{answer::{read, Reading}, preset::Answers};
///
/// assert_eq!(read(Answers::Tune, "success=true;"), Reading::Accepted);
/// assert_eq!(read(Answers::Tune, "success=false; err_msg=Invalid Trans. ID #12;"), Reading::Rejected("Invalid Trans. ID #12".into()));
/// assert_eq!(read(Answers::ExoClick, "ERROR: Secret key is invalid."), Reading::Rejected("Secret key is invalid.".into()));
/// assert_eq!(read(Answers::Undocumented, "OK"), Reading::Unknown);
/// ```
pub fn read(answers: Answers, body: &str) -> Reading {
    let trimmed = body.trim();
    match answers {
        Answers::Tune => {
            let lower = trimmed.to_lowercase();
            if lower.contains("success=true") {
                Reading::Accepted
            } else if lower.contains("success=false") {
                let reason = trimmed
                    .split(';')
                    .find_map(|part| part.trim().strip_prefix("err_msg="))
                    .unwrap_or("success=false")
                    .trim()
                    .to_owned();
                Reading::Rejected(reason)
            } else {
                Reading::Unknown
            }
        }
        Answers::ExoClick => {
            if trimmed == "OK" {
                Reading::Accepted
            } else if let Some(reason) = trimmed.strip_prefix("ERROR:") {
                Reading::Rejected(reason.trim().to_owned())
            } else {
                Reading::Unknown
            }
        }
        Answers::EverflowCodes => {
            let code = trimmed
                .split(|c: char| !c.is_ascii_digit())
                .find(|part| !part.is_empty())
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|_| {
                    trimmed.to_lowercase().contains("code")
                        || trimmed.chars().all(|c| c.is_ascii_digit())
                });
            match code.and_then(|c| EVERFLOW_CODES.iter().find(|(n, _)| *n == c)) {
                Some((n, meaning)) => Reading::Rejected(format!("code {n}: {meaning}")),
                None => Reading::Unknown,
            }
        }
        Answers::Affise => {
            first_phrase(trimmed, &AFFISE).map_or(Reading::Unknown, Reading::Rejected)
        }
        Answers::Offer18 => {
            first_phrase(trimmed, &OFFER18).map_or(Reading::Unknown, Reading::Rejected)
        }
        Answers::Trackier => {
            first_phrase(trimmed, &TRACKIER).map_or(Reading::Unknown, Reading::Rejected)
        }
        Answers::KeitaroReturn | Answers::Undocumented => Reading::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_bodies_read_as_accepted_or_rejected_with_the_reason() {
        let rejected = |r: &str| Reading::Rejected(r.to_owned());
        let cases = [
            (Answers::Tune, "success=true;", Reading::Accepted),
            (
                Answers::Tune,
                "success=false; err_msg=Duplicate conversion;",
                rejected("Duplicate conversion"),
            ),
            (Answers::Tune, "<html>hi</html>", Reading::Unknown),
            (Answers::ExoClick, "OK\n", Reading::Accepted),
            (
                Answers::ExoClick,
                "ERROR: This conversion has already been notified and saved.",
                rejected("This conversion has already been notified and saved."),
            ),
            (
                Answers::EverflowCodes,
                "8",
                rejected("code 8: duplicate conversion"),
            ),
            (
                Answers::EverflowCodes,
                "{\"error_code\": 21}",
                rejected("code 21: invalid verification token"),
            ),
            (Answers::EverflowCodes, "order 12 saved", Reading::Unknown),
            (
                Answers::Affise,
                "Broken clickid",
                rejected("Broken clickid"),
            ),
            (
                Answers::Offer18,
                "Error: auth_token mismatch",
                rejected("auth_token mismatch"),
            ),
            (
                Answers::Trackier,
                "{\"message\":\"DUPLICATE_CLICK_ID\"}",
                rejected("DUPLICATE_CLICK_ID"),
            ),
            (Answers::KeitaroReturn, "OK", Reading::Unknown),
        ];
        for (answers, body, want) in cases {
            assert_eq!(read(answers, body), want, "{answers:?} {body:?}");
        }
    }

    #[test]
    fn an_unknown_body_says_only_what_the_status_proves() {
        assert!(Reading::Unknown
            .describe(204)
            .starts_with("Accepted over HTTP"));
        assert!(Reading::Unknown
            .describe(500)
            .starts_with("Not accepted: HTTP 500"));
    }
}
