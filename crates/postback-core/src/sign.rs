//! HMAC-SHA256 webhook signatures as Stripe, GitHub, Shopify and Standard Webhooks send them,
//! and a verify mode that explains a mismatch: hex where base64 was expected, a missing
//! prefix, seconds versus milliseconds, a trailing newline, re-serialised JSON, or a secret
//! read in the wrong encoding.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

mod choice;

pub use choice::{SharedSigning, SigningForm, SigningKind};

use crate::{
    encode::url_component,
    query::{append_query, rewrite_query},
    FireRequest,
};

/// A signing scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scheme {
    /// `Stripe-Signature: t=<unix s>,v1=<hex>` over `<t>.<body>`.
    Stripe,
    /// `X-Hub-Signature-256: sha256=<hex>` over the body.
    GitHub,
    /// `X-Shopify-Hmac-Sha256: <base64>` over the body.
    Shopify,
    /// `webhook-signature: v1,<base64>` over `<id>.<unix s>.<body>`, keyed by the base64 after
    /// `whsec_`.
    StandardWebhooks,
}

impl Scheme {
    /// Every scheme, in menu order.
    pub const ALL: [Scheme; 4] = [
        Self::Stripe,
        Self::GitHub,
        Self::Shopify,
        Self::StandardWebhooks,
    ];

    /// The scheme's name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stripe => "Stripe",
            Self::GitHub => "GitHub",
            Self::Shopify => "Shopify",
            Self::StandardWebhooks => "Standard Webhooks",
        }
    }

    /// A short lowercase name, for menus and links.
    pub fn id(self) -> &'static str {
        match self {
            Self::Stripe => "stripe",
            Self::GitHub => "github",
            Self::Shopify => "shopify",
            Self::StandardWebhooks => "standard-webhooks",
        }
    }

    /// The scheme named `id`.
    ///
    /// ```
    /// use postback_core::Scheme;
    ///
    /// assert!(Scheme::ALL.iter().all(|s| Scheme::from_id(s.id()) == Some(*s)));
    /// assert_eq!(Scheme::from_id("md5"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The header that carries the signature.
    pub fn header(self) -> &'static str {
        match self {
            Self::Stripe => "Stripe-Signature",
            Self::GitHub => "X-Hub-Signature-256",
            Self::Shopify => "X-Shopify-Hmac-Sha256",
            Self::StandardWebhooks => "webhook-signature",
        }
    }
}

/// Why a signature could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// No secret was given.
    #[error("no secret")]
    NoSecret,
    /// A Standard Webhooks secret must be base64 after `whsec_`.
    #[error("the secret is not base64 after `whsec_`")]
    SecretNotBase64,
    /// A static token needs the name of its parameter.
    #[error("no token parameter name")]
    NoTokenName,
    /// A static token needs a value.
    #[error("no token value")]
    NoToken,
}

impl SignError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::NoSecret => "Paste the signing secret the platform shows for this endpoint.",
            Self::SecretNotBase64 => {
                "Paste the secret exactly as shown, like whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw."
            }
            Self::NoTokenName => {
                "Type the parameter the receiver reads the token from, such as token or secure."
            }
            Self::NoToken => "Paste the token the receiver gave you for this postback.",
        }
    }
}

/// What a signature is computed over, besides the body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignContext {
    /// Unix time in seconds (Stripe, Standard Webhooks).
    pub timestamp: u64,
    /// The message ID (Standard Webhooks).
    pub id: String,
}

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    #[expect(clippy::expect_used, reason = "HMAC takes keys of any length")]
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn key(scheme: Scheme, secret: &str) -> Result<Vec<u8>, SignError> {
    if secret.is_empty() {
        return Err(SignError::NoSecret);
    }
    match scheme {
        Scheme::StandardWebhooks => STANDARD
            .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
            .map_err(|_| SignError::SecretNotBase64),
        _ => Ok(secret.as_bytes().to_vec()),
    }
}

/// The raw MAC for `scheme` over `body` in `context`, with `key` bytes.
fn raw(scheme: Scheme, key: &[u8], body: &[u8], context: &SignContext) -> Vec<u8> {
    let ts = context.timestamp.to_string();
    match scheme {
        Scheme::Stripe => mac(key, &[ts.as_bytes(), b".", body]),
        Scheme::GitHub | Scheme::Shopify => mac(key, &[body]),
        Scheme::StandardWebhooks => mac(
            key,
            &[context.id.as_bytes(), b".", ts.as_bytes(), b".", body],
        ),
    }
}

