//! The lint rules. Each reads the URL as it will be sent and reports through [`Checker`].

use super::finding::{Finding, LintInput, Rule, Severity, Spot};
use crate::{
    decode_lossy,
    query::{written_query_pairs, QueryLayout, QueryPair},
    template::{MacroKind, Place, SyntaxChoice, TextKind},
    Role, Span, Template,
};

/// Query keys that carry personal data.
const PERSONAL_KEYS: [&str; 14] = [
    "email",
    "e-mail",
    "mail",
    "phone",
    "tel",
    "mobile",
    "name",
    "firstname",
    "first_name",
    "lastname",
    "last_name",
    "fullname",
    "full_name",
    "address",
];

/// Keys read as a payout when no platform is chosen.
const PAYOUT_KEYS: [&str; 9] = [
    "payout",
    "sum",
    "amount",
    "revenue",
    "rev",
    "amt",
    "price",
    "cpa",
    "totalcost",
];

/// Currency signs a payout must not carry.
const CURRENCY_SIGNS: [char; 8] = ['$', '€', '£', '¥', '₽', '₹', '₺', '₴'];

/// Percent-encoded macro delimiters: a macro that was encoded instead of replaced.
const ENCODED_DELIMITERS: [(&str, &str); 3] = [("%24%7b", "%7d"), ("%7b", "%7d"), ("%5b", "%5d")];

/// One `key=value` pair of the URL's query, as written.
type Pair<'a> = QueryPair<'a>;

struct Checker<'a> {
    input: LintInput<'a>,
    url: &'a str,
    /// Macros still in the sent URL, by their output spans.
    leftovers: Vec<Span>,
    findings: Vec<Finding>,
}

impl Checker<'_> {
    fn report(&mut self, rule: Rule, severity: Severity, message: String, fix: String, spot: Spot) {
        self.findings.push(Finding {
            rule,
            severity,
            message,
            fix,
            spot,
            waiting_for: None,
        });
    }

    /// Marks the last finding as one that only waits for a value of `name`.
    fn waiting_for(&mut self, name: &str) {
        if let Some(last) = self.findings.last_mut() {
            last.waiting_for = Some(name.to_owned());
        }
    }

    /// The spot for output bytes: the value that produced them, or the template text.
    fn at(&self, output: Span) -> Spot {
        match self.input.expansion.filled_at(output) {
            Some(filled) => Spot::Value {
                name: filled.name.clone(),
            },
            None => self.in_template(output),
        }
    }

    /// The template text that produced output bytes (a whole macro for a filled one).
    fn in_template(&self, output: Span) -> Spot {
        Spot::Template(
            self.input
                .expansion
                .to_template(output)
                .unwrap_or(Span::new(0, self.input.template.source().len())),
        )
    }

    fn is_leftover(&self, span: Span) -> bool {
        self.leftovers
            .iter()
            .any(|l| l.start <= span.start && span.end <= l.end)
    }
}

/// Runs every rule.
pub(super) fn check(input: LintInput<'_>) -> Vec<Finding> {
    let url = input.expansion.text.as_str();
    let mut checker = Checker {
        input,
        url,
        leftovers: Vec::new(),
        findings: Vec::new(),
    };
    // A value that changes the address is the cause of whatever else looks wrong in the
    // URL: it is the one finding, with its fix.
    address_values(&mut checker);
    if !checker.findings.is_empty() {
        return checker.findings;
    }
    template_syntax(&mut checker);
    pasted_urls(&mut checker);
    leftover_macros(&mut checker);
    encoded_macros(&mut checker);
    url_shape(&mut checker);
    characters(&mut checker);
    let pairs = written_query_pairs(url);
    duplicate_keys(&mut checker, &pairs);
    click_id(&mut checker, &pairs);
    payout(&mut checker, &pairs);
    status(&mut checker, &pairs);
    personal_data(&mut checker, &pairs);
    merge_repeats(checker.findings)
}

