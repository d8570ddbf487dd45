//! What counts as a secret, and keeping secrets out of everything that is stored, shared or
//! exported: the saved draft, stored runs, share links without "Include secrets", and the
//! evidence files made from runs.
//!
//! A secret is decided by where a value lands, not only by what its macro is called. A place
//! is secret when its name says so (a query or form key, a JSON key or a header named like
//! `token`, `secret`, `api_key`, `auth` …), when it is the credential of an `Authorization`
//! header, when the chosen platform documents it as its token, or when a static token is sent
//! under it. A macro whose value lands at a secret place is secret wherever else it lands (a
//! path, a body); a value typed literally at a secret place is secret too. Signature headers
//! are not secret: they prove what was sent and give nothing away without the key.

use crate::{
    bare_query_pairs, encode, query::rewrite_query, written_query_pairs, BodyKind, BodyText,
    Delivery, Draft, FireRequest, Role, Scheme, Signing, Span, SyntaxChoice, Template, TextKind,
    Values,
};

/// What stands in for a secret in a stored request or a saved template.
pub const HIDDEN: &str = "***";

/// Name fragments that mark a place or a value as a secret, besides a preset's token.
const SECRET_WORDS: [&str; 10] = [
    "token", "secret", "key", "secure", "auth", "sign", "pass", "hash", "cookie", "session",
];

/// Headers whose value is `scheme credential`; the credential is the secret.
const CREDENTIAL_HEADERS: [&str; 2] = ["authorization", "proxy-authorization"];

/// Secret values shorter than this are hidden only at their own places: hiding every `1` of
/// a URL would leave no evidence, and so short a secret guards nothing.
const HIDE_EVERYWHERE_FROM: usize = 4;

/// The secrets of one postback and how it is signed.
///
/// ```
/// use postback_core::{Draft, Secrets, Signing, Values};
///
/// let draft = Draft {
///     url: "https://t.example/{acct}/pb?cid={cid}&t={tk}&api_key=LITERALKEY".into(),
///     values: Values::from_pairs([("acct", "A-1"), ("cid", "1"), ("tk", "T0KEN")]),
///     ..Draft::default()
/// };
/// let secrets = Secrets::of(&draft, &Signing::Token { param: "t".into(), value: "v".into() });
/// // `tk` lands under the static token's parameter; `api_key` is named as a secret.
/// assert!(secrets.is_secret("tk") && !secrets.is_secret("cid"));
/// let (public, kept_out) = secrets.split(&draft);
/// assert_eq!(public.url, "https://t.example/{acct}/pb?cid={cid}&t={tk}&api_key=***");
/// assert_eq!(public.values, Values::from_pairs([("acct", "A-1"), ("cid", "1")]));
/// assert_eq!(kept_out, Values::from_pairs([("tk", "T0KEN")]));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    /// The chosen platform's preset id, whose token parameter is secret.
    preset: Option<String>,
    /// Names of places and macros that are secret besides the secret words.
    names: Vec<String>,
    /// Literal secrets typed into a template: where they stand, for the saved draft.
    literals: Vec<Literal>,
    /// Every secret value, as typed, to hide wherever it lands.
    values: Vec<String>,
}

/// What a saved draft or a link left out, so the page can ask for it again instead of
/// silently changing what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LeftOut {
    /// Values left out, by their macro's name: their inputs say "type it again".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Places where a secret typed into a template now reads `***`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub typed: Vec<String>,
}

