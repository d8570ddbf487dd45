//! What the browser will do with a request before anything is sent: block it as mixed content,
//! ask the receiver first (a CORS preflight, and why), send it as a simple request that arrives
//! even when the answer cannot be read, or ask the user about a local target; and which
//! headers it refuses to send.

use std::net::IpAddr;

use serde::Serialize;

use crate::{request::Method, FireRequest};

/// Request headers a page cannot set: the browser drops them (Fetch Standard, forbidden
/// request-header names; Chrome also drops `User-Agent`).
const FORBIDDEN: [&str; 22] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
    "user-agent",
];

/// `Content-Type` values that keep a request simple.
const SIMPLE_CONTENT_TYPES: [&str; 3] = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];

/// Why the browser will ask the receiver before sending (a CORS preflight).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PreflightReason {
    /// A method other than GET, HEAD and POST.
    Method(Method),
    /// A header outside the CORS safelist.
    Header(String),
    /// A `Content-Type` other than a form or plain text.
    ContentType(String),
}

impl PreflightReason {
    /// The reason in plain words.
    pub fn describe(&self) -> String {
        match self {
            Self::Method(m) => format!("the method {}", m.as_str()),
            Self::Header(h) => format!("the header {h}"),
            Self::ContentType(t) => format!("the content type {t}"),
        }
    }
}

/// Where a local target lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LocalTarget {
    /// This machine (127.0.0.0/8, ::1, localhost, and 0.0.0.0 or ::, which browsers send to
    /// this machine), also written as an IPv4-mapped IPv6 address (`[::ffff:127.0.0.1]`).
    Loopback,
    /// A private network (10/8, 172.16/12, 192.168/16, 100.64/10, link-local, unique local
    /// IPv6, `.local`), also IPv4-mapped (`[::ffff:c0a8:101]` is 192.168.1.1).
    Private,
}

/// What the browser will do with a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// Blocked before sending: an https page may not fetch http from a public host.
    pub mixed_content: bool,
    /// Why a preflight is needed; empty for a simple request.
    pub preflight: Vec<PreflightReason>,
    /// Whether the target is on this machine or a private network.
    pub local: Option<LocalTarget>,
    /// Whether the page itself is on a public host (so a local target may need permission).
    pub page_is_public: bool,
    /// Headers the browser will not send.
    pub dropped_headers: Vec<String>,
    /// Whether the target has the page's own origin (no CORS at all).
    pub same_origin: bool,
    /// The host the request goes to, when it reads otherwise than as it was written (a
    /// Unicode name in punycode, full-width dots or digits, percent-encoded letters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_rewritten: Option<HostRewrite>,
}

/// A host written one way and reached as another: `аpple.com` (a Cyrillic `а`) is sent to
/// `xn--pple-43d.com`, `evil．com` to `evil.com`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HostRewrite {
    /// The host as written in the address.
    pub written: String,
    /// The host the browser sends the request to.
    pub sent: String,
}

/// One line of the classification for the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckNote {
    /// Whether it stops the request.
    pub blocks: bool,
    /// What it says.
    pub text: String,
}

fn local_kind(host: &url::Host<&str>) -> Option<LocalTarget> {
    let ip = match host {
        url::Host::Domain(d) => {
            // A trailing dot names the same host (`localhost.` is localhost).
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            return if d == "localhost" || d.ends_with(".localhost") {
                Some(LocalTarget::Loopback)
            } else if d.ends_with(".local") {
                Some(LocalTarget::Private)
            } else {
                None
            };
        }
        url::Host::Ipv4(ip) => IpAddr::V4(*ip),
        // An IPv4 address written as IPv6 (`::ffff:a.b.c.d`) goes where the IPv4 one goes.
        url::Host::Ipv6(ip) => ip.to_ipv4_mapped().map_or(IpAddr::V6(*ip), IpAddr::V4),
    };
    if ip.is_loopback() || ip.is_unspecified() {
        return Some(LocalTarget::Loopback);
    }
    let private = match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            // 100.64.0.0/10: carrier-grade NAT, shared address space.
            v4.is_private() || v4.is_link_local() || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments().first().copied().unwrap_or(0);
            (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
    };
    private.then_some(LocalTarget::Private)
}

