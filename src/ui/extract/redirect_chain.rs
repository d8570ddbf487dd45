//! The redirect chain, hop by hop, with the fate of each tracked parameter and the hop where
//! one was first lost highlighted.

use leptos::prelude::*;
use postback_core::{Chain, Fate};

/// The "Redirect chain" table.
#[component]
pub fn RedirectChain(
    /// The chain to show.
    chain: Chain,
) -> impl IntoView {
    let first_loss = chain.first_loss();
    let summary = {
        let losses: Vec<String> = chain
            .tracked
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                chain
                    .lost_at(i)
                    .map(|hop| format!("{name} is lost at hop {}", hop + 1))
            })
            .collect();
        if losses.is_empty() {
            format!(
                "Every tracked parameter survives all {} hops.",
                chain.hops.len()
            )
        } else {
            format!("{}.", losses.join("; "))
        }
    };
    let left_out = {
        let mut parts = Vec::new();
        if chain.hops_left_out > 0 {
            parts.push(format!(
                "the {} hops after the first {} (a browser stops after 20 redirects)",
                chain.hops_left_out,
                chain.hops.len()
            ));
        }
        if chain.tracked_left_out > 0 {
            parts.push(format!(
                "{} more parameters after the first {}",
                chain.tracked_left_out,
                chain.tracked.len()
            ));
        }
        (!parts.is_empty()).then(|| format!("Not followed: {}.", parts.join(", and ")))
    };
    let headers = chain
        .tracked
        .iter()
        .map(|name| view! { <th scope="col"><code><bdi>{name.clone()}</bdi></code></th> })
        .collect_view();
    let rows = chain
        .hops
        .iter()
        .zip(chain.fates.iter())
        .enumerate()
        .map(|(i, (hop, fates))| {
            let lost_here = first_loss == Some(i);
            let cells = fates
                .iter()
                .map(|fate| {
                    let detail = match fate {
                        Fate::Reencoded(v) | Fate::Recased(v) | Fate::Changed(v) => Some(v.clone()),
                        _ => None,
                    };
                    let class = match fate {
                        Fate::Lost => "fate lost",
                        Fate::Start | Fate::Kept => "fate kept",
                        _ => "fate changed",
                    };
                    view! {
                        <td class=class>
                            {fate.label()}
                            {detail.map(|d| view! { <br /><code><bdi>{d}</bdi></code> })}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr class:lost-hop=lost_here>
                    <th scope="row">{format!("{}", i + 1)}{lost_here.then_some(" (lost here)")}</th>
                    <td>{hop.status.map(|s| s.to_string()).unwrap_or_else(|| "–".to_owned())}</td>
                    <td class="hop-url"><code><bdi>{hop.url.clone()}</bdi></code></td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="chain">
            <h3 id="chain-heading">"Redirect chain"</h3>
            <p class=if first_loss.is_some() { "note problem-text" } else { "note good-text" }>{summary}</p>
            {left_out.map(|n| view! { <p class="note">{n}</p> })}
            <div class="table-wrap">
                <table class="params chain-table" aria-labelledby="chain-heading">
                    <thead>
                        <tr>
                            <th scope="col">"Hop"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"URL"</th>
                            {headers}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
