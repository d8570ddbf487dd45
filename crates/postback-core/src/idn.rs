//! Unicode host names (`bücher.example`), and the one URL parser the core uses, [`parse_url`].
//!
//! `Cargo.lock` pins url's IDNA back end to `idna_adapter` 1.0, which has no Unicode tables,
//! so that they stay out of the page's WebAssembly (46 KiB of its gzip download). ASCII and
//! punycode (`xn--`) hosts parse as before; a host with other characters is first turned into
//! its ASCII form by the platform's converter: natively UTS 46 from `idna` 0.5 (its own
//! tables), in the page the browser's own URL parser, which the page registers at start-up
//! with [`set_host_to_ascii`].

use std::sync::OnceLock;

use url::Url;

/// Turns one host name into its ASCII (punycode) form, or `None` when it is not a valid one.
pub type HostToAscii = fn(&str) -> Option<String>;

/// The converter the page registered; natively, [`native_host_to_ascii`] is used without one.
static CONVERTER: OnceLock<HostToAscii> = OnceLock::new();

/// Registers how a Unicode host name becomes ASCII, for a build without native Unicode tables
/// (the page: the browser's URL parser). The first registration stays; later ones are ignored.
pub fn set_host_to_ascii(convert: HostToAscii) {
    let _ = CONVERTER.set(convert);
}

/// Parses `input` as [`Url::parse`] does, accepting a host name in any script.
///
/// # Errors
///
/// [`url::ParseError`] as [`Url::parse`] gives it; [`url::ParseError::IdnaError`] for a
/// Unicode host name that is not valid, or when no converter is available.
///
/// ```
/// let url = postback_core::parse_url("https://Bücher.example/pb?cid=1")?;
/// assert_eq!(url.as_str(), "https://xn--bcher-kva.example/pb?cid=1");
/// assert_eq!(postback_core::parse_url("https://xn--bcher-kva.example/")?.host_str(), Some("xn--bcher-kva.example"));
/// # Ok::<(), url::ParseError>(())
/// ```
pub fn parse_url(input: &str) -> Result<Url, url::ParseError> {
    // The URL standard drops tabs and line breaks anywhere before it reads a URL.
    let cleaned;
    let input = if input.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        cleaned = input.replace(['\t', '\n', '\r'], "");
        cleaned.as_str()
    } else {
        input
    };
    let Some((start, end)) = host_span(input) else {
        return Url::parse(input);
    };
    let written = input.get(start..end).unwrap_or_default();
    let host = percent_encoding::percent_decode_str(written).decode_utf8_lossy();
    if host.is_ascii() {
        // The table-less back end calls every ASCII host it cannot read an international one.
        return match Url::parse(input) {
            Err(url::ParseError::IdnaError) if host.contains(|c: char| !is_label_char(c)) => {
                Err(url::ParseError::InvalidDomainCharacter)
            }
            parsed => parsed,
        };
    }
    // A non-ASCII host never reaches url, whose back end has no tables for it. What url would
    // refuse in a host is refused here first: a converter given `a/b.ü` would answer `a`.
    if host.contains(is_forbidden_in_domain) {
        return Err(url::ParseError::InvalidDomainCharacter);
    }
    let ascii = convert(&host).ok_or(url::ParseError::IdnaError)?;
    if !ascii.is_ascii() || ascii.contains(is_forbidden_in_domain) {
        return Err(url::ParseError::IdnaError);
    }
    let rebuilt = format!(
        "{}{ascii}{}",
        input.get(..start).unwrap_or_default(),
        input.get(end..).unwrap_or_default()
    );
    Url::parse(&rebuilt)
}

/// The URL standard's forbidden domain code points: none may be in a host.
fn is_forbidden_in_domain(c: char) -> bool {
    c <= ' '
        || c == '\u{7f}'
        || matches!(
            c,
            '#' | '/' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '^' | '|' | '%'
        )
}

/// What a host label may hold in ASCII.
fn is_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')
}

/// The schemes whose hosts are domain names: the URL standard's special schemes.
const DOMAIN_SCHEMES: [&str; 6] = ["http", "https", "ws", "wss", "ftp", "file"];

/// The byte span of the host in `scheme://[user@]host[:port]…`, for a scheme with domain
/// hosts, read as leniently as the URL standard reads it (`https:host`, `https:\\host`).
fn host_span(input: &str) -> Option<(usize, usize)> {
    let lead = input.len() - input.trim_start_matches(|c: char| c <= ' ').len();
    let colon = lead + input.get(lead..)?.find(':')?;
    let scheme = input.get(lead..colon)?;
    if !DOMAIN_SCHEMES
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme))
    {
        return None;
    }
    let after = input.get(colon + 1..)?;
    let slashes = after.len() - after.trim_start_matches(['/', '\\']).len();
    // `file:` has a host only right after exactly two slashes (`file:///x` has none).
    if scheme.eq_ignore_ascii_case("file") && slashes != 2 {
        return None;
    }
    let start = colon + 1 + slashes;
    let rest = input.get(start..)?;
    let authority_len = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = rest.get(..authority_len)?;
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host_and_port = authority.get(host_start..)?;
    let host_len = match host_and_port.rfind(':') {
        Some(colon)
            if host_and_port
                .get(colon + 1..)
                .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            colon
        }
        _ => host_and_port.len(),
    };
    Some((start + host_start, start + host_start + host_len))
}

