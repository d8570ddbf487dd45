//! The guided partner check: who asked, numbered plain steps, one large Fire button, a verdict
//! in plain words, and "Send the result back" as a result link or a Markdown summary.

use leptos::prelude::*;
use postback_core::{
    classify, clock_time, evidence_markdown, load_saved, read_result_link, Build, Delivery, Draft,
    FireError, Loaded, LocalTarget, PartnerCheck, Prepared, Run, SentLink, SentLinks, SharedResult,
    Signing, StorageKey,
};

use crate::{
    entropy,
    net::DEFAULT_TIMEOUT_SECS,
    page, storage,
    ui::{
        fire::{use_fire, AddressCheck, BeforeSending, NotSent, Outcome, Shot},
        widgets::{CopyButton, ErrorNote, TechnicalDetail},
    },
};

/// "Postback check": the simple view a partner check link opens.
#[component]
pub fn PostbackCheck(
    /// The prepared test.
    #[prop(into)]
    draft: Signal<Draft>,
    /// What it builds, for the values it still lacks.
    #[prop(into)]
    built: Signal<Build>,
    /// How it is signed.
    #[prop(into)]
    signing: Signal<Signing>,
    /// The request the button would send now.
    #[prop(into)]
    preview: Signal<Result<Prepared, FireError>>,
    /// Who asked, and their note.
    partner: PartnerCheck,
    /// The fingerprint of the link that opened this check, to remember that it was sent.
    link_mark: String,
    /// Called when the partner wants the full tool.
    on_full_view: Callback<()>,
) -> impl IntoView {
    let fire = use_fire(draft, signing);
    let pending = fire.pending;
    // Sent before, from this browser (an earlier visit, or another tab)?
    let (sent, set_sent) = signal(sent_before(&link_mark));
    let (asking_again, set_asking_again) = signal(false);
    // Whether this browser cannot keep the record of sends: then a reload cannot know.
    let (forgetful, set_forgetful) = signal(!record_readable());
    // Set when a press found that another tab had sent it meanwhile.
    let (sent_elsewhere, set_sent_elsewhere) = signal(false);
    {
        // Another tab that sends it changes this one's button at once.
        let mark = link_mark.clone();
        storage::on_other_tab_change(move |key| {
            if key == StorageKey::SentLinks {
                // The listener outlives this view: a disposed signal is left alone.
                let _ = set_sent.try_set(sent_before(&mark));
            }
        });
    }
    let mark = StoredValue::new(link_mark);
    let asked_by = partner.asked_by.trim().to_owned();
    let asked = if asked_by.is_empty() {
        "the person who sent it".to_owned()
    } else {
        asked_by.clone()
    };
    // Once a press's outcome is known, it is kept with the send (so a reload or another tab
    // shows the result), or the send is taken back when the request never left.
    {
        let asked = asked.clone();
        Effect::new(move |_| {
            fire.outcome.with(|outcome| {
                let Some(outcome) = outcome else { return };
                let left = match &outcome.fired {
                    Err(_) => None,
                    Ok(fired) => match fired.run.delivery {
                        Delivery::Blocked => None,
                        _ => Some(&fired.run),
                    },
                };
                let here = sent.get_untracked();
                let times = here.as_ref().map_or(1, |s| s.count);
                let (kept, remembered) = mark.with_value(|m| {
                    change_sent(here, |links| match left {
                        None => links.undo(m),
                        Some(run) => {
                            let fragment = SharedResult::new(&asked, run.clone(), times)
                                .to_fragment()
                                .unwrap_or_default();
                            links.keep_result(m, &fragment);
                            links.get(m).cloned()
                        }
                    })
                });
                set_sent.set(kept);
                if !remembered {
                    set_forgetful.set(true);
                }
            });
        });
    }
    let kept_result = Memo::new(move |_| {
        sent.with(|s| {
            s.as_ref()
                .and_then(|s| s.result.as_deref())
                .and_then(|fragment| read_result_link(fragment).ok())
        })
    });
    let send = move || {
        // A press while one waits for its answer does nothing, and is not counted.
        if pending.get_untracked() {
            return;
        }
        // Counted before the fetch, so a reload while it waits still knows it may have arrived.
        if preview.with_untracked(Result::is_ok) {
            let (counted, remembered) = mark.with_value(|m| {
                change_sent(sent.get_untracked(), |links| {
                    links.record(m, entropy::now_ms());
                    links.get(m).cloned()
                })
            });
            set_sent.set(counted);
            if !remembered {
                set_forgetful.set(true);
            }
        }
        set_asking_again.set(false);
        fire.fire.run(Shot::as_built(DEFAULT_TIMEOUT_SECS));
    };
    // A link made without its secrets cannot be completed by a partner: never sent as written.
    let missing = move || built.with(Build::values_to_fill);
    let press = move |_| {
        if pending.get_untracked() || !missing().is_empty() {
            return;
        }
        // Another tab may have sent it since this one opened: then ask first.
        let stored = mark.with_value(|m| sent_before(m));
        if stored.as_ref().map(|s| s.count) != sent.get_untracked().as_ref().map(|s| s.count) {
            set_sent.set(stored);
            set_sent_elsewhere.set(true);
            set_asking_again.set(true);
            return;
        }
        send();
    };
    let request =
        Signal::derive(move || preview.with(|p| p.as_ref().ok().map(|p| p.request.clone())));
    let local = move || {
        request.with(|r| {
            r.as_ref()
                .and_then(|r| classify(&page::origin(), r).local)
                .map(|l| match l {
                    LocalTarget::Private => {
                        "This sends a request to a device on your own network, not to a tracker on the internet."
                    }
                    LocalTarget::Loopback => {
                        "This sends a request to this computer itself, not to a tracker on the internet."
                    }
                })
        })
    };
    let result = {
        let asked = asked.clone();
        move || match fire.outcome.get() {
            Some(Outcome { fired: Err(e) }) => Some(not_sent(&e).into_any()),
            Some(Outcome { fired: Ok(fired) }) => {
                let times = sent.get_untracked().map_or(1, |s| s.count);
                Some(sent_back(&asked, fired.run, times, true).into_any())
            }
            // Pressed in an earlier visit or another tab: its result, as it was kept.
            None => kept_result
                .get()
                .map(|kept| sent_back(&asked, kept.run, kept.sent, false).into_any()),
        }
    };
    let buttons = {
        let asked = asked.clone();
        let asked_for_missing = asked.clone();
        move || {
            match sent.get() {
            None => view! {
                <button type="button" class="primary big" on:click=press
                    aria-disabled=move || (pending.get() || !missing().is_empty()).to_string()>
                    "Fire the test postback"
                </button>
                {let asked = asked_for_missing.clone(); move || {
                    let names = missing();
                    (!names.is_empty()).then(|| view! {
                        <p class="note problem-text" role="alert">
                            "This link is incomplete: it has no value for " <strong><bdi>{names.join(", ")}</bdi></strong>
                            ", so nothing can be sent from it. Ask " <bdi>{asked.clone()}</bdi> " for a new link."
                        </p>
                    })
                }}
            }
            .into_any(),
            Some(s) => {
                let at = clock_time(s.last_ms, entropy::utc_offset_minutes());
                // "Sent" only once the page knows the request left; until then, or when no
                // answer could be read, it was pressed and may have arrived.
                let known_sent = kept_result.with_untracked(|k| {
                    k.as_ref().is_some_and(|k| {
                        matches!(k.run.delivery, Delivery::Read { .. } | Delivery::Opaque)
                    })
                });
                let word = if known_sent { "Sent" } else { "Pressed" };
                let label = if s.count > 1 {
                    format!("{word} {} times, last at {at}", s.count)
                } else {
                    format!("{word} at {at}")
                };
                let class = if known_sent { "primary big sent" } else { "primary big pressed" };
                let asked = asked.clone();
                view! {
                    <button type="button" class=class aria-disabled="true">{label}</button>
                    <button type="button" on:click=move |_| set_asking_again.set(true)
                        aria-disabled=move || pending.get().to_string()>
                        "Send again"
                    </button>
                    <Show when=move || asking_again.get()>
                        <div class="confirm" role="alert">
                            {move || sent_elsewhere.get().then(|| view! {
                                <p>"It was sent from another tab or window of this browser while this one was open."</p>
                            })}
                            <p>
                                "Sending again may count a second, duplicate conversion in the "
                                "tracker. Send it again only if " <bdi>{asked.clone()}</bdi> " asked you to."
                            </p>
                            <div class="actions">
                                <button type="button" class="danger" on:click=move |_| send()>"Yes, send it again"</button>
                                <button type="button" on:click=move |_| set_asking_again.set(false)>"No, keep the one sent"</button>
                            </div>
                        </div>
                    </Show>
                }
                .into_any()
            }
        }
        }
    };
    let from = if asked_by.is_empty() {
        view! { <p class="lead">"The link does not say who it comes from. It asks you to check that a test conversion reaches a tracker."</p> }.into_any()
    } else {
        view! {
            <p class="lead">
                "The link says it comes from " <bdi class="from">{asked_by}</bdi>
                ". It asks you to check that a test conversion reaches their tracker."
            </p>
        }
        .into_any()
    };
    view! {
        <main class="partner">
            <section class="card" aria-labelledby="partner-heading">
                <h2 id="partner-heading">"Postback check"</h2>
                {from}
                {(!partner.note.is_empty()).then(|| view! {
                    <p class="hint">"The link's note:"</p>
                    <blockquote class="partner-note"><bdi>{partner.note.clone()}</bdi></blockquote>
                })}
                <ol class="partner-steps">
                    <li>"Check what will be sent, below: this is where the test goes."</li>
                    <li>"Press the Fire button once. Nothing is sent before you press it."</li>
                    <li>"Send the result back with one of the two buttons that appear."</li>
                </ol>
                <h3 id="partner-sends-heading">"What will be sent"</h3>
                {move || local().map(|l| view! { <p class="note problem-text" role="note">{l}</p> })}
                {move || request.get().map(|r| view! { <RequestLines text=r.to_visible_text() /> })}
                <details class="request-options">
                    <summary>"Details for the technical team"</summary>
                    <BeforeSending preview=preview />
                </details>
                <div class="actions partner-fire">{buttons}</div>
                <Show when=move || forgetful.get()>
                    <p class="note problem-text" role="note">
                        "This browser cannot keep a record of what this page sent (its storage is "
                        "full, blocked or damaged). If you already pressed the button for this link, "
                        "do not press it again: ask the person who sent it first."
                    </p>
                </Show>
                <span class="pending" aria-live="polite">{move || pending.get().then_some("Sending…")}</span>
                <div class="result" role="region" aria-labelledby="partner-result-heading">
                    <h3 id="partner-result-heading">"Result"</h3>
                    {result}
                </div>
                <p><button type="button" class="link" on:click=move |_| on_full_view.run(())>"Open the full tool"</button></p>
            </section>
        </main>
    }
}

