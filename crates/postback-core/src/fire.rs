//! A fire end to end, as pure steps that every way of firing shares (the Fire button, a
//! scenario step, the partner's button, and later test plans and the command line):
//!
//! 1. [`prepare`]: the draft, how it is signed, and a step's [`Change`] become the request one
//!    press sends, with fresh IDs and the signature made for that moment.
//! 2. [`blocked_before_sending`]: whether the browser would refuse it, so nothing is tried.
//! 3. [`settle`]: what the browser's fetch reported, read in the light of the check before
//!    sending (a failed fetch that needed a preflight was never sent).
//! 4. [`judge`]: what the answer means: the verdict in plain words, the platform's reading of
//!    the body, the step's expectation, and the outcome the history files it under.
//!
//! Only the fetch itself, the clock and the random IDs come from outside.

use crate::{
    read_answer, Answers, Change, Classification, Delivery, Draft, Expect, FireRequest, Judgement,
    Method, Reading, RequestError, RunOutcome, ScenarioError, Secrets, SignContext, SignError,
    Signing, Verdict,
};

/// How the browser is asked to fetch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FetchMode {
    /// Read the answer when the receiver allows it (CORS).
    #[default]
    Read,
    /// Send without reading the answer (`no-cors`): for receivers without CORS headers.
    NoCors,
}

/// Why nothing could be fired. Nothing was sent in any case.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FireError {
    /// The postback cannot be built into a request.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// The signature or token could not be added.
    #[error(transparent)]
    Signing(#[from] SignError),
    /// A scenario step's change cannot be made to this postback.
    #[error(transparent)]
    Step(#[from] ScenarioError),
    /// `no-cors` allows only GET, HEAD and POST.
    #[error("{0} cannot be sent without reading the answer")]
    NoCorsMethod(&'static str),
}

impl FireError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Request(e) => e.hint(),
            Self::Signing(e) => e.hint(),
            Self::Step(e) => e.hint(),
            Self::NoCorsMethod(_) => "Use GET or POST, or press Fire to read the answer.",
        }
    }
}

/// What a fresh ID is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FreshId {
    /// A new transaction ID, for a step that asks for one.
    Transaction,
    /// The message ID of a Standard Webhooks signature.
    Message,
}

/// The moment of a press: the clock, and a source of fresh IDs. A caller that showed an ID
/// before the press gives that same ID back for it, so what was shown is what is sent.
pub struct Moment<'a> {
    /// Milliseconds since the Unix epoch.
    pub now_ms: u64,
    /// Makes a new unique ID for what it is asked for.
    pub fresh_id: &'a mut dyn FnMut(FreshId) -> String,
}

/// A request ready to hand to the browser, with what it was made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The draft as fired, a step's new values included.
    pub draft: Draft,
    /// The request exactly as it is sent.
    pub request: FireRequest,
    /// What to hide when the fire is kept or shared.
    pub secrets: Secrets,
    /// How the browser is asked to fetch it.
    pub mode: FetchMode,
}

impl Prepared {
    /// The transaction ID it sends: the value of its transaction-ID macro, when it has one.
    ///
    /// ```
    /// use postback_core::{prepare, Change, Draft, FetchMode, Moment, Signing};
    ///
    /// let draft = Draft { url: "https://t.example/pb?cid=c&txid={txid}".into(), ..Draft::default() };
    /// let mut moment = Moment { now_ms: 0, fresh_id: &mut |_| "N-1".to_owned() };
    /// let fired = prepare(&draft, &Signing::Off, Change::FreshTransactionId, FetchMode::Read, &mut moment)?;
    /// assert_eq!(fired.transaction_id(), Some("N-1"));
    /// # Ok::<(), postback_core::FireError>(())
    /// ```
    pub fn transaction_id(&self) -> Option<&str> {
        let name = self
            .draft
            .build()
            .fields
            .into_iter()
            .find(|f| f.generator == Some(crate::Generator::TransactionId))?
            .name;
        self.draft.values.get(&name).filter(|v| !v.is_empty())
    }
}