/// One finding per cause: the same message at many places (60,000 spaces, say) is one
/// finding at the first place, saying how many there are.
fn merge_repeats(findings: Vec<Finding>) -> Vec<Finding> {
    let mut merged: Vec<(Finding, usize)> = Vec::new();
    let mut index = std::collections::BTreeMap::new();
    for finding in findings {
        let key = (finding.rule.id(), finding.message.clone());
        match index.get(&key) {
            Some(&at) => {
                if let Some((_, count)) = merged.get_mut(at) {
                    *count += 1;
                }
            }
            None => {
                index.insert(key, merged.len());
                merged.push((finding, 1));
            }
        }
    }
    merged
        .into_iter()
        .map(|(mut finding, count)| {
            if count > 1 {
                finding.message =
                    format!("{} ({count} places; the first is shown)", finding.message);
            }
            finding
        })
        .collect()
}

/// A value typed into the scheme or the host with a scheme, a slash or another character
/// that moves the address: `https://` typed into Keitaro's `{domain}` gives
/// `https://https://…`, which Fire refuses.
fn address_values(c: &mut Checker<'_>) {
    let segments = c.input.expansion.segments.clone();
    for segment in &segments {
        let Some(filled) = &segment.filled else {
            continue;
        };
        if !matches!(filled.place, Place::Scheme | Place::Authority) {
            continue;
        }
        let value = filled.value.trim();
        let name = &filled.name;
        let (message, fix) = if let Some((scheme, _)) = value.split_once("://") {
            (
                format!(
                    "the value of {name} starts with `{scheme}://`, so the URL would hold it twice"
                ),
                format!("Type the {name} without {scheme}://, like trk.example."),
            )
        } else if value.ends_with('/') && !value.trim_end_matches('/').contains('/') {
            (
                format!("the value of {name} ends with a slash"),
                format!("Type the {name} without the / at the end, like trk.example."),
            )
        } else if let Some(found) = value
            .chars()
            .find(|ch| matches!(ch, '/' | '?' | '#' | '@' | '\\') || ch.is_whitespace())
        {
            let shown = if found.is_whitespace() {
                "a space".to_owned()
            } else {
                format!("`{found}`")
            };
            (
                format!("the value of {name} holds {shown}, which changes where the request goes"),
                format!("Type only the {name} here, like trk.example: no path, no ?, no spaces."),
            )
        } else {
            continue;
        };
        c.report(
            Rule::AddressValue,
            Severity::Error,
            message,
            fix,
            Spot::Value { name: name.clone() },
        );
    }
}

/// Words of value names that are web addresses by design, where a pasted URL is what
/// belongs (`return_url`, `lp`, `referrer` …); matched as whole words of the name, so
/// `clickref` is not one.
const URL_VALUE_WORDS: [&str; 14] = [
    "url",
    "uri",
    "link",
    "href",
    "ref",
    "referrer",
    "referer",
    "landing",
    "lp",
    "redirect",
    "target",
    "dest",
    "destination",
    "page",
];

/// A whole web address pasted into a value that is not one, such as the click ID: the URL
/// then carries it percent-encoded. When the pasted address holds a click ID, the fix offers
/// it.
fn pasted_urls(c: &mut Checker<'_>) {
    let segments = c.input.expansion.segments.clone();
    for segment in &segments {
        let Some(filled) = &segment.filled else {
            continue;
        };
        if matches!(filled.place, Place::Scheme | Place::Authority) {
            continue;
        }
        let name = filled.name.to_ascii_lowercase();
        let is_url_name = name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| URL_VALUE_WORDS.contains(&word))
            || name.ends_with("url");
        if is_url_name {
            continue;
        }
        let Ok(pasted) = crate::parse_url(filled.value.trim()) else {
            continue;
        };
        if !matches!(pasted.scheme(), "http" | "https") {
            continue;
        }
        let click_id = pasted.query_pairs().find(|(key, value)| {
            !value.is_empty() && crate::known_param(key).is_some_and(|k| k.group.is_click_id())
        });
        let fix = match click_id {
            Some((key, value)) => format!(
                "Type only the {}: the address you pasted holds {key}={value}, so type {value}.",
                filled.name
            ),
            None => format!(
                "Type only the {} here, not the whole address: the Extract card finds values \
                 in a pasted URL.",
                filled.name
            ),
        };
        c.report(
            Rule::PastedUrl,
            Severity::Warning,
            format!("the value of {} is a whole web address", filled.name),
            fix,
            Spot::Value {
                name: filled.name.clone(),
            },
        );
    }
}