/// What a browser does with one request header.
enum HeaderKind {
    /// It refuses to send it at all.
    Forbidden,
    /// A CORS-safelisted header: sent freely, in `no-cors` mode too.
    Safelisted,
    /// Sent only after a preflight, and never in `no-cors` mode.
    NeedsPreflight(PreflightReason),
}

/// Whether a request may not set header `name` itself: the Fetch Standard's forbidden
/// request headers (`Host`, `Content-Length`, `Origin`, `Proxy-…`, `Sec-…` …), which a browser
/// never sends as given. The local relay refuses them too, so a page cannot make it send what
/// the page's own browser would not.
///
/// ```
/// use postback_core::forbidden_header;
///
/// assert!(forbidden_header("Content-Length") && forbidden_header("sec-fetch-site"));
/// assert!(!forbidden_header("X-Token"));
/// ```
pub fn forbidden_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    FORBIDDEN.contains(&lower.as_str()) || lower.starts_with("proxy-") || lower.starts_with("sec-")
}

fn header_kind(name: &str, value: &str) -> HeaderKind {
    let lower = name.to_ascii_lowercase();
    if forbidden_header(&lower) {
        return HeaderKind::Forbidden;
    }
    let safelisted_value = value.len() <= 128;
    match lower.as_str() {
        "accept" | "accept-language" | "content-language" if safelisted_value => {
            HeaderKind::Safelisted
        }
        "content-type" => {
            let essence = value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            if SIMPLE_CONTENT_TYPES.contains(&essence.as_str()) && safelisted_value {
                HeaderKind::Safelisted
            } else {
                HeaderKind::NeedsPreflight(PreflightReason::ContentType(value.to_owned()))
            }
        }
        _ => HeaderKind::NeedsPreflight(PreflightReason::Header(name.to_owned())),
    }
}

/// `request` as the browser sends it without reading the answer (`no-cors`): only the
/// headers it allows there (CORS-safelisted, and those it drops anyway for the note) are
/// kept, so what is recorded is what is sent.
pub(crate) fn without_cors_headers(request: FireRequest) -> FireRequest {
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter(|(name, value)| !matches!(header_kind(name, value), HeaderKind::NeedsPreflight(_)))
        .cloned()
        .collect();
    let (url, body) = (request.url().to_owned(), request.body().map(str::to_owned));
    request.with_parts(url, headers, body)
}

