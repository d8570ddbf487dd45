//! The release build's split step: the cards a first visit does not need (their functions are
//! marked with `wasm_split`) move out of the app's WebAssembly into files of their own, which
//! the page fetches after it has started.
//!
//! Trunk 0.21 has no stage between cargo and wasm-bindgen (trunk-rs/trunk#1022), so this step
//! starts again from cargo's output (built with `-Clink-args=--emit-relocs`, which the split
//! needs): it splits it with `wasm_split_cli_support`, runs wasm-bindgen on the main part and
//! `wasm-opt -Oz` on every part (Trunk's own wasm-opt is off, `data-wasm-opt="0"` in
//! index.html, since its output would be thrown away), and writes the result over Trunk's
//! files under Trunk's hashed names, so `index.html` keeps pointing at them; their integrity
//! hashes in `index.html` are brought up to date.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use base64::{engine::general_purpose::STANDARD, Engine as _};
use sha2::{Digest, Sha384};

/// The custom section cargo's output has when it was linked with `--emit-relocs`.
const RELOCATIONS: &[u8] = b"reloc.CODE";

/// What the name of a part fetched after start-up has after Trunk's `<name>-<hash>`.
pub const LATER: &str = "_later_";

/// The flags cargo needs for the split, as scripts/setup.sh exports them.
pub const RUSTFLAGS_VAR: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";

/// Why the release build could not be split.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    /// Cargo's output was linked without relocations.
    #[error("the app's WebAssembly was built without relocations")]
    NoRelocations,
    /// No `<name>-<hash>.js` from Trunk in the staging directory.
    #[error("trunk's {0}-<hash>.js is not in the staging directory")]
    NoTrunkOutput(String),
    /// The splitter refused the module.
    #[error("the WebAssembly could not be split: {0}")]
    Split(String),
    /// wasm-bindgen or wasm-opt failed.
    #[error("{tool} failed: {detail}")]
    Tool {
        /// The program.
        tool: &'static str,
        /// What it said.
        detail: String,
    },
    /// A file could not be read or written.
    #[error("cannot use {path}: {detail}")]
    Io {
        /// The file.
        path: String,
        /// The system's reason.
        detail: String,
    },
}

impl SplitError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::NoRelocations => {
                "build with CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=-Clink-args=--emit-relocs: source scripts/setup.sh, which exports it, then run trunk build --release again"
            }
            Self::NoTrunkOutput(_) => "run this as Trunk's post_build hook of a release build",
            Self::Split(_) => "check that wasm_split_helpers in Cargo.lock is one the splitter in crates/build-tools reads",
            Self::Tool { .. } => "source scripts/setup.sh, which puts the pinned wasm-bindgen and wasm-opt on PATH, then build again",
            Self::Io { .. } => "check the permissions and free space of target/ and dist/",
        }
    }
}

/// What the split wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The file names of the parts fetched after start-up, in the staging directory.
    pub later: Vec<String>,
    /// The file name of the loader the app's JavaScript imports to fetch them
    /// (`<name>-<hash>_split.js`), which the page preloads ([`with_split_preload`]).
    pub loader: String,
}

/// Where one release build's files are.
#[derive(Debug, Clone)]
pub struct Paths {
    /// Cargo's output for the app: `target/wasm32-unknown-unknown/release/<name>.wasm`.
    pub cargo_wasm: PathBuf,
    /// A directory of the split's own, emptied first.
    pub work: PathBuf,
    /// Trunk's staging directory, which becomes `dist/`.
    pub staging: PathBuf,
    /// The app's name, the stem of Trunk's `<name>-<hash>.js`.
    pub name: String,
}

/// Whether cargo linked `wasm` with `--emit-relocs`.
///
/// ```
/// assert!(!build_tools::has_relocations(b"\0asm\x01\0\0\0"));
/// ```
pub fn has_relocations(wasm: &[u8]) -> bool {
    wasm.windows(RELOCATIONS.len()).any(|w| w == RELOCATIONS)
}