fn format(scheme: Scheme, mac: &[u8], context: &SignContext) -> String {
    match scheme {
        Scheme::Stripe => format!("t={},v1={}", context.timestamp, hex::encode(mac)),
        Scheme::GitHub => format!("sha256={}", hex::encode(mac)),
        Scheme::Shopify => STANDARD.encode(mac),
        Scheme::StandardWebhooks => format!("v1,{}", STANDARD.encode(mac)),
    }
}

/// The signature header value for `body`.
///
/// # Errors
///
/// [`SignError`] for an empty secret, or a Standard Webhooks secret that is not base64.
///
/// ```
/// use postback_core::{sign_body, Scheme, SignContext};
///
/// // GitHub's published example.
/// let value = sign_body(Scheme::GitHub, "It's a Secret to Everybody", b"Hello, World!", &SignContext::default())?;
/// assert_eq!(value, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
/// # Ok::<(), postback_core::SignError>(())
/// ```
pub fn sign_body(
    scheme: Scheme,
    secret: &str,
    body: &[u8],
    context: &SignContext,
) -> Result<String, SignError> {
    let key = key(scheme, secret)?;
    Ok(format(scheme, &raw(scheme, &key, body, context), context))
}

/// How a request is signed before it is fired. The secret and the token are the user's: they
/// are kept in memory and never written into a draft, a history entry or a share link.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Signing {
    /// Sent as built.
    #[default]
    Off,
    /// A static token as a query parameter, replacing the parameter when the URL already has it.
    Token {
        /// The parameter's name.
        param: String,
        /// The token.
        value: String,
    },
    /// An HMAC-SHA256 signature header over the body.
    Hmac {
        /// Which platform's format.
        scheme: Scheme,
        /// The signing secret.
        secret: String,
    },
}

impl std::fmt::Debug for Signing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Off => f.write_str("Off"),
            Self::Token { param, .. } => write!(f, "Token({param}=…)"),
            Self::Hmac { scheme, .. } => write!(f, "Hmac({scheme:?}, …)"),
        }
    }
}

impl Signing {
    /// `request` with the token or the signature headers added, signed in `context` (the time
    /// of the fire and, for Standard Webhooks, the message ID).
    ///
    /// # Errors
    ///
    /// [`SignError`] when the secret, the token or its parameter name is missing or unusable.
    ///
    /// ```
    /// use postback_core::{FireRequest, Method, Scheme, SignContext, Signing};
    ///
    /// let request = FireRequest::new(Method::Post, "https://t.example/pb#f", "", Some("{}".into()))?;
    /// let token = Signing::Token { param: "token".into(), value: "a b".into() };
    /// assert_eq!(token.apply(request.clone(), &SignContext::default())?.url(), "https://t.example/pb?token=a%20b#f");
    /// let github = Signing::Hmac { scheme: Scheme::GitHub, secret: "s".into() };
    /// let signed = github.apply(request, &SignContext::default())?;
    /// assert_eq!(signed.headers()[0].0, "X-Hub-Signature-256");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply(
        &self,
        request: FireRequest,
        context: &SignContext,
    ) -> Result<FireRequest, SignError> {
        match self {
            Self::Off => Ok(request),
            Self::Token { param, value } => {
                let param = param.trim();
                if param.is_empty() {
                    return Err(SignError::NoTokenName);
                }
                if value.is_empty() {
                    return Err(SignError::NoToken);
                }
                let pair = format!("{}={}", url_component(param), url_component(value));
                let (url, touched) =
                    rewrite_query(request.url(), |k| k == param, |_| Some(pair.clone()));
                let url = if touched {
                    url
                } else {
                    append_query(request.url(), &pair)
                };
                Ok(request.with_url(url))
            }
            Self::Hmac { scheme, secret } => {
                let body = request.body().unwrap_or_default().as_bytes();
                let value = sign_body(*scheme, secret, body, context)?;
                let request = if *scheme == Scheme::StandardWebhooks {
                    request
                        .with_header("webhook-id", context.id.clone())
                        .with_header("webhook-timestamp", context.timestamp.to_string())
                } else {
                    request
                };
                Ok(request.with_header(scheme.header(), value))
            }
        }
    }
}

/// The result of checking a signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Verification {
    /// The signature matches.
    Match,
    /// It does not; each string is a likely reason found by trying the usual mistakes.
    Mismatch(Vec<String>),
}