fn convert(host: &str) -> Option<String> {
    match CONVERTER.get() {
        Some(convert) => convert(host),
        None => native_host_to_ascii(host),
    }
}

/// UTS 46 with `idna` 0.5's tables: every native build has them.
#[cfg(not(target_arch = "wasm32"))]
fn native_host_to_ascii(host: &str) -> Option<String> {
    idna_unicode::domain_to_ascii(host).ok()
}

/// The page has no tables of its own: it registers the browser's parser.
#[cfg(target_arch = "wasm32")]
fn native_host_to_ascii(_host: &str) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_hosts_parse_to_punycode_and_everything_else_parses_as_url_does() {
        let cases = [
            (
                "https://bücher.example/p?q=ü",
                "https://xn--bcher-kva.example/p?q=%C3%BC",
            ),
            (
                "https://user@MÜNCHEN.example:8443/x",
                "https://user@xn--mnchen-3ya.example:8443/x",
            ),
            (
                "http://пример.испытание#frag",
                "http://xn--e1afmkfd.xn--80akhbyknj4f/#frag",
            ),
            ("https://plain.example/ü", "https://plain.example/%C3%BC"),
            (
                "https://xn--bcher-kva.example/",
                "https://xn--bcher-kva.example/",
            ),
            ("https:bücher.example", "https://xn--bcher-kva.example/"),
            (
                "https://B%C3%BCcher.example/",
                "https://xn--bcher-kva.example/",
            ),
            ("  HTTPS://Bücher.example", "https://xn--bcher-kva.example/"),
            ("mailto:bücher@x.example", "mailto:b%C3%BCcher@x.example"),
            ("file://bücher.example/p", "file://xn--bcher-kva.example/p"),
            ("file:///bücher", "file:///b%C3%BCcher"),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse_url(input).map(String::from),
                Ok(want.to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn what_url_refuses_is_still_refused_with_its_reason() {
        let cases = [
            ("not a url", url::ParseError::RelativeUrlWithoutBase),
            (
                "https://bad host.example/",
                url::ParseError::InvalidDomainCharacter,
            ),
            (
                "https://a\u{200b}\u{fffd}.example/",
                url::ParseError::IdnaError,
            ),
            // Decoded, the host would hold a slash or an @: a converter must never see it.
            (
                "https://a%2Fb.bücher.example/",
                url::ParseError::InvalidDomainCharacter,
            ),
            (
                "https://ü%40evil.example/",
                url::ParseError::InvalidDomainCharacter,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(parse_url(input), Err(want), "{input}");
        }
    }

    #[test]
    fn the_host_is_found_between_the_user_and_the_port() {
        let cases = [
            ("https://h.example/p", Some("h.example")),
            ("https://u:pw@h.example:80/p", Some("h.example")),
            ("https://h.example?x", Some("h.example")),
            ("https://h.example:abc/", Some("h.example:abc")),
            ("https:\\\\h.example\\p", Some("h.example")),
            ("mailto:x@y", None),
            ("no scheme here", None),
            ("file://h.example/p", Some("h.example")),
            ("file:///bücher", None),
            ("file:/bücher", None),
        ];
        for (input, want) in cases {
            let got = host_span(input).and_then(|(s, e)| input.get(s..e));
            assert_eq!(got, want, "{input}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        #[test]
        fn url_shaped_text_with_unicode_never_reaches_urls_table_less_back_end(
            text in "(https?|file|ws|ftp|mailto|x)?[:/\\\\\t\n@%A-Fa.:0-9üÜ\u{fffd}\u{200b}]{0,24}",
        ) {
            // A debug build of the back end asserts on what it cannot read: no panic here
            // means none of it got through.
            let _ = parse_url(&text);
        }

        #[test]
        fn any_text_parses_or_is_refused_and_ascii_hosts_parse_exactly_as_url_parses_them(
            host in "[a-zA-Z0-9.-]{1,20}",
            text in "\\PC{0,40}",
        ) {
            let _ = parse_url(&text);
            let _ = parse_url(&format!("https://{text}"));
            let url = format!("https://{host}/p?x=1");
            proptest::prop_assert_eq!(parse_url(&url), Url::parse(&url));
        }
    }
}
