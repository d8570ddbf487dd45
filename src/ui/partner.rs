//! What a partner sees: the guided "Postback check" a partner link opens, and the "Result from a
//! partner" a result link opens. Only those links fetch their code.

mod partner_result;
mod postback_check;

use leptos::prelude::*;
use postback_core::{Build, Draft, FireError, PartnerCheck, Prepared, ResultLink, Signing};

use crate::ui::widgets::{lazy_view, LinkProblem};
pub use partner_result::PartnerResult;
pub use postback_check::PostbackCheck;

lazy_view! {
    /// The "Postback check" a partner link opens, from its own part of the WebAssembly.
    partner: fn postback_check_card(
        draft: Signal<Draft>,
        built: Signal<Build>,
        signing: Signal<Signing>,
        preview: Signal<Result<Prepared, FireError>>,
        partner: PartnerCheck,
        link_mark: String,
        on_full_view: Callback<()>,
    ) {
        view! {
            <PostbackCheck
                draft=draft
                built=built
                signing=signing
                preview=preview
                partner=partner
                link_mark=link_mark
                on_full_view=on_full_view
            />
        }
        .into_any()
    }
}

lazy_view! {
    /// The "Result from a partner" a result link opens, from the partner part, or why the
    /// link cannot be read.
    partner: fn partner_result_card(link: ResultLink) {
        match link.read() {
            Ok(result) => view! { <PartnerResult result=result /> }.into_any(),
            Err(e) => view! {
                <section class="card partner-result" aria-label="Result from a partner">
                    <h2>"Result from a partner"</h2>
                    <LinkProblem error=e />
                </section>
            }
            .into_any(),
        }
    }
}
