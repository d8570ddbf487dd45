//! A button that copies a text and says whether it worked.

use leptos::prelude::*;

use crate::clipboard;

/// "Copy", with an accessible name saying what it copies.
#[component]
pub fn CopyButton(
    /// The text to copy.
    #[prop(into)]
    text: Signal<String>,
    /// What is copied, for the accessible name: "Copy {what}".
    #[prop(into)]
    what: String,
    /// The button's visible text; "Copy" when not given.
    #[prop(optional)]
    label: Option<&'static str>,
    /// Called on every press, before the copy.
    #[prop(optional)]
    on_copy: Option<Callback<()>>,
) -> impl IntoView {
    let copy_action = Action::new_local(|text: &String| {
        let text = text.clone();
        async move { clipboard::copy_text(&text).await }
    });
    let status = move || match copy_action.value().get() {
        None => String::new(),
        Some(Ok(())) => "Copied.".to_owned(),
        Some(Err(e)) => format!("Not copied: {e}. {}", e.hint()),
    };
    view! {
        <button
            type="button"
            class="copy"
            aria-label=format!("Copy {what}")
            on:click=move |_| {
                if let Some(on_copy) = on_copy {
                    on_copy.run(());
                }
                copy_action.dispatch(text.get_untracked());
            }
        >
            {label.unwrap_or("Copy")}
        </button>
        <span class="copy-status" role="status">{status}</span>
    }
}
