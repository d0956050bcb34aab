//! Loopback HTTP server plumbing for the reference facilitator (`serve-reference`).
//!
//! A small hyper 1 HTTP/1.1 server bound to a loopback address, serving `GET /supported`,
//! `POST /verify`, `POST /settle`, `POST /rpc` and `GET /health`, with a request body limit (413
//! beyond it), a header read timeout, and panic isolation around the backend. The protocol logic
//! lives behind [`FacilitatorBackend`];
//! [`ReferenceBackend`](crate::reference::facilitator::ReferenceBackend) implements it with
//! `x402_spec::verify` over an in-memory [`Ledger`](crate::reference::ledger::Ledger)
//! ([`chain`](crate::reference::chain)).
//!
//! [`handler`] is the same plumbing for any request handler (the reference resource server in
//! [`resource`](crate::reference::resource), and the 402 endpoints the `client` role serves to
//! the client under test).

pub mod handler;

use std::convert::Infallible;
use std::fmt;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The facilitator logic behind the server. Implementations must not panic (a panic is caught and
/// answered with 500, but it is a bug).
pub trait FacilitatorBackend: Send + Sync {
    /// The `GET /supported` body.
    fn supported(&self) -> serde_json::Value;
    /// Handles a `POST /verify` body; returns the status and the JSON response bytes.
    fn verify(&self, body: &[u8]) -> (u16, Vec<u8>);
    /// Handles a `POST /settle` body; returns the status and the JSON response bytes.
    fn settle(&self, body: &[u8]) -> (u16, Vec<u8>);
    /// Handles a `POST /rpc` JSON-RPC body, if the backend has a chain to answer from
    /// (`None`: 404).
    fn rpc(&self, _body: &[u8]) -> Option<(u16, Vec<u8>)> {
        None
    }
    /// Whether to stall on this `/verify` or `/settle` body instead of answering: the server then
    /// holds the connection for at most [`ServerOptions::max_hang`] and answers 500 (how a
    /// backend simulates a facilitator that hangs). Default: never.
    fn stalls_on(&self, _body: &[u8]) -> bool {
        false
    }
    /// [`FacilitatorBackend::stalls_on`] knowing the endpoint (`verify`: `/verify`, else
    /// `/settle`); what the server calls. Default: `stalls_on(body)`.
    fn stalls_on_endpoint(&self, _verify: bool, body: &[u8]) -> bool {
        self.stalls_on(body)
    }
    /// Whether this `/verify` or `/settle` body makes the server die, as a crashing process would:
    /// it answers nothing, drops every open connection and its listener, so that later
    /// connections are refused. Default: never.
    fn crashes_on(&self, _body: &[u8]) -> bool {
        false
    }
    /// How long a `/settle` stays in flight before [`FacilitatorBackend::settle`] runs: the
    /// server calls [`FacilitatorBackend::settlement_started`], waits this long, settles, and
    /// calls [`FacilitatorBackend::settlement_ended`] (also when the client gives up first).
    /// How a backend simulates settlements that overlap, as transactions waiting to be mined do.
    /// Default: zero (no wait, neither hook is called).
    fn settlement_latency(&self) -> Duration {
        Duration::ZERO
    }
    /// A settlement entered its in-flight window (see [`FacilitatorBackend::settlement_latency`]).
    fn settlement_started(&self) {}
    /// A settlement left its in-flight window.
    fn settlement_ended(&self) {}
}

/// Calls [`FacilitatorBackend::settlement_ended`] when dropped, so that a settlement whose client
/// hung up during the wait still leaves its window.
struct InFlight(Arc<dyn FacilitatorBackend>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.settlement_ended();
    }
}

/// Server settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerOptions {
    /// Largest accepted request body in bytes (413 beyond).
    pub body_limit: usize,
    /// How long a stall ([`FacilitatorBackend::stalls_on`]) lasts at most (the server never hangs
    /// forever).
    pub max_hang: Duration,
    /// Time allowed for a client to send the request head.
    pub header_read_timeout: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            body_limit: 1024 * 1024,
            max_hang: Duration::from_secs(600),
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

/// Why the server could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerError {
    /// The bind address is not a loopback address.
    NotLoopback(SocketAddr),
    /// Binding failed.
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The I/O error text.
        reason: String,
    },
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::NotLoopback(a) => {
                write!(
                    f,
                    "refusing to bind {a}: the reference server only listens on loopback addresses (127.0.0.0/8, ::1)"
                )
            }
            ServerError::Bind { addr, reason } => write!(f, "cannot bind {addr}: {reason}"),
        }
    }
}

