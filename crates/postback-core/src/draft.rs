//! The builder's whole state as one serialisable value, and everything it builds: the URL,
//! body and headers with their values filled in, the inputs to show, and the lint findings.

use serde::{Deserialize, Serialize};

use crate::{
    generate::Generator,
    lint::{lint, Finding, LintInput},
    request::Method,
    template::{Expansion, Place, SyntaxChoice, TextKind},
    FireRequest, Preset, RequestError, Template, TemplateError, Values,
};

/// What kind of body a request carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyKind {
    /// No body.
    #[default]
    None,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`.
    Json,
}

impl BodyKind {
    /// Every kind, in menu order.
    pub const ALL: [BodyKind; 3] = [Self::None, Self::Form, Self::Json];

    /// A stable identifier.
    pub fn id(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Form => "form",
            Self::Json => "json",
        }
    }

    /// A label for the menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "No body",
            Self::Form => "Form (application/x-www-form-urlencoded)",
            Self::Json => "JSON (application/json)",
        }
    }

    /// The kind with this [`BodyKind::id`].
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The `Content-Type` it is sent with.
    pub fn content_type(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Form => Some("application/x-www-form-urlencoded"),
            Self::Json => Some("application/json"),
        }
    }

    fn text_kind(self) -> Option<TextKind> {
        match self {
            Self::None => None,
            Self::Form => Some(TextKind::Form),
            Self::Json => Some(TextKind::Json),
        }
    }
}

/// The most values a draft read back keeps: more macros than any postback has.
pub const MAX_VALUES: usize = 200;

/// Everything the user set up in the builder.
///
/// ```
/// use postback_core::{Draft, Values};
///
/// let mut draft = Draft::default();
/// draft.url = "https://t.example/pb?cid={clickid}".into();
/// draft.values = Values::from_pairs([("clickid", "a b")]);
/// let built = draft.build();
/// assert_eq!(built.url_text(), Some("https://t.example/pb?cid=a%20b"));
/// assert_eq!(built.fields[0].name, "clickid");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The chosen platform's preset id.
    pub preset: Option<String>,
    /// Which macro syntax families are read.
    pub syntax: SyntaxChoice,
    /// The HTTP method.
    pub method: Method,
    /// The URL template.
    pub url: String,
    /// The kind of body.
    pub body_kind: BodyKind,
    /// The body template.
    pub body: String,
    /// Header lines (`Name: value`), a template too.
    pub headers: String,
    /// The value typed for each macro name.
    pub values: Values,
}

/// One input to show: a macro name shared by the URL, body and headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The macro's name, which labels the input.
    pub name: String,
    /// How it is first written, such as `{clickid}` or `REPLACE`.
    pub written: String,
    /// What the platform expects, in plain words.
    pub hint: Option<String>,
    /// The generator that fits it.
    pub generator: Option<Generator>,
}

/// What a [`Draft`] builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Build {
    /// The parsed URL template, or why it cannot be read.
    pub url: Result<Template, TemplateError>,
    /// The URL with values filled in.
    pub url_expansion: Option<Expansion>,
    /// The body with values filled in, when the method and kind carry one.
    pub body: Option<Expansion>,
    /// The header lines with values filled in.
    pub headers: Option<Expansion>,
    /// The body or the header lines could not be read (too large): nothing may be fired.
    pub unreadable: Option<RequestError>,
    /// One input per distinct macro name, in order of first appearance.
    pub fields: Vec<Field>,
    /// Every lint finding for the URL.
    pub findings: Vec<Finding>,
}

impl Build {
    /// The built URL, when the template can be read.
    pub fn url_text(&self) -> Option<&str> {
        self.url_expansion.as_ref().map(|e| e.text.as_str())
    }

