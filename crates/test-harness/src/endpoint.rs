//! A recording HTTP endpoint for the browser tests: per route it can send or omit CORS headers,
//! answer preflights or not, return any status and body, delay the answer, or redirect. It
//! records every request it receives, so a test asserts what actually arrived, and how often.

use std::{
    collections::HashMap,
    io,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode},
    Router,
};

use percent_encoding::percent_decode_str;

use crate::server::Server;

/// How large a request body the endpoint records.
const MAX_RECORDED_BODY: usize = 64 * 1024 * 1024;

/// How one path answers.
#[derive(Clone, Debug)]
pub struct Route {
    status: u16,
    body: Vec<u8>,
    content_type: &'static str,
    cors: bool,
    answers_preflight: bool,
    delay: Duration,
    location: Option<String>,
    headers: Vec<(String, String)>,
    /// Stream the body forever, without a Content-Length.
    endless: bool,
    /// Stream this many bytes, announced in Content-Length.
    announced: Option<u64>,
    /// The rules it refuses by, in order, before it answers as above.
    refusals: Vec<Refuse>,
}

/// A rule a route refuses a request by, as a receiver does: when the rule matches, the route
/// answers `status` and the text `body` instead.
#[derive(Clone, Debug)]
pub struct Refuse {
    when: When,
    status: u16,
    body: String,
}

#[derive(Clone, Debug)]
enum When {
    Missing(String),
    Wrong(String, String),
    Repeated(String),
}

impl Refuse {
    /// When the query has no non-empty `key`.
    pub fn missing(key: &str, status: u16, body: &str) -> Self {
        Self {
            when: When::Missing(key.to_owned()),
            status,
            body: body.to_owned(),
        }
    }

    /// When the query's `key` is present and not `value`.
    pub fn wrong(key: &str, value: &str, status: u16, body: &str) -> Self {
        Self {
            when: When::Wrong(key.to_owned(), value.to_owned()),
            status,
            body: body.to_owned(),
        }
    }

    /// When the value of `key` came in an earlier request to this route.
    pub fn repeated(key: &str, status: u16, body: &str) -> Self {
        Self {
            when: When::Repeated(key.to_owned()),
            status,
            body: body.to_owned(),
        }
    }
}

/// The size of each piece an endless body is sent in.
const ENDLESS_CHUNK: usize = 64 * 1024;

impl Route {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Self {
            status,
            body,
            content_type,
            cors: true,
            answers_preflight: true,
            delay: Duration::ZERO,
            location: None,
            headers: Vec::new(),
            endless: false,
            announced: None,
            refusals: Vec::new(),
        }
    }

    /// A receiver that answers as ExoClick documents (`OK`, or `ERROR: …` when `tag` is
    /// missing, `skey` is not `key`, or a `txid` came before), for test plans.
    pub fn like_exoclick(key: &str) -> Self {
        Self::text(200, "OK")
            .refusing(Refuse::missing("tag", 200, "ERROR: No tag data."))
            .refusing(Refuse::wrong(
                "skey",
                key,
                200,
                "ERROR: Secret key is invalid.",
            ))
            .refusing(Refuse::repeated(
                "txid",
                200,
                "ERROR: This conversion has already been notified and saved.",
            ))
    }

    /// The route refusing requests by `rule` too, checked in the order added.
    pub fn refusing(mut self, rule: Refuse) -> Self {
        self.refusals.push(rule);
        self
    }

    /// A `text/plain` answer. Like every route, it sends CORS headers unless
    /// [`Route::without_cors`] says otherwise.
    pub fn text(status: u16, body: &str) -> Self {
        Self::new(
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    }

    /// An `application/json` answer.
    pub fn json(status: u16, body: &str) -> Self {
        Self::new(status, "application/json", body.as_bytes().to_vec())
    }

    /// A `text/html` answer.
    pub fn html(status: u16, body: &str) -> Self {
        Self::new(status, "text/html; charset=utf-8", body.as_bytes().to_vec())
    }

    /// An `application/octet-stream` answer with these exact bytes.
    pub fn bytes(status: u16, body: Vec<u8>) -> Self {
        Self::new(status, "application/octet-stream", body)
    }

    /// A large `text/plain` answer of `len` bytes of `x`.
    pub fn large(status: u16, len: usize) -> Self {
        Self::new(status, "text/plain; charset=utf-8", vec![b'x'; len])
    }

    /// A `text/plain` answer that never ends: `x` after `x`, with no Content-Length, until the
    /// client stops reading.
    pub fn endless(status: u16) -> Self {
        Self {
            endless: true,
            ..Self::new(status, "text/plain; charset=utf-8", Vec::new())
        }
    }

    /// A `text/plain` answer that announces `len` bytes in Content-Length and streams them,
    /// so a 1 GB answer takes no memory here: for the test that the client stops reading.
    pub fn announced(status: u16, len: u64) -> Self {
        Self {
            announced: Some(len),
            ..Self::new(status, "text/plain; charset=utf-8", Vec::new())
        }
    }

    /// A redirect with this status to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        let mut route = Self::new(status, "text/plain; charset=utf-8", Vec::new());
        route.location = Some(location.to_owned());
        route
    }

    /// Sends no CORS headers, so a browser hides the answer from the page.
    pub fn without_cors(mut self) -> Self {
        self.cors = false;
        self
    }

    /// Answers `OPTIONS` with 405 and no CORS headers, so every preflight fails.
    pub fn without_preflight(mut self) -> Self {
        self.answers_preflight = false;
        self
    }

    /// Waits this long before answering (the request is recorded on arrival).
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// A request as it arrived at the endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// The method, such as `GET` or `OPTIONS`.
    pub method: String,
    /// The path, still percent-encoded.
    pub path: String,
    /// The query after `?`, still percent-encoded, if there was one.
    pub query: Option<String>,
    /// Every header, names lowercase, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The query's `name=value` pairs, each percent-decoded once, as a receiver reads them.
    /// A `+` stays a `+`.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some(query) = &self.query else {
            return Vec::new();
        };
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(name), decode(value))
            })
            .collect()
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn decode(raw: &str) -> String {
    percent_decode_str(raw).decode_utf8_lossy().into_owned()
}