impl std::error::Error for ServerError {}

/// The routes of one loopback server: what answers each request. `shutdown` flips when the
/// server stops (a deliberately hanging answer must end then).
pub(crate) trait Route: Send + Sync + 'static {
    /// Answers one request.
    fn respond(
        &self,
        req: Request<Incoming>,
        shutdown: watch::Receiver<bool>,
    ) -> impl std::future::Future<Output = Response<Full<Bytes>>> + Send;

    /// A signal by which the routes themselves stop the server (a simulated crash). Default: none.
    fn crash_signal(&self) -> Option<watch::Receiver<bool>> {
        None
    }
}

/// The facilitator routes over a [`FacilitatorBackend`].
struct FacilitatorRoutes {
    backend: Arc<dyn FacilitatorBackend>,
    options: ServerOptions,
    crash: watch::Sender<bool>,
}

impl Route for FacilitatorRoutes {
    fn respond(
        &self,
        req: Request<Incoming>,
        shutdown: watch::Receiver<bool>,
    ) -> impl std::future::Future<Output = Response<Full<Bytes>>> + Send {
        handle(req, self, shutdown)
    }

    fn crash_signal(&self) -> Option<watch::Receiver<bool>> {
        Some(self.crash.subscribe())
    }
}

/// A running loopback server (the reference facilitator, the reference resource server, or a
/// client-role endpoint). Dropping it stops it.
#[derive(Debug)]
pub struct LoopbackServer {
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl LoopbackServer {
    /// Binds `bind` (must be loopback; port 0 picks a free port) and serves the facilitator
    /// routes of `backend`.
    pub async fn start(
        bind: SocketAddr,
        backend: Arc<dyn FacilitatorBackend>,
        options: ServerOptions,
    ) -> Result<LoopbackServer, ServerError> {
        let timeout = options.header_read_timeout;
        let (crash, _) = watch::channel(false);
        let routes = FacilitatorRoutes {
            backend,
            options,
            crash,
        };
        serve(bind, routes, timeout).await
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, drops every open connection, and waits for the accept loop to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Binds `bind` (loopback only) and serves `route` until the returned server stops.
pub(crate) async fn serve<R: Route>(
    bind: SocketAddr,
    route: R,
    header_read_timeout: Duration,
) -> Result<LoopbackServer, ServerError> {
    if !bind.ip().is_loopback() {
        return Err(ServerError::NotLoopback(bind));
    }
    let bind_error = |e: std::io::Error| ServerError::Bind {
        addr: bind,
        reason: e.to_string(),
    };
    let listener = TcpListener::bind(bind).await.map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    let (tx, rx) = watch::channel(false);
    let task = tokio::spawn(accept_loop(
        listener,
        Arc::new(route),
        header_read_timeout,
        rx,
    ));
    Ok(LoopbackServer {
        addr,
        shutdown: tx,
        task: Some(task),
    })
}

async fn accept_loop<R: Route>(
    listener: TcpListener,
    route: Arc<R>,
    header_read_timeout: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut conns = tokio::task::JoinSet::new();
    let mut crash = route.crash_signal();
    loop {
        let crashed = async {
            match crash.as_mut() {
                Some(rx) => {
                    let _ = rx.wait_for(|c| *c).await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = shutdown.changed() => break,
            _ = crashed => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    conns.spawn(serve_connection(stream, Arc::clone(&route), header_read_timeout, shutdown.clone()));
                }
                // Out of file descriptors and similar: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
        }
        while conns.try_join_next().is_some() {}
    }
    conns.abort_all();
    while conns.join_next().await.is_some() {}
}

async fn serve_connection<R: Route>(
    stream: tokio::net::TcpStream,
    route: Arc<R>,
    header_read_timeout: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let svc_shutdown = shutdown.clone();
    let service = service_fn(move |req: Request<Incoming>| {
        let route = Arc::clone(&route);
        let shutdown = svc_shutdown.clone();
        async move { Ok::<_, Infallible>(route.respond(req, shutdown).await) }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = conn => {}
        _ = shutdown.changed() => {}
    }
}

fn json_response(status: u16, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    resp
}

fn error_response(status: u16, message: &str) -> Response<Full<Bytes>> {
    json_response(
        status,
        serde_json::to_vec(&json!({ "error": message })).unwrap_or_default(),
    )
}

/// Most bytes of an oversized body read and discarded before answering 413, and the time allowed
/// for it: answering while the client is still writing makes it see a broken pipe instead of the
/// 413, so a body up to this size is drained first; beyond it the connection is closed.
const DRAIN_MAX_BYTES: usize = 16 * 1024 * 1024;
const DRAIN_MAX_TIME: Duration = Duration::from_secs(5);

pub(crate) enum BodyError {
    TooLarge,
    Unreadable,
}

/// Reads the body, failing as soon as it exceeds `limit` bytes.
pub(crate) async fn read_limited(body: &mut Incoming, limit: usize) -> Result<Bytes, BodyError> {
    let mut buf = bytes::BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| BodyError::Unreadable)?;
        if let Ok(data) = frame.into_data() {
            if buf.len().saturating_add(data.len()) > limit {
                return Err(BodyError::TooLarge);
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf.freeze())
}

/// Reads and discards the rest of a body, bounded by [`DRAIN_MAX_BYTES`] and [`DRAIN_MAX_TIME`].
pub(crate) async fn drain(body: &mut Incoming) {
    let discard = async {
        let mut seen = 0usize;
        while let Some(Ok(frame)) = body.frame().await {
            if let Some(data) = frame.data_ref() {
                seen = seen.saturating_add(data.len());
                if seen > DRAIN_MAX_BYTES {
                    break;
                }
            }
        }
    };
    let _ = tokio::time::timeout(DRAIN_MAX_TIME, discard).await;
}

async fn handle(
    req: Request<Incoming>,
    state: &FacilitatorRoutes,
    shutdown: watch::Receiver<bool>,
) -> Response<Full<Bytes>> {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    match (&method, path.as_str()) {
        (&Method::GET, "/supported") => {
            let backend = Arc::clone(&state.backend);
            match std::panic::catch_unwind(AssertUnwindSafe(|| backend.supported())) {
                Ok(v) => json_response(200, serde_json::to_vec(&v).unwrap_or_default()),
                Err(_) => error_response(500, "the backend panicked"),
            }
        }
        (&Method::GET, "/health") => json_response(200, br#"{"status":"ok"}"#.to_vec()),
        (&Method::POST, "/verify") | (&Method::POST, "/settle") | (&Method::POST, "/rpc") => {
            let is_verify = path == "/verify";
            let is_rpc = path == "/rpc";
            let limit = state.options.body_limit;
            let declared = req
                .headers()
                .get(hyper::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            let too_large =
                || error_response(413, &format!("request body larger than {limit} bytes"));
            let mut incoming = req.into_body();
            if declared.is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX)) {
                drain(&mut incoming).await;
                return too_large();
            }
            let body = match read_limited(&mut incoming, limit).await {
                Ok(bytes) => bytes,
                Err(BodyError::TooLarge) => {
                    drain(&mut incoming).await;
                    return too_large();
                }
                Err(BodyError::Unreadable) => {
                    return error_response(400, "cannot read the request body");
                }
            };
            if is_rpc {
                let backend = Arc::clone(&state.backend);
                return match std::panic::catch_unwind(AssertUnwindSafe(|| backend.rpc(&body))) {
                    Ok(Some((status, bytes))) => json_response(status, bytes),
                    Ok(None) => error_response(404, "this backend has no JSON-RPC endpoint"),
                    Err(_) => error_response(500, "the backend panicked"),
                };
            }
            if state.backend.crashes_on(&body) {
                let _ = state.crash.send(true);
                // The accept loop drops this connection; never answer before it does.
                tokio::time::sleep(state.options.max_hang).await;
                return error_response(500, "the backend crashed");
            }
            if state.backend.stalls_on_endpoint(is_verify, &body) {
                let mut shutdown = shutdown.clone();
                tokio::select! {
                    _ = tokio::time::sleep(state.options.max_hang) => {}
                    _ = shutdown.changed() => {}
                }
                return error_response(500, "the backend stalled: gave up hanging");
            }
            let backend = Arc::clone(&state.backend);
            let latency = backend.settlement_latency();
            let _in_flight = if !is_verify && !latency.is_zero() {
                backend.settlement_started();
                let guard = InFlight(Arc::clone(&backend));
                tokio::time::sleep(latency.min(state.options.max_hang)).await;
                Some(guard)
            } else {
                None
            };
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                if is_verify {
                    backend.verify(&body)
                } else {
                    backend.settle(&body)
                }
            }));
            match result {
                Ok((status, bytes)) => json_response(status, bytes),
                Err(_) => error_response(500, "the backend panicked"),
            }
        }
        (_, "/supported" | "/health" | "/verify" | "/settle" | "/rpc") => {
            let allow = if path == "/verify" || path == "/settle" || path == "/rpc" {
                "POST"
            } else {
                "GET"
            };
            let mut resp =
                error_response(405, &format!("method {method} not allowed; use {allow}"));
            resp.headers_mut().insert(
                hyper::header::ALLOW,
                hyper::header::HeaderValue::from_static(allow),
            );
            resp
        }
        _ => error_response(404, "not found"),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use crate::http::HttpClient;

    struct Echo {
        stall_on_malformed: bool,
    }
    impl FacilitatorBackend for Echo {
        fn stalls_on(&self, body: &[u8]) -> bool {
            self.stall_on_malformed && serde_json::from_slice::<serde_json::Value>(body).is_err()
        }
        fn supported(&self) -> serde_json::Value {
            json!({"kinds": [{"x402Version": 2, "scheme": "exact", "network": "eip155:84532"}]})
        }
        fn verify(&self, body: &[u8]) -> (u16, Vec<u8>) {
            (
                200,
                serde_json::to_vec(
                    &json!({"isValid": false, "invalidReason": "echo", "len": body.len()}),
                )
                .unwrap(),
            )
        }
        fn settle(&self, _body: &[u8]) -> (u16, Vec<u8>) {
            panic!("settle panics on purpose")
        }
    }

    async fn start(stall_on_malformed: bool) -> (LoopbackServer, HttpClient) {
        let options = ServerOptions {
            body_limit: 1000,
            max_hang: Duration::from_secs(30),
            ..ServerOptions::default()
        };
        let server = LoopbackServer::start(
            "127.0.0.1:0".parse().unwrap(),
            Arc::new(Echo { stall_on_malformed }),
            options,
        )
        .await
        .unwrap();
        let client = HttpClient::new(&server.url(), Duration::from_secs(2), 1 << 20).unwrap();
        (server, client)
    }

    #[tokio::test]
    async fn routes_limits_and_panics() {
        let (server, c) = start(false).await;
        let r = c.get("/supported").await.response.unwrap();
        assert_eq!(r.status, 200);
        assert!(r.declares_json());
        assert_eq!(r.json().unwrap()["kinds"][0]["network"], "eip155:84532");
        assert_eq!(c.get("/health").await.response.unwrap().status, 200);
        let v = c.post_json("/verify", "{}").await.response.unwrap();
        assert_eq!(v.json().unwrap()["len"], 2);
        assert_eq!(
            c.post_json("/verify", vec![b'x'; 5000])
                .await
                .response
                .map(|r| r.status)
                .unwrap_or(413),
            413
        );
        assert_eq!(
            c.post_json("/settle", "{}").await.response.unwrap().status,
            500
        );
        let not_allowed = c.get("/verify").await.response.unwrap();
        assert_eq!(not_allowed.status, 405);
        assert_eq!(not_allowed.header("allow"), Some("POST"));
        assert_eq!(c.get("/nope").await.response.unwrap().status, 404);
        server.shutdown().await;
        let after = c.get("/health").await;
        assert!(after.response.is_err(), "server stopped");
    }

    #[tokio::test]
    async fn hang_on_malformed_hangs_until_client_timeout() {
        let (server, c) = start(true).await;
        let short = HttpClient::new(&server.url(), Duration::from_millis(300), 1024).unwrap();
        let ex = short.post_json("/verify", "not json").await;
        assert_eq!(
            ex.response.unwrap_err().kind,
            crate::http::TransportErrorKind::Timeout
        );
        // Well-formed JSON is still answered.
        assert_eq!(
            c.post_json("/verify", "{}").await.response.unwrap().status,
            200
        );
        server.shutdown().await;
    }

    #[tokio::test]
    async fn refuses_non_loopback_and_has_no_rpc_by_default() {
        let err = LoopbackServer::start(
            "0.0.0.0:0".parse().unwrap(),
            Arc::new(Echo {
                stall_on_malformed: false,
            }),
            ServerOptions::default(),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ServerError::NotLoopback(_)));
        assert!(err.to_string().contains("loopback"));
        let (server, c) = start(false).await;
        assert_eq!(
            c.post_json("/rpc", "{}").await.response.unwrap().status,
            404
        );
        assert_eq!(c.get("/rpc").await.response.unwrap().status, 405);
        server.shutdown().await;
    }
}