impl LeftOut {
    /// Whether nothing was left out.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.typed.is_empty()
    }

    /// What of this is still missing from `draft`: values not typed again whose macro is still
    /// in a template, and secrets typed into a template whose [`HIDDEN`] mark is still there. Saving keeps asking for these,
    /// however often the page is reloaded.
    ///
    /// ```
    /// use postback_core::{Draft, LeftOut, Values};
    ///
    /// let left_out = LeftOut { values: vec!["tk".into(), "key".into()], typed: vec!["api_key".into()] };
    /// let draft = Draft {
    ///     url: "https://t.example/pb?t={tk}&k={key}&api_key=***".into(),
    ///     values: Values::from_pairs([("key", "typed again")]),
    ///     ..Draft::default()
    /// };
    /// assert_eq!(left_out.still_missing(&draft), LeftOut { values: vec!["tk".into()], typed: vec!["api_key".into()] });
    /// let fixed = Draft { url: "https://t.example/pb?t={tk}".into(), values: Values::from_pairs([("tk", "T")]), ..Draft::default() };
    /// assert!(left_out.still_missing(&fixed).is_empty());
    /// ```
    pub fn still_missing(&self, draft: &Draft) -> LeftOut {
        let templates = [&draft.url, &draft.body, &draft.headers];
        let marked = templates.iter().any(|t| t.contains(HIDDEN));
        LeftOut {
            values: self
                .values
                .iter()
                .filter(|name| draft.values.get(name).is_none_or(str::is_empty))
                .filter(|name| templates.iter().any(|t| t.contains(name.as_str())))
                .cloned()
                .collect(),
            typed: if marked {
                self.typed.clone()
            } else {
                Vec::new()
            },
        }
    }

    /// Both lists, each name once.
    pub fn and(mut self, other: LeftOut) -> LeftOut {
        for name in other.values {
            if !self.values.contains(&name) {
                self.values.push(name);
            }
        }
        for place in other.typed {
            if !self.typed.contains(&place) {
                self.typed.push(place);
            }
        }
        self
    }
}

/// A secret typed straight into a template.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Literal {
    /// Which template: the URL, the body or the headers.
    part: Part,
    /// Its bytes in that template.
    span: Span,
    /// The name of the place, for saying what was left out.
    place: String,
}

/// The three templates of a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Url,
    Body,
    Headers,
}

impl std::fmt::Debug for Secrets {
    // The values are the secrets: a debug print shows how many, never which.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("preset", &self.preset)
            .field("names", &self.names)
            .field("literals", &self.literals.len())
            .field("values", &self.values.len())
            .finish()
    }
}

/// Whether a place or value named `name` is secret by its name alone.
fn named_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| lower.contains(w)) || CREDENTIAL_HEADERS.contains(&lower.as_str())
}

impl Secrets {
    /// The secrets of `draft` when it is signed with `signing`: found by where each value
    /// lands in the URL, the body and the headers.
    pub fn of(draft: &Draft, signing: &Signing) -> Self {
        let mut secrets = Self {
            preset: draft.preset.clone(),
            ..Self::default()
        };
        match signing {
            Signing::Token { param, value } => {
                if !param.trim().is_empty() {
                    secrets.names.push(param.trim().to_owned());
                }
                secrets.values.push(value.clone());
            }
            Signing::Hmac { secret, .. } => secrets.values.push(secret.clone()),
            Signing::Off => {}
        }
        for (part, text, kind) in [
            (Part::Url, draft.url.as_str(), TextKind::Url),
            (
                Part::Body,
                draft.body.as_str(),
                body_text_kind(draft.body_kind),
            ),
            (Part::Headers, draft.headers.as_str(), TextKind::Header),
        ] {
            let places = match part {
                Part::Url => pairs_places(written_query_pairs(text)),
                Part::Body if kind == TextKind::Form => pairs_places(bare_query_pairs(text)),
                Part::Body if kind == TextKind::Json => json_places(text),
                Part::Body => Vec::new(),
                Part::Headers => header_places(text),
            };
            secrets.mark(part, text, kind, draft.syntax, places);
        }
        // Every macro named like a secret, or landing at a secret place, hides its value.
        let names: Vec<String> = draft
            .values
            .iter()
            .filter(|(name, _)| secrets.is_secret(name))
            .map(|(name, _)| name.to_owned())
            .collect();
        for name in names {
            if let Some(value) = draft.values.get(&name) {
                secrets.values.push(value.to_owned());
            }
        }
        secrets.values.retain(|v| !v.is_empty());
        secrets.values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        secrets.values.dedup();
        secrets
    }

