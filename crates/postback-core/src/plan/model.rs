//! What a plan is: partners (each a postback as the builder makes it, with its signing and
//! the value its event parameter takes per event), the events to fire, and the negative
//! checks to run per partner.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ConversionEvent, Draft, Preset, SharedSigning, Signing};

/// Macro names that carry the event when the platform documents none, most telling first.
const EVENT_PARAM_NAMES: [&str; 7] = [
    "event",
    "event_type",
    "goal",
    "status",
    "action",
    "type",
    "event_name",
];

/// The most partners a plan holds: with every event and check, over 10,000 cells.
pub const MAX_PARTNERS: usize = 1_000;

/// A check per partner that a receiver refuses what it should.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Negative {
    /// The postback without its click ID.
    NoClickId,
    /// The postback with a wrong token or signing secret.
    WrongToken,
    /// The first event's postback again, with the same transaction ID.
    SameTransactionTwice,
}

impl Negative {
    /// Every check, in the order a plan lists them.
    pub const ALL: [Negative; 3] = [
        Self::NoClickId,
        Self::WrongToken,
        Self::SameTransactionTwice,
    ];

    /// A stable identifier.
    pub fn id(self) -> &'static str {
        match self {
            Self::NoClickId => "no-click-id",
            Self::WrongToken => "wrong-token",
            Self::SameTransactionTwice => "same-transaction-twice",
        }
    }

    /// Why the check is left out for a partner it does not apply to, in plain words.
    pub fn not_applicable(self) -> &'static str {
        match self {
            Self::NoClickId => "Every postback has a click ID to leave out.",
            Self::WrongToken => "This postback has no token or signature to get wrong.",
            Self::SameTransactionTwice => {
                "This postback has no transaction ID macro to repeat, or the plan has no event."
            }
        }
    }

    /// The check in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::NoClickId => "No click ID",
            Self::WrongToken => "Wrong token",
            Self::SameTransactionTwice => "Same transaction ID twice",
        }
    }
}

/// One receiver of a plan: whom the postbacks go to and how they are built.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    /// A stable ID within the plan, such as `p1`.
    pub id: String,
    /// A name the person chose, such as "AffNet (Keitaro)".
    pub name: String,
    /// The postback as the builder makes it: platform, template, values.
    pub draft: Draft,
    /// How its postbacks are signed; the secret may be an `${env:NAME}` placeholder.
    #[serde(default)]
    pub signing: SharedSigning,
    /// The macro set to each event's value; `None` when every event sends the same postback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_param: Option<String>,
    /// The value of `event_param` for each event.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub event_values: BTreeMap<ConversionEvent, String>,
}

impl Partner {
    /// A partner named `name` for the postback `draft` signed with `signing`: its event
    /// parameter and the values its platform documents are filled in.
    ///
    /// ```
    /// use postback_core::{ConversionEvent, Draft, Partner, Signing};
    ///
    /// let draft = Draft {
    ///     preset: Some("keitaro".into()),
    ///     url: "https://t.example/k/postback?subid={subid}&status={status}&tid={tid}".into(),
    ///     ..Draft::default()
    /// };
    /// let partner = Partner::new("p1", "AffNet", &draft, &Signing::Off);
    /// assert_eq!(partner.event_param.as_deref(), Some("status"));
    /// assert_eq!(partner.event_values.get(&ConversionEvent::Registration).map(String::as_str), Some("lead"));
    /// ```
    pub fn new(id: &str, name: &str, draft: &Draft, signing: &Signing) -> Self {
        let preset = draft.preset();
        let names = draft.build().fields;
        let documented = preset
            .and_then(Preset::event_param)
            .filter(|p| names.iter().any(|f| f.name == *p));
        // Without a documented one, a macro named like an event parameter is taken; its
        // values are left for the person to type.
        let event_param = documented
            .or_else(|| {
                EVENT_PARAM_NAMES
                    .iter()
                    .copied()
                    .find(|guess| names.iter().any(|f| f.name.eq_ignore_ascii_case(guess)))
            })
            .and_then(|guess| names.iter().find(|f| f.name.eq_ignore_ascii_case(guess)))
            .map(|f| f.name.clone());
        let event_values = match (preset, documented) {
            (Some(p), Some(_)) => p
                .event_values
                .iter()
                .map(|(e, v)| (*e, (*v).to_owned()))
                .collect(),
            _ => BTreeMap::new(),
        };
        // Only the values of this postback's own macros: the builder may still hold another
        // partner's click ID or secret.
        let mut draft = draft.clone();
        draft
            .values
            .retain(|name, _| names.iter().any(|f| f.name == name));
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            draft,
            signing: SharedSigning::new(signing, true),
            event_param,
            event_values,
        }
    }

    /// The partner with its postback replaced by `draft` signed with `signing` (brought back
    /// from the builder): its ID, name and event values stay; its event parameter stays while
    /// the new postback still has that macro, and is found again otherwise.
    pub fn with_postback(&self, draft: &Draft, signing: &Signing) -> Self {
        let fresh = Self::new(&self.id, &self.name, draft, signing);
        let fields = draft.build().fields;
        let event_param = self
            .event_param
            .clone()
            .filter(|p| fields.iter().any(|f| f.name == *p))
            .or(fresh.event_param);
        let mut event_values = fresh.event_values;
        event_values.extend(
            self.event_values
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(e, v)| (*e, v.clone())),
        );
        Self {
            event_param,
            event_values,
            ..fresh
        }
    }

    /// The platform this partner's postbacks go to, when one was chosen.
    pub fn preset(&self) -> Option<&'static Preset> {
        self.draft.preset()
    }

    /// The value `event` sets, when one is typed.
    pub fn event_value(&self, event: ConversionEvent) -> Option<&str> {
        self.event_values
            .get(&event)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// Where its postbacks go: the host of its URL (and its port, when it names one), or its
    /// template when that has no host yet.
    ///
    /// ```
    /// use postback_core::{Draft, Partner, Signing};
    ///
    /// let draft = Draft { url: "http://127.0.0.1:8080/pb?cid=1".into(), ..Draft::default() };
    /// assert_eq!(Partner::new("p1", "A", &draft, &Signing::Off).receiver(), "127.0.0.1:8080");
    /// ```
    pub fn receiver(&self) -> String {
        let built = self.draft.build();
        built
            .url_text()
            .and_then(host_of)
            .unwrap_or_else(|| self.draft.url.clone())
    }
}

