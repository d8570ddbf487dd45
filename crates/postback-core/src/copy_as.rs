//! A request as a command or code to run elsewhere: curl, HTTPie, PowerShell and JavaScript
//! `fetch`, each quoting the exact bytes for its own shell or language.

use serde::Serialize;

use crate::FireRequest;

/// Where the request is copied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CopyTarget {
    /// `curl` in a POSIX shell.
    Curl,
    /// HTTPie's `http` in a POSIX shell.
    Httpie,
    /// PowerShell's `Invoke-WebRequest`.
    PowerShell,
    /// JavaScript `fetch`, for a browser console or Node.
    Fetch,
}

impl CopyTarget {
    /// Every target, in menu order.
    pub const ALL: [CopyTarget; 4] = [Self::Curl, Self::Httpie, Self::PowerShell, Self::Fetch];

    /// The name shown on the copy button.
    pub fn label(self) -> &'static str {
        match self {
            Self::Curl => "curl",
            Self::Httpie => "HTTPie",
            Self::PowerShell => "PowerShell",
            Self::Fetch => "JavaScript fetch",
        }
    }
}

/// `text` as one POSIX shell word: single-quoted, each `'` written as `'\''`.
fn sh(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The characters PowerShell reads as a single quote: `'` and the curly ones (U+2018–U+201B).
const PS_SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201a}', '\u{201b}'];

