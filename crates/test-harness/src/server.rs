//! A loopback HTTP or HTTPS server on its own thread and runtime, stopped and joined on drop.

use std::{
    io,
    net::{SocketAddr, TcpListener},
    thread::JoinHandle,
};

use axum::Router;
use tokio::sync::oneshot;

/// A running server. Dropping it stops the server and waits for its thread.
pub(crate) struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `router` over HTTP on `127.0.0.1` at a free port.
    pub(crate) fn start(router: Router) -> io::Result<Self> {
        Self::spawn(async move |listener| {
            let _ = axum::serve(listener, router).await;
        })
    }

    /// Serves `router` over HTTPS with a fresh self-signed certificate for `127.0.0.1` and
    /// `localhost`, on `127.0.0.1` at a free port.
    pub(crate) fn start_tls(router: Router) -> io::Result<Self> {
        let acceptor =
            native_tls::TlsAcceptor::new(crate::tls::self_signed()?).map_err(io::Error::other)?;
        let acceptor = tokio_native_tls::TlsAcceptor::from(acceptor);
        Self::spawn(async move |listener| loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, router) = (acceptor.clone(), router.clone());
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(tcp).await {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(
                            hyper_util::rt::TokioIo::new(tls),
                            hyper_util::service::TowerToHyperService::new(router),
                        )
                        .await;
                }
            });
        })
    }

    fn spawn(
        serve: impl AsyncFnOnce(tokio::net::TcpListener) + Send + 'static,
    ) -> io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("test-server-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    // Stop at once, open connections included: a test never waits on a
                    // browser's idle keep-alive connection or a deliberately slow route.
                    tokio::select! {
                        _ = serve(listener) => {}
                        _ = stopped => {}
                    }
                });
                runtime.shutdown_background();
            })?;
        Ok(Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
