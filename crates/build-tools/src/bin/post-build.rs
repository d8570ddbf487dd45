//! Trunk's post-build hook for the release build: splits the cards a first visit does not need
//! out of the WebAssembly, links the web app manifest from `index.html`, gives it its
//! Content-Security-Policy, then writes the service worker that keeps every file of the
//! finished site. In a debug build (`trunk serve`) it does nothing.

use std::{env, fs, path::Path, path::PathBuf, process::ExitCode};

use build_tools::{
    service_worker, split, with_csp, with_fresh_integrity, with_manifest_link, with_split_preload,
    BuiltFile, Paths, WORKER_FILE,
};

/// The app's binary, as `data-bin` in index.html names it.
const APP: &str = "postback-tester";

fn main() -> ExitCode {
    if env::var("TRUNK_PROFILE").as_deref() != Ok("release") {
        return ExitCode::SUCCESS;
    }
    let Some(dir) = env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from) else {
        eprintln!("post-build: TRUNK_STAGING_DIR is not set: run this as Trunk's post_build hook");
        return ExitCode::FAILURE;
    };
    let public_url = env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".to_owned());
    match finish(&dir, &public_url) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("post-build: {e}");
            ExitCode::FAILURE
        }
    }
}

fn finish(dir: &Path, public_url: &str) -> Result<(), String> {
    let target = target_dir()?;
    let paths = Paths {
        cargo_wasm: target.join(format!("wasm32-unknown-unknown/release/{APP}.wasm")),
        work: target.join("wasm-split"),
        staging: dir.to_path_buf(),
        name: APP.to_owned(),
    };
    let parts = split(&paths).map_err(|e| format!("{e}\n  {}", e.hint()))?;
    eprintln!(
        "post-build: fetched after start-up: {}",
        parts.later.join(", ")
    );
    let index = dir.join("index.html");
    let page =
        fs::read_to_string(&index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let page = with_split_preload(&page, public_url, &parts.loader);
    let page = with_fresh_integrity(&page, dir).map_err(|e| e.to_string())?;
    let strict = with_csp(&with_manifest_link(&page, public_url)).map_err(|e| e.to_string())?;
    write(&index, strict.as_bytes())?;
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.retain(|f| f.name != WORKER_FILE);
    write(&dir.join(WORKER_FILE), service_worker(&files).as_bytes())
}

/// Cargo's target directory: this program runs from `<target>/<profile>/post-build`.
fn target_dir() -> Result<PathBuf, String> {
    let exe = env::current_exe().map_err(|e| format!("cannot find this program's path: {e}"))?;
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("{} is not in a cargo target directory", exe.display()))
}

/// Every file under `dir`, named by its path from `root`.
fn collect(root: &Path, dir: &Path, files: &mut Vec<BuiltFile>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            collect(root, &path, files)?;
            continue;
        }
        let name = path
            .strip_prefix(root)
            .map_err(|e| e.to_string())?
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.push(BuiltFile { name, bytes });
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
