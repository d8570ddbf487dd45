//! `relay`: the page's fires sent from this machine, so the page reads every answer, even
//! from a receiver that lets no web page read it. It listens on 127.0.0.1 only, prints a
//! one-time pairing code, and before it fires anything checks what the core's relay
//! protocol says to check: the Host it was reached by, the page's Origin, the code, the
//! size and the target. Each ask is fired once by [`crate::net`], as `postback fire` fires.

use std::{io::Write, process::ExitCode, sync::Arc};

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode},
    Router,
};
use postback_core::{
    check_relay_ask, check_relay_code, check_relay_host, check_relay_origin, relay_code,
    relay_origin, RelayAnswer, RelayAsk, RelayRefusal, DEFAULT_RELAY_ORIGIN, DEFAULT_RELAY_PORT,
    MAX_RELAY_ASK_BYTES, RELAY_CODE_HEADER, RELAY_PATH,
};

use crate::{bad_input, entropy, net::Sender};

/// How the relay listens.
#[derive(Debug, clap::Args)]
pub struct RelayOptions {
    /// The port on 127.0.0.1 to listen on (0 picks a free one).
    #[arg(long, default_value_t = DEFAULT_RELAY_PORT)]
    pub port: u16,
    /// The address of a page allowed to use the relay, such as https://owner.github.io;
    /// repeat for each. Without one, only http://127.0.0.1:8080 (the page served from a
    /// copy of the project with scripts/serve).
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origin: Vec<String>,
}

/// How many asks the relay fires at once: the page sends one at a time.
const MAX_ASKS_IN_FLIGHT: usize = 4;

/// How long an ask's body may take to arrive.
const ASK_READ_SECS: u64 = 10;

/// What every ask is checked against.
struct Relay {
    code: String,
    origins: Vec<String>,
    port: u16,
    sender: Sender,
    in_flight: tokio::sync::Semaphore,
}

/// `postback relay`: listens until Ctrl-C; exit 2 when it cannot start.
pub async fn relay(options: &RelayOptions, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let mut origins = Vec::new();
    for given in &options.allow_origin {
        match relay_origin(given) {
            Ok(origin) => origins.push(origin),
            Err(_) => {
                return bad_input(
                    err,
                    &format!("{given:?} is not a page's address"),
                    "Give the address the page is opened at, such as --allow-origin https://owner.github.io.",
                )
            }
        }
    }
    if origins.is_empty() {
        origins.push(DEFAULT_RELAY_ORIGIN.to_owned());
    }
    let code = match entropy::random_bytes() {
        Ok(random) => relay_code(random),
        Err(e) => {
            return bad_input(
                err,
                &format!("the system gives no random numbers for the pairing code: {e}"),
                "Run the relay on a machine with a working random source.",
            )
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", options.port)).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return bad_input(
                err,
                &format!("port {} is in use on 127.0.0.1", options.port),
                "A relay may be running already: use that one, or start this one with another \
                 --port and change the Relay address in the page to match.",
            )
        }
        Err(e) => {
            return bad_input(
                err,
                &format!("cannot listen on 127.0.0.1:{}: {e}", options.port),
                "Choose another --port (above 1023 needs no special rights).",
            )
        }
    };
    let port = listener
        .local_addr()
        .map_or(options.port, |address| address.port());
    let sender = match Sender::for_relay(port) {
        Ok(s) => s,
        Err(e) => return bad_input(err, &e.to_string(), e.hint()),
    };
    let _ = writeln!(
        out,
        "Postback Tester relay at http://127.0.0.1:{port}\n\
         Relay code: {code}\n\
         Pages allowed: {}\n\
         Type the address and the code into Fire, under Read the answer through the local relay.\n\
         Each postback the page asks for is fired once from this machine. Ctrl-C stops the relay.",
        origins.join(", ")
    );
    let _ = out.flush();
    let relay = Arc::new(Relay {
        code,
        origins,
        port,
        sender,
        in_flight: tokio::sync::Semaphore::new(MAX_ASKS_IN_FLIGHT),
    });
    let router = Router::new().fallback(answer).with_state(relay);
    let served = axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => bad_input(
            err,
            &format!("the relay stopped: {e}"),
            "Start it again; the page's next fire goes through it.",
        ),
    }
}

