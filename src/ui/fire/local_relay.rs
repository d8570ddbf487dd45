//! "Read the answer through the local relay": the switch in Fire that sends through
//! `postback relay` on this computer, the command to start it with this page's own address,
//! and the relay's address and code, kept in memory only.

use leptos::prelude::*;
use postback_core::{relay_command, DEFAULT_RELAY_PORT};

use crate::{page, ui::widgets::CopyButton};

/// The relay's address until another is typed.
pub fn default_relay_address() -> String {
    format!("http://127.0.0.1:{DEFAULT_RELAY_PORT}")
}

/// The switch, and while it is on, how to start the relay and where it is.
#[component]
pub fn LocalRelay(
    /// Whether Fire sends through the relay.
    on: RwSignal<bool>,
    /// The relay's address, as typed.
    address: RwSignal<String>,
    /// The relay's pairing code, as typed.
    code: RwSignal<String>,
) -> impl IntoView {
    let command = relay_command(&page::origin());
    let command_text = Signal::derive({
        let command = command.clone();
        move || command.clone()
    });
    view! {
        <div class="relay">
            <div class="check">
                <input
                    type="checkbox"
                    id="relay-on"
                    role="switch"
                    prop:checked=move || on.get()
                    on:change=move |ev| on.set(event_target_checked(&ev))
                />
                <label for="relay-on">"Read the answer through the local relay"</label>
            </div>
            <p class="hint">
                "For receivers that hide their answer from web pages: a small program on your "
                "computer sends the postback once and hands the page the whole answer."
            </p>
            <Show when=move || on.get()>
                <p class="note">"Start it in a terminal, then type what it prints:"</p>
                <div class="relay-command">
                    <code><bdi>{command.clone()}</bdi></code>
                    <CopyButton text=command_text what="the relay command" />
                </div>
                <div class="field">
                    <label for="relay-address">"Relay address"</label>
                    <input
                        id="relay-address"
                        type="url"
                        spellcheck="false"
                        autocomplete="off"
                        prop:value=move || address.get()
                        on:input=move |ev| address.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="relay-code">"Relay code"</label>
                    <input
                        id="relay-code"
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        aria-describedby="relay-code-hint"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                    <p class="hint" id="relay-code-hint">
                        "The code is kept in this tab only and forgotten when it closes."
                    </p>
                </div>
                <details>
                    <summary>"How to get the relay, and what the browser asks"</summary>
                    <p class="hint">
                        "The relay is the postback command line. Download it from the project's "
                        "releases, or build it with Rust: "
                        <code>"cargo install --locked --path crates/postback-cli"</code>
                        " in a copy of the project."
                    </p>
                    <p class="hint">
                        "It listens on 127.0.0.1 only, answers only this page's address and the "
                        "code it printed, and fires each postback once. A page opened from the "
                        "internet that reaches your own computer makes Chrome ask whether it may "
                        "look for and connect to devices on your local network: choose Allow. "
                        "Closing the terminal (or Ctrl-C) stops it."
                    </p>
                </details>
            </Show>
        </div>
    }
}