impl Partner {
    /// Whether where its postbacks go is made from its values (a macro or a secret in the
    /// host), so the run's question asks the person to check it.
    ///
    /// ```
    /// use postback_core::{Draft, Partner, Signing, Values};
    ///
    /// let fixed = Draft { url: "https://t.example/pb?cid={cid}".into(), ..Draft::default() };
    /// assert!(!Partner::new("p1", "A", &fixed, &Signing::Off).receiver_from_values());
    /// let made = Draft {
    ///     url: "https://{domain}/pb?cid={cid}".into(),
    ///     values: Values::from_pairs([("domain", "t.example")]),
    ///     ..Draft::default()
    /// };
    /// assert!(Partner::new("p1", "A", &made, &Signing::Off).receiver_from_values());
    /// ```
    pub fn receiver_from_values(&self) -> bool {
        // Each macro is set to a marker: one that lands in the host, or an address that no
        // longer reads, means the host is made from values.
        let mut marked = self.draft.clone();
        for (i, field) in self.draft.build().fields.into_iter().enumerate() {
            marked.values.set(field.name, format!("pbtmark{i}"));
        }
        let built = marked.build();
        built
            .url_text()
            .and_then(host_of)
            .is_none_or(|host| host.contains("pbtmark"))
    }
}

/// A test plan: partners × events, plus negative checks per partner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// A stable ID, so a kept plan and its runs find each other.
    pub id: String,
    /// A name the person chose.
    pub name: String,
    /// Whom the postbacks go to.
    #[serde(default)]
    pub partners: Vec<Partner>,
    /// The events fired for every partner, in order.
    #[serde(default)]
    pub events: Vec<ConversionEvent>,
    /// The negative checks run for every partner they apply to.
    #[serde(default)]
    pub negatives: Vec<Negative>,
    /// Whether postbacks carry the platform's documented test flag, where it has one.
    #[serde(default)]
    pub as_test: bool,
}

impl Plan {
    /// A plan named `name` with `draft` (signed with `signing`) as its first partner, the
    /// events a launch checklist starts with, and every negative check.
    ///
    /// ```
    /// use postback_core::{Draft, Plan, Signing};
    ///
    /// let plan = Plan::from_builder("plan-1", "Launch", &Draft::example("https://owner.github.io/pt/"), &Signing::Off);
    /// assert_eq!(plan.partners.len(), 1);
    /// assert_eq!(plan.partners[0].id, "p1");
    /// assert_eq!(plan.events.len(), 3);
    /// ```
    pub fn from_builder(id: &str, name: &str, draft: &Draft, signing: &Signing) -> Self {
        let mut plan = Self {
            id: id.to_owned(),
            name: name.to_owned(),
            events: vec![
                ConversionEvent::Registration,
                ConversionEvent::Ftd,
                ConversionEvent::Deposit,
            ],
            negatives: Negative::ALL.to_vec(),
            ..Self::default()
        };
        plan.add_partner(draft, signing);
        plan
    }

    /// Adds `draft` (signed with `signing`) as a partner, named after its platform, and
    /// gives back its ID; `None` when the plan already has [`MAX_PARTNERS`].
    pub fn add_partner(&mut self, draft: &Draft, signing: &Signing) -> Option<String> {
        if self.partners.len() >= MAX_PARTNERS {
            return None;
        }
        let next = self
            .partners
            .iter()
            .filter_map(|p| p.id.strip_prefix('p').and_then(|n| n.parse::<u32>().ok()))
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        let id = format!("p{next}");
        let platform = draft.preset().map_or("Partner", |p| p.name);
        let name = format!("{platform} {next}");
        self.partners.push(Partner::new(&id, &name, draft, signing));
        Some(id)
    }

