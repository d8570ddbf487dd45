//! The pure core of Postback Tester: everything that can be decided without a browser.
//!
//! This crate has no browser dependency, so the compiler keeps it pure and its tests run
//! natively in seconds; the page and the command line share it. It never panics: a panic in
//! WebAssembly kills the page, so every fallible step returns a typed error whose `Display` is
//! a short lowercase message and whose `hint()` says what the user can do next.
//!
//! Every item has one path, at the crate root; the modules behind it are private, each owning
//! one job:
//!
//! - `span`: byte spans into the user's text, for underlining.
//! - `encode`: the encoding rules, as named constants: URL parts, Markdown text, spreadsheet
//!   cells.
//! - `clock`: times clamped to what a date can show, in RFC 3339.
//! - `query`: query strings, read and changed one way: spanned pairs, rewrite and append.
//! - `template`: postback templates in every macro syntax seen in the wild, parsed with byte
//!   spans and expanded with each value encoded exactly once for its place; `syntax` (the
//!   macro families), `macros` (a macro, where it stands, how its value is encoded) and
//!   `parse` (finding them) behind it.
//! - `preset`: what each receiving platform expects and answers; the table in `table`.
//! - `generate`: fresh transaction IDs, timestamps and sample values.
//! - `lint`: every mistake in a built postback, with its spot and a fix; `finding` (what a
//!   finding is) and `rules` (each check) behind it.
//! - `draft`: the builder's whole state as one serialisable value, and what it builds.
//! - `extract`: query parameters pulled out of whatever text a user pastes, in chunks, and the
//!   redirect chains it describes; `params` (a URL's parameters), `extraction` (all that was
//!   found), `scan` (lines, logs, curl output), `har`, `chain` and `known` (the parameters
//!   named with their platform) behind it.
//! - `request`: the request a user is about to fire, validated before anything is sent.
//! - `classify`: what the browser will do with a request before it is sent.
//! - `sign`: HMAC signatures and static tokens, and a verify mode that explains mismatches;
//!   `choice` (the signing choice as a form and as links carry it) behind it.
//! - `secret`: what counts as a secret, and keeping secrets out of what is stored or shared.
//! - `scenario`: short series of fires, each with a change and an expected answer.
//! - `fire`: one fire end to end: prepare the request, settle and judge what came back.
//! - `answer`: reading a receiver's answer body as its platform documents it.
//! - `verdict`: what happened to a fired request, in plain words.
//! - `copy_as`: a request as a curl, HTTPie, PowerShell or fetch command.
//! - `version`: the version rule for everything stored or shared, with upgrade steps.
//! - `store`: the run history and the saved draft as stored, versioned and bounded.
//! - `share`: a prepared test, or a partner's result, packed into a link's fragment.
//! - `evidence`: runs as a Markdown report, JSON to import back, and CSV.
//! - `diff`: the agreed template beside a live request, parameter by parameter.
//! - `plan`: test plans, every event for every partner, on the one fire pipeline; their
//!   files, runs and evidence.
//!
//! ```
//! use postback_core::{Template, Values};
//!
//! let template = Template::parse("https://trk.example/pb?cid={clickid}&payout={payout}")?;
//! let values = Values::from_pairs([("clickid", "a&b"), ("payout", "1.5")]);
//! let url = template.expand(&values);
//! assert_eq!(url.text, "https://trk.example/pb?cid=a%26b&payout=1.5");
//! # Ok::<(), postback_core::TemplateError>(())
//! ```
#![warn(missing_docs)]

mod answer;
mod classify;
mod clock;
mod copy_as;
mod count;
mod diff;
mod draft;
mod encode;
mod evidence;
mod extract;
mod fire;
mod generate;
mod idn;
mod lint;
mod plan;
mod preset;
mod query;
mod relay;
mod request;
mod scenario;
mod secret;
mod share;
mod sign;
mod span;
mod store;
mod template;
mod verdict;
mod version;

#[cfg(test)]
mod fixtures;