#[derive(Default)]
struct Shared {
    routes: HashMap<String, Route>,
    log: Mutex<Vec<Recorded>>,
}

impl Shared {
    /// The first of `route`'s refusals that `recorded` (logged at `position`) meets, judged
    /// against the requests to the same path logged before it.
    fn refusal(&self, route: &Route, recorded: &Recorded, position: usize) -> Option<Refuse> {
        let pairs = recorded.query_pairs();
        let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let earlier: Vec<Recorded> = {
            let log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
            log.iter()
                .take(position)
                .filter(|r| r.path == recorded.path && r.method != "OPTIONS")
                .cloned()
                .collect()
        };
        route
            .refusals
            .iter()
            .find(|rule| match &rule.when {
                When::Missing(key) => value(key).is_none_or(|v| v.is_empty()),
                When::Wrong(key, right) => value(key).is_some_and(|v| &v != right),
                When::Repeated(key) => value(key).is_some_and(|v| {
                    earlier.iter().any(|r| {
                        r.query_pairs()
                            .iter()
                            .any(|(k, seen)| k == key && *seen == v)
                    })
                }),
            })
            .cloned()
    }
}

/// A running endpoint. It stops when dropped.
pub struct Endpoint {
    shared: Arc<Shared>,
    server: Server,
}

impl Endpoint {
    /// Starts an endpoint with these routes, keyed by path (`"/cors"`). Any other path answers
    /// 404 with CORS headers.
    ///
    /// # Errors
    ///
    /// Any I/O error from binding the port or starting the server thread.
    pub fn start<'a>(routes: impl IntoIterator<Item = (&'a str, Route)>) -> io::Result<Self> {
        let shared = Arc::new(Shared {
            routes: routes
                .into_iter()
                .map(|(path, route)| (path.to_owned(), route))
                .collect(),
            log: Mutex::default(),
        });
        let router = Router::new().fallback(answer).with_state(shared.clone());
        let server = Server::start(router)?;
        Ok(Self { shared, server })
    }

    /// The endpoint's origin, such as `http://127.0.0.1:40123`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.server.addr())
    }

    /// The absolute URL of `path_and_query` on this endpoint.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.origin())
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared
            .log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The requests received so far for `path`.
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
}

async fn answer(State(shared): State<Arc<Shared>>, request: Request) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, MAX_RECORDED_BODY)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let recorded = Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body,
    };
    // Where this request stands in the log: requests answered side by side may be logged
    // after it before its refusals are judged, and only those before it count as earlier.
    let position = {
        let mut log = shared.log.lock().unwrap_or_else(PoisonError::into_inner);
        log.push(recorded.clone());
        log.len() - 1
    };

    let Some(route) = shared.routes.get(parts.uri.path()).cloned() else {
        let mut response = Response::new(Body::from("no such route"));
        *response.status_mut() = StatusCode::NOT_FOUND;
        allow_any_origin(response.headers_mut());
        return response;
    };
    if !route.delay.is_zero() {
        tokio::time::sleep(route.delay).await;
    }
    if parts.method == Method::OPTIONS {
        return preflight(&route, &parts.headers);
    }
    if let Some(refused) = shared.refusal(&route, &recorded, position) {
        let mut response = Response::new(Body::from(refused.body));
        *response.status_mut() = StatusCode::from_u16(refused.status).unwrap_or(StatusCode::OK);
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        if route.cors {
            allow_any_origin(response.headers_mut());
        }
        return response;
    }

    let body = if let Some(len) = route.announced {
        let chunk = vec![b'x'; ENDLESS_CHUNK];
        let step = u64::try_from(ENDLESS_CHUNK).unwrap_or(u64::MAX);
        Body::from_stream(futures_util::stream::unfold(0_u64, move |sent| {
            let chunk = chunk.clone();
            async move {
                let left = len.saturating_sub(sent);
                (left > 0).then(|| {
                    let n = usize::try_from(left.min(step)).unwrap_or(ENDLESS_CHUNK);
                    let piece = chunk.get(..n).map(<[u8]>::to_vec).unwrap_or_default();
                    (Ok::<_, io::Error>(piece), sent + step)
                })
            }
        }))
    } else if route.endless {
        let chunk = vec![b'x'; ENDLESS_CHUNK];
        Body::from_stream(futures_util::stream::repeat_with(move || {
            Ok::<_, io::Error>(chunk.clone())
        }))
    } else {
        Body::from(route.body.clone())
    };
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(route.status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(route.content_type),
    );
    if let Some(location) = route
        .location
        .as_deref()
        .and_then(|l| HeaderValue::from_str(l).ok())
    {
        headers.insert(header::LOCATION, location);
    }
    for (name, value) in &route.headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    if let Some(len) = route.announced {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    if route.cors {
        allow_any_origin(headers);
    }
    response
}

