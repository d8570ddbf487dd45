//! Share links: a prepared test (the draft, the scenario, how it is signed, and for a partner
//! check who asked) packed into a URL fragment, versioned and compact (JSON, raw deflate,
//! base64url), within a size budget, and unpacked with a cap on the decompressed size.
//!
//! Secrets are left out unless the sender includes them: values whose name or role marks a
//! token, and the signing secret. A link never fires anything; it only fills the page.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use serde::{Deserialize, Serialize};

use crate::{
    version::{self, Step, Unreadable},
    Draft, LeftOut, Plan, Run, Scenario, Secrets, SharedSigning, Signing,
};

/// The upgrade steps of share and result links, one per version after the first (see the
/// version rule in `version.rs`). A link keeps working after the app changes.
const SHARE_STEPS: [Step; 3] = [
    crate::store::runs_may_come_from_a_partner,
    crate::store::secrets_by_placement,
    crate::store::problems_at_fire_time,
];

/// The version this build writes. Links from a newer version are refused, never misread.
pub const SHARE_VERSION: u32 = version::current(&SHARE_STEPS);

/// What starts a share link's fragment, before the version: `#pbt=2.…`.
pub const SHARE_KEY: &str = "pbt=";

/// The longest fragment a link may carry. Chat apps and mail clients cut longer links.
pub const MAX_FRAGMENT_CHARS: usize = 6_000;

/// The most bytes a link may unpack to: a small link cannot become a large allocation.
pub const MAX_UNPACKED_BYTES: usize = 256 * 1024;

/// Who asked a partner to run the check, for the partner's simple view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerCheck {
    /// The name or team that asked.
    pub asked_by: String,
    /// A short note for the partner.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A prepared test, as a link carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// The format version.
    pub v: u32,
    /// The builder's state.
    pub draft: Draft,
    /// The scenario to run, if one was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Scenario>,
    /// How fires are signed.
    #[serde(default)]
    pub signing: SharedSigning,
    /// Whether secrets were included on purpose: the page shows a banner when they were.
    #[serde(default)]
    pub secrets_included: bool,
    /// Set for a guided partner check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerCheck>,
    /// The secrets left out of the link, so the page that opens it can ask for them.
    #[serde(default, skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

/// Why a link could not be made or read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The packed test is longer than a link should be.
    #[error("too large to share ({chars} characters)")]
    TooLarge {
        /// The fragment's length.
        chars: usize,
    },
    /// The fragment is not a Postback Tester link.
    #[error("not a postback tester link")]
    NotOurs,
    /// A newer version of the app made the link.
    #[error("made by a newer version (format {version})")]
    Newer {
        /// The link's version.
        version: u32,
    },
    /// The link was cut short or changed.
    #[error("the link is damaged or cut short")]
    Damaged,
    /// The link unpacks to more than [`MAX_UNPACKED_BYTES`].
    #[error("the link unpacks to more than {} KiB", MAX_UNPACKED_BYTES / 1024)]
    Oversized,
}

impl ShareError {
    /// What the user can do next.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => {
                "Export a file instead, or shorten the body and the values before sharing."
            }
            Self::NotOurs => "Open a link made with Share in Postback Tester.",
            Self::Newer { .. } => {
                "Reload the page to get the newest Postback Tester, then open the link again."
            }
            Self::Damaged | Self::Oversized => {
                "Copy the whole link again: chat apps sometimes cut long links. Or ask for a new one."
            }
        }
    }
}

impl Shared {
    /// A test to share: `draft` as it is, signed with `signing`, secrets left out unless
    /// `include_secrets`.
    pub fn new(
        draft: &Draft,
        signing: &Signing,
        scenario: Option<Scenario>,
        include_secrets: bool,
        partner: Option<PartnerCheck>,
    ) -> Self {
        let secrets = Secrets::of(draft, signing);
        let (draft, left_out) = if include_secrets {
            (draft.clone(), LeftOut::default())
        } else {
            (secrets.split(draft).0, secrets.left_out(draft))
        };
        Self {
            v: SHARE_VERSION,
            draft,
            scenario,
            signing: SharedSigning::new(signing, include_secrets),
            secrets_included: include_secrets,
            partner,
            left_out,
        }
    }

    /// The signing this link asks for (with an empty secret when none was included).
    pub fn signing(&self) -> Signing {
        self.signing.to_signing()
    }

    /// The fragment (without `#`) that carries this test.
    ///
    /// # Errors
    ///
    /// [`ShareError::TooLarge`] past [`MAX_FRAGMENT_CHARS`].
    ///
    /// ```
    /// use postback_core::{read_share_link, Draft, Shared, Signing, SHARE_VERSION};
    ///
    /// let draft = Draft { url: "https://t.example/pb?cid={clickid}".into(), ..Draft::default() };
    /// let shared = Shared::new(&draft, &Signing::Off, None, false, None);
    /// let fragment = shared.to_fragment()?;
    /// assert!(fragment.starts_with(&format!("pbt={SHARE_VERSION}.")));
    /// assert_eq!(read_share_link(&fragment)?, shared);
    /// # Ok::<(), postback_core::ShareError>(())
    /// ```
    pub fn to_fragment(&self) -> Result<String, ShareError> {
        pack(SHARE_KEY, self.v, self)
    }
}

