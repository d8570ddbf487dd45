//! Finding macros in a template: placeholders of the allowed syntax families, sentinel words,
//! and the place each one stands in.

use super::{
    macros::{Macro, MacroKind, Place, TemplateError, TextKind, REPLACE_ME, SENTINELS},
    syntax::{Syntax, SyntaxChoice},
};
use crate::Span;

/// How far a parse looks for a closing delimiter before calling a macro unclosed.
const MAX_MACRO_LEN: usize = 256;

/// A placeholder found at one position, before its place is known.
struct Found {
    name: String,
    span: Span,
    syntax: Syntax,
    raw: bool,
    args: Option<String>,
}

enum Attempt {
    Macro(Found),
    Malformed(TemplateError, usize),
}

/// Every macro of `source`, in order, and the malformed ones as problems.
pub(super) fn parse(
    source: &str,
    kind: TextKind,
    choice: SyntaxChoice,
) -> (Vec<Macro>, Vec<TemplateError>) {
    let (found, problems) = placeholders(source, choice);
    let macros = place(source, kind, found);
    (macros, problems)
}

fn placeholders(source: &str, choice: SyntaxChoice) -> (Vec<Found>, Vec<TemplateError>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut at = 0;
    'scan: while let Some(rest) = source.get(at..) {
        let Some(c) = rest.chars().next() else { break };
        for syntax in Syntax::ALL {
            if !choice.allows(syntax) || !rest.starts_with(syntax.delimiters().0) {
                continue;
            }
            match attempt(rest, at, syntax) {
                Attempt::Macro(m) => {
                    at = m.span.end;
                    found.push(m);
                    continue 'scan;
                }
                Attempt::Malformed(problem, skip) if syntax.reports_malformed() => {
                    problems.push(problem);
                    at += skip;
                    continue 'scan;
                }
                Attempt::Malformed(..) => {}
            }
        }
        at += c.len_utf8();
    }
    (found, problems)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Tries to read one macro of `syntax` at the start of `rest`, which stands at `at`.
fn attempt(rest: &str, at: usize, syntax: Syntax) -> Attempt {
    let (open, close) = syntax.delimiters();
    let inner_start = open.len();
    let window = rest
        .get(inner_start..)
        .unwrap_or_default()
        .char_indices()
        .take_while(|(i, c)| *i < MAX_MACRO_LEN && *c != '\n')
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let inner_window = rest
        .get(inner_start..inner_start + window)
        .unwrap_or_default();
    let unclosed = || {
        Attempt::Malformed(
            TemplateError::Unclosed {
                span: Span::new(at, at + open.len()),
                opener: open.to_owned(),
            },
            open.len(),
        )
    };
    let Some(close_at) = inner_window.find(close) else {
        return unclosed();
    };
    let written = inner_window.get(..close_at).unwrap_or_default();
    // A second opener before the close means the first one was never closed: `{a{b}`.
    if syntax.reports_malformed() && written.contains(open) {
        return unclosed();
    }
    let len = inner_start + close_at + close.len();
    let span = Span::new(at, at + len);
    // `{ payout }` is the macro `payout` written with spaces: it is read under its trimmed
    // name, so its value has one input, and the lint says the platform needs it without them.
    let inner = if syntax.reports_malformed() {
        written.trim()
    } else {
        written
    };
    if inner.is_empty() {
        return Attempt::Malformed(TemplateError::EmptyName { span }, len);
    }
    let (raw, name, args) = match syntax {
        Syntax::Braces => {
            let (head, args) = match inner.split_once(':') {
                Some((head, args)) => (head, Some(args.to_owned())),
                None => (inner, None),
            };
            match head.strip_prefix('_').filter(|n| !n.is_empty()) {
                Some(name) => (true, name, args),
                None => (false, head, args),
            }
        }
        _ => (false, inner, None),
    };
    if name.is_empty() {
        return Attempt::Malformed(TemplateError::EmptyName { span }, len);
    }
    if let Some(found) = name.chars().find(|c| !is_name_char(*c)) {
        return Attempt::Malformed(TemplateError::InvalidName { span, found }, len);
    }
    Attempt::Macro(Found {
        name: name.to_owned(),
        span,
        syntax,
        raw,
        args,
    })
}

/// Where the scan stands in the text, for deciding each macro's place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Scheme,
    Authority,
    Path,
    Key,
    Value,
    Fragment,
    Json { in_string: bool, escaped: bool },
    Header,
}