/// The request one press sends: `draft` with `change` made, built, signed with `signing` at
/// `moment`, and checked for `mode`.
///
/// A negative step's change is made after signing, so a wrong token stays wrong.
///
/// # Errors
///
/// [`FireError`] when the draft cannot be built into a request, the signing is incomplete,
/// the step's change has nothing to change, or the method cannot be sent in `mode`.
///
/// ```
/// use postback_core::{prepare, Change, Draft, FetchMode, Moment, Signing, Values};
///
/// let draft = Draft {
///     url: "https://t.example/pb?cid={cid}&txid={txid}".into(),
///     values: Values::from_pairs([("cid", "c1"), ("txid", "T-1")]),
///     ..Draft::default()
/// };
/// let mut moment = Moment { now_ms: 1_700_000_000_000, fresh_id: &mut |_| "N-1".to_owned() };
/// let fresh = prepare(&draft, &Signing::Off, Change::FreshTransactionId, FetchMode::Read, &mut moment)?;
/// assert_eq!(fresh.request.url(), "https://t.example/pb?cid=c1&txid=N-1");
/// assert_eq!(fresh.draft.values.get("txid"), Some("N-1"));
/// # Ok::<(), postback_core::FireError>(())
/// ```
pub fn prepare(
    draft: &Draft,
    signing: &Signing,
    change: Change,
    mode: FetchMode,
    moment: &mut Moment<'_>,
) -> Result<Prepared, FireError> {
    let built = draft.build();
    let fired = change.to_draft(draft, &built, &mut || {
        (moment.fresh_id)(FreshId::Transaction)
    })?;
    let request = if fired == *draft {
        built.request(&fired)?
    } else {
        fired.build().request(&fired)?
    };
    let request = if *signing == Signing::Off {
        request
    } else {
        let context = SignContext {
            timestamp: moment.now_ms / 1000,
            id: format!("msg_{}", (moment.fresh_id)(FreshId::Message)),
        };
        signing.apply(request, &context)?
    };
    let request = change.to_request(&fired, request)?;
    let request = match mode {
        FetchMode::Read => request,
        FetchMode::NoCors if !matches!(request.method(), Method::Get | Method::Post) => {
            return Err(FireError::NoCorsMethod(request.method().as_str()));
        }
        // The browser sends no header a preflight would ask about: neither do we say so.
        FetchMode::NoCors => crate::classify::without_cors_headers(request),
    };
    Ok(Prepared {
        secrets: Secrets::of(&fired, signing),
        draft: fired,
        request,
        mode,
    })
}

/// What the browser does with a request it refuses to send: the delivery to report instead
/// of fetching, or `None` when the request may be handed to fetch.
///
/// ```
/// use postback_core::{blocked_before_sending, classify, Delivery, FireRequest};
///
/// let request = FireRequest::get("http://trk.example/pb")?;
/// let from_https = classify("https://owner.github.io", &request);
/// assert_eq!(blocked_before_sending(&from_https), Some(Delivery::Blocked));
/// assert_eq!(blocked_before_sending(&classify("http://127.0.0.1:8080", &request)), None);
/// # Ok::<(), postback_core::RequestError>(())
/// ```
pub fn blocked_before_sending(classification: &Classification) -> Option<Delivery> {
    classification.mixed_content.then_some(Delivery::Blocked)
}

/// What the browser's fetch reported (`fetched`), read in the light of `mode` and the check
/// before sending: a failed fetch is "nothing answered" in `no-cors` mode, where a hidden
/// answer cannot happen, and "the preflight failed" when the request needed one, since the
/// postback itself was then never sent.
///
/// ```
/// use postback_core::{classify, settle, Delivery, FetchMode, FireRequest, Method};
///
/// let simple = classify("https://owner.github.io", &FireRequest::get("https://t.example/pb")?);
/// assert_eq!(settle(FetchMode::Read, &simple, Delivery::Hidden), Delivery::Hidden);
/// assert_eq!(settle(FetchMode::NoCors, &simple, Delivery::Hidden), Delivery::Unreachable);
/// let signed = FireRequest::new(Method::Get, "https://t.example/pb", "X-Signature: 1", None)?;
/// let preflighted = classify("https://owner.github.io", &signed);
/// assert_eq!(settle(FetchMode::Read, &preflighted, Delivery::Hidden), Delivery::PreflightFailed);
/// # Ok::<(), postback_core::RequestError>(())
/// ```
pub fn settle(mode: FetchMode, classification: &Classification, fetched: Delivery) -> Delivery {
    match (mode, fetched) {
        (FetchMode::NoCors, Delivery::Hidden) => Delivery::Unreachable,
        (FetchMode::Read, Delivery::Hidden) if !classification.preflight.is_empty() => {
            Delivery::PreflightFailed
        }
        (_, delivery) => delivery,
    }
}