    /// The macros still waiting for a value, in the URL, the body and the headers, in order
    /// and each once: the builder's checklist before anything is fired.
    ///
    /// ```
    /// use postback_core::Draft;
    ///
    /// let draft = Draft {
    ///     url: "https://{domain}/pb?cid={cid}&p={payout}".into(),
    ///     headers: "Authorization: Bearer {bearer}".into(),
    ///     values: postback_core::Values::from_pairs([("cid", "c1")]),
    ///     ..Draft::default()
    /// };
    /// assert_eq!(draft.build().values_to_fill(), ["domain", "payout", "bearer"]);
    /// ```
    pub fn values_to_fill(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for expansion in [&self.url_expansion, &self.body, &self.headers]
            .into_iter()
            .flatten()
        {
            for name in &expansion.unfilled {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        names
    }

    /// The problems a fire would be sent with, in words: every finding, and each macro of
    /// the body or the headers still without a value. A run keeps them as "Problems at fire
    /// time".
    ///
    /// ```
    /// use postback_core::Draft;
    ///
    /// let draft = Draft {
    ///     url: "https://t.example/pb?cid={cid}".into(),
    ///     headers: "X-Token: {tk}".into(),
    ///     ..Draft::default()
    /// };
    /// let problems = draft.build().problems();
    /// assert!(problems.iter().any(|p| p.contains("`{cid}`")), "{problems:?}");
    /// assert!(problems.contains(&"the headers hold `tk` with no value: it would arrive as written".to_owned()));
    /// ```
    pub fn problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = self.findings.iter().map(|f| f.message.clone()).collect();
        for (part, expansion) in [("body", &self.body), ("headers", &self.headers)] {
            for name in expansion.iter().flat_map(|e| &e.unfilled) {
                problems.push(format!(
                    "the {part} hold{} `{name}` with no value: it would arrive as written",
                    if part == "body" { "s" } else { "" }
                ));
            }
        }
        problems
    }

    /// The request Fire sends.
    ///
    /// # Errors
    ///
    /// [`RequestError`] when the URL or a header line cannot be sent.
    pub fn request(&self, draft: &Draft) -> Result<FireRequest, RequestError> {
        if let Some(e) = &self.unreadable {
            return Err(e.clone());
        }
        // A value with a line break would start a header of its own: refuse it by name.
        if let Some(segment) = self.headers.iter().flat_map(|h| &h.segments).find(|s| {
            s.filled
                .as_ref()
                .is_some_and(|f| f.value.chars().any(|c| c.is_control() && c != '\t'))
        }) {
            let before = draft
                .headers
                .get(..segment.template.start)
                .unwrap_or_default();
            return Err(RequestError::BadHeader {
                line: before.matches('\n').count() + 1,
                reason: format!(
                    "the value of {} holds a line break or another control character",
                    segment.filled.as_ref().map_or("", |f| f.name.as_str())
                ),
            });
        }
        // A scheme or host still waiting for its value has nowhere to go: nothing is sent.
        if let Ok(template) = &self.url {
            let mut names: Vec<String> = Vec::new();
            for m in template.macros() {
                let empty = draft
                    .values
                    .get(&m.name)
                    .is_none_or(|v| v.trim().is_empty());
                if matches!(m.place, Place::Scheme | Place::Authority)
                    && empty
                    && !names.contains(&m.name)
                {
                    names.push(m.name.clone());
                }
            }
            if !names.is_empty() {
                return Err(RequestError::AddressNotFilled { names });
            }
        }
        // A value in the scheme or host must not change where the request goes.
        let address = self
            .url_expansion
            .iter()
            .flat_map(|e| &e.segments)
            .find_map(|s| {
                let filled = s.filled.as_ref()?;
                let found = filled
                    .value
                    .chars()
                    .find(|c| matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace())?;
                matches!(filled.place, Place::Scheme | Place::Authority).then(|| {
                    RequestError::ValueChangesAddress {
                        name: filled.name.clone(),
                        found,
                    }
                })
            });
        if let Some(e) = address {
            return Err(e);
        }
        let url = self.url_text().unwrap_or(draft.url.as_str());
        let mut headers = self
            .headers
            .as_ref()
            .map(|h| h.text.clone())
            .unwrap_or_default();
        let body = self.body.as_ref().map(|b| b.text.clone());
        if let (Some(content_type), Some(_)) = (draft.body_kind.content_type(), &body) {
            let named = headers.lines().any(|l| {
                l.split(':')
                    .next()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case("content-type"))
            });
            if !named {
                headers = format!("Content-Type: {content_type}\n{headers}");
            }
        }
        FireRequest::new(draft.method, url, &headers, body)
    }
}