fn preflight(route: &Route, request_headers: &HeaderMap) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    if !route.answers_preflight {
        *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        return response;
    }
    *response.status_mut() = StatusCode::NO_CONTENT;
    if route.cors {
        let headers = response.headers_mut();
        allow_any_origin(headers);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE"),
        );
        if let Some(asked) = request_headers.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
        }
    }
    response
}

fn allow_any_origin(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("*"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_plus_and_stray_percent_signs() {
        let cases = [
            ("a%26b", "a&b"),
            ("1+2", "1+2"),
            ("%C3%A9", "é"),
            ("100%", "100%"),
            ("%zz", "%zz"),
            ("%ff", "\u{fffd}"),
        ];
        for (raw, want) in cases {
            assert_eq!(decode(raw), want, "{raw}");
        }
    }

    #[test]
    fn a_request_is_recorded_and_answered_with_the_route() -> io::Result<()> {
        use std::io::{Read, Write};
        let endpoint = Endpoint::start([("/pb", Route::text(201, "got it").without_cors())])?;
        let mut stream =
            std::net::TcpStream::connect(endpoint.origin().trim_start_matches("http://"))?;
        stream.write_all(
            b"GET /pb?cid=a%26b HTTP/1.1\r\nHost: x\r\nX-Test: 1\r\nConnection: close\r\n\r\n",
        )?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
        assert!(answer.ends_with("got it"), "{answer}");
        assert!(
            !answer
                .to_lowercase()
                .contains("access-control-allow-origin"),
            "{answer}"
        );
        let requests = endpoint.requests_to("/pb");
        assert_eq!(requests.len(), 1);
        assert_eq!(
            requests.first().map(Recorded::query_pairs),
            Some(vec![("cid".to_owned(), "a&b".to_owned())])
        );
        assert_eq!(requests.first().and_then(|r| r.header("x-test")), Some("1"));
        Ok(())
    }

    #[test]
    fn a_receiver_route_refuses_a_missing_or_wrong_parameter_and_a_repeated_value() -> io::Result<()>
    {
        use std::io::{Read, Write};
        let route = Route::text(200, "OK")
            .refusing(Refuse::missing("cid", 400, "no click"))
            .refusing(Refuse::wrong("key", "k1", 403, "bad key"))
            .refusing(Refuse::repeated("txid", 200, "ERROR: repeat"));
        let endpoint = Endpoint::start([("/pb", route)])?;
        let get = |query: &str| -> io::Result<String> {
            let mut stream =
                std::net::TcpStream::connect(endpoint.origin().trim_start_matches("http://"))?;
            stream.write_all(
                format!("GET /pb?{query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            )?;
            let mut answer = String::new();
            stream.read_to_string(&mut answer)?;
            Ok(answer)
        };
        let cases = [
            ("cid=c&key=k1&txid=1", "HTTP/1.1 200", "OK"),
            ("cid=c&key=k1&txid=2", "HTTP/1.1 200", "OK"),
            ("cid=c&key=k1&txid=1", "HTTP/1.1 200", "ERROR: repeat"),
            ("cid=&key=k1&txid=3", "HTTP/1.1 400", "no click"),
            ("cid=c&key=k2&txid=4", "HTTP/1.1 403", "bad key"),
            ("cid=c&txid=5", "HTTP/1.1 200", "OK"),
        ];
        for (query, status, body) in cases {
            let answer = get(query)?;
            assert!(answer.starts_with(status), "{query}: {answer}");
            assert!(answer.ends_with(body), "{query}: {answer}");
        }
        assert_eq!(endpoint.requests_to("/pb").len(), cases.len());
        Ok(())
    }

    #[test]
    fn query_pairs_are_split_then_decoded() {
        let recorded = Recorded {
            method: "GET".into(),
            path: "/pb".into(),
            query: Some("a=x%3Dy%26z&b&&c=%23".into()),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let want = [("a", "x=y&z"), ("b", ""), ("c", "#")]
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .to_vec();
        assert_eq!(recorded.query_pairs(), want);
    }
}