fn template_syntax(c: &mut Checker<'_>) {
    let source = c.input.template.source();
    for m in c.input.template.macros().to_vec() {
        let MacroKind::Placeholder(syntax) = m.kind else {
            continue;
        };
        let (open, close) = syntax.delimiters();
        let written = m.span.slice(source).unwrap_or_default();
        let inner = written
            .get(open.len()..written.len().saturating_sub(close.len()))
            .unwrap_or_default();
        if inner.trim() == inner {
            continue;
        }
        let tight = format!("{open}{}{close}", inner.trim());
        // A non-breaking space or a tab looks like nothing: write it out.
        let written: String = written
            .chars()
            .map(|ch| match ch {
                ' ' => " ".to_owned(),
                ch if ch.is_whitespace() => format!("⟨U+{:04X}⟩", u32::from(ch)),
                ch => ch.to_string(),
            })
            .collect();
        c.report(
            Rule::TemplateSyntax,
            Severity::Error,
            format!(
                "`{written}` has a space inside it: the platform replaces only `{tight}`, so it \
                 would arrive as it is"
            ),
            format!("Remove the spaces: write {tight}."),
            Spot::Template(m.span),
        );
    }
    for problem in c.input.template.problems().to_vec() {
        let span = problem.span().unwrap_or_default();
        c.report(
            Rule::TemplateSyntax,
            Severity::Error,
            format!("{problem}: it is sent as plain text"),
            problem.hint(),
            Spot::Template(span),
        );
    }
}

fn leftover_macros(c: &mut Checker<'_>) {
    let Ok(sent) = Template::parse_with(c.url, TextKind::Url, SyntaxChoice::Detect) else {
        return;
    };
    // Once, as a set: asked per macro, a template of thousands of macros froze the page.
    let own: std::collections::HashSet<String> = c
        .input
        .template
        .names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    for m in sent.macros() {
        c.leftovers.push(m.span);
        let written = m.span.slice(c.url).unwrap_or_default().to_owned();
        let spot = c.at(m.span);
        match m.kind {
            MacroKind::Sentinel => c.report(
                Rule::SentinelLeft,
                Severity::Error,
                format!(
                    "`{written}` is still in the URL: it is {}, and sent as it is it records \
                     nothing",
                    placeholder_owner(c.input.preset, &written)
                ),
                format!("Type the real value for {} in its input.", m.name),
                spot,
            ),
            MacroKind::Placeholder(_) => c.report(
                Rule::UnreplacedMacro,
                Severity::Error,
                format!("the macro `{written}` is still in the URL and would arrive literally"),
                format!("Type a value for {}, or remove the macro.", m.name),
                spot,
            ),
        }
        // A macro of the template itself, not typed yet: a value to fill.
        if own.contains(&m.name) {
            c.waiting_for(&m.name);
        }
    }
}

/// Whose placeholder `word` is: the chosen platform's when its template has it, else the
/// platforms whose templates have it ("a placeholder of BeMob, Voluum"), else "a placeholder
/// word".
fn placeholder_owner(chosen: Option<&crate::Preset>, word: &str) -> String {
    if let Some(p) = chosen.filter(|p| p.template.contains(word)) {
        return format!("{}'s placeholder", p.name);
    }
    let owners: Vec<&str> = crate::PRESETS
        .iter()
        .filter(|p| p.template.contains(word))
        .map(|p| p.name)
        .collect();
    match owners.as_slice() {
        [] => "a placeholder word".to_owned(),
        [one] => format!("{one}'s placeholder"),
        many => format!("a placeholder of {}", many.join(", ")),
    }
}

fn encoded_macros(c: &mut Checker<'_>) {
    let lower = c.url.to_ascii_lowercase();
    let mut from = 0;
    while let Some(rest) = lower.get(from..) {
        let hit = ENCODED_DELIMITERS
            .iter()
            .filter_map(|(open, close)| rest.find(open).map(|i| (i, *open, *close)))
            .min_by_key(|(i, open, _)| (*i, usize::MAX - open.len()));
        let Some((i, open, close)) = hit else { break };
        let start = from + i;
        let inner_start = start + open.len();
        let inner = lower.get(inner_start..).unwrap_or_default();
        let name_len = inner
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.')))
            .unwrap_or(inner.len());
        if name_len > 0 && inner.get(name_len..).is_some_and(|r| r.starts_with(close)) {
            let span = Span::new(start, inner_start + name_len + close.len());
            let written = span.slice(c.url).unwrap_or_default().to_owned();
            let spot = c.at(span);
            c.report(
                Rule::UnreplacedMacro,
                Severity::Error,
                format!(
                    "`{written}` is `{}` percent-encoded: a macro that was never replaced",
                    decode_lossy(&written)
                ),
                "Replace the macro with a real value before the postback is sent; the sender \
                 must fill it in, not encode it."
                    .to_owned(),
                spot,
            );
            from = span.end;
        } else {
            from = start + 1;
        }
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        None => false,
    }
}

