//! Reading a receiver's answer: a 200 is not a recorded conversion. For the bodies platforms
//! document (TUNE, ExoClick, Everflow, Affise, Offer18, Trackier) this says accepted or
//! rejected with the reason; otherwise only what the status proves.

use serde::Serialize;

use crate::Answers;

/// What an answer says about the conversion: the platform's documented word when the body
/// carries it, otherwise only what the status proves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Reading {
    /// The platform says it accepted the conversion.
    Accepted,
    /// The platform says it rejected the conversion, and why.
    Rejected(String),
    /// The body says nothing the platform documents, and the status is a success (2xx): the
    /// request arrived, which is not proof that a conversion was recorded.
    SuccessStatus(u16),
    /// The body says nothing the platform documents, and the status is not a success.
    ErrorStatus(u16),
}

impl Reading {
    /// The reading in plain words.
    ///
    /// ```
    /// use postback_core::Reading;
    ///
    /// assert_eq!(Reading::SuccessStatus(200).describe(), "Answered with success; check the tracker's report to see whether the conversion was recorded.");
    /// assert_eq!(Reading::Rejected("Tag is invalid!".into()).describe(), "Rejected: Tag is invalid!");
    /// ```
    pub fn describe(&self) -> String {
        match self {
            Self::Accepted => {
                "Accepted: the platform's answer says the conversion was recorded.".to_owned()
            }
            Self::Rejected(reason) => format!("Rejected: {reason}"),
            Self::SuccessStatus(_) => {
                "Answered with success; check the tracker's report to see whether the conversion \
                 was recorded."
                    .to_owned()
            }
            Self::ErrorStatus(status) => format!(
                "Not accepted: HTTP {status}. The body below says why, if the receiver said."
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

/// What an answer with `status` and `body` says under the platform's documented `answers`.
/// A documented body decides; otherwise the status says only whether the request arrived.
///
/// ```
/// use postback_core::{read_answer, Answers, Reading};
///
/// assert_eq!(read_answer(Answers::Tune, 200, "success=true;"), Reading::Accepted);
/// assert_eq!(read_answer(Answers::Tune, 200, "success=false; err_msg=Invalid Trans. ID #12;"), Reading::Rejected("Invalid Trans. ID #12".into()));
/// assert_eq!(read_answer(Answers::ExoClick, 200, "ERROR: Secret key is invalid."), Reading::Rejected("Secret key is invalid.".into()));
/// assert_eq!(read_answer(Answers::Undocumented, 200, "OK"), Reading::SuccessStatus(200));
/// assert_eq!(read_answer(Answers::Undocumented, 404, "no"), Reading::ErrorStatus(404));
/// ```
pub fn read_answer(answers: Answers, status: u16, body: &str) -> Reading {
    match documented(answers, body) {
        Documented::Accepted => Reading::Accepted,
        Documented::Rejected(reason) => Reading::Rejected(reason),
        Documented::Unknown if (200..300).contains(&status) => Reading::SuccessStatus(status),
        Documented::Unknown => Reading::ErrorStatus(status),
    }
}

/// What a body says in a platform's documented words, before the status is looked at.
#[derive(Debug, PartialEq, Eq)]
enum Documented {
    Accepted,
    Rejected(String),
    Unknown,
}

fn documented(answers: Answers, body: &str) -> Documented {
    use Documented::{Accepted, Rejected, Unknown};
    let trimmed = body.trim();
    match answers {
        Answers::Tune => {
            let lower = trimmed.to_lowercase();
            if lower.contains("success=true") {
                Accepted
            } else if lower.contains("success=false") {
                let reason = trimmed
                    .split(';')
                    .find_map(|part| part.trim().strip_prefix("err_msg="))
                    .unwrap_or("success=false")
                    .trim()
                    .to_owned();
                Rejected(reason)
            } else {
                Unknown
            }
        }
        Answers::ExoClick => {
            if trimmed == "OK" {
                Accepted
            } else if let Some(reason) = trimmed.strip_prefix("ERROR:") {
                Rejected(reason.trim().to_owned())
            } else {
                Unknown
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
                Some((n, meaning)) => Rejected(format!("code {n}: {meaning}")),
                None => Unknown,
            }
        }
        Answers::Affise => first_phrase(trimmed, &AFFISE).map_or(Unknown, Rejected),
        Answers::Offer18 => first_phrase(trimmed, &OFFER18).map_or(Unknown, Rejected),
        Answers::Trackier => first_phrase(trimmed, &TRACKIER).map_or(Unknown, Rejected),
        Answers::KeitaroReturn | Answers::Undocumented => Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_bodies_read_as_accepted_or_rejected_with_the_reason() {
        let rejected = |r: &str| Documented::Rejected(r.to_owned());
        let cases = [
            (Answers::Tune, "success=true;", Documented::Accepted),
            (
                Answers::Tune,
                "success=false; err_msg=Duplicate conversion;",
                rejected("Duplicate conversion"),
            ),
            (Answers::Tune, "<html>hi</html>", Documented::Unknown),
            (Answers::ExoClick, "OK\n", Documented::Accepted),
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
            (
                Answers::EverflowCodes,
                "order 12 saved",
                Documented::Unknown,
            ),
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
            (Answers::KeitaroReturn, "OK", Documented::Unknown),
        ];
        for (answers, body, want) in cases {
            assert_eq!(documented(answers, body), want, "{answers:?} {body:?}");
        }
    }

    #[test]
    fn an_undocumented_body_says_only_what_the_status_proves() {
        let cases = [
            (Answers::Undocumented, 204, "", Reading::SuccessStatus(204)),
            (
                Answers::Undocumented,
                500,
                "oops",
                Reading::ErrorStatus(500),
            ),
            (Answers::Tune, 302, "<html>", Reading::ErrorStatus(302)),
            // A documented word decides whatever the status.
            (Answers::Tune, 500, "success=true", Reading::Accepted),
            (
                Answers::ExoClick,
                200,
                "ERROR: x",
                Reading::Rejected("x".into()),
            ),
        ];
        for (answers, status, body, want) in cases {
            assert_eq!(read_answer(answers, status, body), want, "{body:?}");
        }
        assert!(Reading::SuccessStatus(204)
            .describe()
            .starts_with("Answered with success"));
        assert!(Reading::ErrorStatus(500)
            .describe()
            .starts_with("Not accepted: HTTP 500"));
    }
}
