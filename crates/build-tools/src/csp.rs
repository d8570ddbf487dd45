//! The strict Content-Security-Policy of the release build's `index.html`: nothing loads or
//! runs but the page's own files, WebAssembly may be compiled, the service worker and the web
//! app manifest come from the page's own origin, and the one inline script (Trunk's start-up
//! module, which changes with every build) is allowed by its SHA-256 hash. The policy goes in a
//! `<meta>` tag right after the charset, before every tag Trunk injects, so it holds from the
//! first byte the page runs.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use sha2::{Digest, Sha256};

/// Why `index.html` could not be given its policy.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CspError {
    /// The page has no `<meta charset>` to put the policy after.
    #[error("index.html has no <meta charset> to put the policy after")]
    NoCharset,
    /// The page has a policy already: the step ran twice.
    #[error("index.html has a Content-Security-Policy already")]
    AlreadyThere,
    /// An inline script that does not end.
    #[error("index.html has a <script> that does not end")]
    OpenScript,
}

/// The policy, with `{hashes}` where the inline scripts' hashes go.
const POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' {hashes}; \
                      style-src 'self'; img-src 'self' data:; connect-src 'self' http: https:; \
                      worker-src 'self'; manifest-src 'self'; base-uri 'none'; \
                      form-action 'none'; object-src 'none'";

/// `index` with the Content-Security-Policy meta tag added after its charset, allowing each
/// of its inline scripts by hash.
///
/// # Errors
///
/// [`CspError`] when the page has no charset tag, has a policy already, or an open script.
///
/// ```
/// let page = "<head><meta charset=\"utf-8\" /><script type=\"module\">go()</script></head>";
/// let strict = build_tools::with_csp(page)?;
/// assert!(strict.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
/// assert!(strict.find("Content-Security-Policy") < strict.find("<script"));
/// # Ok::<(), build_tools::CspError>(())
/// ```
pub fn with_csp(index: &str) -> Result<String, CspError> {
    if index.contains("Content-Security-Policy") {
        return Err(CspError::AlreadyThere);
    }
    let hashes = inline_scripts(index)?
        .iter()
        .map(|s| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(s.as_bytes()))))
        .collect::<Vec<_>>()
        .join(" ");
    let policy = POLICY.replace("{hashes}", &hashes);
    let charset = index.find("<meta charset").ok_or(CspError::NoCharset)?;
    let end = index
        .get(charset..)
        .and_then(|rest| rest.find('>'))
        .map(|e| charset + e + 1)
        .ok_or(CspError::NoCharset)?;
    let (head, tail) = (
        index.get(..end).unwrap_or(index),
        index.get(end..).unwrap_or(""),
    );
    Ok(format!(
        "{head}\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />{tail}"
    ))
}

/// The text of every `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(index: &str) -> Result<Vec<&str>, CspError> {
    let mut scripts = Vec::new();
    let mut at = 0;
    while let Some(open) = index
        .get(at..)
        .and_then(|r| r.find("<script"))
        .map(|o| at + o)
    {
        let tag_end = index
            .get(open..)
            .and_then(|r| r.find('>'))
            .map(|e| open + e + 1)
            .ok_or(CspError::OpenScript)?;
        let close = index
            .get(tag_end..)
            .and_then(|r| r.find("</script>"))
            .map(|c| tag_end + c)
            .ok_or(CspError::OpenScript)?;
        let tag = index.get(open..tag_end).unwrap_or_default();
        if !tag.contains(" src=") {
            scripts.push(index.get(tag_end..close).unwrap_or_default());
        }
        at = close + "</script>".len();
    }
    Ok(scripts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_goes_before_every_script_and_hashes_each_inline_one_exactly() {
        let page = "<!DOCTYPE html>\n<head>\n<meta charset=\"utf-8\" />\n<link rel=\"stylesheet\" href=\"/a.css\"/>\n<script type=\"module\">\nimport init from '/a.js';\n</script>\n<script src=\"/b.js\"></script></head>";
        let strict = with_csp(page).unwrap();
        let policy_at = strict.find("Content-Security-Policy").unwrap();
        assert!(policy_at < strict.find("<link").unwrap());
        // The hash of exactly the text between the tags, newlines included.
        let want = STANDARD.encode(Sha256::digest(b"\nimport init from '/a.js';\n"));
        assert!(strict.contains(&format!("'sha256-{want}'")), "{strict}");
        assert_eq!(
            strict.matches("'sha256-").count(),
            1,
            "a src script needs no hash"
        );
        assert!(strict.contains("connect-src 'self' http: https:"));
    }

    #[test]
    fn a_page_it_cannot_read_is_refused_by_name() {
        let cases = [
            ("<head></head>", CspError::NoCharset),
            ("<meta charset=\"utf-8\"><script>x", CspError::OpenScript),
            (
                "<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\">",
                CspError::AlreadyThere,
            ),
        ];
        for (page, want) in cases {
            assert_eq!(with_csp(page), Err(want), "{page}");
        }
    }
}