/// How many lines of the request show before the rest is folded away.
const SHOWN_LINES: usize = 10;

/// The request as it is sent, line by line in monospace: the first lines, then "and N more
/// lines" that opens to show the rest.
#[component]
fn RequestLines(
    /// The request as text.
    text: String,
) -> impl IntoView {
    let lines: Vec<&str> = text.lines().collect();
    let (shown, rest) = lines.split_at(lines.len().min(SHOWN_LINES));
    let shown = shown.join("\n");
    let rest = (!rest.is_empty()).then(|| (rest.len(), rest.join("\n")));
    view! {
        <pre class="sent-request" aria-labelledby="partner-sends-heading"><bdi>{shown}</bdi></pre>
        {rest.map(|(count, rest)| view! {
            <details class="more-lines">
                <summary>{format!("and {count} more line{}", if count == 1 { "" } else { "s" })}</summary>
                <pre class="sent-request"><bdi>{rest}</bdi></pre>
            </details>
        })}
    }
}

/// How often this browser sent the link marked `mark`, if it did.
fn sent_before(mark: &str) -> Option<SentLink> {
    let stored = storage::read(StorageKey::SentLinks).ok().flatten();
    match load_saved::<SentLinks>(stored.as_deref()) {
        Loaded::Read { value, .. } => value.get(mark).cloned(),
        _ => None,
    }
}

