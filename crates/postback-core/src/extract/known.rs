//! Query parameters with a known meaning: ad-platform click IDs, tracker and network click
//! IDs, and UTM tags. Sources: shared/reference/postback-domain.md §2a, §2c and §1b.

use serde::{Deserialize, Serialize};

/// What kind of parameter a known name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ParamGroup {
    /// A click ID set by an ad platform (gclid, fbclid …).
    AdClickId,
    /// A click ID or sub-ID of a tracker or affiliate network (subid, cnv_id …).
    TrackerClickId,
    /// A UTM campaign tag.
    Utm,
}

impl ParamGroup {
    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Self::AdClickId => "ad click ID",
            Self::TrackerClickId => "tracker click ID",
            Self::Utm => "UTM tag",
        }
    }

    /// Whether the group holds click IDs (as opposed to campaign tags).
    pub fn is_click_id(self) -> bool {
        !matches!(self, Self::Utm)
    }
}

/// A known parameter name and who uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownParam {
    /// The name, exactly as the platform writes it.
    pub name: &'static str,
    /// Who uses it.
    pub platform: &'static str,
    /// What kind of parameter it is.
    pub group: ParamGroup,
}

const fn ad(name: &'static str, platform: &'static str) -> KnownParam {
    KnownParam {
        name,
        platform,
        group: ParamGroup::AdClickId,
    }
}

const fn tracker(name: &'static str, platform: &'static str) -> KnownParam {
    KnownParam {
        name,
        platform,
        group: ParamGroup::TrackerClickId,
    }
}

/// Every known name. Matching ignores case only where the platform does (`ScCid`/`sccid`).
pub static KNOWN_PARAMS: &[KnownParam] = &[
    ad("gclid", "Google Ads"),
    ad("gbraid", "Google Ads (iOS)"),
    ad("wbraid", "Google Ads (iOS web)"),
    ad("dclid", "Google Campaign Manager 360"),
    ad("gclsrc", "Google Ads"),
    ad("gad_source", "Google Ads"),
    ad("srsltid", "Google Merchant Center"),
    ad("fbclid", "Meta"),
    ad("msclkid", "Microsoft Advertising"),
    ad("ttclid", "TikTok"),
    ad("twclid", "X (Twitter)"),
    ad("li_fat_id", "LinkedIn"),
    ad("ScCid", "Snapchat"),
    ad("sccid", "Snapchat"),
    ad("yclid", "Yandex Direct"),
    ad("ysclid", "Yandex"),
    ad("irclickid", "Impact"),
    ad("epik", "Pinterest"),
    ad("rdt_cid", "Reddit"),
    ad("_kx", "Klaviyo"),
    ad("tblci", "Taboola"),
    ad("dicbo", "Outbrain"),
    ad("ob_click_id", "Outbrain"),
    ad("awclid", "Amazon Ads"),
    ad("s_kwcid", "Adobe Advertising"),
    ad("mc_cid", "Mailchimp"),
    ad("vmcid", "Yahoo DSP"),
    ad("ef_id", "Adobe Advertising"),
    tracker("subid", "Keitaro"),
    tracker("cnv_id", "Binom"),
    tracker("cid", "Voluum, BeMob, PeerClick"),
    tracker("clickid", "RedTrack, Affise, generic"),
    tracker("click_id", "Affise, Trackier, Scaleo"),
    tracker("click-id", "Taboola postback"),
    tracker("hit", "FunnelFlux"),
    tracker("transaction_id", "TUNE, Everflow"),
    tracker("tid", "Offer18, Keitaro"),
    tracker("aff_sub", "TUNE"),
    tracker("aff_click_id", "TUNE"),
    tracker("s1", "ClickMagick, sub-ID"),
    tracker("sub1", "Affise sub-ID"),
    tracker("visitorId", "Post Affiliate Pro"),
    tracker("btag", "Income Access"),
    tracker("reqid", "CAKE"),
    tracker("r", "CAKE"),
];

/// What `name` is known as, if anything. `utm_*` names are UTM tags.
///
/// ```
/// use postback_core::{known_param as lookup, ParamGroup};
///
/// assert_eq!(lookup("gclid").map(|k| k.platform), Some("Google Ads"));
/// assert_eq!(lookup("GCLID"), None, "Google's click ID is case-sensitive");
/// assert_eq!(lookup("utm_source").map(|k| k.group), Some(ParamGroup::Utm));
/// assert_eq!(lookup("page"), None);
/// ```
pub fn known_param(name: &str) -> Option<KnownParam> {
    if let Some(known) = KNOWN_PARAMS.iter().find(|k| k.name == name) {
        return Some(*known);
    }
    name.starts_with("utm_").then_some(KnownParam {
        name: "utm_*",
        platform: "Campaign tag",
        group: ParamGroup::Utm,
    })
}