/// The example receiver's file name: a static file shipped beside the page, so the example
/// fires and reads a real 200 wherever the page is hosted.
pub const EXAMPLE_RECEIVER: &str = "example-receiver.txt";

impl Draft {
    /// The example postback for a page whose directory is `page_dir` (its address up to the
    /// last `/`): aimed at the example receiver beside the page, every value filled in.
    ///
    /// ```
    /// use postback_core::Draft;
    ///
    /// let example = Draft::example("https://owner.github.io/postback-tester/");
    /// assert_eq!(
    ///     example.build().url_text(),
    ///     Some("https://owner.github.io/postback-tester/example-receiver.txt?clickid=example-click-1&payout=1.50&status=approved")
    /// );
    /// assert!(example.build().findings.is_empty());
    /// ```
    pub fn example(page_dir: &str) -> Self {
        Self {
            url: format!(
                "{page_dir}{EXAMPLE_RECEIVER}?clickid={{clickid}}&payout={{payout}}&status={{status}}"
            ),
            values: Values::from_pairs([
                ("clickid", "example-click-1"),
                ("payout", "1.50"),
                ("status", "approved"),
            ]),
            ..Self::default()
        }
    }

    /// The macro a click ID found under `param` should fill: the chosen platform's click-ID
    /// macro, else a macro of the same name, else the first macro named like a known click ID.
    ///
    /// ```
    /// use postback_core::Draft;
    ///
    /// let draft = Draft { url: "https://t.example/?cid={cid}&p={payout}".into(), ..Draft::default() };
    /// assert_eq!(draft.click_id_target(&draft.build(), "gclid").as_deref(), Some("cid"));
    /// ```
    pub fn click_id_target(&self, build: &Build, param: &str) -> Option<String> {
        let names: Vec<&str> = build.fields.iter().map(|f| f.name.as_str()).collect();
        let preset_key = self
            .preset()
            .and_then(|p| p.click_id_keys.iter().find(|k| names.contains(k)).copied());
        preset_key
            .or_else(|| names.iter().find(|n| **n == param).copied())
            .or_else(|| {
                names.iter().copied().find(|n| {
                    crate::extract::known::known_param(n).is_some_and(|k| k.group.is_click_id())
                })
            })
            .map(str::to_owned)
    }

