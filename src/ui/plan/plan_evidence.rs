//! A plan's files: the plan itself (secrets as `${env:NAME}` placeholders), and its run as
//! Markdown, JSON and JUnit XML; and deleting the plan, once confirmed.

use leptos::prelude::*;
use postback_core::{
    plan_json, plan_json_evidence, plan_junit, plan_link, plan_markdown, Plan, PlanRun,
};

use crate::{
    files, page,
    ui::widgets::{CopyButton, ErrorNote},
};

/// The file a press saves.
#[derive(Clone, Copy)]
enum Save {
    Plan,
    Markdown,
    Json,
    Junit,
}

/// The plan's save and delete presses.
#[component]
pub fn PlanEvidence(
    /// The plan, secrets left out.
    plan: Signal<Plan>,
    /// Its last run.
    run: Signal<PlanRun>,
    /// Whether a run is going: the plan is not deleted under it.
    running: Signal<bool>,
    /// Called once the user confirmed deleting the plan.
    on_deleted: Callback<()>,
) -> impl IntoView {
    let (said, set_said) = signal(None::<Result<String, (String, String)>>);
    let (confirm, set_confirm) = signal(false);
    let (link, set_link) = signal(None::<Result<String, (String, String)>>);
    let stem = move || -> String {
        let stem: String = plan.with_untracked(|p| {
            p.name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect::<String>()
        });
        let stem = stem
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if stem.is_empty() {
            "test-plan".to_owned()
        } else {
            stem
        }
    };
    let save = move |what: Save| {
        let stem = stem();
        let (name, mime, text) = plan.with_untracked(|p| {
            run.with_untracked(|r| match what {
                Save::Plan => (format!("{stem}.json"), "application/json", plan_json(p)),
                Save::Markdown => (
                    format!("{stem}-results.md"),
                    "text/markdown",
                    plan_markdown(p, r),
                ),
                Save::Json => (
                    format!("{stem}-results.json"),
                    "application/json",
                    plan_json_evidence(p, r),
                ),
                Save::Junit => (
                    format!("{stem}-junit.xml"),
                    "application/xml",
                    plan_junit(p, r),
                ),
            })
        });
        set_said.set(Some(match files::save_text(&name, mime, &text) {
            Ok(()) => Ok(format!("Saved {name}.")),
            Err(e) => Err((e.to_string(), e.hint())),
        }));
    };
    let make_link = move |_| {
        set_link.set(Some(
            plan.with_untracked(plan_link)
                .map(|f| format!("{}#{f}", page::base_url()))
                .map_err(|e| (e.to_string(), e.hint().to_owned())),
        ));
    };
    let link_text = Signal::derive(move || match link.get() {
        Some(Ok(l)) => l,
        _ => String::new(),
    });
    view! {
        <div class="actions">
            <button type="button" on:click=move |_| save(Save::Plan)>"Save plan"</button>
            <button type="button" on:click=make_link>"Make plan link"</button>
            <span class="hint">"Results as"</span>
            <button type="button" on:click=move |_| save(Save::Markdown)>"Markdown"</button>
            <button type="button" on:click=move |_| save(Save::Json)>"JSON"</button>
            <button type="button" on:click=move |_| save(Save::Junit)>"JUnit XML"</button>
        </div>
        <div class="note" aria-live="polite">
            {move || match said.get() {
                Some(Ok(s)) => s.into_any(),
                Some(Err((message, hint))) => view! { <ErrorNote message=message hint=hint /> }.into_any(),
                None => ().into_any(),
            }}
        </div>
        {move || match link.get() {
            None => ().into_any(),
            Some(Err((message, hint))) => view! { <ErrorNote message=message hint=hint /> }.into_any(),
            Some(Ok(_)) => view! {
                <div class="field">
                    <label for="plan-link">"Plan link"</label>
                    <input id="plan-link" type="text" readonly prop:value=move || link_text.get() />
                    <CopyButton text=link_text what="the plan link" />
                </div>
                <p class="hint">"Opening the link adds the plan to that browser and sends nothing. Secrets are not in it: they are asked for when the plan runs."</p>
            }.into_any(),
        }}
        <div class="actions danger">
            {move || if confirm.get() {
                view! {
                    <span>"Delete this plan and its results from this browser? Saved files stay."</span>
                    <button type="button" class="danger" on:click=move |_| { set_confirm.set(false); on_deleted.run(()); }>"Yes, delete the plan"</button>
                    <button type="button" on:click=move |_| set_confirm.set(false)>"Keep it"</button>
                }.into_any()
            } else {
                view! { <button type="button" aria-disabled=move || running.get().to_string()
                    on:click=move |_| if !running.get_untracked() { set_confirm.set(true) }>"Delete plan"</button> }.into_any()
            }}
        </div>
    }
}