    /// Marks what stands at each secret place of `text`: the macros in it by name, or the
    /// text itself as a literal secret.
    fn mark(
        &mut self,
        part: Part,
        text: &str,
        kind: TextKind,
        syntax: SyntaxChoice,
        places: Vec<(String, Span)>,
    ) {
        let macros = Template::parse_with(text, kind, syntax)
            .map(|t| t.macros().to_vec())
            .unwrap_or_default();
        for (place, value) in places {
            if !(named_secret(&place) || self.is_secret(&place)) || value.is_empty() {
                continue;
            }
            // A macro that overlaps the value: a bare JSON value such as `{n}` may end inside
            // the macro's own braces as far as the light scan can tell.
            let inside: Vec<&crate::Macro> = macros
                .iter()
                .filter(|m| m.span.start < value.end && value.start < m.span.end)
                .collect();
            if inside.is_empty() {
                if let Some(literal) = value.slice(text) {
                    if literal != HIDDEN {
                        self.values.push(literal.to_owned());
                        self.values.push(encode::decode_lossy(literal));
                        self.literals.push(Literal {
                            part,
                            span: value,
                            place,
                        });
                    }
                }
            } else {
                self.names.extend(inside.iter().map(|m| m.name.clone()));
            }
        }
    }

    /// Whether a value named `name` (a macro, a query parameter or a header) is a secret.
    pub fn is_secret(&self, name: &str) -> bool {
        named_secret(name)
            || self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
            || self
                .preset
                .as_deref()
                .and_then(crate::Preset::by_id)
                .is_some_and(|p| p.role_of(name) == Some(Role::Token))
    }

    /// `draft` split into what may be stored or shared, and its secret values: secret values
    /// leave `values`, and secrets typed straight into a template are replaced by [`HIDDEN`].
    pub fn split(&self, draft: &Draft) -> (Draft, Values) {
        let mut public = draft.clone();
        public.values.retain(|name, _| !self.is_secret(name));
        let mut secret = draft.values.clone();
        secret.retain(|name, _| self.is_secret(name));
        for (part, text) in [
            (Part::Url, &mut public.url),
            (Part::Body, &mut public.body),
            (Part::Headers, &mut public.headers),
        ] {
            // From the end, so the spans before each one still hold.
            let mut spans: Vec<Span> = self
                .literals
                .iter()
                .filter(|l| l.part == part)
                .map(|l| l.span)
                .collect();
            spans.sort_by_key(|s| std::cmp::Reverse(s.start));
            for span in spans {
                if text.get(span.start..span.end).is_some() {
                    text.replace_range(span.start..span.end, HIDDEN);
                }
            }
        }
        (public, secret)
    }

    /// What [`Secrets::split`] leaves out of `draft`, for the person who typed it: the
    /// values by their macro's name, and the places of secrets typed into a template.
    ///
    /// ```
    /// use postback_core::{Draft, LeftOut, Secrets, Signing, Values};
    ///
    /// let draft = Draft {
    ///     url: "https://t.example/pb?api_key={key}".into(),
    ///     headers: "Authorization: Bearer LITERAL".into(),
    ///     values: Values::from_pairs([("key", "K")]),
    ///     ..Draft::default()
    /// };
    /// let left_out = Secrets::of(&draft, &Signing::Off).left_out(&draft);
    /// assert_eq!(left_out, LeftOut { values: vec!["key".into()], typed: vec!["Authorization".into()] });
    /// ```
    pub fn left_out(&self, draft: &Draft) -> LeftOut {
        let values = draft
            .values
            .iter()
            .filter(|(name, value)| !value.is_empty() && self.is_secret(name))
            .map(|(name, _)| name.to_owned())
            .collect();
        let mut typed: Vec<String> = self.literals.iter().map(|l| l.place.clone()).collect();
        typed.dedup();
        LeftOut { values, typed }
    }