/// The request that tells "the receiver hides its answer" from "nothing answers there"
/// without sending the postback again: a `HEAD` of the root of `request`'s origin, to send
/// without reading the answer (`no-cors`), where an opaque answer means something answered.
///
/// ```
/// use postback_core::{address_check, FireRequest, Method};
///
/// let check = address_check(&FireRequest::get("https://trk.example:8443/pb?cid=1&txid=T")?)?;
/// assert_eq!((check.method(), check.url()), (Method::Head, "https://trk.example:8443/"));
/// # Ok::<(), postback_core::RequestError>(())
/// ```
///
/// # Errors
///
/// [`RequestError::NotAUrl`] when the request's URL has no origin to check.
pub fn address_check(request: &FireRequest) -> Result<FireRequest, RequestError> {
    let url = crate::parse_url(request.url()).map_err(|e| RequestError::NotAUrl {
        reason: e.to_string(),
    })?;
    let origin = url.origin();
    if !origin.is_tuple() {
        return Err(RequestError::NotAUrl {
            reason: "it has no host to check".to_owned(),
        });
    }
    FireRequest::new(
        Method::Head,
        &format!("{}/", origin.ascii_serialization()),
        "",
        None,
    )
}

/// What the address check's `delivery` (fetched without reading the answer) says about the
/// postback that got no readable answer.
///
/// ```
/// use postback_core::{address_check_verdict, Delivery, Tone};
///
/// let answers = address_check_verdict("https://trk.example", &Delivery::Opaque);
/// assert_eq!(answers.headline, "Something answers at https://trk.example, so the postback probably arrived");
/// let nothing = address_check_verdict("https://trk.example", &Delivery::Unreachable);
/// assert_eq!(nothing.headline, "Nothing answered at https://trk.example, or the browser refused the connection");
/// assert_eq!((answers.tone, nothing.tone), (Tone::Good, Tone::Warn));
/// ```
pub fn address_check_verdict(origin: &str, delivery: &Delivery) -> Verdict {
    match delivery {
        Delivery::Opaque | Delivery::Read { .. } => Verdict {
            tone: crate::Tone::Good,
            headline: format!("Something answers at {origin}, so the postback probably arrived"),
            detail: "The receiver is there; it does not let web pages read its answers. Check \
                     its report for the conversion before sending the postback again."
                .to_owned(),
            technical: String::new(),
        },
        Delivery::Hidden | Delivery::Unreachable | Delivery::BrokeOff { .. } => Verdict {
            tone: crate::Tone::Warn,
            headline: format!(
                "Nothing answered at {origin}, or the browser refused the connection"
            ),
            detail: "Check the domain and the port, whether the receiver is up, and whether a \
                     firewall, an ad blocker or the browser's permission for local addresses \
                     stops it."
                .to_owned(),
            technical: String::new(),
        },
        Delivery::TimedOut { after_secs } => Verdict {
            tone: crate::Tone::Warn,
            headline: format!("No answer from {origin} within {after_secs} s"),
            detail: "The receiver may be slow or unreachable: try the check again later."
                .to_owned(),
            technical: String::new(),
        },
        Delivery::Blocked | Delivery::PreflightFailed | Delivery::Cancelled => Verdict {
            tone: crate::Tone::Warn,
            headline: "The check could not tell".to_owned(),
            detail: "Look for the conversion in the receiver's report.".to_owned(),
            technical: String::new(),
        },
    }
}

/// What a delivery means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Judged {
    /// The verdict in plain words.
    pub verdict: Verdict,
    /// The platform's reading of the answer, when the browser showed one with a body.
    pub reading: Option<Reading>,
    /// How the answer compares with the step's expectation, when it had one.
    pub judgement: Option<Judgement>,
    /// The kind of outcome, for the history's filter.
    pub outcome: RunOutcome,
}