/// Splits the release build in `paths.staging` (see the module documentation).
///
/// # Errors
///
/// [`SplitError`] when cargo's output has no relocations, Trunk's files are missing, or the
/// splitter, wasm-bindgen or wasm-opt fails.
pub fn split(paths: &Paths) -> Result<Split, SplitError> {
    let stem = trunk_stem(&paths.staging, &paths.name)?;
    let wasm = read(&paths.cargo_wasm)?;
    if !has_relocations(&wasm) {
        return Err(SplitError::NoRelocations);
    }
    let work = &paths.work;
    if work.exists() {
        fs::remove_dir_all(work).map_err(|e| io(work, &e))?;
    }
    fs::create_dir_all(work).map_err(|e| io(work, &e))?;
    let main_wasm = work.join("main.wasm");
    let link_file = format!("{stem}_split.js");
    let link_name = format!("./{link_file}");
    let main_module = format!("./{stem}.js");
    let parts = {
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = work;
        opts.main_out_path = &main_wasm;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        wasm_split_cli_support::transform(opts).map_err(|e| SplitError::Split(format!("{e:#}")))?
    };
    let bindgen = work.join("bindgen");
    run(
        "wasm-bindgen",
        Command::new("wasm-bindgen")
            .arg("--target=web")
            .arg(format!("--out-dir={}", bindgen.display()))
            .arg(format!("--out-name={stem}"))
            .args(["--no-typescript", "--keep-lld-exports", "--no-demangle"])
            .arg(&main_wasm),
    )?;
    copy(
        &bindgen.join(format!("{stem}.js")),
        &paths.staging.join(format!("{stem}.js")),
    )?;
    optimise(
        &bindgen.join(format!("{stem}_bg.wasm")),
        &paths.staging.join(format!("{stem}_bg.wasm")),
    )?;
    let mut link_js =
        fs::read_to_string(work.join(&link_file)).map_err(|e| io(&work.join(&link_file), &e))?;
    let mut later = Vec::new();
    for part in &parts.split_modules {
        let Some(file) = part.file_name().map(|f| f.to_string_lossy().into_owned()) else {
            continue;
        };
        let hashed = format!("{stem}{LATER}{file}");
        link_js = link_js.replace(&format!("\"./{file}\""), &format!("\"./{hashed}\""));
        optimise(part, &paths.staging.join(&hashed))?;
        later.push(hashed);
    }
    write(&paths.staging.join(&link_file), link_js.as_bytes())?;
    later.sort();
    Ok(Split {
        later,
        loader: link_file,
    })
}

/// `index` with a `modulepreload` of the split's loader (`loader`, a file name at
/// `public_url`) beside Trunk's own, so the browser fetches it with the app's JavaScript
/// rather than after it: the app's module imports the loader, and without the preload the
/// page waits for one file before it asks for the next. The tag's `integrity` is left empty
/// for [`with_fresh_integrity`] to fill. `index` as it is when it has no `</head>`.
///
/// ```
/// let page = build_tools::with_split_preload("<head></head>", "/app/", "a_split.js");
/// assert_eq!(
///     page,
///     "<head><link rel=\"modulepreload\" href=\"/app/a_split.js\" crossorigin=\"anonymous\" integrity=\"\">\n</head>"
/// );
/// ```
pub fn with_split_preload(index: &str, public_url: &str, loader: &str) -> String {
    let tag = format!(
        "<link rel=\"modulepreload\" href=\"{public_url}{loader}\" crossorigin=\"anonymous\" integrity=\"\">\n"
    );
    match index.find("</head>") {
        Some(at) => {
            let (head, tail) = index.split_at(at);
            format!("{head}{tag}{tail}")
        }
        None => index.to_owned(),
    }
}

