//! What counts as a secret, and keeping secrets out of everything that is stored, shared or
//! exported: the saved draft, stored runs, share links without "Include secrets", and the
//! evidence files made from runs.
//!
//! A value is secret when its name says so (`token`, `secret`, `api_key`, `auth` …), when the
//! chosen platform documents it as its security token, or when a static token is sent under
//! it. The same names mark query parameters and headers of a request as secret. Signature
//! headers are not secret: they prove what was sent and give nothing away without the key.

use crate::{query::rewrite_query, Draft, FireRequest, Role, Scheme, Signing, Values};

/// What stands in for a secret in a stored request.
pub const HIDDEN: &str = "***";

/// Name fragments that mark a value as a secret, besides a preset's token parameter.
const SECRET_WORDS: [&str; 8] = [
    "token", "secret", "key", "secure", "auth", "sign", "pass", "hash",
];

/// The secrets of one postback: its platform's token parameter and the parameter a static
/// token is sent under, on top of the names that say they are secret.
///
/// ```
/// use postback_core::{Draft, Secrets, Signing, Values};
///
/// let draft = Draft { values: Values::from_pairs([("cid", "1"), ("api_key", "k")]), ..Draft::default() };
/// let secrets = Secrets::of(&draft, &Signing::Token { param: "t".into(), value: "v".into() });
/// assert!(secrets.is_secret("api_key") && secrets.is_secret("T") && !secrets.is_secret("cid"));
/// let (public, secret) = secrets.split(&draft);
/// assert_eq!(public.values, Values::from_pairs([("cid", "1")]));
/// assert_eq!(secret, Values::from_pairs([("api_key", "k")]));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Secrets {
    /// The chosen platform's preset id, whose token parameter is secret.
    preset: Option<String>,
    /// More names to hide, such as a static token's parameter.
    names: Vec<String>,
}

impl Secrets {
    /// The secrets of `draft` when it is signed with `signing`.
    pub fn of(draft: &Draft, signing: &Signing) -> Self {
        let names = match signing {
            Signing::Token { param, .. } if !param.trim().is_empty() => {
                vec![param.trim().to_owned()]
            }
            _ => Vec::new(),
        };
        Self {
            preset: draft.preset.clone(),
            names,
        }
    }

    /// Whether a value named `name` (a macro, a query parameter or a header) is a secret.
    pub fn is_secret(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        SECRET_WORDS.iter().any(|w| lower.contains(w))
            || self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
            || self
                .preset
                .as_deref()
                .and_then(crate::Preset::by_id)
                .is_some_and(|p| p.role_of(name) == Some(Role::Token))
    }

    /// `draft` split into what may be stored or shared, and its secret values.
    pub fn split(&self, draft: &Draft) -> (Draft, Values) {
        let mut public = draft.clone();
        public.values.retain(|name, _| !self.is_secret(name));
        let mut secret = draft.values.clone();
        secret.retain(|name, _| self.is_secret(name));
        (public, secret)
    }

    /// `request` with the values of its secret query parameters (by decoded name) and headers
    /// shown as [`HIDDEN`]. Signature headers are kept.
    ///
    /// ```
    /// use postback_core::{Draft, FireRequest, Method, Secrets, Signing};
    ///
    /// let request = FireRequest::new(Method::Get, "https://t.example/pb?cid=1&api%5Fkey=k", "Authorization: Bearer x", None)?;
    /// let hidden = Secrets::of(&Draft::default(), &Signing::Off).redact(request);
    /// assert_eq!(hidden.url(), "https://t.example/pb?cid=1&api%5Fkey=***");
    /// assert_eq!(hidden.headers()[0].1, "***");
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn redact(&self, request: FireRequest) -> FireRequest {
        let (url, touched) = rewrite_query(
            request.url(),
            |key| self.is_secret(&crate::decode_lossy(key)),
            |pair| {
                let key = pair.split_once('=').map_or(pair, |(k, _)| k);
                Some(format!("{key}={HIDDEN}"))
            },
        );
        let hidden_headers: Vec<String> = request
            .headers()
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| self.is_secret(n) && !is_signature_header(n))
            .collect();
        let mut request = if touched {
            request.with_url(url)
        } else {
            request
        };
        for name in hidden_headers {
            request = request.with_header(&name, HIDDEN.to_owned());
        }
        request
    }
}

/// Whether `name` is the header a signing scheme sends its signature in.
fn is_signature_header(name: &str) -> bool {
    Scheme::ALL
        .iter()
        .any(|s| s.header().eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    #[test]
    fn names_are_secret_by_their_words_the_presets_token_or_the_static_token() {
        let affise = Draft {
            preset: Some("affise".into()),
            ..Draft::default()
        };
        let token = Signing::Token {
            param: " sig ".into(),
            value: "v".into(),
        };
        let cases: &[(&Draft, &Signing, &str, bool)] = &[
            (&Draft::default(), &Signing::Off, "clickid", false),
            (&Draft::default(), &Signing::Off, "api_key", true),
            (&Draft::default(), &Signing::Off, "X-Auth", true),
            (&Draft::default(), &Signing::Off, "Password", true),
            (&Draft::default(), &Signing::Off, "payout", false),
            // Affise documents `secure` as its token parameter (also a secret word).
            (&affise, &Signing::Off, "secure", true),
            (&Draft::default(), &token, "sig", true),
            (&Draft::default(), &token, "SIG", true),
            (&Draft::default(), &Signing::Off, "sig", false),
            (&Draft::default(), &Signing::Off, "s", false),
        ];
        for (draft, signing, name, want) in cases {
            let got = Secrets::of(draft, signing).is_secret(name);
            assert_eq!(got, *want, "{name} with {signing:?}");
        }
    }

    #[test]
    fn a_redacted_request_hides_secret_parameters_and_headers_but_keeps_signatures() {
        let request = FireRequest::new(
            Method::Post,
            "https://t.example/pb?clickid=c1&secure=s3&t=tok&api%5Fkey=k#f",
            "Authorization: Bearer abc\nX-Hub-Signature-256: sha256=00\nX-Click: c1",
            Some("a=1".into()),
        )
        .unwrap();
        let draft = Draft {
            preset: Some("affise".into()),
            ..Draft::default()
        };
        let signing = Signing::Token {
            param: "t".into(),
            value: "tok".into(),
        };
        let run = Secrets::of(&draft, &signing).redact(request);
        assert_eq!(
            run.url(),
            "https://t.example/pb?clickid=c1&secure=***&t=***&api%5Fkey=***#f"
        );
        let headers: Vec<(&str, &str)> = run
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert!(headers.contains(&("Authorization", "***")), "{headers:?}");
        assert!(
            headers.contains(&("X-Hub-Signature-256", "sha256=00")),
            "{headers:?}"
        );
        assert!(headers.contains(&("X-Click", "c1")), "{headers:?}");
        assert_eq!(run.body(), Some("a=1"));
    }
}