/// Whether a browser treats an http address at `host` as trustworthy, so an https page may
/// fetch it: `localhost` names, 127.0.0.0/8 and `::1` only. An IPv4-mapped loopback
/// (`[::ffff:127.0.0.1]`) and 0.0.0.0 are local, but not trustworthy.
fn is_trustworthy(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Classifies `request` as fired from a page at `page_origin` (such as
/// `https://user.github.io`).
///
/// ```
/// use postback_core::{classify, FireRequest};
///
/// let page = "https://user.github.io";
/// let get = FireRequest::get("http://trk.example/pb?cid=1")?;
/// assert!(classify(page, &get).mixed_content);
/// let local = FireRequest::get("http://127.0.0.1:8080/pb")?;
/// assert!(!classify(page, &local).mixed_content);
/// # Ok::<(), postback_core::RequestError>(())
/// ```
pub fn classify(page_origin: &str, request: &FireRequest) -> Classification {
    let page = crate::parse_url(page_origin).ok();
    let target = crate::parse_url(request.url()).ok();
    let target_local = target
        .as_ref()
        .and_then(|t| t.host())
        .and_then(|h| local_kind(&h));
    let page_local = page
        .as_ref()
        .and_then(|p| p.host())
        .and_then(|h| local_kind(&h));
    let same_origin = matches!((&page, &target), (Some(p), Some(t)) if p.origin() == t.origin());
    let mixed_content = page.as_ref().is_some_and(|p| p.scheme() == "https")
        && target.as_ref().is_some_and(|t| t.scheme() == "http")
        && !target
            .as_ref()
            .and_then(|t| t.host())
            .is_some_and(|h| is_trustworthy(&h));

    let mut dropped_headers = Vec::new();
    let mut preflight = Vec::new();
    if !matches!(request.method(), Method::Get | Method::Head | Method::Post) {
        preflight.push(PreflightReason::Method(request.method()));
    }
    for (name, value) in request.headers() {
        match header_kind(name, value) {
            HeaderKind::Forbidden => dropped_headers.push(name.clone()),
            HeaderKind::Safelisted => {}
            HeaderKind::NeedsPreflight(reason) => preflight.push(reason),
        }
    }
    if same_origin {
        preflight.clear();
    }
    let host_rewritten = request.host_written().and_then(|written| {
        Some(HostRewrite {
            written: written.to_owned(),
            sent: target.as_ref()?.host_str()?.to_owned(),
        })
    });
    Classification {
        mixed_content,
        preflight,
        local: target_local,
        page_is_public: page_local.is_none(),
        dropped_headers,
        same_origin,
        host_rewritten,
    }
}

impl Classification {
    /// Whether the request leaves the browser as a simple request.
    pub fn is_simple(&self) -> bool {
        !self.mixed_content && self.preflight.is_empty()
    }

    /// What the browser will do, in plain words, most important first.
    ///
    /// ```
    /// use postback_core::{classify, FireRequest};
    ///
    /// let notes = classify("https://user.github.io", &FireRequest::get("https://trk.example/pb")?).notes();
    /// assert!(notes[0].text.starts_with("Goes out without asking the receiver first"));
    /// # Ok::<(), postback_core::RequestError>(())
    /// ```
    pub fn notes(&self) -> Vec<CheckNote> {
        let mut notes = Vec::new();
        if let Some(HostRewrite { written, sent }) = &self.host_rewritten {
            notes.push(CheckNote {
                blocks: false,
                text: format!(
                    "Goes to the host {sent}: that is how the browser reads the name written \
                     {written}. Check it is the receiver you meant: some letters look alike \
                     but name another site."
                ),
            });
        }
        if self.mixed_content {
            notes.push(CheckNote {
                blocks: true,
                text: "Will be blocked before sending: this page is served over https, and a \
                       browser does not let it fetch an http:// address (mixed content). Use \
                       https:// if the receiver supports it, or send the postback from a terminal."
                    .to_owned(),
            });
        } else if !self.preflight.is_empty() {
            let reasons: Vec<String> = self
                .preflight
                .iter()
                .map(PreflightReason::describe)
                .collect();
            notes.push(CheckNote {
                blocks: false,
                text: format!(
                    "Asks the receiver first (a CORS preflight) because of {}: the browser \
                     sends an OPTIONS request, and the postback only if the receiver answers \
                     with CORS headers that allow it.",
                    reasons.join(", ")
                ),
            });
        } else if self.same_origin {
            notes.push(CheckNote {
                blocks: false,
                text: "Same origin as this page: sent and read without CORS.".to_owned(),
            });
        } else {
            notes.push(CheckNote {
                blocks: false,
                text: "Goes out without asking the receiver first (a simple request): it is \
                       sent even if the browser cannot show the answer."
                    .to_owned(),
            });
        }
        match (self.local, self.page_is_public) {
            (Some(LocalTarget::Loopback), true) | (Some(LocalTarget::Private), true) => {
                notes.push(CheckNote {
                    blocks: false,
                    text: "Local target: the browser may ask you for permission to reach your own \
                       machine or network (Local Network Access)."
                        .to_owned(),
                })
            }
            (Some(_), false) => notes.push(CheckNote {
                blocks: false,
                text: "Goes to this computer or your own network, from a page on this \
                       computer: no permission is asked."
                    .to_owned(),
            }),
            (None, _) => {}
        }
        if !self.dropped_headers.is_empty() {
            notes.push(CheckNote {
                blocks: false,
                text: format!(
                    "A browser refuses to send {}: {} left out.",
                    self.dropped_headers.join(", "),
                    if self.dropped_headers.len() == 1 {
                        "it is"
                    } else {
                        "they are"
                    }
                ),
            });
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_host_that_reads_otherwise_than_written_is_named_as_the_browser_sends_it() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("https://trk.example/pb?cid=1", None),
            ("https://TRK.Example:8443/pb", None),
            ("http://127.0.0.1:8080/pb", None),
            ("http://[::1]:8080/pb", None),
            ("https://trk.example./pb", None),
            ("https://xn--pple-43d.com/pb", None),
            (
                "https://tr%6B.example/pb",
                Some(("tr%6B.example", "trk.example")),
            ),
            ("http://0x7f.1/pb", Some(("0x7f.1", "127.0.0.1"))),
            (
                "https://evil\u{ff0e}com/pb",
                Some(("evil\u{ff0e}com", "evil.com")),
            ),
            ("http://[0:0::1]/pb", Some(("[0:0::1]", "[::1]"))),
        ];
        for (url, want) in cases {
            let Ok(request) = crate::FireRequest::get(url) else {
                panic!("{url} should be a request");
            };
            let got = super::classify("https://user.github.io", &request).host_rewritten;
            let want = want.map(|(written, sent)| super::HostRewrite {
                written: written.to_owned(),
                sent: sent.to_owned(),
            });
            assert_eq!(got, want, "{url}");
        }
    }

    use super::*;

    fn request(method: Method, url: &str, headers: &str) -> FireRequest {
        FireRequest::new(method, url, headers, Some(String::new()))
            .unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    /// Method, URL, headers, mixed content, preflight reasons, local target, dropped headers.
    type Case<'a> = (
        Method,
        &'a str,
        &'a str,
        bool,
        &'a [&'a str],
        Option<LocalTarget>,
        &'a [&'a str],
    );

    #[test]
    fn requests_are_classified_as_a_browser_treats_them() {
        let page = "https://user.github.io";
        let cases: &[Case] = &[
            (
                Method::Get,
                "https://t.example/pb",
                "",
                false,
                &[],
                None,
                &[],
            ),
            (Method::Get, "http://t.example/pb", "", true, &[], None, &[]),
            (
                Method::Get,
                "http://127.0.0.1:9/pb",
                "",
                false,
                &[],
                Some(LocalTarget::Loopback),
                &[],
            ),
            (
                Method::Get,
                "http://localhost:9/pb",
                "",
                false,
                &[],
                Some(LocalTarget::Loopback),
                &[],
            ),
            (
                Method::Get,
                "http://192.168.1.5/pb",
                "",
                true,
                &[],
                Some(LocalTarget::Private),
                &[],
            ),
            (
                Method::Get,
                "https://10.1.2.3/pb",
                "",
                false,
                &[],
                Some(LocalTarget::Private),
                &[],
            ),
            (
                Method::Get,
                "https://[fd00::1]/pb",
                "",
                false,
                &[],
                Some(LocalTarget::Private),
                &[],
            ),
            // IPv4 written as IPv6 goes where the IPv4 address goes, and 0.0.0.0 to this
            // machine; neither is a trustworthy address an https page may fetch over http.
            (
                Method::Get,
                "https://[::ffff:127.0.0.1]/pb",
                "",
                false,
                &[],
                Some(LocalTarget::Loopback),
                &[],
            ),
            (
                Method::Get,
                "http://[::ffff:127.0.0.1]/pb",
                "",
                true,
                &[],
                Some(LocalTarget::Loopback),
                &[],
            ),
            (
                Method::Get,
                "https://[::ffff:c0a8:101]/pb",
                "",
                false,
                &[],
                Some(LocalTarget::Private),
                &[],
            ),
            (
                Method::Get,
                "http://0.0.0.0:8080/pb",
                "",
                true,
                &[],
                Some(LocalTarget::Loopback),
                &[],
            ),
            // A trailing dot names the same host.
            (
                Method::Get,
                "http://localhost./pb",
                "",
                false,
                &[],
                Some(LocalTarget::Loopback),
                &[],
            ),
            (
                Method::Get,
                "https://printer.local./pb",
                "",
                false,
                &[],
                Some(LocalTarget::Private),
                &[],
            ),
            (
                Method::Get,
                "https://[::]/pb",
                "",
                false,
                &[],
                Some(LocalTarget::Loopback),
                &[],
            ),
            (
                Method::Get,
                "https://100.64.0.1/pb",
                "",
                false,
                &[],
                Some(LocalTarget::Private),
                &[],
            ),
            (
                Method::Put,
                "https://t.example/pb",
                "",
                false,
                &["the method PUT"],
                None,
                &[],
            ),
            (
                Method::Post,
                "https://t.example/pb",
                "Content-Type: application/json",
                false,
                &["the content type application/json"],
                None,
                &[],
            ),
            (
                Method::Post,
                "https://t.example/pb",
                "Content-Type: application/x-www-form-urlencoded; charset=utf-8",
                false,
                &[],
                None,
                &[],
            ),
            (
                Method::Post,
                "https://t.example/pb",
                "X-Signature: abc\nAccept: */*",
                false,
                &["the header X-Signature"],
                None,
                &[],
            ),
            (
                Method::Get,
                "https://t.example/pb",
                "Cookie: a=1\nUser-Agent: x\nSec-Fetch-Mode: cors\nProxy-Auth: y",
                false,
                &[],
                None,
                &["Cookie", "User-Agent", "Sec-Fetch-Mode", "Proxy-Auth"],
            ),
            (
                Method::Get,
                "https://user.github.io/x",
                "X-Any: 1",
                false,
                &[],
                None,
                &[],
            ),
        ];
        for (method, url, headers, mixed, reasons, local, dropped) in cases {
            let c = classify(page, &request(*method, url, headers));
            let got_reasons: Vec<String> =
                c.preflight.iter().map(PreflightReason::describe).collect();
            assert_eq!(c.mixed_content, *mixed, "{url}");
            assert_eq!(got_reasons, *reasons, "{url} {headers}");
            assert_eq!(c.local, *local, "{url}");
            assert_eq!(c.dropped_headers, *dropped, "{url}");
        }
    }

    #[test]
    fn a_local_page_firing_http_to_anywhere_is_not_mixed_content() {
        let c = classify(
            "http://127.0.0.1:8080",
            &request(Method::Get, "http://t.example/pb", ""),
        );
        assert!(!c.mixed_content && c.is_simple());
    }

    #[test]
    fn the_notes_lead_with_what_matters_most() {
        let blocked = classify(
            "https://u.github.io",
            &request(Method::Get, "http://t.example/", "X-A: 1"),
        );
        assert!(blocked
            .notes()
            .first()
            .is_some_and(|n| n.blocks && n.text.contains("mixed content")));
        let preflight = classify(
            "https://u.github.io",
            &request(Method::Post, "https://t.example/", "X-Sig: 1"),
        );
        assert!(preflight
            .notes()
            .first()
            .is_some_and(|n| !n.blocks && n.text.contains("the header X-Sig")));
        let local = classify(
            "https://u.github.io",
            &request(Method::Get, "https://127.0.0.1/", ""),
        );
        assert!(local.notes().iter().any(|n| n.text.contains("permission")));
    }
}