    /// `delivery` with the secrets hidden wherever an answer may carry them: where a redirect
    /// led, and what a receiver echoes back ("invalid token …") in its reason, headers or
    /// body. A hex dump, which could spell a secret out byte by byte, is kept only without one.
    ///
    /// ```
    /// use postback_core::{BodyText, Delivery, Draft, Secrets, Signing, Values};
    ///
    /// let draft = Draft { url: "https://t.example/pb?token={token}".into(), values: Values::from_pairs([("token", "s3cr3t")]), ..Draft::default() };
    /// let secrets = Secrets::of(&draft, &Signing::Off);
    /// let echoed = Delivery::Read { status: 403, status_text: String::new(), headers: vec![], final_url: None, body: Some(BodyText::from_bytes(b"bad token s3cr3t", 99)) };
    /// let Delivery::Read { body: Some(body), .. } = secrets.hide_in_answer(echoed) else { panic!() };
    /// assert_eq!(body.text, "bad token ***");
    /// ```
    pub fn hide_in_answer(&self, delivery: Delivery) -> Delivery {
        let hide = |text: &str| self.hide(text);
        match delivery {
            Delivery::Read {
                status,
                status_text,
                body,
                headers,
                final_url,
            } => Delivery::Read {
                status,
                status_text: hide(&status_text),
                body: body.map(|b| BodyText {
                    text: hide(&b.text),
                    hex: b.hex.filter(|_| hide(&b.text) == b.text),
                    ..b
                }),
                headers: headers
                    .into_iter()
                    .map(|(name, value)| (name, hide(&value)))
                    .collect(),
                final_url: final_url.map(|u| hide(&u)),
            },
            Delivery::BrokeOff { reason } => Delivery::BrokeOff {
                reason: hide(&reason),
            },
            other => other,
        }
    }

    /// `request` with every secret hidden as [`HIDDEN`]: the values of secret query
    /// parameters and headers by name, and every secret value wherever it landed (path, query,
    /// body, headers), as typed or encoded. Signature headers are kept.
    ///
    /// ```
    /// use postback_core::{Draft, FireRequest, Method, Secrets, Signing, Values};
    ///
    /// let draft = Draft {
    ///     url: "https://t.example/{tk}/pb?token={tk}".into(),
    ///     values: Values::from_pairs([("tk", "s3cr3t")]),
    ///     ..Draft::default()
    /// };
    /// let request = FireRequest::new(Method::Post, "https://t.example/s3cr3t/pb?token=s3cr3t", "", Some("t=s3cr3t".into()))?;
    /// let hidden = Secrets::of(&draft, &Signing::Off).redact(request);
    /// assert_eq!(hidden.url(), "https://t.example/***/pb?token=***");
    /// assert_eq!(hidden.body(), Some("t=***"));
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn redact(&self, request: FireRequest) -> FireRequest {
        let (url, _) = rewrite_query(
            request.url(),
            |key| self.is_secret(&crate::decode_lossy(key)),
            |pair| {
                let key = pair.split_once('=').map_or(pair, |(k, _)| k);
                Some(format!("{key}={HIDDEN}"))
            },
        );
        let url = self.hide(&url);
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = if is_signature_header(name) {
                    value.clone()
                } else if self.is_secret(name) {
                    HIDDEN.to_owned()
                } else {
                    self.hide(value)
                };
                (name.clone(), value)
            })
            .collect();
        let body = request.body().map(|b| self.hide(b));
        request.with_parts(url, headers, body)
    }

    /// `text` with every secret value in it hidden, as typed or encoded: for a URL a
    /// redirect led to, or any text that may hold a secret.
    ///
    /// ```
    /// use postback_core::{Draft, Secrets, Signing};
    ///
    /// let secrets = Secrets::of(&Draft::default(), &Signing::Token { param: "t".into(), value: "a b&c".into() });
    /// assert_eq!(secrets.hide("https://t.example/next?t=a%20b%26c"), "https://t.example/next?t=***");
    /// ```
    pub fn hide(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for value in &self.values {
            if value.chars().count() < HIDE_EVERYWHERE_FROM {
                continue;
            }
            let encoded = encode::url_component(value);
            let forms = [
                value.clone(),
                encoded.replace("%20", "+"),
                encoded,
                encode::json_string_content(value),
                value.replace(' ', "+"),
            ];
            for form in forms {
                if !form.is_empty() && out.contains(&form) {
                    out = out.replace(&form, HIDDEN);
                }
            }
        }
        out
    }
}