pub use answer::{read_answer, Reading};
pub use classify::{
    classify, forbidden_header, CheckNote, Classification, HostRewrite, LocalTarget,
    PreflightReason,
};
pub use clock::{clock_time, local_minutes, offset_name, rfc3339_millis, MAX_TIME_MS};
pub use copy_as::{copy_as, CopyTarget};
pub use count::grouped;
pub use diff::{diff, Diff, DiffError, DiffRow, Difference};
pub use draft::{BodyKind, Build, Draft, Field, EXAMPLE_RECEIVER};
pub use encode::{
    decode_lossy, form_value, json_string_content, markdown_text, spreadsheet_cell, url_component,
    COMPONENT, FORMULA_STARTS, FORM_VALUE, MARKDOWN_MARKUP,
};
pub use evidence::{
    evidence_csv, evidence_json, evidence_markdown, read_evidence, ImportError, EVIDENCE_FORMAT,
    EVIDENCE_VERSION, MAX_IMPORT_BYTES,
};
pub use extract::{
    extract, extract_with, known_param, Chain, ChunkedExtraction, ExportError, ExtractError,
    Extraction, Extractor, Fate, FoundUrl, Hop, KnownParam, Param, ParamGroup, ParamPart,
    UrlOrigin, MAX_INPUT_BYTES, MAX_NESTING,
};
pub use fire::{
    address_check, address_check_verdict, blocked_before_sending, judge, prepare, settle,
    FetchMode, FireError, FreshId, Judged, Moment, Prepared,
};
pub use generate::Generator;
pub use idn::{parse_url, set_host_to_ascii, HostToAscii};
pub use lint::{lint, Finding, LintInput, Rule, Severity, Spot};
pub use plan::{
    env_asks, env_names, fill_env, fill_known_env, judge_cell, load_plans, plan_json,
    plan_json_evidence, plan_junit, plan_markdown, read_plan, Cell, CellError, CellKind, CellState,
    EnvAsk, EnvError, EnvSpot, Expectation, Negative, NotReady, Partner, Plan, PlanError, PlanRun,
    RunPreview, StoredPlan, StoredPlans, Summary, MAX_PARTNERS, MAX_PLAN_BYTES,
    MAX_PLAN_NAME_BYTES, PLAN_FORMAT, PLAN_VERSION,
};
pub use preset::{
    Answers, Behaviour, Charset, ConversionEvent, Duplicates, PlatformKind, Preset, Role, Shape,
    PRESETS,
};
pub use query::{
    append_query, bare_query_pairs, fragment_pairs, query_pairs, rewrite_query,
    written_query_pairs, QueryLayout, QueryPair,
};
pub use relay::{
    check_relay_ask, check_relay_code, check_relay_host, check_relay_origin, read_relay_reply,
    relay_code, relay_command, relay_origin, relay_target_is_itself, RelayAnswer, RelayAsk,
    RelayRefusal, RelayReply, DEFAULT_RELAY_ORIGIN, DEFAULT_RELAY_PORT, MAX_RELAY_ASK_BYTES,
    MAX_RELAY_TIMEOUT_SECS, RELAY_CODE_HEADER, RELAY_PATH,
};
pub use request::{FireRequest, Method, RequestError};
pub use scenario::{
    plan_scenario, Change, Expect, Judgement, Scenario, ScenarioError, Step, WRONG_TOKEN,
};
pub use secret::{LeftOut, Secrets, HIDDEN};
pub use share::{
    open_link, plan_link, read_plan_link, read_result_link, read_share_link, Opened, PartnerCheck,
    PlanLink, ResultLink, ShareError, Shared, SharedResult, MAX_FRAGMENT_CHARS, MAX_UNPACKED_BYTES,
    PLAN_KEY, RESULT_KEY, SHARE_KEY, SHARE_VERSION,
};
pub use sign::{
    sign_body, verify_signature, Scheme, SharedSigning, SignContext, SignError, Signing,
    SigningForm, SigningKind, Verification,
};
pub use span::Span;
pub use store::{
    load_history, load_saved, with_backup, History, HistoryEdit, Imported, Loaded, Run, RunFilter,
    SavedDraft, SavedSecrets, SentLink, SentLinks, StorageKey, MAX_RUNS, MAX_SENT_LINKS,
    MAX_STORED_BODY, MAX_STORED_HEADERS, STORE_VERSION,
};
pub use template::{
    Expansion, Filled, Macro, MacroKind, Place, Segment, Syntax, SyntaxChoice, Template,
    TemplateError, TextKind, Values, MAX_TEMPLATE_BYTES, REPLACE_ME, SENTINELS,
};
pub use verdict::{
    BodyText, Delivery, RunOutcome, Tone, Verdict, BODY_DISPLAY_CAP, HEX_PREVIEW_BYTES,
};
