//! Everything found in one input, and its CSV export.

use serde::Serialize;

use crate::spreadsheet_cell;

use super::{
    chain::Chain,
    params::{FoundUrl, Param},
};

/// Everything found in the input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// The URLs found.
    pub urls: Vec<FoundUrl>,
    /// Their parameters, in order of appearance, nested ones right after their outer one.
    pub params: Vec<Param>,
    /// The redirect chain the input describes, if it describes one.
    pub chain: Option<Chain>,
    /// Things worth saying about the input as a whole.
    pub notes: Vec<String>,
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The CSV writer failed.
    #[error("could not write the csv: {0}")]
    Csv(#[from] csv::Error),
    /// The CSV writer did not hand back its bytes.
    #[error("could not finish the csv")]
    Unfinished,
}

impl ExportError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        "Copy the values from the table instead, and report this problem."
    }
}

impl Extraction {
    /// The parameters as CSV (RFC 4180), one row each, with a header row.
    ///
    /// # Errors
    ///
    /// [`ExportError`] if the CSV writer fails.
    ///
    /// ```
    /// let found = postback_core::extract("https://a.example/?gclid=A,b&x=\"1\"")?;
    /// let csv = found.to_csv().unwrap_or_default();
    /// assert_eq!(csv.lines().next(), Some("parameter,value,platform,where,url,note"));
    /// assert!(csv.contains("gclid,\"A,b\",Google Ads,\"query, line 1\""));
    /// # Ok::<(), postback_core::ExtractError>(())
    /// ```
    pub fn to_csv(&self) -> Result<String, ExportError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["parameter", "value", "platform", "where", "url", "note"])?;
        for p in &self.params {
            let url = self
                .urls
                .get(p.url_index)
                .map(|u| u.text.as_str())
                .unwrap_or_default();
            let note = p.note();
            let place = p.where_text();
            let cells = [
                p.name.as_str(),
                p.value.as_str(),
                p.platform().unwrap_or_default(),
                place.as_str(),
                url,
                note,
            ];
            writer.write_record(cells.map(|c| spreadsheet_cell(c).into_owned()))?;
        }
        let bytes = writer.into_inner().map_err(|_| ExportError::Unfinished)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}
