//! A static file server for the built app, under the same path prefix GitHub Pages serves a
//! project site from, recording the status of every request it answers.

use std::{
    io,
    path::PathBuf,
    sync::{Arc, Mutex, PoisonError},
};

use axum::{body::Body, extract::Request, http::Response, Router};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::server::Server;

/// One request the site answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Served {
    /// The request path.
    pub path: String,
    /// The status it was answered with.
    pub status: u16,
}

/// A running static site. It stops when dropped.
pub struct Site {
    scheme: &'static str,
    prefix: String,
    log: Arc<Mutex<Vec<Served>>>,
    server: Server,
}

impl Site {
    /// Serves the files of `dir` under `prefix` (such as `/postback-tester`, no trailing
    /// slash; empty for the root). Paths outside the prefix answer 404.
    ///
    /// # Errors
    ///
    /// Any I/O error from binding the port or starting the server thread.
    pub fn start(dir: impl Into<PathBuf>, prefix: &str) -> io::Result<Self> {
        Self::start_with(dir.into(), prefix, false)
    }

    /// As [`Site::start`], over HTTPS with a fresh self-signed certificate, as GitHub Pages
    /// serves the app (the browser must be told to accept the certificate).
    ///
    /// # Errors
    ///
    /// As [`Site::start`], and any error making the certificate.
    pub fn start_https(dir: impl Into<PathBuf>, prefix: &str) -> io::Result<Self> {
        Self::start_with(dir.into(), prefix, true)
    }

    fn start_with(dir: PathBuf, prefix: &str, tls: bool) -> io::Result<Self> {
        let files = ServeDir::new(dir);
        let log: Arc<Mutex<Vec<Served>>> = Arc::default();
        let recorder = log.clone();
        let strip = prefix.trim_end_matches('/').to_owned();
        let router = Router::new().fallback(move |request: Request| {
            let files = files.clone();
            let recorder = recorder.clone();
            let strip = strip.clone();
            async move { serve(files, &strip, recorder, request).await }
        });
        let server = if tls {
            Server::start_tls(router)?
        } else {
            Server::start(router)?
        };
        Ok(Self {
            scheme: if tls { "https" } else { "http" },
            prefix: prefix.trim_end_matches('/').to_owned(),
            log,
            server,
        })
    }

    /// The URL of the app's page: the origin and the prefix, with a trailing slash.
    pub fn url(&self) -> String {
        format!("{}://{}{}/", self.scheme, self.server.addr(), self.prefix)
    }

    /// The origin, such as `http://127.0.0.1:40123`.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.server.addr())
    }

    /// Every request answered so far, in order.
    pub fn served(&self) -> Vec<Served> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

async fn serve(
    files: ServeDir,
    prefix: &str,
    log: Arc<Mutex<Vec<Served>>>,
    request: Request,
) -> Response<Body> {
    let path = request.uri().path().to_owned();
    let response = match path.strip_prefix(prefix) {
        Some(rest) if rest.starts_with('/') || prefix.is_empty() => {
            let mut request = request;
            if let Ok(uri) = rest.parse() {
                *request.uri_mut() = uri;
            }
            match files.oneshot(request).await {
                Ok(response) => response.map(Body::new),
                Err(never) => match never {},
            }
        }
        _ => {
            let mut response = Response::new(Body::from("outside the site's prefix"));
            *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
            response
        }
    };
    log.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Served {
            path,
            status: response.status().as_u16(),
        });
    response
}