/// Whether this browser's record of sent links can be read (or there is none yet): if not,
/// an earlier send of this link cannot be known.
fn record_readable() -> bool {
    storage::read(StorageKey::SentLinks).is_ok_and(|stored| {
        matches!(
            load_saved::<SentLinks>(stored.as_deref()),
            Loaded::Read { .. } | Loaded::Empty
        )
    })
}

/// Applies `change` to the stored record of sends and stores it: what `change` gave, and
/// whether it is remembered. A damaged or newer version's record, or no storage, is left
/// alone: `change` then applies to this tab's own send, `here`, and nothing is remembered.
fn change_sent(
    here: Option<SentLink>,
    change: impl FnOnce(&mut SentLinks) -> Option<SentLink>,
) -> (Option<SentLink>, bool) {
    let stored = storage::read(StorageKey::SentLinks);
    let mut links = match stored
        .as_ref()
        .map(|s| load_saved::<SentLinks>(s.as_deref()))
    {
        Ok(Loaded::Read { value, .. }) => value,
        Ok(Loaded::Empty) => SentLinks::new(),
        Ok(Loaded::Unreadable { .. } | Loaded::Newer { .. }) | Err(_) => {
            let mut tab = SentLinks::new();
            tab.links.extend(here);
            return (change(&mut tab), false);
        }
    };
    let changed = change(&mut links);
    let remembered = storage::write(StorageKey::SentLinks, &links.to_json()).is_ok();
    (changed, remembered)
}

