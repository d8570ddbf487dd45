//! A guard for text areas: a paste far larger than the field can use is refused before the
//! browser takes it (a text area holding a hundred megabytes can crash the tab), and a note
//! says why and what to do instead. What was in the field stays as it was.

use leptos::prelude::*;

use super::error_note::ErrorNote;
use crate::clipboard;

/// Refuses pastes over a limit and remembers the last refusal for its note.
#[derive(Clone, Copy)]
pub struct PasteGuard {
    limit: u32,
    refused: RwSignal<Option<u32>>,
}

impl PasteGuard {
    /// A guard for pastes of at most `limit` characters.
    pub fn new(limit: usize) -> Self {
        Self {
            limit: u32::try_from(limit).unwrap_or(u32::MAX),
            refused: RwSignal::new(None),
        }
    }

    /// The `on:paste` handler.
    pub fn on_paste(self, ev: leptos::ev::ClipboardEvent) {
        match clipboard::pasted_len(&ev) {
            Some(len) if len > self.limit => {
                ev.prevent_default();
                self.refused.set(Some(len));
            }
            _ => self.refused.set(None),
        }
    }

    /// The note shown after a refusal: `what` names the field, `hint` says what to do instead.
    pub fn note(self, id: &'static str, what: &'static str, hint: &'static str) -> impl IntoView {
        move || {
            self.refused.get().map(|len| {
                view! {
                    <ErrorNote
                        id=id
                        message=format!(
                            "not pasted: {} is more than {what} can hold ({})",
                            size(u64::from(len)),
                            size(u64::from(self.limit)),
                        )
                        hint=hint.to_owned()
                    />
                }
            })
        }
    }
}

/// A character count in plain words.
fn size(chars: u64) -> String {
    match chars {
        0..1024 => format!("{chars} characters"),
        1024..1_048_576 => format!("{} K characters", chars / 1024),
        _ => {
            // Whole numbers only: float formatting would add kilobytes to the wasm.
            let tenths = chars * 10 / 1_048_576;
            format!("{}.{} M characters", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_as_plain_words() {
        assert_eq!(size(12), "12 characters");
        assert_eq!(size(64 * 1024), "64 K characters");
        assert_eq!(size(100 * 1_048_576), "100.0 M characters");
        assert_eq!(size(1_572_864), "1.5 M characters");
    }
}
