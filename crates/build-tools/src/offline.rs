//! The app without a network: the service worker (`sw.js`, unhashed at the root of the site,
//! which is its scope) with the cache name and the list of the app's own files of this build,
//! and the link to the web app manifest in `index.html`.
//!
//! The worker caches exactly the files [`service_worker`] lists, in a cache named
//! [`CACHE_PREFIX`], the worker's scope and the build's version, and deletes no cache but the
//! earlier ones of its own scope (a second copy of the app on the same origin keeps its own):
//! Cache Storage is shared by every site of a GitHub Pages origin.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use sha2::{Digest, Sha256, Sha384};

/// The start of the name of every cache the app makes, and of no other.
pub const CACHE_PREFIX: &str = "postback-tester:";

/// The name of the service worker's file, at the root of the site.
pub const WORKER_FILE: &str = "sw.js";

/// The name of the web app manifest, at the root of the site.
pub const MANIFEST_FILE: &str = "manifest.webmanifest";

/// Files of the build that are not the app's own and are never cached: the worker itself
/// (the browser fetches it fresh), the page (kept under the site's root address instead),
/// and the example receiver, which a fire reads and which must answer from the network.
const NEVER_LISTED: [&str; 3] = [WORKER_FILE, "index.html", "example-receiver.txt"];

const TEMPLATE: &str = include_str!("offline/sw.js");

/// One file of the build: its path relative to the site's root, and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltFile {
    /// The path relative to the root of the site, with `/` between folders.
    pub name: String,
    /// What the file holds.
    pub bytes: Vec<u8>,
}

/// The text of `sw.js` for a build made of `files` (every file of the site, `index.html`
/// included): its cache is named after a hash of all of them, so any change makes a new cache.
///
/// ```
/// use build_tools::{service_worker, BuiltFile, CACHE_PREFIX};
///
/// let file = |name: &str, text: &str| BuiltFile { name: name.into(), bytes: text.into() };
/// let sw = service_worker(&[file("index.html", "<p>"), file("app-1a2b.wasm", "\0asm")]);
/// assert!(sw.contains(r#"const FILES = ["app-1a2b.wasm"];"#));
/// assert!(sw.contains(&format!("const PREFIX = \"{CACHE_PREFIX}\";")));
/// ```
pub fn service_worker(files: &[BuiltFile]) -> String {
    let mut sorted: Vec<&BuiltFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut hash = Sha256::new();
    for file in &sorted {
        hash.update((file.name.len() as u64).to_le_bytes());
        hash.update(file.name.as_bytes());
        hash.update((file.bytes.len() as u64).to_le_bytes());
        hash.update(&file.bytes);
    }
    let version: String = hash
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let listed: Vec<&str> = sorted
        .iter()
        .map(|f| f.name.as_str())
        .filter(|name| !NEVER_LISTED.contains(name))
        .collect();
    let hashed: Vec<&str> = listed.iter().copied().filter(|n| carries_hash(n)).collect();
    let list = |names: &[&str]| serde_json::to_string(names).unwrap_or_else(|_| "[]".to_owned());
    // What each file must hold: a copy that differs (a proxy's page in its place, a download
    // cut short) fails the worker's install rather than being kept and served from then on.
    let integrity: std::collections::BTreeMap<&str, String> = sorted
        .iter()
        .filter(|f| listed.contains(&f.name.as_str()))
        .map(|f| {
            (
                f.name.as_str(),
                format!("sha384-{}", STANDARD.encode(Sha384::digest(&f.bytes))),
            )
        })
        .collect();
    let integrity = serde_json::to_string(&integrity).unwrap_or_else(|_| "{}".to_owned());
    TEMPLATE
        .replace("__VERSION__", &version)
        .replace("__INTEGRITY__", &integrity)
        .replace("__PREFIX__", CACHE_PREFIX)
        .replace("__FILES__", &list(&listed))
        .replace("__HASHED__", &list(&hashed))
}

/// How many hex digits the build's hash in a file name has (`main-41ecb62485b268cb.css`).
const HASH_DIGITS: usize = 16;