/// Walks the text outside macros to give each macro its place and key, and adds the sentinel
/// words that stand as whole values.
fn place(source: &str, kind: TextKind, found: Vec<Found>) -> Vec<Macro> {
    let (key_place, value_place) = match kind {
        TextKind::Form => (Place::FormKey, Place::FormValue),
        _ => (Place::QueryKey, Place::QueryValue),
    };
    let mut state = match kind {
        TextKind::Url => State::Scheme,
        TextKind::Form => State::Key,
        TextKind::Json => State::Json {
            in_string: false,
            escaped: false,
        },
        TextKind::Header => State::Header,
    };
    let mut macros = Vec::with_capacity(found.len());
    let mut pending = found.into_iter().peekable();
    let mut key = String::new();
    let mut value_start = 0;
    let mut value_has_macro = false;

    let mut at = 0;
    while let Some(rest) = source.get(at..) {
        if let Some(m) = pending.next_if(|m| m.span.start == at) {
            let place = match state {
                State::Scheme => Place::Scheme,
                State::Authority => Place::Authority,
                State::Path => Place::Path,
                State::Key => key_place,
                State::Value => value_place,
                State::Fragment => Place::Fragment,
                State::Json { in_string, .. } => {
                    if in_string {
                        Place::JsonString
                    } else {
                        Place::JsonBare
                    }
                }
                State::Header => Place::Header,
            };
            let written = m.span.slice(source).unwrap_or_default();
            let value_key = (state == State::Value).then(|| key.clone());
            if state == State::Key {
                key.push_str(written);
            }
            if state == State::Value {
                value_has_macro = true;
            }
            let sentinel = m.syntax == Syntax::Braces && m.name == REPLACE_ME;
            macros.push(Macro {
                name: match (&value_key, sentinel) {
                    (Some(k), true) if !k.is_empty() => k.clone(),
                    _ => m.name,
                },
                span: m.span,
                kind: if sentinel {
                    MacroKind::Sentinel
                } else {
                    MacroKind::Placeholder(m.syntax)
                },
                raw: m.raw,
                args: m.args,
                place,
                key: value_key.filter(|k| !k.is_empty()),
            });
            at = m.span.end;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        let next = at + c.len_utf8();
        state = match (state, c) {
            (State::Scheme, ':') if rest.starts_with("://") => {
                at += 3;
                state = State::Authority;
                continue;
            }
            (State::Scheme | State::Authority, '/') => State::Path,
            (State::Scheme | State::Authority | State::Path, '?') => {
                key.clear();
                State::Key
            }
            (State::Scheme | State::Authority | State::Path, '#') => State::Fragment,
            (State::Key, '=') => {
                value_start = next;
                value_has_macro = false;
                State::Value
            }
            (State::Key, '&') => {
                key.clear();
                State::Key
            }
            (State::Key, '#') if kind == TextKind::Url => State::Fragment,
            (State::Key, c) => {
                key.push(c);
                State::Key
            }
            (State::Value, '&' | '#') if c == '&' || kind == TextKind::Url => {
                macros.extend(sentinel(
                    source,
                    Span::new(value_start, at),
                    &key,
                    value_has_macro,
                    value_place,
                ));
                if c == '&' {
                    key.clear();
                    State::Key
                } else {
                    State::Fragment
                }
            }
            (State::Json { in_string, escaped }, c) => State::Json {
                in_string: if in_string {
                    escaped || c != '"'
                } else {
                    c == '"'
                },
                escaped: in_string && !escaped && c == '\\',
            },
            (state, _) => state,
        };
        at = next;
    }
    if state == State::Value {
        macros.extend(sentinel(
            source,
            Span::new(value_start, source.len()),
            &key,
            value_has_macro,
            value_place,
        ));
    }
    macros.sort_by_key(|m| m.span.start);
    macros
}

/// A sentinel word standing as the whole value at `span`, if there is one.
fn sentinel(source: &str, span: Span, key: &str, has_macro: bool, place: Place) -> Option<Macro> {
    let text = span.slice(source)?;
    if has_macro || !SENTINELS.contains(&text) {
        return None;
    }
    Some(Macro {
        name: if key.is_empty() {
            text.to_owned()
        } else {
            key.to_owned()
        },
        span,
        kind: MacroKind::Sentinel,
        raw: false,
        args: None,
        place,
        key: Some(key.to_owned()).filter(|k| !k.is_empty()),
    })
}
