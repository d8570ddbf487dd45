//! Every input the fuzzers kept (the minimised corpus of `fuzz/corpus/`) runs through the same
//! target bodies without a panic, so what the fuzzers found stays fixed in the stable tests.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::PathBuf;

/// A fuzz target's body: arbitrary bytes in, no panic.
type Body = fn(&[u8]);

#[test]
fn every_input_the_fuzzers_kept_reads_without_a_panic() -> Result<(), String> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let bodies: [(&str, Body); 6] = [
        ("template", targets::template),
        ("extract", targets::extract),
        ("links", targets::links),
        ("storage", targets::storage),
        ("verify", targets::verify),
        ("plans", targets::plans),
    ];
    let mut replayed = 0;
    for (name, body) in bodies {
        let dir = corpus.join(name);
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
            body(&bytes);
            replayed += 1;
        }
    }
    assert!(replayed > 0, "the corpus is empty");
    Ok(())
}