/// What a partner sends back: the run they fired, for whoever asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedResult {
    /// The format version.
    pub v: u32,
    /// Who asked for the check, as the check link said.
    #[serde(default)]
    pub asked_by: String,
    /// The fire, as the partner's browser saw it: the last one.
    pub run: Run,
    /// How many times the partner's browser sent this postback: more than once may mean a
    /// duplicate conversion.
    #[serde(default = "once")]
    pub sent: u32,
}

fn once() -> u32 {
    1
}

impl SharedResult {
    /// The result for `asked_by`, of a postback sent `sent` times (the last is `run`).
    pub fn new(asked_by: &str, run: Run, sent: u32) -> Self {
        Self {
            v: SHARE_VERSION,
            asked_by: asked_by.to_owned(),
            run,
            sent: sent.max(1),
        }
    }

    /// The run to keep in the history: marked as a partner's, whatever the link said, so a
    /// forged link cannot pass for one's own run.
    pub fn run_to_keep(&self) -> Run {
        let asked_by = self.asked_by.trim();
        Run {
            from_partner: Some(if asked_by.is_empty() {
                "a partner".to_owned()
            } else {
                asked_by.to_owned()
            }),
            ..self.run.clone()
        }
    }

    /// The fragment (without `#`) that carries this result.
    ///
    /// # Errors
    ///
    /// [`ShareError::TooLarge`] past [`MAX_FRAGMENT_CHARS`].
    pub fn to_fragment(&self) -> Result<String, ShareError> {
        pack(RESULT_KEY, self.v, self)
    }
}

/// What the page's fragment holds when it opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    /// Nothing of ours: an empty fragment or another page anchor.
    Nothing,
    /// A prepared test.
    Test(Box<Shared>),
    /// A partner's result link, read by the card that shows it ([`ResultLink::read`]).
    Result(ResultLink),
    /// A test plan's link, read when the "Test plans" card has arrived ([`PlanLink::read`]):
    /// the page's first download carries no plan reader.
    Plan(PlanLink),
    /// One of our links that cannot be read.
    Problem(ShareError),
}

/// Reads the page's fragment as it opens.
///
/// ```
/// use postback_core::{open_link, Opened, ShareError};
///
/// assert_eq!(open_link(""), Opened::Nothing);
/// assert_eq!(open_link("#top"), Opened::Nothing);
/// assert_eq!(open_link("#pbt=9.AAAA"), Opened::Problem(ShareError::Newer { version: 9 }));
/// ```
pub fn open_link(fragment: &str) -> Opened {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.starts_with(SHARE_KEY) {
        match read_share_link(fragment) {
            Ok(shared) => Opened::Test(Box::new(shared)),
            Err(e) => Opened::Problem(e),
        }
    } else if fragment.starts_with(PLAN_KEY) {
        Opened::Plan(PlanLink(fragment.to_owned()))
    } else if fragment.starts_with(RESULT_KEY) {
        Opened::Result(ResultLink(fragment.to_owned()))
    } else {
        Opened::Nothing
    }
}

/// What starts a result link's fragment: `#pbr=2.…`.
pub const RESULT_KEY: &str = "pbr=";

fn pack<T: Serialize>(key: &str, version: u32, value: &T) -> Result<String, ShareError> {
    let json = serde_json::to_string(value).map_err(|_| ShareError::Damaged)?;
    // A link that would unpack past what a page reads is not made: it goes as a file.
    if json.len() > MAX_UNPACKED_BYTES {
        return Err(ShareError::TooLarge { chars: json.len() });
    }
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let fragment = format!("{key}{version}.{}", URL_SAFE_NO_PAD.encode(packed));
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLarge {
            chars: fragment.len(),
        });
    }
    Ok(fragment)
}

/// The JSON a fragment that starts with `key` carries, upgraded to the current version.
fn unpack(key: &str, fragment: &str) -> Result<serde_json::Value, ShareError> {
    unpack_as(key, fragment, SHARE_VERSION, &SHARE_STEPS)
}

/// As [`unpack`], for a format whose version is `current`, upgraded by `steps`.
fn unpack_as(
    key: &str,
    fragment: &str,
    current: u32,
    steps: &[Step],
) -> Result<serde_json::Value, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    let rest = fragment.strip_prefix(key).ok_or(ShareError::NotOurs)?;
    let (version, data) = rest.split_once('.').ok_or(ShareError::Damaged)?;
    let version: u32 = version.parse().map_err(|_| ShareError::Damaged)?;
    if version > current {
        return Err(ShareError::Newer { version });
    }
    if data.len() > MAX_FRAGMENT_CHARS * 2 {
        return Err(ShareError::Damaged);
    }
    let packed = URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|_| ShareError::Damaged)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_UNPACKED_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::Oversized,
            _ => ShareError::Damaged,
        })?;
    let value: serde_json::Value =
        serde_json::from_slice(&json).map_err(|_| ShareError::Damaged)?;
    // The version in the link's text and the one inside must agree.
    if version::version_of(&value).ok() != Some(version) {
        return Err(ShareError::Damaged);
    }
    version::upgrade(value, steps).map_err(|e| match e {
        Unreadable::Newer(version) => ShareError::Newer { version },
        Unreadable::Broken(_) => ShareError::Damaged,
    })
}