/// What `delivery` means for a postback to a platform that documents `answers`, against
/// `expect` when a step expected something; `first` is what the first step of its scenario
/// observed, for the duplicate test.
///
/// ```
/// use postback_core::{judge, Answers, BodyText, Delivery, Expect, Reading, RunOutcome};
///
/// let answer = Delivery::Read {
///     status: 200, status_text: "OK".into(), headers: vec![], final_url: None,
///     body: Some(BodyText::from_bytes(b"ERROR: Tag is invalid!", 1024)),
/// };
/// let judged = judge(&answer, Answers::ExoClick, Some(Expect::Accepted), None);
/// assert_eq!(judged.verdict.headline, "Answer read: HTTP 200 OK");
/// assert_eq!(judged.reading, Some(Reading::Rejected("Tag is invalid!".into())));
/// assert_eq!(judged.judgement.map(|j| j.as_str()), Some("missed"));
/// assert_eq!(judged.outcome, RunOutcome::Success);
/// ```
pub fn judge(
    delivery: &Delivery,
    answers: Answers,
    expect: Option<Expect>,
    first: Option<&Delivery>,
) -> Judged {
    let reading = match delivery {
        Delivery::Read {
            status,
            body: Some(body),
            ..
        } => Some(read_answer(answers, *status, &body.text)),
        _ => None,
    };
    Judged {
        verdict: delivery.verdict(),
        reading,
        judgement: expect.map(|e| e.judge(answers, delivery, first)),
        outcome: RunOutcome::of(delivery),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{classify, plan_scenario, BodyText, Scenario, Scheme, Values};

    fn draft(preset: Option<&str>, url: &str, values: &[(&str, &str)]) -> Draft {
        Draft {
            preset: preset.map(str::to_owned),
            url: url.to_owned(),
            values: Values::from_pairs(values.iter().copied()),
            ..Draft::default()
        }
    }

    /// Prepares with a fixed clock and IDs `id-1`, `id-2` … in order.
    fn prepared(
        draft: &Draft,
        signing: &Signing,
        change: Change,
        mode: FetchMode,
    ) -> Result<Prepared, FireError> {
        let mut n = 0;
        let mut fresh = |_| {
            n += 1;
            format!("id-{n}")
        };
        let mut moment = Moment {
            now_ms: 1_700_000_000_123,
            fresh_id: &mut fresh,
        };
        prepare(draft, signing, change, mode, &mut moment)
    }

    #[test]
    fn every_change_of_every_scenario_step_gives_the_request_it_promises() {
        let d = draft(
            Some("affise"),
            "https://offers-x.affise.com/postback?clickid={clickid}&action_id={action_id}&secure={secure}#f",
            &[("clickid", "5f7a1c2b3d4e5f6a7b8c9d0e"), ("action_id", "A1"), ("secure", "s3cr3t")],
        );
        let base = "https://offers-x.affise.com/postback?clickid=5f7a1c2b3d4e5f6a7b8c9d0e";
        let cases: [(Scenario, Vec<String>); 5] = [
            (
                Scenario::Once,
                vec![format!("{base}&action_id=A1&secure=s3cr3t#f")],
            ),
            (
                Scenario::Duplicate,
                vec![format!("{base}&action_id=A1&secure=s3cr3t#f"); 2],
            ),
            (
                Scenario::FreshId,
                vec![format!("{base}&action_id=id-1&secure=s3cr3t#f"); 2],
            ),
            (
                Scenario::MissingClickId,
                vec![
                    "https://offers-x.affise.com/postback?action_id=A1&secure=s3cr3t#f".to_owned(),
                ],
            ),
            (
                Scenario::WrongToken,
                vec![format!("{base}&action_id=A1&secure=wrong-token-test#f")],
            ),
        ];
        for (scenario, want) in cases {
            let steps = plan_scenario(scenario, &d, &d.build()).unwrap_or_default();
            let urls: Vec<String> = steps
                .iter()
                .map(|s| {
                    prepared(&d, &Signing::Off, s.change, FetchMode::Read)
                        .map(|p| p.request.url().to_owned())
                        .unwrap_or_default()
                })
                .collect();
            assert_eq!(urls, want, "{scenario:?}");
        }
    }

    #[test]
    fn fire_a_scenario_step_and_the_partner_button_send_the_same_request_and_get_the_same_verdict()
    {
        // The three ways of firing differ only in the step they pass: Fire and the partner's
        // button fire the postback as built, and the first step of "Fire once" does too.
        let d = draft(
            Some("exoclick"),
            "https://s.example/tag.php?goal={goal}&tag={tag}",
            &[("goal", "0123456789abcdef0123456789abcdef"), ("tag", "t1")],
        );
        let signing = Signing::Hmac {
            scheme: Scheme::GitHub,
            secret: "s".into(),
        };
        let step = plan_scenario(Scenario::Once, &d, &d.build())
            .ok()
            .and_then(|steps| steps.into_iter().next());
        let step_change = step.as_ref().map_or(Change::WrongToken, |s| s.change);
        let fire = prepared(&d, &signing, Change::AsBuilt, FetchMode::Read);
        let scenario = prepared(&d, &signing, step_change, FetchMode::Read);
        let partner = prepared(&d, &signing, Change::AsBuilt, FetchMode::Read);
        assert!(fire.is_ok(), "{fire:?}");
        assert_eq!(fire, scenario);
        assert_eq!(fire, partner);
        let answer = Delivery::Read {
            status: 200,
            status_text: String::new(),
            body: Some(BodyText::from_bytes(b"ERROR: Tag is invalid!", 1024)),
            headers: vec![],
            final_url: None,
        };
        let answers = d.preset().map_or(Answers::Undocumented, |p| p.answers);
        let judged = [
            judge(&answer, answers, None, None),
            judge(&answer, answers, step.as_ref().map(|s| s.expect), None),
            judge(&answer, answers, None, None),
        ];
        assert!(judged.iter().all(|j| j.verdict == judged[0].verdict));
        assert!(judged.iter().all(|j| j.reading == judged[0].reading));
        assert_eq!(
            judged[0].reading,
            Some(Reading::Rejected("Tag is invalid!".into()))
        );
    }

    #[test]
    fn a_signature_is_made_for_the_moment_of_the_press_and_a_wrong_token_stays_wrong() {
        let d = draft(
            Some("affise"),
            "https://t.example/pb?clickid={clickid}",
            &[("clickid", "c1")],
        );
        let stripe = Signing::Hmac {
            scheme: Scheme::Stripe,
            secret: "whsec_x".into(),
        };
        let signed = prepared(&d, &stripe, Change::AsBuilt, FetchMode::Read).unwrap();
        let header = signed
            .request
            .headers()
            .iter()
            .find(|(n, _)| n == "Stripe-Signature")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        assert!(header.starts_with("t=1700000000,v1="), "{header}");
        let webhooks = Signing::Hmac {
            scheme: Scheme::StandardWebhooks,
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into(),
        };
        let signed = prepared(&d, &webhooks, Change::AsBuilt, FetchMode::Read).unwrap();
        assert!(signed
            .request
            .headers()
            .contains(&("webhook-id".to_owned(), "msg_id-1".to_owned())));
        // A static token under Affise's token parameter, then spoilt by the negative step.
        let token = Signing::Token {
            param: "secure".into(),
            value: "right".into(),
        };
        let spoilt = prepared(&d, &token, Change::WrongToken, FetchMode::Read).unwrap();
        assert_eq!(
            spoilt.request.url(),
            "https://t.example/pb?clickid=c1&secure=wrong-token-test"
        );
        assert!(spoilt.secrets.is_secret("secure"));
    }

    #[test]
    fn a_transaction_id_shown_before_the_press_is_the_one_sent() {
        let d = draft(
            None,
            "https://t.example/pb?cid={cid}&txid={txid}",
            &[("cid", "c1"), ("txid", "old")],
        );
        let webhooks = Signing::Hmac {
            scheme: Scheme::StandardWebhooks,
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into(),
        };
        let mut asked = Vec::new();
        let mut fresh = |what| {
            asked.push(what);
            match what {
                FreshId::Transaction => "shown-1".to_owned(),
                FreshId::Message => "m-1".to_owned(),
            }
        };
        let mut moment = Moment {
            now_ms: 1_700_000_000_000,
            fresh_id: &mut fresh,
        };
        let sent = prepare(
            &d,
            &webhooks,
            Change::FreshTransactionId,
            FetchMode::Read,
            &mut moment,
        )
        .unwrap();
        assert_eq!(
            sent.request.url(),
            "https://t.example/pb?cid=c1&txid=shown-1"
        );
        assert!(sent
            .request
            .headers()
            .contains(&("webhook-id".to_owned(), "msg_m-1".to_owned())));
        assert_eq!(asked, [FreshId::Transaction, FreshId::Message]);
    }

    #[test]
    fn without_reading_the_answer_only_the_headers_the_browser_sends_are_kept() {
        let d = Draft {
            method: Method::Post,
            body_kind: crate::BodyKind::Json,
            body: r#"{"a":1}"#.into(),
            headers: "Accept: text/plain\nX-Signature: 1\nCookie: a=1".into(),
            ..draft(None, "https://t.example/pb", &[])
        };
        let stripe = Signing::Hmac {
            scheme: Scheme::Stripe,
            secret: "whsec_x".into(),
        };
        let sent = prepared(&d, &stripe, Change::AsBuilt, FetchMode::NoCors).unwrap();
        let names: Vec<&str> = sent
            .request
            .headers()
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        // The JSON content type, the custom header and the signature need a preflight; the
        // cookie stays for the note that says the browser refuses it.
        assert_eq!(names, ["Accept", "Cookie"]);
        let read = prepared(&d, &stripe, Change::AsBuilt, FetchMode::Read).unwrap();
        assert_eq!(read.request.headers().len(), 5);
    }

    #[test]
    fn what_cannot_be_fired_says_why_before_anything_is_sent() {
        let d = draft(None, "https://t.example/pb?page=1", &[]);
        let put = Draft {
            method: Method::Put,
            ..d.clone()
        };
        let cases: [(&Draft, Signing, Change, FetchMode, FireError); 4] = [
            (
                &draft(None, "trk.example/pb", &[]),
                Signing::Off,
                Change::AsBuilt,
                FetchMode::Read,
                FireError::Request(RequestError::NotAUrl {
                    reason: "not a full web address: it must start with https://".into(),
                }),
            ),
            (
                &d,
                Signing::Hmac {
                    scheme: Scheme::GitHub,
                    secret: String::new(),
                },
                Change::AsBuilt,
                FetchMode::Read,
                FireError::Signing(SignError::NoSecret),
            ),
            (
                &d,
                Signing::Off,
                Change::WithoutClickId,
                FetchMode::Read,
                FireError::Step(ScenarioError::NoClickId),
            ),
            (
                &put,
                Signing::Off,
                Change::AsBuilt,
                FetchMode::NoCors,
                FireError::NoCorsMethod("PUT"),
            ),
        ];
        for (draft, signing, change, mode, want) in cases {
            let got = prepared(draft, &signing, change, mode);
            assert_eq!(got, Err(want.clone()), "{want}");
            assert!(!want.hint().is_empty());
        }
    }

    #[test]
    fn a_fetch_is_settled_by_its_mode_and_the_check_before_sending() {
        let origin = "https://owner.github.io";
        let simple = classify(origin, &FireRequest::get("https://t.example/pb").unwrap());
        let signed = FireRequest::new(Method::Get, "https://t.example/pb", "X-A: 1", None).unwrap();
        let preflighted = classify(origin, &signed);
        let mixed = classify(origin, &FireRequest::get("http://t.example/pb").unwrap());
        let cases: [(FetchMode, &Classification, Delivery, Delivery); 6] = [
            (FetchMode::Read, &simple, Delivery::Hidden, Delivery::Hidden),
            (
                FetchMode::NoCors,
                &simple,
                Delivery::Hidden,
                Delivery::Unreachable,
            ),
            (
                FetchMode::NoCors,
                &simple,
                Delivery::Opaque,
                Delivery::Opaque,
            ),
            (
                FetchMode::Read,
                &preflighted,
                Delivery::Hidden,
                Delivery::PreflightFailed,
            ),
            (
                FetchMode::Read,
                &preflighted,
                Delivery::Cancelled,
                Delivery::Cancelled,
            ),
            (
                FetchMode::Read,
                &simple,
                Delivery::TimedOut { after_secs: 3 },
                Delivery::TimedOut { after_secs: 3 },
            ),
        ];
        for (mode, classification, fetched, want) in cases {
            assert_eq!(
                settle(mode, classification, fetched.clone()),
                want,
                "{fetched:?}"
            );
        }
        assert_eq!(blocked_before_sending(&mixed), Some(Delivery::Blocked));
        assert_eq!(blocked_before_sending(&simple), None);
    }
}