fn url_shape(c: &mut Checker<'_>) {
    let url = c.url;
    let layout = QueryLayout::of(url);
    if let Some(fragment) = layout.fragment.filter(|_| layout.query_in_fragment(url)) {
        let hash = fragment.start - 1;
        let spot = c.at(Span::new(hash, hash + 1));
        c.report(
            Rule::FragmentBeforeQuery,
            Severity::Error,
            "the `#` comes before the `?`: everything after `#` stays in the browser, so the \
             server never sees the query"
                .to_owned(),
            "Move the #fragment after the query, or remove it.".to_owned(),
            spot,
        );
    }
    let unfilled_host = c.input.template.macros().iter().any(|m| {
        matches!(m.place, Place::Scheme | Place::Authority)
            && c.input.expansion.unfilled.contains(&m.name)
    });
    match crate::parse_url(url) {
        Ok(parsed) if !unfilled_host && !crate::request::has_written_host(url) => {
            c.report(
                Rule::InvalidUrl,
                Severity::Error,
                format!(
                    "there is no domain right after {}://, so the browser would take the path \
                     for the domain",
                    parsed.scheme()
                ),
                "Type the receiver's domain after the scheme, like https://trk.example/postback."
                    .to_owned(),
                Spot::Template(Span::new(0, c.input.template.source().len())),
            );
        }
        Ok(parsed) => {
            if parsed.scheme() == "http" && !is_loopback(&parsed) {
                let spot = c.in_template(Span::new(0, 4));
                c.report(
                    Rule::InsecureHttp,
                    Severity::Warning,
                    "`http://` is not encrypted, and a page served over https (like this one) \
                     cannot send it: the browser blocks it before it leaves"
                        .to_owned(),
                    "Use https:// if the receiver supports it; otherwise send the postback \
                     from a terminal or a server, where no browser blocks it."
                        .to_owned(),
                    spot,
                );
            }
        }
        Err(_) if unfilled_host => {}
        Err(e) => {
            let spot = Spot::Template(Span::new(0, c.input.template.source().len()));
            c.report(
                Rule::InvalidUrl,
                Severity::Error,
                format!("this is not a URL a browser can send: {e}"),
                "Start the template with https:// and the receiver's domain, like \
                 https://trk.example/postback?cid={clickid}"
                    .to_owned(),
                spot,
            );
        }
    }
}

fn characters(c: &mut Checker<'_>) {
    let url = c.url;
    // The query as written, even behind a misplaced `#`.
    let written = written_query_pairs(url);
    let query = written
        .first()
        .zip(written.last())
        .map(|(first, last)| Span::new(first.span.start, last.span.end));
    for (i, ch) in url.char_indices() {
        let span = Span::new(i, i + ch.len_utf8());
        if c.is_leftover(span) {
            continue;
        }
        if ch == ' ' || matches!(ch, '"' | '<' | '>' | '`') || ch.is_control() {
            let shown = if ch == ' ' {
                "a space".to_owned()
            } else {
                format!("`{}`", ch.escape_default())
            };
            let spot = c.at(span);
            c.report(
                Rule::UnencodedCharacter,
                Severity::Error,
                format!("{shown} is not allowed in a URL unencoded; receivers cut or reject it"),
                "Encode it (a space is %20) or remove it.".to_owned(),
                spot,
            );
        }
        if c.url.get(i..).is_some_and(|r| {
            r.len() >= 5
                && r.starts_with("%25")
                && r.as_bytes()
                    .iter()
                    .skip(3)
                    .take(2)
                    .all(u8::is_ascii_hexdigit)
        }) {
            let span = Span::new(i, i + 5);
            let written = span.slice(url).unwrap_or_default().to_owned();
            let spot = c.at(span);
            c.report(
                Rule::DoubleEncoding,
                Severity::Warning,
                format!(
                    "`{written}` looks encoded twice: the receiver gets `{}` instead of `{}`",
                    decode_lossy(&written),
                    decode_lossy(&decode_lossy(&written))
                ),
                "Type values decoded: the builder encodes each value once.".to_owned(),
                spot,
            );
        }
        if ch == '+' && query.is_some_and(|q| q.start <= i && i < q.end) {
            let spot = c.at(span);
            c.report(
                Rule::PlusInValue,
                Severity::Warning,
                "a `+` in the query is read as a space by most receivers".to_owned(),
                "Write %2B for a plus sign, or %20 for a space.".to_owned(),
                spot,
            );
        }
    }
    // A raw macro ({_name}) inserts its value unencoded: `&`, `=` or `#` in it break the URL.
    for segment in &c.input.expansion.segments {
        let Some(filled) = &segment.filled else {
            continue;
        };
        if !filled.raw {
            continue;
        }
        if let Some(ch) = filled
            .value
            .chars()
            .find(|ch| matches!(ch, '&' | '=' | '#' | ' '))
        {
            c.findings.push(Finding {
                rule: Rule::UnencodedCharacter,
                severity: Severity::Error,
                message: format!(
                    "the raw macro inserts {} unencoded, which splits or ends the parameter",
                    if ch == ' ' {
                        "a space".to_owned()
                    } else {
                        format!("`{ch}`")
                    }
                ),
                fix: "Use the encoded form of the macro (without `_`), or remove the character."
                    .to_owned(),
                spot: Spot::Value {
                    name: filled.name.clone(),
                },
                waiting_for: None,
            });
        }
    }
}