/// The signatures a header value carries (Stripe and Standard Webhooks may carry several).
fn signatures(scheme: Scheme, header: &str) -> Vec<String> {
    let header = header.trim();
    match scheme {
        Scheme::Stripe => header
            .split(',')
            .filter_map(|part| part.trim().strip_prefix("v1="))
            .map(str::to_owned)
            .collect(),
        Scheme::StandardWebhooks => header
            .split(' ')
            .filter_map(|part| part.trim().strip_prefix("v1,"))
            .map(str::to_owned)
            .collect(),
        Scheme::GitHub => header
            .strip_prefix("sha256=")
            .map(str::to_owned)
            .into_iter()
            .collect(),
        Scheme::Shopify => vec![header.to_owned()],
    }
}

fn expects_hex(scheme: Scheme) -> bool {
    matches!(scheme, Scheme::Stripe | Scheme::GitHub)
}

fn encode(scheme: Scheme, mac: &[u8]) -> String {
    if expects_hex(scheme) {
        hex::encode(mac)
    } else {
        STANDARD.encode(mac)
    }
}

/// Checks `header` (the signature header's value) against `body`, and when it does not match,
/// tries the usual mistakes to say why.
///
/// # Errors
///
/// [`SignError`] when the secret cannot be used at all.
///
/// ```
/// use postback_core::{sign_body, verify_signature, Scheme, SignContext, Verification};
///
/// let context = SignContext { timestamp: 1_700_000_000, id: String::new() };
/// let header = sign_body(Scheme::Stripe, "whsec_test", b"{}", &context)?;
/// assert_eq!(verify_signature(Scheme::Stripe, "whsec_test", b"{}", &header, &context)?, Verification::Match);
/// let Verification::Mismatch(why) = verify_signature(Scheme::Stripe, "whsec_test", b"{}\n", &header, &context)? else { panic!() };
/// assert!(why[0].contains("trailing newline"));
/// # Ok::<(), postback_core::SignError>(())
/// ```
pub fn verify_signature(
    scheme: Scheme,
    secret: &str,
    body: &[u8],
    header: &str,
    context: &SignContext,
) -> Result<Verification, SignError> {
    let key = key(scheme, secret)?;
    let mut context = context.clone();
    if scheme == Scheme::Stripe {
        if let Some(t) = header
            .split(',')
            .find_map(|p| p.trim().strip_prefix("t="))
            .and_then(|t| t.parse().ok())
        {
            context.timestamp = t;
        }
    }
    let given = signatures(scheme, header);
    let expected = encode(scheme, &raw(scheme, &key, body, &context));
    if given.contains(&expected) {
        return Ok(Verification::Match);
    }

    let mut why = Vec::new();
    let bare = header.trim();
    let candidates = |mac: &[u8]| [hex::encode(mac), STANDARD.encode(mac)];
    let right = raw(scheme, &key, body, &context);
    if given.is_empty() && candidates(&right).iter().any(|c| c == bare) {
        why.push(format!(
            "the signature is right but the {} prefix is missing: send {}",
            scheme.label(),
            format(scheme, &right, &context)
        ));
    }
    let other_encoding = if expects_hex(scheme) {
        STANDARD.encode(&right)
    } else {
        hex::encode(&right)
    };
    if given.contains(&other_encoding) || bare == other_encoding {
        why.push(format!(
            "the signature is {} but {} expects {}",
            if expects_hex(scheme) { "base64" } else { "hex" },
            scheme.label(),
            if expects_hex(scheme) { "hex" } else { "base64" }
        ));
    }
    let matches_with = |body: &[u8], context: &SignContext, key: &[u8]| {
        let mac = encode(scheme, &raw(scheme, key, body, context));
        given.contains(&mac)
    };
    for (shift, words) in [
        (
            context.timestamp.checked_mul(1000),
            "in milliseconds where seconds are expected",
        ),
        (
            Some(context.timestamp / 1000),
            "in seconds where milliseconds were used",
        ),
    ] {
        if let Some(ts) =
            shift.filter(|_| matches!(scheme, Scheme::Stripe | Scheme::StandardWebhooks))
        {
            let shifted = SignContext {
                timestamp: ts,
                id: context.id.clone(),
            };
            if matches_with(body, &shifted, &key) {
                why.push(format!("the signer's timestamp was {words}"));
            }
        }
    }
    let trimmed = body.strip_suffix(b"\n").unwrap_or(body);
    let with_newline = [body, b"\n"].concat();
    if (trimmed.len() != body.len() && matches_with(trimmed, &context, &key))
        || matches_with(&with_newline, &context, &key)
    {
        why.push(
            "the bodies differ by a trailing newline: sign and send exactly the same bytes"
                .to_owned(),
        );
    }
    // Text in and out, as the result view's JSON pretty-printing does, so the wasm carries one
    // copy of serde_json's reader and writer.
    let json = std::str::from_utf8(body)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok());
    if let Some(json) = json {
        let compact = serde_json::to_string(&json).unwrap_or_default();
        let pretty = serde_json::to_string_pretty(&json).unwrap_or_default();
        if [compact, pretty]
            .iter()
            .any(|b| b.as_bytes() != body && matches_with(b.as_bytes(), &context, &key))
        {
            why.push(
                "the signature is over the same JSON written differently: sign the raw body \
                 exactly as sent, not a re-serialised copy"
                    .to_owned(),
            );
        }
    }
    let other_keys: Vec<(Vec<u8>, &str)> = match scheme {
        Scheme::StandardWebhooks => vec![(
            secret.as_bytes().to_vec(),
            "as plain text instead of base64-decoded after whsec_",
        )],
        _ => [
            (
                STANDARD.decode(secret).ok(),
                "base64-decoded instead of as plain text",
            ),
            (
                hex::decode(secret).ok(),
                "hex-decoded instead of as plain text",
            ),
        ]
        .into_iter()
        .filter_map(|(k, w)| k.map(|k| (k, w)))
        .collect(),
    };
    for (other, words) in other_keys {
        if matches_with(body, &context, &other) {
            why.push(format!("the signer used the secret {words}"));
        }
    }
    if why.is_empty() {
        why.push(
            "no usual mistake explains it: check that the secret is this endpoint's, and that the \
             body is byte for byte what was signed"
                .to_owned(),
        );
    }
    Ok(Verification::Mismatch(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        // Test cases 1, 2 and 6 of RFC 4231 (HMAC-SHA-256).
        let cases: [(Vec<u8>, &[u8], &str); 3] = [
            (
                vec![0x0b; 20],
                b"Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                vec![0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
        ];
        for (key, data, want) in cases {
            assert_eq!(hex::encode(mac(&key, &[data])), want);
        }
    }

    #[test]
    fn each_scheme_formats_its_header_as_documented() {
        let context = SignContext {
            timestamp: 1_700_000_000,
            id: "msg_1".into(),
        };
        let body = br#"{"event":"sale"}"#;
        let stripe = sign_body(Scheme::Stripe, "whsec_abc", body, &context).unwrap_or_default();
        assert!(
            stripe.starts_with("t=1700000000,v1=") && stripe.len() == "t=1700000000,v1=".len() + 64
        );
        let shopify = sign_body(Scheme::Shopify, "shpss_x", body, &context).unwrap_or_default();
        assert_eq!(STANDARD.decode(&shopify).map(|b| b.len()), Ok(32));
        let standard = sign_body(
            Scheme::StandardWebhooks,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            body,
            &context,
        );
        assert!(standard.as_deref().is_ok_and(|s| s.starts_with("v1,")));
        assert_eq!(
            sign_body(Scheme::StandardWebhooks, "whsec_***", body, &context),
            Err(SignError::SecretNotBase64)
        );
        assert_eq!(
            sign_body(Scheme::GitHub, "", body, &context),
            Err(SignError::NoSecret)
        );
    }

    #[test]
    fn a_static_token_replaces_its_parameter_or_joins_the_query() {
        let token = |param: &str, value: &str| Signing::Token {
            param: param.into(),
            value: value.into(),
        };
        let cases = [
            (
                "https://t.example/pb",
                "token",
                "x",
                Ok("https://t.example/pb?token=x"),
            ),
            (
                "https://t.example/pb?",
                "token",
                "x",
                Ok("https://t.example/pb?token=x"),
            ),
            (
                "https://t.example/pb?a=1",
                "token",
                "x&y",
                Ok("https://t.example/pb?a=1&token=x%26y"),
            ),
            (
                "https://t.example/pb?token=old&a=1#f",
                "token",
                "new",
                Ok("https://t.example/pb?token=new&a=1#f"),
            ),
            (
                "https://t.example/pb?a=1",
                " ",
                "x",
                Err(SignError::NoTokenName),
            ),
            (
                "https://t.example/pb?a=1",
                "token",
                "",
                Err(SignError::NoToken),
            ),
        ];
        for (url, param, value, want) in cases {
            let request = FireRequest::get(url).unwrap();
            let got = token(param, value).apply(request, &SignContext::default());
            assert_eq!(
                got.as_ref().map(FireRequest::url),
                want.as_ref().map(|u| *u),
                "{url} {param}"
            );
        }
    }

    #[test]
    fn signing_adds_the_schemes_headers_over_the_body_as_sent() {
        let context = SignContext {
            timestamp: 1_700_000_000,
            id: "msg_1".into(),
        };
        let body = r#"{"event":"sale"}"#;
        let request = FireRequest::new(
            crate::Method::Post,
            "https://t.example/pb",
            "x-hub-signature-256: stale\nContent-Type: application/json",
            Some(body.into()),
        )
        .unwrap();
        for scheme in Scheme::ALL {
            let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
            let signing = Signing::Hmac {
                scheme,
                secret: secret.into(),
            };
            let signed = signing.apply(request.clone(), &context).unwrap();
            let value = signed
                .headers()
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(scheme.header()))
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>();
            assert_eq!(value.len(), 1, "{scheme:?}: {:?}", signed.headers());
            let header = value.concat();
            assert_eq!(
                verify_signature(scheme, secret, body.as_bytes(), &header, &context),
                Ok(Verification::Match),
                "{scheme:?}"
            );
            let names: Vec<&str> = signed.headers().iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(
                names.contains(&"webhook-timestamp"),
                scheme == Scheme::StandardWebhooks,
                "{scheme:?}"
            );
        }
        let none = Signing::Hmac {
            scheme: Scheme::GitHub,
            secret: String::new(),
        };
        assert_eq!(none.apply(request, &context), Err(SignError::NoSecret));
        assert_eq!(format!("{none:?}"), "Hmac(GitHub, …)");
    }

    fn why(
        scheme: Scheme,
        secret: &str,
        body: &[u8],
        header: &str,
        context: &SignContext,
    ) -> Vec<String> {
        match verify_signature(scheme, secret, body, header, context) {
            Ok(Verification::Mismatch(why)) => why,
            other => panic!("expected a mismatch, got {other:?}"),
        }
    }

    #[test]
    fn mismatches_are_explained_by_the_usual_mistakes() {
        let context = SignContext {
            timestamp: 1_700_000_000,
            id: "msg_1".into(),
        };
        let body = br#"{"a":1,"b":2}"#;
        let github_mac = mac(b"s3cret", &[body]);

        let base64_given = format!("sha256={}", STANDARD.encode(&github_mac));
        assert!(
            why(Scheme::GitHub, "s3cret", body, &base64_given, &context)[0]
                .contains("base64 but GitHub expects hex")
        );

        let no_prefix = hex::encode(&github_mac);
        assert!(why(Scheme::GitHub, "s3cret", body, &no_prefix, &context)[0]
            .contains("prefix is missing"));

        let pretty =
            serde_json::to_vec_pretty(&serde_json::json!({"a":1,"b":2})).unwrap_or_default();
        let signed_pretty = format!("sha256={}", hex::encode(mac(b"s3cret", &[&pretty])));
        assert!(
            why(Scheme::GitHub, "s3cret", body, &signed_pretty, &context)[0]
                .contains("JSON written differently")
        );

        let ms = SignContext {
            timestamp: 1_700_000_000_000,
            id: "msg_1".into(),
        };
        let signed_ms = sign_body(
            Scheme::StandardWebhooks,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            body,
            &ms,
        )
        .unwrap_or_default();
        assert!(why(
            Scheme::StandardWebhooks,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            body,
            &signed_ms,
            &context
        )[0]
        .contains("milliseconds"));

        let plain_key = format!(
            "v1,{}",
            STANDARD.encode(mac(
                b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                &[b"msg_1.1700000000.", body]
            ))
        );
        assert!(why(
            Scheme::StandardWebhooks,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            body,
            &plain_key,
            &context
        )[0]
        .contains("as plain text"));

        let wrong = format!("sha256={}", hex::encode(mac(b"other", &[body])));
        assert!(
            why(Scheme::GitHub, "s3cret", body, &wrong, &context)[0].contains("no usual mistake")
        );
    }
}