fn not_sent(e: &NotSent) -> impl IntoView {
    view! {
        <p class="verdict warn" role="alert">"Not sent"</p>
        <ErrorNote message=e.to_string() hint=e.hint().to_owned() />
    }
}

/// The verdict, and the two ways to send it back; `fresh` for a press in this view (scrolled
/// into view), not a result kept from an earlier one.
fn sent_back(asked_by: &str, run: Run, times: u32, fresh: bool) -> impl IntoView {
    let verdict = run.delivery.verdict();
    // With no readable answer, the partner can tell "it arrived" from "nothing is there"
    // without sending it again.
    let check = (run.delivery == Delivery::Hidden)
        .then(|| view! { <AddressCheck request=run.request.clone() /> });
    let earlier = (!fresh).then(|| {
        view! { <p class="note">{format!("The result of the press at {}:", run.when())}</p> }
    });
    if fresh {
        page::scroll_to("partner-result-heading");
    }
    let summary = evidence_markdown(std::slice::from_ref(&run), entropy::utc_offset_minutes());
    let link = SharedResult::new(asked_by, run, times)
        .to_fragment()
        .map(|f| format!("{}#{f}", page::base_url()));
    view! {
        {earlier}
        <p class=format!("verdict {}", verdict.tone.as_str()) role="status">{verdict.headline}</p>
        <p class="verdict-detail">{verdict.detail}</p>
        {check}
        <TechnicalDetail text=verdict.technical />
        <h3 id="send-back-heading">"Send the result back"</h3>
        <p class="lead">"Your part is done. Send this result to " <bdi>{asked_by.to_owned()}</bdi> "."</p>
        {(times > 1).then(|| view! {
            <p class="note problem-text">{format!("This postback was sent {times} times from this browser: the result says so.")}</p>
        })}
        <p class="hint">"Copy one of these and send it:"</p>
        {match link {
            Ok(link) => view! {
                <div class="field">
                    <label for="result-link">"Result link"</label>
                    <input id="result-link" type="text" readonly prop:value=link.clone() />
                    <CopyButton text=Signal::stored(link) what="the result link" label="Copy the result link" />
                </div>
            }.into_any(),
            Err(e) => view! { <ErrorNote message=e.to_string() hint="Copy the summary instead.".to_owned() /> }.into_any(),
        }}
        <div class="field">
            <label for="result-summary">"Summary"</label>
            <textarea id="result-summary" readonly rows="6" prop:value=summary.clone()></textarea>
            <CopyButton text=Signal::stored(summary) what="the summary" label="Copy the summary" />
        </div>
    }
}