/// Whether a file's name carries the hash of what it holds, as Trunk and the split name them
/// (`-` and [`HASH_DIGITS`] lowercase hex digits): such a file is the same wherever a copy of
/// it comes from, so the worker may take the one the browser has just fetched.
///
/// ```
/// use build_tools::carries_hash;
///
/// assert!(carries_hash("main-41ecb62485b268cb.css"));
/// assert!(carries_hash("postback-tester-ad00fb29bf7608e4_later_chunk_4.wasm"));
/// assert!(!carries_hash("manifest.webmanifest"));
/// assert!(!carries_hash("icon-41ecb62485b268c.svg"));
/// assert!(!carries_hash("icon-41ECB62485B268CB.svg"));
/// ```
pub fn carries_hash(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.iter().enumerate().any(|(at, b)| {
        *b == b'-'
            && bytes
                .get(at + 1..at + 1 + HASH_DIGITS)
                .is_some_and(|digits| {
                    digits
                        .iter()
                        .all(|d| d.is_ascii_digit() || (b'a'..=b'f').contains(d))
                })
            && !bytes
                .get(at + 1 + HASH_DIGITS)
                .is_some_and(u8::is_ascii_hexdigit)
    })
}

/// `index` with a link to the manifest at `public_url` (the address the site is served
/// under, ending in `/`), put before `</head>`; `index` as it is when it has no `</head>`.
///
/// ```
/// let page = build_tools::with_manifest_link("<head><title>t</title></head>", "/app/");
/// assert_eq!(page, "<head><title>t</title>\n  <link rel=\"manifest\" href=\"/app/manifest.webmanifest\" />\n</head>");
/// ```
pub fn with_manifest_link(index: &str, public_url: &str) -> String {
    let link = format!("  <link rel=\"manifest\" href=\"{public_url}{MANIFEST_FILE}\" />\n");
    match index.find("</head>") {
        Some(at) => {
            let (head, tail) = (
                index.get(..at).unwrap_or(index),
                index.get(at..).unwrap_or(""),
            );
            format!("{head}\n{link}{tail}")
        }
        None => index.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> BuiltFile {
        BuiltFile {
            name: name.into(),
            bytes: text.into(),
        }
    }

    fn cache_name(sw: &str) -> &str {
        sw.lines()
            .find_map(|l| l.strip_prefix("const VERSION = \""))
            .and_then(|l| l.strip_suffix("\";"))
            .unwrap()
    }

    #[test]
    fn the_worker_lists_the_apps_own_files_and_never_itself_the_page_or_the_example_receiver() {
        let build = [
            file("index.html", "<p>"),
            file("sw.js", "old worker"),
            file("example-receiver.txt", "ok"),
            file("main-1.css", "p{}"),
            file("app-0123456789abcdef_bg.wasm", "\0asm"),
            file("app-0123456789abcdef.js", "init()"),
            file("manifest.webmanifest", "{}"),
        ];
        let sw = service_worker(&build);
        assert!(
            sw.contains(
                r#"const FILES = ["app-0123456789abcdef.js","app-0123456789abcdef_bg.wasm","main-1.css","manifest.webmanifest"];"#
            ),
            "{sw}"
        );
        assert!(
            sw.contains(
                r#"const HASHED = ["app-0123456789abcdef.js","app-0123456789abcdef_bg.wasm"];"#
            ),
            "{sw}"
        );
        assert!(sw.contains(&format!("const PREFIX = \"{CACHE_PREFIX}\";")));
        let css = format!(
            "\"main-1.css\":\"sha384-{}\"",
            STANDARD.encode(Sha384::digest(b"p{}"))
        );
        assert!(
            sw.contains(&css),
            "each kept file is checked against what the build made: {sw}"
        );
        assert!(!sw.contains("\"index.html\":"), "{sw}");
        assert!(!sw.contains("__"), "a placeholder was left: {sw}");
    }

    #[test]
    fn any_changed_byte_or_name_makes_a_new_cache_and_the_order_of_files_does_not() {
        let a = [file("index.html", "<p>"), file("app.js", "1")];
        let base = service_worker(&a);
        assert_eq!(cache_name(&base).len(), 16);
        let reordered = [file("app.js", "1"), file("index.html", "<p>")];
        assert_eq!(cache_name(&service_worker(&reordered)), cache_name(&base));
        for changed in [
            [file("index.html", "<p>"), file("app.js", "2")],
            [file("index.html", "<div>"), file("app.js", "1")],
            [file("index.html", "<p>"), file("app2.js", "1")],
            // The same bytes split differently between names.
            [file("index.html", "<p>a"), file("pp.js", "1")],
        ] {
            assert_ne!(
                cache_name(&service_worker(&changed)),
                cache_name(&base),
                "{changed:?}"
            );
        }
    }

    #[test]
    fn the_manifest_link_goes_in_the_head_under_the_public_url_and_a_page_without_a_head_is_kept() {
        let page = with_manifest_link("<html><head>\n</head><body></body></html>", "/p/");
        let link = page.find("href=\"/p/manifest.webmanifest\"").unwrap();
        assert!(link < page.find("</head>").unwrap());
        assert_eq!(with_manifest_link("<p>no head</p>", "/"), "<p>no head</p>");
    }
}