fn duplicate_keys(c: &mut Checker<'_>, pairs: &[Pair<'_>]) {
    for (i, pair) in pairs.iter().enumerate() {
        if pairs.iter().take(i).any(|earlier| earlier.key == pair.key) {
            let spot = c.in_template(pair.key_span);
            c.report(
                Rule::DuplicateKey,
                Severity::Warning,
                format!(
                    "`{}` appears twice: receivers read either the first or the last",
                    pair.decoded_key()
                ),
                "Keep one of them.".to_owned(),
                spot,
            );
        }
    }
}

/// Keys compared loosely: lowercase, without `_` and `-`.
fn loose(key: &str) -> String {
    key.chars()
        .filter(|ch| !matches!(ch, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn click_id(c: &mut Checker<'_>, pairs: &[Pair<'_>]) {
    let Some(preset) = c.input.preset else { return };
    let Some(expected) = preset.click_id_keys.first() else {
        return;
    };
    let found = pairs
        .iter()
        .find(|p| preset.click_id_keys.contains(&p.decoded_key().as_str()));
    let Some(pair) = found else {
        let near = pairs.iter().find(|p| {
            let key = p.decoded_key();
            preset.click_id_keys.iter().any(|k| {
                loose(&key) == loose(k)
                    || strsim::levenshtein(&key.to_lowercase(), &k.to_lowercase()) <= 2
            })
        });
        let (message, fix, spot) = match near {
            Some(p) => (
                format!(
                    "`{}` is not the click-ID key {} reads; did you mean `{expected}`?",
                    p.decoded_key(),
                    preset.name
                ),
                format!("Rename `{}` to `{expected}`.", p.decoded_key()),
                c.in_template(p.key_span),
            ),
            None => {
                let layout = QueryLayout::of(c.url);
                let end = layout.fragment.map_or(c.url.len(), |f| f.start - 1);
                (
                    format!(
                        "the click-ID key `{expected}` is missing: {} cannot match the \
                         conversion to a click",
                        preset.name
                    ),
                    format!("Add `&{expected}={{{expected}}}` to the query."),
                    c.in_template(Span::new(end, end)),
                )
            }
        };
        c.report(Rule::ClickIdMissing, Severity::Error, message, fix, spot);
        return;
    };
    if c.is_leftover(pair.value_span) || pair.value_span.is_empty() && c.is_leftover(pair.key_span)
    {
        return;
    }
    let value = pair.decoded_value();
    if value.is_empty() {
        let spot = c.in_template(pair.value_span);
        c.report(
            Rule::ClickIdEmpty,
            Severity::Error,
            format!("the click ID `{}` is empty", pair.decoded_key()),
            "Put the click ID from the tracking link here.".to_owned(),
            spot,
        );
        return;
    }
    if let Some(shape) = preset.click_id_shape.filter(|s| !s.fits(&value)) {
        let spot = c.at(pair.value_span);
        c.report(
            Rule::ClickIdShape,
            Severity::Warning,
            format!(
                "`{value}` does not look like a {} click ID, which is {}",
                preset.name,
                shape.describe()
            ),
            "Copy the click ID exactly as the tracking link received it.".to_owned(),
            spot,
        );
    }
}

fn payout(c: &mut Checker<'_>, pairs: &[Pair<'_>]) {
    for pair in pairs {
        let key = pair.decoded_key();
        let is_payout = match c.input.preset {
            Some(preset) => preset.role_of(&key) == Some(Role::Payout),
            None => PAYOUT_KEYS.contains(&key.to_lowercase().as_str()),
        };
        if !is_payout || c.is_leftover(pair.value_span) {
            continue;
        }
        let value = pair.decoded_value();
        if value.is_empty() {
            continue;
        }
        let problem = if value.contains(CURRENCY_SIGNS) {
            Some((
                Severity::Error,
                format!("the payout `{value}` has a currency sign"),
            ))
        } else if value.contains(',') {
            Some((
                Severity::Error,
                format!(
                    "the payout `{value}` has a comma, read as a thousands separator or cut off"
                ),
            ))
        } else if !is_plain_decimal(value.trim()) {
            Some((
                Severity::Warning,
                format!("the payout `{value}` is not a number"),
            ))
        } else {
            None
        };
        if let Some((severity, message)) = problem {
            let spot = c.at(pair.value_span);
            c.report(
                Rule::PayoutFormat,
                severity,
                message,
                "Write the amount with a dot for decimals and nothing else, like 1234.50; send \
                 the currency in its own parameter."
                    .to_owned(),
                spot,
            );
        }
    }
}

fn status(c: &mut Checker<'_>, pairs: &[Pair<'_>]) {
    let Some(preset) = c.input.preset.filter(|p| !p.statuses.is_empty()) else {
        return;
    };
    for pair in pairs {
        if preset.role_of(&pair.decoded_key()) != Some(Role::Status)
            || c.is_leftover(pair.value_span)
        {
            continue;
        }
        let value = pair.decoded_value();
        if value.is_empty() || preset.statuses.contains(&value.as_str()) {
            continue;
        }
        let spot = c.at(pair.value_span);
        c.report(
            Rule::StatusVocabulary,
            Severity::Warning,
            format!(
                "`{value}` is not a status {} knows: {} (case matters)",
                preset.name,
                preset.statuses.join(", ")
            ),
            format!("Use one of {}.", preset.statuses.join(", ")),
            spot,
        );
    }
}

