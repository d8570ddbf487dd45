//! Raw, gzip and brotli sizes of the files of a build. Sizes are deterministic, so tests may
//! assert budgets on them; speed is measured elsewhere.

use build_tools::LATER;
use std::{
    fmt::Write as _,
    fs, io,
    io::Write as _,
    path::{Path, PathBuf},
};

/// The sizes of one file, in bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSize {
    /// The path relative to the measured folder, with `/` separators.
    pub path: String,
    /// The size on disk.
    pub raw: u64,
    /// The size after `gzip -9`.
    pub gzip: u64,
    /// The size after brotli at quality 11.
    pub brotli: u64,
}

impl FileSize {
    /// Whether a browser fetches this file to show the first page: the HTML, the JavaScript,
    /// the WebAssembly and the CSS, but not the service worker (`sw.js`), registered once the
    /// page is on screen, nor the parts of the WebAssembly fetched after start-up (`_later_`
    /// in their names, as the split step of `crates/build-tools` writes them).
    pub fn is_initial_load(&self) -> bool {
        self.path != "sw.js"
            && !self.is_fetched_later()
            && [".html", ".js", ".wasm", ".css"]
                .iter()
                .any(|ext| self.path.ends_with(ext))
    }

    /// Whether this is a part of the WebAssembly the page fetches after it has started.
    pub fn is_fetched_later(&self) -> bool {
        self.path.ends_with(".wasm") && self.path.contains(LATER)
    }
}

/// Measures every file below `dir`, sorted by path.
///
/// # Errors
///
/// Any I/O error from reading the folder or its files.
pub fn measure(dir: &Path) -> io::Result<Vec<FileSize>> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let bytes = fs::read(&file)?;
            let path = file
                .strip_prefix(dir)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            Ok(FileSize {
                path,
                raw: bytes.len() as u64,
                gzip: gzip_len(&bytes)?,
                brotli: brotli_len(&bytes)?,
            })
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> io::Result<u64> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

fn brotli_len(bytes: &[u8]) -> io::Result<u64> {
    let mut out = Vec::new();
    {
        let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        encoder.write_all(bytes)?;
    }
    Ok(out.len() as u64)
}

/// The sum of the initial-load files: `(raw, gzip, brotli)`.
pub fn initial_load(files: &[FileSize]) -> (u64, u64, u64) {
    files
        .iter()
        .filter(|f| f.is_initial_load())
        .fold((0, 0, 0), |(r, g, b), f| {
            (r + f.raw, g + f.gzip, b + f.brotli)
        })
}

/// A Markdown table of `files` with a total row for the initial load.
pub fn table(files: &[FileSize]) -> String {
    let mut out = String::from("| file | raw | gzip | brotli |\n|---|---:|---:|---:|\n");
    for f in files {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            f.path, f.raw, f.gzip, f.brotli
        );
    }
    let (raw, gzip, brotli) = initial_load(files);
    let _ = writeln!(
        out,
        "| **initial load** (html+js+wasm+css) | {raw} | {gzip} ({:.1} KiB) | {brotli} ({:.1} KiB) |",
        gzip as f64 / 1024.0,
        brotli as f64 / 1024.0
    );
    let (raw, gzip, brotli) = files
        .iter()
        .filter(|f| f.is_fetched_later())
        .fold((0, 0, 0), |(r, g, b), f| {
            (r + f.raw, g + f.gzip, b + f.brotli)
        });
    let _ = writeln!(
        out,
        "| **fetched after start-up** (wasm parts) | {raw} | {gzip} ({:.1} KiB) | {brotli} ({:.1} KiB) |",
        gzip as f64 / 1024.0,
        brotli as f64 / 1024.0
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_sizes_are_smaller_for_repetitive_files_and_deterministic() -> io::Result<()> {
        let dir = std::env::temp_dir().join(format!("sizes-test-{}", std::process::id()));
        fs::create_dir_all(dir.join("sub"))?;
        fs::write(dir.join("index.html"), "<p>hello</p>".repeat(200))?;
        fs::write(dir.join("sub/app.wasm"), vec![0u8; 10_000])?;
        fs::write(dir.join("notes.txt"), "not loaded")?;
        fs::write(dir.join("sw.js"), "registered later")?;
        fs::write(dir.join("app-1_later_split_cards.wasm"), vec![1u8; 500])?;
        let first = measure(&dir)?;
        let second = measure(&dir)?;
        fs::remove_dir_all(&dir)?;
        assert_eq!(first, second);
        let paths: Vec<&str> = first.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "app-1_later_split_cards.wasm",
                "index.html",
                "notes.txt",
                "sub/app.wasm",
                "sw.js"
            ]
        );
        for f in first.iter().filter(|f| f.is_initial_load()) {
            assert!(f.gzip < f.raw / 10 && f.brotli < f.raw / 10, "{f:?}");
        }
        let (raw, _, _) = initial_load(&first);
        assert_eq!(raw, 2400 + 10_000);
        assert!(table(&first).contains("| sub/app.wasm | 10000 |"));
        assert!(table(&first).contains("| **fetched after start-up** (wasm parts) | 500 |"));
        Ok(())
    }
}