/// One ask: checked, fired once, answered as JSON the page reads.
async fn answer(State(relay): State<Arc<Relay>>, request: Request) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    // A page that made its own domain point here (DNS rebinding) gets nothing, not even CORS.
    if let Err(refused) = check_relay_host(header(header::HOST.as_str()), relay.port) {
        return refusal(&refused, None);
    }
    // The page may read every refusal, so it can say why; only an allowed origin is fired for.
    let origin = header(header::ORIGIN.as_str()).filter(|o| *o != "null");
    if parts.method == Method::OPTIONS {
        return preflight(origin);
    }
    if parts.method != Method::POST || parts.uri.path() != RELAY_PATH {
        return refusal(&RelayRefusal::NotHere, origin);
    }
    if let Err(refused) = check_relay_origin(origin, &relay.origins) {
        return refusal(&refused, origin);
    }
    if let Err(refused) = check_relay_code(header(RELAY_CODE_HEADER), &relay.code) {
        return refusal(&refused, origin);
    }
    let Ok(_permit) = relay.in_flight.try_acquire() else {
        return refusal(&RelayRefusal::Busy, origin);
    };
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(ASK_READ_SECS),
        to_bytes(body, MAX_RELAY_ASK_BYTES),
    )
    .await;
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            return refusal(
                &RelayRefusal::TooLarge {
                    limit: MAX_RELAY_ASK_BYTES,
                },
                origin,
            )
        }
        Err(_) => {
            return refusal(
                &RelayRefusal::Unreadable {
                    reason: format!("the request did not arrive within {ASK_READ_SECS} s"),
                },
                origin,
            )
        }
    };
    let ask: RelayAsk = match serde_json::from_slice(&bytes) {
        Ok(ask) => ask,
        Err(e) => {
            return refusal(
                &RelayRefusal::Unreadable {
                    reason: e.to_string(),
                },
                origin,
            )
        }
    };
    let (request, timeout) = match check_relay_ask(ask, relay.port) {
        Ok(checked) => checked,
        Err(refused) => return refusal(&refused, origin),
    };
    let sent = match relay.sender.send(&request, timeout).await {
        Ok(sent) => sent,
        Err(e) => {
            return refusal(
                &RelayRefusal::Unreadable {
                    reason: e.to_string(),
                },
                origin,
            )
        }
    };
    // The terminal shows where it went, not the query, which may hold a token.
    let host = postback_core::parse_url(request.url())
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    eprintln!(
        "relayed {} to {host}: {} ({} ms)",
        request.method().as_str(),
        sent.delivery.verdict().headline,
        sent.elapsed_ms
    );
    let answer = RelayAnswer {
        delivery: sent.delivery,
        elapsed_ms: sent.elapsed_ms,
    };
    json(StatusCode::OK, &answer, origin)
}

/// The relay's answer to the browser's preflight: this origin may POST the two headers the
/// page sends, from a public page too (Private Network Access).
fn preflight(origin: Option<&str>) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    cors(headers, origin);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    if let Ok(allowed) = HeaderValue::from_str(&format!("content-type, {RELAY_CODE_HEADER}")) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allowed);
    }
    headers.insert(
        "access-control-allow-private-network",
        HeaderValue::from_static("true"),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}

fn refusal(refused: &RelayRefusal, origin: Option<&str>) -> Response<Body> {
    eprintln!(
        "refused an ask from {}: {refused}",
        origin.unwrap_or("a client without an Origin")
    );
    let status = StatusCode::from_u16(refused.status()).unwrap_or(StatusCode::FORBIDDEN);
    json(status, refused, origin)
}

fn json(status: StatusCode, value: &impl serde::Serialize, origin: Option<&str>) -> Response<Body> {
    let text = serde_json::to_string(value).unwrap_or_default();
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    cors(headers, origin);
    response
}

fn cors(headers: &mut HeaderMap, origin: Option<&str>) {
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
}
