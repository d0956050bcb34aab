//! Loopback HTTP/1.1 serving for any synchronous [`Handler`]: the same server core as the
//! reference facilitator ([`LoopbackServer`]: loopback-only bind, header
//! read timeout, shutdown), with every request routed to the handler (body limit with
//! drain-then-413, panic isolation).
//!
//! Used by the reference resource server ([`crate::reference::resource`]) and by the `client` role, which
//! serves one 402 endpoint per case to the client under test and records every request.

use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};

use tokio::sync::watch;

use super::{BodyError, LoopbackServer, Route, ServerError, drain, read_limited};
use crate::http::Header;

/// A request as the handler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method (`GET`).
    pub method: String,
    /// Path and query as sent (`/paid?x=1`).
    pub target: String,
    /// Headers in received order (names lower-cased, values lossily decoded as UTF-8).
    pub headers: Vec<Header>,
    /// The body.
    pub body: Bytes,
    /// When the request head arrived.
    pub received_at: SystemTime,
}

impl HttpRequest {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or(&self.target)
    }
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpReply {
    /// Status code.
    pub status: u16,
    /// Headers (invalid names or values are dropped when sent).
    pub headers: Vec<Header>,
    /// The body.
    pub body: Bytes,
}

impl HttpReply {
    /// A JSON answer.
    pub fn json(status: u16, body: &serde_json::Value) -> HttpReply {
        HttpReply {
            status,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: Bytes::from(serde_json::to_vec(body).unwrap_or_default()),
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> HttpReply {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What answers requests. Must not panic (a panic is answered with 500, but it is a bug).
pub trait Handler: Send + Sync {
    /// Answers one request.
    fn handle(&self, request: HttpRequest) -> HttpReply;
}

/// The routes of a [`Handler`] server: every request goes to the handler.
struct HandlerRoute {
    handler: Arc<dyn Handler>,
    body_limit: usize,
}

impl Route for HandlerRoute {
    fn respond(
        &self,
        req: Request<Incoming>,
        _shutdown: watch::Receiver<bool>,
    ) -> impl std::future::Future<Output = Response<Full<Bytes>>> + Send {
        handle(req, self)
    }
}

/// A running [`Handler`] server: the same loopback server as the reference facilitator.
pub type HandlerServer = LoopbackServer;

/// Binds `bind` (must be loopback; port 0 picks a free port) and serves `handler`, refusing
/// bodies over `body_limit` bytes with 413.
pub async fn serve(
    bind: SocketAddr,
    handler: Arc<dyn Handler>,
    body_limit: usize,
) -> Result<HandlerServer, ServerError> {
    super::serve(
        bind,
        HandlerRoute {
            handler,
            body_limit,
        },
        Duration::from_secs(10),
    )
    .await
}

fn to_response(reply: HttpReply) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(reply.body));
    *resp.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in reply.headers {
        if let (Ok(n), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(&value),
        ) {
            resp.headers_mut().append(n, v);
        }
    }
    resp
}

async fn handle(req: Request<Incoming>, state: &HandlerRoute) -> Response<Full<Bytes>> {
    let received_at = SystemTime::now();
    let method = req.method().as_str().to_owned();
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    let headers: Vec<Header> = req
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let limit = state.body_limit;
    let mut incoming = req.into_body();
    let too_large = || {
        to_response(HttpReply::json(
            413,
            &serde_json::json!({ "error": format!("request body larger than {limit} bytes") }),
        ))
    };
    let body = match read_limited(&mut incoming, limit).await {
        Ok(b) => b,
        Err(BodyError::TooLarge) => {
            drain(&mut incoming).await;
            return too_large();
        }
        Err(BodyError::Unreadable) => {
            return to_response(HttpReply::json(
                400,
                &serde_json::json!({ "error": "cannot read the request body" }),
            ));
        }
    };
    let request = HttpRequest {
        method,
        target,
        headers,
        body,
        received_at,
    };
    let handler = Arc::clone(&state.handler);
    // On the blocking pool: a handler may wait on other servers of this runtime (the reference
    // resource server calling the harness's facilitator), which must keep the workers free.
    let answered = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(AssertUnwindSafe(|| handler.handle(request)))
    })
    .await;
    match answered {
        Ok(Ok(reply)) => to_response(reply),
        Ok(Err(_)) | Err(_) => to_response(HttpReply::json(
            500,
            &serde_json::json!({ "error": "the handler panicked" }),
        )),
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

    struct Echo;
    impl Handler for Echo {
        fn handle(&self, request: HttpRequest) -> HttpReply {
            if request.path() == "/panic" {
                panic!("on purpose");
            }
            HttpReply::json(
                201,
                &serde_json::json!({
                    "method": request.method,
                    "target": request.target,
                    "x": request.header("X-Test"),
                    "len": request.body.len(),
                }),
            )
            .with_header("x-reply", "yes")
            .with_header("bad header name", "dropped")
        }
    }

    #[tokio::test]
    async fn serves_records_limits_and_isolates_panics() {
        let server = serve("127.0.0.1:0".parse().unwrap(), Arc::new(Echo), 100)
            .await
            .unwrap();
        let c = HttpClient::new(&server.url(), Duration::from_secs(2), 1 << 20).unwrap();
        let ex = c
            .send(
                "GET",
                "/a?b=1",
                vec![("x-test".into(), "v".into())],
                Bytes::new(),
            )
            .await;
        let r = ex.response.unwrap();
        assert_eq!(r.status, 201);
        assert_eq!(r.header("x-reply"), Some("yes"));
        let v = r.json().unwrap();
        assert_eq!(v["target"], "/a?b=1");
        assert_eq!(v["x"], "v");
        let big = c.post_json("/a", vec![b'x'; 1000]).await;
        assert_eq!(big.response.map(|r| r.status).unwrap_or(413), 413);
        assert_eq!(c.get("/panic").await.response.unwrap().status, 500);
        assert!(
            serve("0.0.0.0:0".parse().unwrap(), Arc::new(Echo), 1)
                .await
                .is_err()
        );
        server.shutdown().await;
    }
}