    /// Chooses the platform `typed` names (its name in any case, or its id): its preset and
    /// macro syntax, and its documented template when the template is still empty or still
    /// the previous platform's, untouched; an edited template is kept (values of macros with
    /// the same name carry over either way). A blank `typed` chooses no platform; a name that
    /// matches none changes nothing. Gives the platform chosen.
    ///
    /// ```
    /// use postback_core::Draft;
    ///
    /// let mut draft = Draft::default();
    /// assert_eq!(draft.choose_platform(" voluum ").map(|p| p.id), Some("voluum"));
    /// assert!(draft.url.contains("REPLACE"));
    /// assert_eq!(draft.choose_platform("nothing like it"), None);
    /// assert_eq!(draft.preset.as_deref(), Some("voluum"));
    /// // Voluum's template, untouched, makes way for Keitaro's; an edited one is kept.
    /// draft.choose_platform("Keitaro");
    /// assert!(draft.url.contains("{subid}"), "{}", draft.url);
    /// draft.url.push_str("&mine=1");
    /// draft.choose_platform("Voluum");
    /// assert!(draft.url.ends_with("&mine=1"));
    /// draft.choose_platform("");
    /// assert_eq!(draft.preset, None);
    /// ```
    pub fn choose_platform(&mut self, typed: &str) -> Option<&'static Preset> {
        let typed = typed.trim().to_lowercase();
        let found = crate::PRESETS
            .iter()
            .find(|p| p.name.to_lowercase() == typed || p.id == typed);
        match found {
            Some(preset) => {
                let untouched = self.url.trim().is_empty()
                    || self
                        .preset()
                        .is_some_and(|previous| self.url == previous.template);
                self.preset = Some(preset.id.to_owned());
                self.syntax = preset
                    .syntax
                    .map_or(SyntaxChoice::Detect, SyntaxChoice::Only);
                if untouched {
                    self.url = preset.template.to_owned();
                }
            }
            None if typed.is_empty() => self.preset = None,
            None => {}
        }
        found
    }

    /// The draft cut to what a draft may hold, for one read back from storage, a file or a
    /// link: templates past [`MAX_TEMPLATE_BYTES`](crate::MAX_TEMPLATE_BYTES) keep their
    /// start (and say so when built), and at most [`MAX_VALUES`] values are kept.
    pub(crate) fn capped(mut self) -> Self {
        // One byte past the limit keeps the "too large" message when the template is built.
        let limit = crate::MAX_TEMPLATE_BYTES + 1;
        for text in [&mut self.url, &mut self.body, &mut self.headers] {
            crate::span::cut_at_char(text, limit);
        }
        self.values.cap(MAX_VALUES, limit);
        if let Some(preset) = &mut self.preset {
            crate::span::cut_at_char(preset, 64);
        }
        self
    }

    /// The chosen platform.
    pub fn preset(&self) -> Option<&'static Preset> {
        self.preset.as_deref().and_then(Preset::by_id)
    }

    /// Builds everything from the current state.
    pub fn build(&self) -> Build {
        let preset = self.preset();
        let url = Template::parse_with(&self.url, TextKind::Url, self.syntax);
        let url_expansion = url.as_ref().ok().map(|t| t.expand(&self.values));
        let body_template = self
            .body_kind
            .text_kind()
            .filter(|_| self.method.has_body())
            .map(|kind| Template::parse_with(&self.body, kind, self.syntax));
        let header_template = Template::parse_with(&self.headers, TextKind::Header, self.syntax);
        // An empty body or header field is simply not sent; one too large to read must not
        // be dropped silently.
        let unreadable = [
            ("body", body_template.as_ref()),
            ("headers", Some(&header_template)),
        ]
        .into_iter()
        .find_map(|(part, parsed)| match parsed {
            Some(Err(TemplateError::TooLarge { len })) => {
                Some(RequestError::TooLarge { part, len: *len })
            }
            _ => None,
        });
        let body_template = body_template.and_then(Result::ok);
        let header_template = header_template.ok();

        let mut fields: Vec<Field> = Vec::new();
        for template in url.iter().chain(&body_template).chain(&header_template) {
            for m in template.macros() {
                if fields.iter().any(|f| f.name == m.name) {
                    continue;
                }
                let key = m.key.as_deref().unwrap_or(&m.name);
                let role = preset.and_then(|p| p.role_of(key).or_else(|| p.role_of(&m.name)));
                let hint = preset
                    .and_then(|p| p.hint_for(key).or_else(|| p.hint_for(&m.name)))
                    .or_else(|| {
                        m.args
                            .as_ref()
                            .map(|a| format!("The tracker maps this value: {a}."))
                    })
                    .or_else(|| preset.map(|p| p.value_hint(&m.name)));
                fields.push(Field {
                    name: m.name.clone(),
                    written: m
                        .span
                        .slice(template.source())
                        .unwrap_or_default()
                        .to_owned(),
                    hint,
                    generator: Generator::suggest(&m.name, role),
                });
            }
        }

        let findings = match (&url, &url_expansion) {
            (Ok(template), Some(expansion)) => lint(LintInput {
                template,
                expansion,
                preset,
            }),
            _ => Vec::new(),
        };
        Build {
            url_expansion,
            body: body_template.map(|t| t.expand(&self.values)),
            headers: header_template.map(|t| t.expand(&self.values)),
            unreadable,
            url,
            fields,
            findings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_with_a_json_body_and_a_header_shares_values_across_all_three() {
        let draft = Draft {
            method: Method::Post,
            url: "https://t.example/pb?cid={clickid}".into(),
            body_kind: BodyKind::Json,
            body: r#"{"click_id":"{clickid}","note":"{note}"}"#.into(),
            headers: "X-Token: {token}".into(),
            values: Values::from_pairs([
                ("clickid", "a&b"),
                ("note", "say \"hi\""),
                ("token", "t0k"),
            ]),
            ..Draft::default()
        };
        let built = draft.build();
        let names: Vec<&str> = built.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["clickid", "note", "token"]);
        let request = built.request(&draft);
        let Ok(request) = request else {
            panic!("{request:?}")
        };
        assert_eq!(request.url(), "https://t.example/pb?cid=a%26b");
        assert_eq!(
            request.body(),
            Some(r#"{"click_id":"a&b","note":"say \"hi\""}"#)
        );
        assert_eq!(
            request.headers(),
            [
                ("Content-Type".to_owned(), "application/json".to_owned()),
                ("X-Token".to_owned(), "t0k".to_owned())
            ]
        );
    }

    #[test]
    fn a_get_sends_no_body_even_when_one_is_typed() {
        let draft = Draft {
            url: "https://t.example/pb".into(),
            body_kind: BodyKind::Form,
            body: "a=1".into(),
            ..Draft::default()
        };
        let built = draft.build();
        assert_eq!(built.body, None);
        assert_eq!(
            built
                .request(&draft)
                .ok()
                .and_then(|r| r.body().map(str::to_owned)),
            None
        );
    }

    #[test]
    fn preset_fields_carry_the_platforms_hints_and_generators() {
        let preset = Preset::by_id("voluum");
        let draft = Draft {
            preset: preset.map(|p| p.id.to_owned()),
            url: preset.map(|p| p.template.to_owned()).unwrap_or_default(),
            ..Draft::default()
        };
        let built = draft.build();
        let field = |name: &str| built.fields.iter().find(|f| f.name == name).cloned();
        assert_eq!(field("cid").map(|f| f.written), Some("REPLACE".to_owned()));
        assert!(field("cid")
            .and_then(|f| f.hint)
            .is_some_and(|h| h.contains("click ID")));
        assert_eq!(
            field("txid").and_then(|f| f.generator),
            Some(Generator::TransactionId)
        );
        assert_eq!(
            field("payout").and_then(|f| f.generator),
            Some(Generator::Payout)
        );
        assert!(built
            .findings
            .iter()
            .any(|f| f.rule == crate::Rule::SentinelLeft));
    }

    #[test]
    fn choosing_a_platform_sets_its_syntax_and_fills_only_an_empty_template() {
        let mut empty = Draft::default();
        assert_eq!(
            empty.choose_platform("Keitaro").map(|p| p.id),
            Some("keitaro")
        );
        let keitaro = Preset::by_id("keitaro").map(|p| (p.template, p.syntax));
        assert_eq!(Some(empty.url.as_str()), keitaro.map(|k| k.0));
        assert_eq!(
            empty.syntax,
            keitaro
                .and_then(|k| k.1)
                .map_or(SyntaxChoice::Detect, SyntaxChoice::Only)
        );
        let mut typed = Draft {
            url: "https://mine.example/pb?x={x}".into(),
            ..Draft::default()
        };
        typed.choose_platform("BINOM");
        assert_eq!(typed.preset.as_deref(), Some("binom"));
        assert_eq!(typed.url, "https://mine.example/pb?x={x}");
        typed.choose_platform("bin");
        assert_eq!(
            typed.preset.as_deref(),
            Some("binom"),
            "a partial name changes nothing"
        );
        typed.choose_platform("  ");
        assert_eq!(typed.preset, None);
    }

    #[test]
    fn the_draft_survives_a_json_round_trip() {
        let draft = Draft {
            preset: Some("keitaro".into()),
            syntax: SyntaxChoice::Only(crate::template::Syntax::Brackets),
            method: Method::Post,
            url: "https://t.example/?a=[x]".into(),
            body_kind: BodyKind::Form,
            body: "b=[x]".into(),
            headers: "X-A: 1".into(),
            values: Values::from_pairs([("x", "1")]),
        };
        let json = serde_json::to_string(&draft).unwrap_or_default();
        let back: Result<Draft, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(draft));
    }

    #[test]
    fn a_value_with_a_line_break_never_becomes_a_header_of_its_own() {
        let cases = [
            ("a\nX-Injected: 1", Some(2)),
            ("a\r\nX-Injected: 1", Some(2)),
            ("a\u{0}b", Some(2)),
            ("tab\tok", None),
            ("plain", None),
        ];
        for (value, bad_line) in cases {
            let draft = Draft {
                url: "https://t.example/pb".into(),
                headers: "Accept: */*\nX-Token: {token}".into(),
                values: Values::from_pairs([("token", value)]),
                ..Draft::default()
            };
            let got = draft.build().request(&draft);
            match (bad_line, got) {
                (Some(line), Err(RequestError::BadHeader { line: l, reason })) => {
                    assert_eq!(l, line, "{value:?}");
                    assert!(reason.contains("token"), "{reason}");
                }
                (None, Ok(request)) => assert_eq!(request.headers().len(), 2, "{value:?}"),
                (want, got) => panic!("{value:?}: want line {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn a_value_that_would_change_the_address_is_refused_by_name() {
        let cases = [
            ("trk.example", None),
            ("trk.example:8443", None),
            ("evil.example/x?", Some('/')),
            ("https://trk.example", Some('/')),
            ("a.example#", Some('#')),
            ("user@evil.example", Some('@')),
            ("a .example", Some(' ')),
        ];
        for (host, want) in cases {
            let draft = Draft {
                url: "https://{host}/pb?cid=1".into(),
                values: Values::from_pairs([("host", host)]),
                ..Draft::default()
            };
            let got = draft.build().request(&draft);
            match (want, got) {
                (None, Ok(_)) => {}
                (Some(c), Err(RequestError::ValueChangesAddress { name, found })) => {
                    assert_eq!((name.as_str(), found), ("host", c), "{host}");
                }
                (want, got) => panic!("{host}: want {want:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn every_value_of_every_preset_template_has_a_hint() {
        for preset in crate::PRESETS {
            let mut draft = Draft::default();
            draft.choose_platform(preset.id);
            for field in draft.build().fields {
                assert!(
                    field.hint.as_deref().is_some_and(|h| !h.is_empty()),
                    "{}: {} has no hint",
                    preset.id,
                    field.name
                );
            }
        }
    }

    #[test]
    fn a_scheme_or_host_still_waiting_for_its_value_is_never_sent() {
        /// (template, values, the names a refusal asks for, if refused)
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Option<&'a [&'a str]>);
        let cases: [Case; 6] = [
            (
                "https://{domain}/pb?cid={cid}",
                &[("cid", "c1")],
                Some(&["domain"]),
            ),
            (
                "https://{domain}/pb",
                &[("domain", "  ")],
                Some(&["domain"]),
            ),
            (
                "{scheme}://{sub}.{domain}/pb",
                &[("scheme", "https")],
                Some(&["sub", "domain"]),
            ),
            (
                "https://{domain}:{port}/pb",
                &[("domain", "t.example")],
                Some(&["port"]),
            ),
            ("https://{domain}/pb", &[("domain", "t.example")], None),
            // A value not yet typed elsewhere is a problem to confirm, not a refusal.
            ("https://t.example/pb?cid={cid}", &[], None),
        ];
        for (url, values, want) in cases {
            let draft = Draft {
                url: url.into(),
                values: Values::from_pairs(values.iter().copied()),
                ..Draft::default()
            };
            let got = draft.build().request(&draft);
            match (want, got) {
                (None, Ok(_)) => {}
                (Some(names), Err(RequestError::AddressNotFilled { names: got })) => {
                    assert_eq!(got, names, "{url}");
                }
                (want, got) => panic!("{url}: want {want:?}, got {got:?}"),
            }
        }
        let unfilled = RequestError::AddressNotFilled {
            names: vec!["domain".into()],
        };
        assert_eq!(unfilled.to_string(), "fill domain first");
    }

    #[test]
    fn a_body_or_headers_too_large_to_read_is_refused_not_dropped() {
        let big = "x".repeat(crate::template::MAX_TEMPLATE_BYTES + 1);
        let post = |body: &str, headers: &str| Draft {
            url: "https://t.example/pb".into(),
            method: Method::Post,
            body_kind: BodyKind::Form,
            body: body.into(),
            headers: headers.into(),
            ..Draft::default()
        };
        let cases = [
            (post(&big, ""), Some("body")),
            (post("a=1", &format!("X-A: {big}")), Some("headers")),
            (post("", ""), None),
            (post("a=1", "X-A: 1"), None),
        ];
        for (draft, part) in cases {
            let got = draft.build().request(&draft);
            match (part, got) {
                (Some(want), Err(RequestError::TooLarge { part, len })) => {
                    assert_eq!(part, want);
                    assert!(len > crate::template::MAX_TEMPLATE_BYTES);
                }
                (None, Ok(_)) => {}
                (want, got) => panic!("want {want:?}, got {got:?}"),
            }
        }
    }
}