fn looks_like_email(value: &str) -> bool {
    value.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !value.contains(' ')
    })
}

fn looks_like_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    value.starts_with('+')
        && (8..=15).contains(&digits)
        && value
            .chars()
            .skip(1)
            .all(|ch| ch.is_ascii_digit() || matches!(ch, ' ' | '-' | '(' | ')' | '.'))
}

fn personal_data(c: &mut Checker<'_>, pairs: &[Pair<'_>]) {
    for pair in pairs {
        let key = pair.decoded_key();
        let known = c.input.preset.is_some_and(|p| p.role_of(&key).is_some());
        if !known && PERSONAL_KEYS.contains(&key.to_lowercase().as_str()) {
            let spot = c.in_template(pair.key_span);
            c.report(
                Rule::PersonalData,
                Severity::Warning,
                format!("`{key}` sends personal data in the URL, where logs and proxies keep it"),
                "Send a non-identifying ID instead, or leave it out.".to_owned(),
                spot,
            );
            continue;
        }
        if c.is_leftover(pair.value_span) {
            continue;
        }
        let value = pair.decoded_value();
        let kind = if looks_like_email(&value) {
            "an e-mail address"
        } else if looks_like_phone(&value) {
            "a phone number"
        } else {
            continue;
        };
        let spot = c.at(pair.value_span);
        c.report(
            Rule::PersonalData,
            Severity::Warning,
            format!(
                "the value of `{key}` looks like {kind}: personal data in a URL is kept in logs"
            ),
            "Send a non-identifying ID instead, unless the receiver requires it.".to_owned(),
            spot,
        );
    }
}

/// Whether `text` is an amount as receivers read it: digits, at most one dot with digits after
/// it, and an optional leading minus (a refund). `1e3`, `inf`, `NaN` and `.5` are not.
fn is_plain_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}