    /// Ticks or unticks `event`, keeping the events in [`ConversionEvent::ALL`]'s order.
    ///
    /// ```
    /// use postback_core::{ConversionEvent as E, Plan};
    ///
    /// let mut plan = Plan { events: vec![E::Sale], ..Plan::default() };
    /// plan.set_event(E::Registration, true);
    /// plan.set_event(E::Sale, false);
    /// plan.set_event(E::Refund, true);
    /// assert_eq!(plan.events, [E::Registration, E::Refund]);
    /// ```
    pub fn set_event(&mut self, event: ConversionEvent, on: bool) {
        self.events = ConversionEvent::ALL
            .into_iter()
            .filter(|e| {
                if *e == event {
                    on
                } else {
                    self.events.contains(e)
                }
            })
            .collect();
    }

    /// Ticks or unticks `check`, keeping the checks in [`Negative::ALL`]'s order.
    pub fn set_negative(&mut self, check: Negative, on: bool) {
        self.negatives = Negative::ALL
            .into_iter()
            .filter(|n| {
                if *n == check {
                    on
                } else {
                    self.negatives.contains(n)
                }
            })
            .collect();
    }

    /// The partner with this ID.
    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    /// The plan with only the partners `ids` names: what a run that sends only their cells
    /// needs filled.
    ///
    /// ```
    /// use postback_core::{Draft, Plan, Signing};
    ///
    /// let mut plan = Plan::from_builder("x", "Launch", &Draft::default(), &Signing::Off);
    /// plan.add_partner(&Draft::default(), &Signing::Off);
    /// let only = plan.with_partners(&["p2".to_owned()]);
    /// assert_eq!(only.partners.len(), 1);
    /// assert_eq!(only.partners[0].id, "p2");
    /// ```
    pub fn with_partners(&self, ids: &[String]) -> Plan {
        Plan {
            partners: self
                .partners
                .iter()
                .filter(|p| ids.contains(&p.id))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    /// The partner with this ID, to change.
    pub fn partner_mut(&mut self, id: &str) -> Option<&mut Partner> {
        self.partners.iter_mut().find(|p| p.id == id)
    }

    /// The plan with every secret it holds replaced by an `${env:NAME}` placeholder, named
    /// after its partner and place, and the values taken out by name: what a file, a link or
    /// the browser's storage keeps, so secrets stay in memory unless asked for at run time.
    /// Values that already are placeholders stay as they are.
    ///
    /// ```
    /// use postback_core::{Draft, Plan, Signing, Values};
    ///
    /// let draft = Draft {
    ///     preset: Some("affise".into()),
    ///     url: "https://offers-x.affise.com/postback?clickid={clickid}&secure={secure}".into(),
    ///     values: Values::from_pairs([("clickid", "c"), ("secure", "s3cr3t")]),
    ///     ..Draft::default()
    /// };
    /// let plan = Plan::from_builder("x", "Launch", &draft, &Signing::Off);
    /// let (kept, secrets) = plan.for_keeping();
    /// assert_eq!(kept.partners[0].draft.values.get("secure"), Some("${env:P1_SECURE}"));
    /// assert_eq!(secrets.get("P1_SECURE").map(String::as_str), Some("s3cr3t"));
    /// ```
    pub fn for_keeping(&self) -> (Plan, BTreeMap<String, String>) {
        let mut kept = self.clone();
        let mut secrets = BTreeMap::new();
        for partner in &mut kept.partners {
            let signing = partner.signing.to_signing();
            let found = crate::Secrets::of(&partner.draft, &signing);
            let prefix = env_safe(&partner.id);
            let secret_names: Vec<String> = partner
                .draft
                .values
                .iter()
                // A value that holds a placeholder is asked for through it, as it is.
                .filter(|(name, value)| found.is_secret(name) && !value.contains("${env:"))
                .map(|(name, _)| name.to_owned())
                .collect();
            for name in secret_names {
                let env = format!("{prefix}_{}", env_safe(&name));
                if let Some(value) = partner.draft.values.get(&name) {
                    if !value.is_empty() {
                        secrets.insert(env.clone(), value.to_owned());
                        partner.draft.values.set(name, format!("${{env:{env}}}"));
                    }
                }
            }
            // Secrets typed into the template itself cannot be named: they are hidden.
            let (public, _) = found.split(&partner.draft);
            partner.draft.url = public.url;
            partner.draft.body = public.body;
            partner.draft.headers = public.headers;
            if let Some(secret) = partner.signing.secret.take() {
                if secret.contains("${env:") || secret.is_empty() {
                    partner.signing.secret = Some(secret).filter(|s| !s.is_empty());
                } else {
                    let env = format!("{prefix}_SECRET");
                    secrets.insert(env.clone(), secret);
                    partner.signing.secret = Some(format!("${{env:{env}}}"));
                }
            }
        }
        (kept, secrets)
    }
}

/// `text` as the part of an environment variable's name: upper case letters, digits and `_`.
fn env_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The host of `url` (and its port, when it names one), as the browser reads it.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let u = crate::parse_url(url).ok()?;
    let host = u.host_str()?.to_owned();
    Some(match u.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}