/// `text` as a PowerShell verbatim string: single-quoted, each single quote of any kind
/// doubled (PowerShell ends a string on a curly quote too, and keeps the second of a pair).
fn ps(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if PS_SINGLE_QUOTES.contains(&c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// `text` as a JavaScript string literal (JSON is valid JavaScript here).
fn js(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// The request as `target` would send it.
///
/// ```
/// use postback_core::{copy_as, CopyTarget, FireRequest};
///
/// // A quote survives in a path (the URL parser encodes it in a query).
/// let request = FireRequest::get("https://t.example/it's/pb")?;
/// assert_eq!(copy_as(&request, CopyTarget::Curl), "curl -X GET 'https://t.example/it'\\''s/pb'");
/// assert_eq!(copy_as(&request, CopyTarget::PowerShell), "Invoke-WebRequest -Method GET -Uri 'https://t.example/it''s/pb'");
/// # Ok::<(), postback_core::RequestError>(())
/// ```
pub fn copy_as(request: &FireRequest, target: CopyTarget) -> String {
    let method = request.method().as_str();
    let url = request.url();
    let headers = request.headers();
    let body = request.body();
    match target {
        CopyTarget::Curl => {
            let mut words = vec![
                "curl".to_owned(),
                "-X".to_owned(),
                method.to_owned(),
                sh(url),
            ];
            for (name, value) in headers {
                words.push("-H".to_owned());
                words.push(sh(&format!("{name}: {value}")));
            }
            if let Some(body) = body {
                words.push("--data-raw".to_owned());
                words.push(sh(body));
            }
            words.join(" ")
        }
        CopyTarget::Httpie => {
            let mut words = vec!["http".to_owned(), "--ignore-stdin".to_owned()];
            if let Some(body) = body {
                words.push("--raw".to_owned());
                words.push(sh(body));
            }
            words.push(method.to_owned());
            words.push(sh(url));
            for (name, value) in headers {
                words.push(sh(&format!("{name}:{value}")));
            }
            words.join(" ")
        }
        CopyTarget::PowerShell => {
            let mut line = format!("Invoke-WebRequest -Method {method} -Uri {}", ps(url));
            if !headers.is_empty() {
                let pairs: Vec<String> = headers
                    .iter()
                    .map(|(n, v)| format!("{}={}", ps(n), ps(v)))
                    .collect();
                line.push_str(&format!(" -Headers @{{{}}}", pairs.join("; ")));
            }
            if let Some(body) = body {
                line.push_str(&format!(" -Body {}", ps(body)));
            }
            line
        }
        CopyTarget::Fetch => {
            let mut options = vec![format!("method: {}", js(method))];
            if !headers.is_empty() {
                let pairs: Vec<String> = headers
                    .iter()
                    .map(|(n, v)| format!("{}: {}", js(n), js(v)))
                    .collect();
                options.push(format!("headers: {{ {} }}", pairs.join(", ")));
            }
            if let Some(body) = body {
                options.push(format!("body: {}", js(body)));
            }
            format!("await fetch({}, {{ {} }});", js(url), options.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Method;
    use proptest::prelude::*;

    const HOSTILE: &str = "a'b\"c $(rm -rf /) `x` ; & | \\ %s \n é ' '' \t";

    fn hostile_request() -> FireRequest {
        let url = format!(
            "https://t.example/pb?v={}",
            crate::encode::url_component(HOSTILE)
        );
        FireRequest::new(
            Method::Post,
            &url,
            "X-Sig: t=1,v1='x' \"y\" $z",
            Some(HOSTILE.to_owned()),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn curl_words_split_back_to_the_exact_bytes() {
        let request = hostile_request();
        let words = shell_words::split(&copy_as(&request, CopyTarget::Curl));
        let want: Vec<String> = [
            "curl",
            "-X",
            "POST",
            request.url(),
            "-H",
            "X-Sig: t=1,v1='x' \"y\" $z",
            "--data-raw",
            HOSTILE,
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(words.ok(), Some(want));
    }

    #[test]
    fn httpie_words_split_back_to_the_exact_bytes() {
        let request = hostile_request();
        let words = shell_words::split(&copy_as(&request, CopyTarget::Httpie));
        let want: Vec<String> = [
            "http",
            "--ignore-stdin",
            "--raw",
            HOSTILE,
            "POST",
            request.url(),
            "X-Sig:t=1,v1='x' \"y\" $z",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(words.ok(), Some(want));
    }

    #[test]
    fn powershell_curly_quotes_are_doubled_like_straight_ones() {
        let cases = [
            (
                "x’; Start-Process calc.exe; ’x",
                "'x’’; Start-Process calc.exe; ’’x'",
            ),
            ("‘a‚b‛", "'‘‘a‚‚b‛‛'"),
            ("plain", "'plain'"),
            ("“double”", "'“double”'"),
        ];
        for (text, want) in cases {
            assert_eq!(ps(text), want, "{text}");
        }
    }

    #[test]
    fn powershell_strings_are_verbatim_with_quotes_doubled() {
        let line = copy_as(&hostile_request(), CopyTarget::PowerShell);
        assert!(
            line.contains("-Body 'a''b\"c $(rm -rf /) `x` ; & | \\ %s \n é '' '''' \t'"),
            "{line}"
        );
        assert!(
            line.contains("-Headers @{'X-Sig'='t=1,v1=''x'' \"y\" $z'}"),
            "{line}"
        );
    }

    #[test]
    fn fetch_strings_are_json_literals_that_parse_back() {
        let line = copy_as(&hostile_request(), CopyTarget::Fetch);
        let body_at = line.find("body: ").map(|i| i + 6).unwrap_or_default();
        let literal = line
            .get(body_at..line.len() - " });".len())
            .unwrap_or_default();
        let back: Result<String, _> = serde_json::from_str(literal);
        assert_eq!(back.ok().as_deref(), Some(HOSTILE));
        assert!(
            line.starts_with("await fetch(\"https://t.example/pb?v="),
            "{line}"
        );
    }

    proptest! {
        #[test]
        fn any_body_survives_the_posix_quoting(body in any::<String>()) {
            prop_assume!(!body.contains('\0'));
            let request = FireRequest::new(Method::Post, "https://t.example/", "", Some(body.clone()));
            prop_assert!(request.is_ok());
            let Ok(request) = request else { return Ok(()) };
            let words = shell_words::split(&copy_as(&request, CopyTarget::Curl)).ok();
            prop_assert_eq!(words.and_then(|w| w.last().cloned()), Some(body));
        }
    }
}