/// The test a share link's fragment carries (with or without the leading `#`).
///
/// # Errors
///
/// [`ShareError`] for a fragment that is not ours, comes from a newer version, was cut short or
/// tampered with, or unpacks past [`MAX_UNPACKED_BYTES`].
pub fn read_share_link(fragment: &str) -> Result<Shared, ShareError> {
    let mut shared: Shared =
        serde_json::from_value(unpack(SHARE_KEY, fragment)?).map_err(|_| ShareError::Damaged)?;
    shared.draft = shared.draft.capped();
    if let Some(partner) = &mut shared.partner {
        crate::span::cut_at_char(&mut partner.asked_by, MAX_ASKED_BY_BYTES);
        crate::span::cut_at_char(&mut partner.note, MAX_NOTE_BYTES);
    }
    Ok(shared)
}

/// A partner's result link as the page opened with it, not read yet.
///
/// ```
/// use postback_core::{open_link, Opened, ShareError};
///
/// let Opened::Result(link) = open_link("#pbr=1.%%%") else { panic!("not a result link") };
/// assert_eq!(link.read(), Err(ShareError::Damaged));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultLink(String);

impl ResultLink {
    /// The result the link carries.
    ///
    /// # Errors
    ///
    /// As [`read_result_link`].
    pub fn read(&self) -> Result<SharedResult, ShareError> {
        read_result_link(&self.0)
    }
}

/// The result a partner's link carries.
///
/// # Errors
///
/// As [`read_share_link`].
pub fn read_result_link(fragment: &str) -> Result<SharedResult, ShareError> {
    let mut result: SharedResult =
        serde_json::from_value(unpack(RESULT_KEY, fragment)?).map_err(|_| ShareError::Damaged)?;
    result.run = result.run.tidy();
    crate::span::cut_at_char(&mut result.asked_by, MAX_ASKED_BY_BYTES);
    Ok(result)
}

/// What starts a plan link's fragment: `#pbp=1.…`.
pub const PLAN_KEY: &str = "pbp=";

/// The fragment (without `#`) that carries `plan`, as it is kept: secrets are already
/// `${env:NAME}` placeholders (see [`Plan::for_keeping`]), asked for when the plan runs.
///
/// # Errors
///
/// [`ShareError::TooLarge`] past [`MAX_FRAGMENT_CHARS`]: a plan of many partners goes as a file.
///
/// ```
/// use postback_core::{open_link, plan_link, Draft, Opened, Plan, Signing};
///
/// let plan = Plan::from_builder("x", "Launch", &Draft::default(), &Signing::Off);
/// let fragment = plan_link(&plan)?;
/// assert!(fragment.starts_with("pbp=1."));
/// let Opened::Plan(link) = open_link(&fragment) else { panic!("not a plan link") };
/// assert_eq!(link.read(), Ok(plan));
/// # Ok::<(), postback_core::ShareError>(())
/// ```
pub fn plan_link(plan: &Plan) -> Result<String, ShareError> {
    let value: serde_json::Value =
        serde_json::from_str(&crate::plan_json(plan)).map_err(|_| ShareError::Damaged)?;
    pack(PLAN_KEY, crate::PLAN_VERSION, &value)
}

/// A plan link as the page opened with it, not read yet.
///
/// ```
/// use postback_core::{open_link, Opened, ShareError};
///
/// let Opened::Plan(link) = open_link("#pbp=1.AAAA") else { panic!("not a plan link") };
/// assert_eq!(link.read(), Err(ShareError::Damaged));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanLink(String);

impl PlanLink {
    /// The plan the link carries.
    ///
    /// # Errors
    ///
    /// As [`read_plan_link`].
    pub fn read(&self) -> Result<Plan, ShareError> {
        read_plan_link(&self.0)
    }
}

/// The plan a plan link's fragment carries.
///
/// # Errors
///
/// As [`read_share_link`].
pub fn read_plan_link(fragment: &str) -> Result<Plan, ShareError> {
    let value = unpack_as(
        PLAN_KEY,
        fragment,
        crate::PLAN_VERSION,
        crate::plan::PLAN_STEPS,
    )?;
    crate::plan::plan_from_value(value).map_err(|e| match e {
        crate::PlanError::Newer { version } => ShareError::Newer { version },
        _ => ShareError::Damaged,
    })
}

/// The longest "Asked by" and note for the partner a link keeps, in bytes.
const MAX_ASKED_BY_BYTES: usize = 200;
const MAX_NOTE_BYTES: usize = 2_000;

#[cfg(test)]
mod tests;