fn body_text_kind(kind: BodyKind) -> TextKind {
    match kind {
        BodyKind::Json => TextKind::Json,
        BodyKind::Form | BodyKind::None => TextKind::Form,
    }
}

/// The places of query or form pairs: each decoded key, and its value's span.
fn pairs_places(pairs: Vec<crate::QueryPair<'_>>) -> Vec<(String, Span)> {
    pairs
        .into_iter()
        .map(|p| (p.decoded_key(), p.value_span))
        .collect()
}

/// The places of a JSON template: each `"key": value` with a string or bare value, found by a
/// light scan that macros cannot confuse (a template need not be valid JSON until it is
/// filled). For a string value, the span is its contents.
fn json_places(text: &str) -> Vec<(String, Span)> {
    let bytes = text.as_bytes();
    let mut places = Vec::new();
    let mut at = 0;
    let string_end = |from: usize| {
        let mut i = from;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\\' => i += 2,
                b'"' => return Some(i),
                _ => i += 1,
            }
        }
        None
    };
    while let Some(open) = text.get(at..).and_then(|r| r.find('"')).map(|o| at + o) {
        let Some(close) = string_end(open + 1) else {
            break;
        };
        at = close + 1;
        let mut i = at;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b':') {
            continue;
        }
        let key = text.get(open + 1..close).unwrap_or_default().to_owned();
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let value = if bytes.get(i) == Some(&b'"') {
            let end = string_end(i + 1).unwrap_or(bytes.len());
            at = (end + 1).min(bytes.len());
            Span::new(i + 1, end)
        } else if let Some(end) = bare_macro_end(text, i) {
            // A bare macro such as `{payout}` or `[payout]`: its braces are not JSON's.
            at = end;
            Span::new(i, end)
        } else if matches!(bytes.get(i), Some(b'{' | b'[')) {
            // A nested object or array: its keys are read in turn, after the bracket.
            at = i + 1;
            continue;
        } else {
            // A number, `true`, `false` or `null`: it holds no quote and no bracket.
            let end = text
                .get(i..)
                .and_then(|r| r.find([',', '}', ']', '\n', '"']))
                .map_or(bytes.len(), |e| i + e);
            at = end;
            let raw = text.get(i..end).unwrap_or_default();
            Span::new(i, i + raw.trim_end().len())
        };
        places.push((key, value));
    }
    places
}

/// Where a bare macro that starts at `from` ends: `{name}`, `{{name}}`, `[name]`, `${name}`
/// and the like, a name of letters, digits, `_`, `.`, `:` or `-` between brackets. `None`
/// for an object or array, whose bracket is followed by a quote, a space or another bracket.
fn bare_macro_end(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let opening = rest
        .find(|c: char| !matches!(c, '{' | '[' | '$' | '%' | '#'))
        .filter(|&n| n > 0 && n <= 3)?;
    let name_len = rest
        .get(opening..)?
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')))?;
    if name_len == 0 {
        return None;
    }
    let after = opening + name_len;
    let closing = rest
        .get(after..)?
        .find(|c: char| !matches!(c, '}' | ']' | '%' | '#'))
        .unwrap_or(rest.len() - after);
    (closing > 0).then_some(from + after + closing)
}