/// `index` with the `integrity` of each tag that links a file of `staging` recomputed from the
/// file as it is now.
///
/// ```
/// let dir = std::env::temp_dir().join("build-tools-doctest-integrity");
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("app.js"), "new").unwrap();
/// let page = r#"<link rel="modulepreload" href="/x/app.js" integrity="sha384-old">"#;
/// let fixed = build_tools::with_fresh_integrity(page, &dir).unwrap();
/// assert!(!fixed.contains("sha384-old") && fixed.contains("integrity=\"sha384-"));
/// # Ok::<(), build_tools::SplitError>(())
/// ```
///
/// # Errors
///
/// [`SplitError::Io`] when a linked file cannot be read.
pub fn with_fresh_integrity(index: &str, staging: &Path) -> Result<String, SplitError> {
    let mut out = String::with_capacity(index.len());
    let mut rest = index;
    while let Some(at) = rest.find("integrity=\"") {
        let (before, after) = rest.split_at(at);
        let tag_start = before.rfind('<').unwrap_or(0);
        let tag = before.get(tag_start..).unwrap_or_default();
        let value_start = "integrity=\"".len();
        let Some(value_len) = after.get(value_start..).and_then(|v| v.find('"')) else {
            break;
        };
        out.push_str(before);
        let fresh = linked_file(tag)
            .map(|file| staging.join(file))
            .filter(|path| path.is_file())
            .map(|path| read(&path).map(|bytes| STANDARD.encode(Sha384::digest(bytes))))
            .transpose()?;
        match fresh {
            Some(hash) => out.push_str(&format!("integrity=\"sha384-{hash}\"")),
            None => out.push_str(after.get(..value_start + value_len + 1).unwrap_or_default()),
        }
        rest = after.get(value_start + value_len + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

/// The file name a tag's `href` or `src` ends with.
fn linked_file(tag: &str) -> Option<&str> {
    ["href=\"", "src=\""].iter().find_map(|attr| {
        let start = tag.find(attr)? + attr.len();
        let value = tag.get(start..)?;
        let url = value.get(..value.find('"')?)?;
        url.rsplit('/').next().filter(|f| !f.is_empty())
    })
}

/// Trunk's `<name>-<hash>` in the staging directory.
fn trunk_stem(staging: &Path, name: &str) -> Result<String, SplitError> {
    let prefix = format!("{name}-");
    fs::read_dir(staging)
        .map_err(|e| io(staging, &e))?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .find_map(|f| {
            f.strip_suffix(".js")
                .filter(|s| s.starts_with(&prefix) && !s.ends_with("_split"))
                .map(str::to_owned)
        })
        .ok_or_else(|| SplitError::NoTrunkOutput(name.to_owned()))
}

/// wasm-opt for size, as Trunk ran it before the split (`-Oz`; the other levels measured no
/// smaller: `-Os` 0.1 % less gzip but 3 % more raw, `--converge` 0.1 %).
fn optimise(from: &Path, to: &Path) -> Result<(), SplitError> {
    run(
        "wasm-opt",
        Command::new("wasm-opt")
            .arg(format!("--output={}", to.display()))
            .arg("-Oz")
            .arg(from),
    )
}

fn run(tool: &'static str, command: &mut Command) -> Result<(), SplitError> {
    let out = command.output().map_err(|e| SplitError::Tool {
        tool,
        detail: e.to_string(),
    })?;
    if out.status.success() {
        return Ok(());
    }
    Err(SplitError::Tool {
        tool,
        detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
    })
}

fn read(path: &Path) -> Result<Vec<u8>, SplitError> {
    fs::read(path).map_err(|e| io(path, &e))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), SplitError> {
    fs::write(path, bytes).map_err(|e| io(path, &e))
}

fn copy(from: &Path, to: &Path) -> Result<(), SplitError> {
    fs::copy(from, to).map(|_| ()).map_err(|e| io(from, &e))
}

fn io(path: &Path, e: &std::io::Error) -> SplitError {
    SplitError::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_names_the_file_its_href_or_src_ends_with() {
        let cases = [
            (
                r#"<link rel="preload" href="/p/app_bg.wasm" "#,
                Some("app_bg.wasm"),
            ),
            (r#"<script src="a/b.js" "#, Some("b.js")),
            (r#"<link rel="preload" href="/p/" "#, None),
            (r#"<link rel="preload" "#, None),
        ];
        for (tag, want) in cases {
            assert_eq!(linked_file(tag), want, "{tag}");
        }
    }

    #[test]
    fn an_integrity_is_replaced_only_for_a_file_that_is_there() {
        let dir =
            std::env::temp_dir().join(format!("build-tools-integrity-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.wasm"), b"abc").unwrap();
        let page = r#"<link href="/x/a.wasm" integrity="sha384-old"><link href="/x/gone.js" integrity="sha384-keep">"#;
        let fixed = with_fresh_integrity(page, &dir).unwrap();
        let want = STANDARD.encode(Sha384::digest(b"abc"));
        assert_eq!(
            fixed,
            format!(
                r#"<link href="/x/a.wasm" integrity="sha384-{want}"><link href="/x/gone.js" integrity="sha384-keep">"#
            )
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_module_without_relocations_is_told_apart() {
        assert!(has_relocations(b"\0asm....\0\nreloc.CODE..."));
        assert!(!has_relocations(b"\0asm\x01\0\0\0"));
    }
}
