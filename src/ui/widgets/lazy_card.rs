//! Cards kept out of the first download: [`lazy_view!`](crate::ui::widgets::lazy_view) declares
//! the function that builds a card as a split point, and [`LazyCard`] shows the card once its
//! part of the WebAssembly has arrived, with its heading in place meanwhile and, if the part
//! cannot be fetched, what to do and a button to try again.
//!
//! In a release build the split step of `crates/build-tools` moves each split point's code into
//! a file of its own that the page fetches after it has started; a debug build (`trunk serve`)
//! is not split, so there the function is an ordinary one.

use std::{future::Future, pin::Pin};

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::ErrorNote;

/// What loading a card's part gives: the card, or why its file could not be fetched.
pub type Loaded = Result<AnyView, wasm_split_helpers::SplitLoaderError>;

/// A loader, as [`LazyCard`] takes it.
pub type Load = Pin<Box<dyn Future<Output = Loaded>>>;

/// Declares `pub async fn $name(args) -> Loaded` that builds a card, kept in the part of the
/// WebAssembly named `$part` in a release build. The body is the card's view.
macro_rules! lazy_view {
    ($(#[$meta:meta])* $part:ident: fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$meta])*
        #[cfg(not(debug_assertions))]
        #[::wasm_split_helpers::wasm_split($part, fallible)]
        pub fn $name($($arg: $ty),*) -> $crate::ui::widgets::Loaded {
            Ok(::leptos::prelude::untrack(move || $body))
        }

        $(#[$meta])*
        #[cfg(debug_assertions)]
        #[allow(clippy::unused_async, reason = "the same signature as the split build's")]
        pub async fn $name($($arg: $ty),*) -> $crate::ui::widgets::Loaded {
            Ok(::leptos::prelude::untrack(move || $body))
        }
    };
}
pub(crate) use lazy_view;

/// A card whose code arrives after the page has started: its heading, then the card.
///
/// A `Transition`, not a `Suspense`: the card's own resources (the extractor's reading) are
/// read under this boundary too, and a `Suspense` would put the placeholder back, taking the
/// field being typed in away, every time one of them loads again.
#[component]
pub fn LazyCard<F>(
    /// The card's title, shown while its part loads.
    title: &'static str,
    /// The card's layout class, such as `job-plans`.
    class: &'static str,
    /// Starts loading the card; called again by "Try again".
    load: F,
) -> impl IntoView
where
    F: Fn() -> Load + Clone + Send + Sync + 'static,
{
    let (attempt, set_attempt) = signal(0_u32);
    // While loading, the card holds about the room it will take, so what is below it does
    // not jump when it arrives.
    let placeholder = move |body: AnyView, loading: bool| {
        let class = if loading {
            format!("card {class} loading")
        } else {
            format!("card {class}")
        };
        view! {
            <section class=class aria-label=title>
                <h2>{title}</h2>
                {body}
            </section>
        }
    };
    view! {
        <Transition fallback=move || placeholder(view! { <p class="hint" role="status">"Loading…"</p> }.into_any(), true)>
            {move || {
                attempt.track();
                let load = load.clone();
                Suspend::new(SendWrapper::new(async move {
                    match load().await {
                        Ok(card) => card,
                        Err(_) => placeholder(view! {
                            <ErrorNote
                                message="this part of the page could not be loaded".to_owned()
                                hint="Check the connection, then press Try again. If it still fails, reload the page: a new version may have been published since it opened. Everything else on the page works.".to_owned()
                            />
                            <p class="actions">
                                <button type="button" on:click=move |_| set_attempt.update(|a| *a += 1)>"Try again"</button>
                            </p>
                        }.into_any(), false).into_any(),
                    }
                }))
            }}
        </Transition>
    }
}