/// The places of header lines: each name, and its value's span (for an `Authorization`
/// header, the credential after the scheme).
fn header_places(text: &str) -> Vec<(String, Span)> {
    let mut places = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some((name, value)) = content.split_once(':') {
            let lead = value.len() - value.trim_start().len();
            let mut start = line_start + name.len() + 1 + lead;
            let mut value = value.trim();
            if CREDENTIAL_HEADERS.contains(&name.trim().to_ascii_lowercase().as_str()) {
                if let Some((scheme, credential)) = value.split_once(' ') {
                    start += scheme.len() + 1 + (credential.len() - credential.trim_start().len());
                    value = credential.trim();
                }
            }
            places.push((
                name.trim().to_owned(),
                Span::new(start, start + value.len()),
            ));
        }
        line_start += line.len();
    }
    places
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

    fn draft(url: &str, body: (BodyKind, &str), headers: &str, values: &[(&str, &str)]) -> Draft {
        Draft {
            url: url.into(),
            method: Method::Post,
            body_kind: body.0,
            body: body.1.into(),
            headers: headers.into(),
            values: Values::from_pairs(values.iter().copied()),
            ..Draft::default()
        }
    }

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
            (&Draft::default(), &Signing::Off, "Authorization", true),
            (&Draft::default(), &Signing::Off, "Cookie", true),
            (&Draft::default(), &Signing::Off, "session_id", true),
            (&affise, &Signing::Off, "secure", true),
            (&Draft::default(), &token, "sig", true),
            (&Draft::default(), &token, "SIG", true),
            (&Draft::default(), &Signing::Off, "sig", false),
        ];
        for (draft, signing, name, want) in cases {
            let got = Secrets::of(draft, signing).is_secret(name);
            assert_eq!(got, *want, "{name} with {signing:?}");
        }
    }

    #[test]
    fn a_value_at_a_secret_place_is_secret_wherever_else_it_lands() {
        // (template, body, headers, the macro or literal expected secret)
        type Case = (
            &'static str,
            (BodyKind, &'static str),
            &'static str,
            &'static [&'static str],
        );
        let cases: &[Case] = &[
            (
                "https://t.example/pb?token={tk}",
                (BodyKind::None, ""),
                "",
                &["tk"],
            ),
            ("https://t.example/pb?t={tk}", (BodyKind::None, ""), "", &[]),
            (
                "https://t.example/pb",
                (BodyKind::Form, "a=1&api%5Fkey={k}"),
                "",
                &["k"],
            ),
            (
                "https://t.example/pb",
                (BodyKind::Json, r#"{"cid":"{c}","secret":"{s}"}"#),
                "",
                &["s"],
            ),
            (
                "https://t.example/pb",
                (BodyKind::Json, r#"{"auth": {n}, "x": 1}"#),
                "",
                &["n"],
            ),
            (
                "https://t.example/pb",
                (
                    BodyKind::Json,
                    r#"{"event":{"type":"{c}"},"data":{"token":"{tk}"},"list":[{"secret":{s}}],"n":{n}}"#,
                ),
                "",
                &["tk", "s"],
            ),
            (
                "https://t.example/pb",
                (BodyKind::Json, r#"[{"a":"x}y"},{"password":"{k}"}]"#),
                "",
                &["k"],
            ),
            (
                "https://t.example/pb",
                (BodyKind::None, ""),
                "Authorization: Bearer {bearer}",
                &["bearer"],
            ),
            (
                "https://t.example/pb",
                (BodyKind::None, ""),
                "X-Api-Key: {k}\nX-Click: {c}",
                &["k"],
            ),
            (
                "https://t.example/{acct}/pb?cid={c}",
                (BodyKind::None, ""),
                "",
                &[],
            ),
        ];
        for (url, body, headers, want) in cases {
            let d = draft(
                url,
                *body,
                headers,
                &[
                    ("tk", "1"),
                    ("k", "1"),
                    ("s", "1"),
                    ("n", "1"),
                    ("bearer", "1"),
                    ("c", "1"),
                    ("acct", "1"),
                ],
            );
            let secrets = Secrets::of(&d, &Signing::Off);
            for name in ["tk", "k", "s", "n", "bearer", "c", "acct"] {
                assert_eq!(
                    secrets.is_secret(name),
                    want.contains(&name),
                    "{name} in {url} {body:?} {headers}"
                );
            }
        }
    }

    #[test]
    fn literal_secrets_are_left_out_of_the_saved_draft_and_hidden_in_the_request() {
        let d = draft(
            "https://t.example/{acct}?cid={cid}&token={tk}&api_key=LITERALKEY",
            (BodyKind::Json, r#"{"secret":"BODYLITERAL","n":1}"#),
            "Authorization: Bearer {bearer}\nX-Api-Key: LITERAL2",
            &[
                ("acct", "acct-9"),
                ("cid", "c1"),
                ("tk", "TOK123"),
                ("bearer", "BEAR456"),
            ],
        );
        let secrets = Secrets::of(&d, &Signing::Off);
        let (public, secret) = secrets.split(&d);
        let stored = format!("{public:?}");
        for leaked in ["LITERALKEY", "BODYLITERAL", "LITERAL2", "TOK123", "BEAR456"] {
            assert!(!stored.contains(leaked), "{leaked} in {stored}");
        }
        assert_eq!(
            public.url,
            "https://t.example/{acct}?cid={cid}&token={tk}&api_key=***"
        );
        assert_eq!(public.body, r#"{"secret":"***","n":1}"#);
        assert_eq!(
            public.headers,
            "Authorization: Bearer {bearer}\nX-Api-Key: ***"
        );
        assert_eq!(
            secret,
            Values::from_pairs([("bearer", "BEAR456"), ("tk", "TOK123")])
        );
        let left_out = secrets.left_out(&d);
        assert_eq!(left_out.values, ["bearer", "tk"]);
        assert_eq!(left_out.typed, ["api_key", "secret", "X-Api-Key"]);
        let request = d.build().request(&d).unwrap();
        let hidden = secrets.redact(request);
        let sent = format!(
            "{} {:?} {:?}",
            hidden.url(),
            hidden.headers(),
            hidden.body()
        );
        for leaked in ["LITERALKEY", "BODYLITERAL", "LITERAL2", "TOK123", "BEAR456"] {
            assert!(!sent.contains(leaked), "{leaked} in {sent}");
        }
        assert!(sent.contains("acct-9") && sent.contains("c1"), "{sent}");
    }

    #[test]
    fn secrets_after_a_nested_object_in_a_json_body_are_still_found() {
        let d = draft(
            "https://t.example/pb",
            (
                BodyKind::Json,
                r#"{"event":{"type":"{type}"},"api_key":"LIT","data":{"token":"{t}"}}"#,
            ),
            "",
            &[("type", "sale"), ("t", "TOK9")],
        );
        let secrets = Secrets::of(&d, &Signing::Off);
        let (public, secret) = secrets.split(&d);
        assert_eq!(
            public.body,
            r#"{"event":{"type":"{type}"},"api_key":"***","data":{"token":"{t}"}}"#
        );
        assert_eq!(secret, Values::from_pairs([("t", "TOK9")]));
        assert_eq!(public.values.get("type"), Some("sale"));
    }

    #[test]
    fn a_secret_is_hidden_in_the_path_the_body_and_a_redirect_as_typed_or_encoded() {
        let d = draft(
            "https://t.example/k/{tk}/pb?secure={tk}",
            (BodyKind::Form, "v={tk}"),
            "",
            &[("tk", "a b&c")],
        );
        let secrets = Secrets::of(&d, &Signing::Off);
        let request = d.build().request(&d).unwrap();
        let hidden = secrets.redact(request);
        assert_eq!(hidden.url(), "https://t.example/k/***/pb?secure=***");
        assert_eq!(hidden.body(), Some("v=***"));
        assert_eq!(
            secrets.hide("https://t.example/next/?secure=a+b%26c"),
            "https://t.example/next/?secure=a+b%26c".replace("a+b%26c", "***")
        );
    }

    #[test]
    fn a_redacted_request_keeps_signatures_and_what_is_not_secret() {
        let request = FireRequest::new(
            Method::Post,
            "https://t.example/pb?clickid=c1&secure=s3&t=tok&api%5Fkey=k#f",
            "Authorization: Bearer abc\nX-Hub-Signature-256: sha256=00\nX-Click: c1",
            Some("a=1".into()),
        )
        .unwrap();
        let d = Draft {
            preset: Some("affise".into()),
            ..Draft::default()
        };
        let signing = Signing::Token {
            param: "t".into(),
            value: "tok".into(),
        };
        let run = Secrets::of(&d, &signing).redact(request);
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
        assert!(!format!("{:?}", Secrets::of(&d, &signing)).contains("tok"));
    }
}
