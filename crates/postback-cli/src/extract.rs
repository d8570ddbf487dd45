//! `extract`: the page's extractor on a file or standard input, printed as aligned columns,
//! CSV or JSON.

use std::{io::Write, process::ExitCode};

use crate::{bad_input, Table};

/// `postback extract`: what was found on `out`, the extractor's notes on `err`.
pub(crate) fn extract(
    file: Option<&std::path::Path>,
    format: Table,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let text = match crate::input::read_text(file, postback_core::MAX_INPUT_BYTES) {
        Ok(text) => text,
        Err(e) => {
            return bad_input(
                err,
                &format!("the input cannot be read: {e}"),
                "Name a readable text, log or HAR file, or pipe the text in.",
            )
        }
    };
    let found = match postback_core::extract(&text) {
        Ok(found) => found,
        Err(e) => return bad_input(err, &e.to_string(), &e.hint()),
    };
    let printed = match format {
        Table::Json => serde_json::to_string_pretty(&found).map_err(|e| e.to_string()),
        Table::Csv => found.to_csv().map_err(|e| e.to_string()),
        Table::Table => Ok(table(&found)),
    };
    match printed {
        Ok(text) => {
            let _ = write!(out, "{text}");
            if !text.ends_with('\n') {
                let _ = writeln!(out);
            }
            for note in &found.notes {
                let _ = writeln!(err, "note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => bad_input(err, &e, "Use another --format."),
    }
}

/// The parameters found as aligned columns: name, value, platform, where, note.
fn table(found: &postback_core::Extraction) -> String {
    let mut rows: Vec<[String; 5]> = vec![[
        "parameter".into(),
        "value".into(),
        "platform".into(),
        "where".into(),
        "note".into(),
    ]];
    for p in &found.params {
        rows.push([
            p.name.clone(),
            p.value.clone(),
            p.platform().unwrap_or_default().to_owned(),
            p.where_text(),
            p.note().to_owned(),
        ]);
    }
    let mut widths = [0_usize; 5];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}
