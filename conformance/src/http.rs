//! The robust HTTP client layer.
//!
//! Every request is bounded by one deadline that covers connecting, sending, the response head
//! **and the whole body**, so a slow-drip response cannot extend it. Bodies are read up to a cap
//! (1 MiB by default) and marked truncated beyond it. Every outcome, including transport failures,
//! is returned as an [`Exchange`] that the reports record; nothing here panics on hostile input.
//!
//! Built on `reqwest` 0.13 without default features (no system proxy, no HTTP/2, no charset
//! sniffing, no aws-lc C build) using rustls with the `ring` provider for `https` targets.
//! Redirects are not followed (a facilitator API has no reason to redirect; the harness reports a
//! 3xx as what it is). Connections are not pooled, so one misbehaving response cannot poison the
//! next case's request.

use std::fmt;
use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::Serialize;

/// Default cap on a response body kept in memory (1 MiB).
pub const DEFAULT_BODY_CAP: usize = 1024 * 1024;

/// The `User-Agent` the harness sends.
pub const USER_AGENT: &str = concat!("x402-conformance/", env!("CARGO_PKG_VERSION"));

/// One header as sent or received (name lower-cased; value lossily decoded as UTF-8).
pub type Header = (String, String);

/// The request half of an exchange, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers the harness set (the HTTP library adds `host` and `content-length`).
    pub headers: Vec<Header>,
    /// The body bytes.
    pub body: Bytes,
}

/// A complete HTTP response (status, head and a possibly truncated body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers in received order.
    pub headers: Vec<Header>,
    /// The body, at most the configured cap.
    pub body: Bytes,
    /// Whether the body was longer than the cap (the rest was not read).
    pub truncated: bool,
}

impl Response {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of `Content-Type` (lower-cased, parameters removed), if any.
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// Whether `Content-Type` declares JSON (`application/json` or any `+json` type).
    pub fn declares_json(&self) -> bool {
        self.media_type().is_some_and(|m| is_json_media_type(&m))
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Parses the body as JSON, with a message that says what was wrong and shows the body's start.
    pub fn json(&self) -> Result<serde_json::Value, String> {
        if self.truncated {
            return Err(format!(
                "the response body is larger than the {} byte cap and was not read to the end",
                self.body.len()
            ));
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            if self.body.is_empty() {
                "the response body is empty, not JSON".to_owned()
            } else {
                format!(
                    "the response body is not JSON ({e}); it starts with {}",
                    preview(&self.body, 80)
                )
            }
        })
    }
}

/// Whether a lower-cased media type is JSON.
pub fn is_json_media_type(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

/// A short, quoted, single-line preview of a body (control characters escaped).
pub fn preview(body: &[u8], max_chars: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(max_chars).collect();
    if text.chars().nth(max_chars).is_some() {
        out.push('…');
    }
    format!("{out:?}")
}

/// Why no complete response was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No complete response within the per-request timeout.
    Timeout,
    /// The connection was refused.
    Refused,
    /// The connection was reset or aborted by the peer.
    Reset,
    /// The peer closed the connection before a complete response.
    Closed,
    /// The host name did not resolve.
    Dns,
    /// TLS handshake or certificate failure.
    Tls,
    /// Another failure to connect.
    Connect,
    /// The peer sent something that is not valid HTTP/1.1.
    Protocol,
    /// The response head was larger than the HTTP library accepts.
    TooLarge,
    /// The request could not be built (bad URL, bad header) — harness side.
    Request,
    /// Anything else.
    Other,
}

impl TransportErrorKind {
    /// The kebab-case name used in reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            TransportErrorKind::Timeout => "timeout",
            TransportErrorKind::Refused => "refused",
            TransportErrorKind::Reset => "reset",
            TransportErrorKind::Closed => "closed",
            TransportErrorKind::Dns => "dns",
            TransportErrorKind::Tls => "tls",
            TransportErrorKind::Connect => "connect",
            TransportErrorKind::Protocol => "protocol",
            TransportErrorKind::TooLarge => "too-large",
            TransportErrorKind::Request => "request",
            TransportErrorKind::Other => "other",
        }
    }

    /// Whether the failure means the target could not be reached at all (used by the preflight).
    pub const fn is_unreachable(self) -> bool {
        matches!(
            self,
            TransportErrorKind::Refused
                | TransportErrorKind::Dns
                | TransportErrorKind::Tls
                | TransportErrorKind::Connect
        )
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure to obtain a complete response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// Classification.
    pub kind: TransportErrorKind,
    /// Human-readable detail, including how far the exchange got.
    pub message: String,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TransportError {}

/// One request and what came back, as recorded for the reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// What was sent.
    pub request: RecordedRequest,
    /// The response, or why there is none.
    pub response: Result<Response, TransportError>,
    /// Wall time from sending to the end of the body (or the failure).
    pub elapsed: Duration,
}

impl Exchange {
    /// A one-line description of the outcome (`HTTP 400 application/json, 57 bytes` / `timeout: …`).
    pub fn summary(&self) -> String {
        match &self.response {
            Ok(r) => format!(
                "HTTP {}{}, {} body bytes{}",
                r.status,
                r.media_type().map(|m| format!(" {m}")).unwrap_or_default(),
                r.body.len(),
                if r.truncated { " (truncated)" } else { "" }
            ),
            Err(e) => e.to_string(),
        }
    }
}

/// The HTTP client bound to one target base URL.
#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    base: String,
    timeout: Duration,
    body_cap: usize,
}

/// Why an [`HttpClient`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientBuildError(pub String);

impl fmt::Display for ClientBuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the HTTP client: {}", self.0)
    }
}

impl std::error::Error for ClientBuildError {}

/// Tracks how far a request got, for timeout messages.
#[derive(Debug, Default)]
struct Progress {
    status: Option<u16>,
    body_bytes: usize,
}

impl HttpClient {
    /// A client for `base` (an `http://` or `https://` URL; a trailing `/` is removed and paths
    /// are appended to it, as the TS `HTTPFacilitatorClient` does).
    pub fn new(
        base: &str,
        timeout: Duration,
        body_cap: usize,
    ) -> Result<HttpClient, ClientBuildError> {
        // reqwest's `rustls-no-provider` needs a process-wide provider; installing twice is harmless.
        let _already_installed = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            // The whole-exchange deadline is enforced around each request (see `send`), so that a
            // timeout message can say how far the response got.
            .connect_timeout(timeout)
            .user_agent(USER_AGENT)
            .no_proxy()
            .build()
            .map_err(|e| ClientBuildError(error_chain(&e.without_url())))?;
        Ok(HttpClient {
            client,
            base: base.trim_end_matches('/').to_owned(),
            timeout,
            body_cap,
        })
    }

    /// The base URL (no trailing `/`).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The body cap.
    pub fn body_cap(&self) -> usize {
        self.body_cap
    }

    /// `GET base+path` with `Accept: application/json`.
    pub async fn get(&self, path: &str) -> Exchange {
        let headers = vec![("accept".to_owned(), "application/json".to_owned())];
        self.send("GET", path, headers, Bytes::new()).await
    }

    /// `POST base+path` with a JSON content type and the given raw body bytes (sent as-is, so
    /// malformed JSON can be sent on purpose).
    pub async fn post_json(&self, path: &str, body: impl Into<Bytes>) -> Exchange {
        self.send("POST", path, json_headers(), body.into()).await
    }

    /// Sends one request with the given method, headers and body; never panics, never exceeds the
    /// timeout by more than scheduling latency.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: Vec<Header>,
        body: Bytes,
    ) -> Exchange {
        let url = format!("{}{}", self.base, path);
        let mut all_headers = headers.clone();
        all_headers.push(("user-agent".to_owned(), USER_AGENT.to_owned()));
        let request = RecordedRequest {
            method: method.to_owned(),
            url: url.clone(),
            headers: all_headers,
            body,
        };
        let start = Instant::now();
        let response = match reqwest::Method::from_bytes(method.as_bytes()) {
            Err(_) => Err(TransportError {
                kind: TransportErrorKind::Request,
                message: format!("invalid HTTP method {method:?}"),
            }),
            Ok(m) => {
                let mut builder = self.client.request(m, url.as_str());
                for (name, value) in &headers {
                    builder = builder.header(name.as_str(), value.as_str());
                }
                let builder = builder.body(request.body.clone());
                let mut progress = Progress::default();
                let attempt = read_response(builder, self.body_cap, &mut progress);
                match tokio::time::timeout(self.timeout, attempt).await {
                    Ok(result) => result,
                    Err(_elapsed) => Err(timeout_error(self.timeout, &progress)),
                }
            }
        };
        let response = response.map_err(|mut e| {
            if e.kind == TransportErrorKind::Timeout && !e.message.contains("within") {
                e.message = format!(
                    "no complete response within {}: {}",
                    fmt_duration(self.timeout),
                    e.message
                );
            }
            e
        });
        Exchange {
            request,
            response,
            elapsed: start.elapsed(),
        }
    }

    /// Checks that a TCP (and, for `https`, nothing more) connection to the target's host and port
    /// can be opened within the timeout. Used by the preflight to tell "unreachable" (exit 2) from
    /// "misbehaving" (case failures).
    pub async fn probe_tcp(&self) -> Result<(), TransportError> {
        let url = reqwest::Url::parse(&self.base).map_err(|e| TransportError {
            kind: TransportErrorKind::Request,
            message: format!("invalid target URL: {e}"),
        })?;
        let host = url
            .host_str()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = url.port_or_known_default().unwrap_or(80);
        let connect = async {
            let addrs: Vec<_> = tokio::net::lookup_host((host.as_str(), port))
                .await
                .map_err(|e| TransportError {
                    kind: TransportErrorKind::Dns,
                    message: format!("cannot resolve {host}: {e}"),
                })?
                .collect();
            let mut last = TransportError {
                kind: TransportErrorKind::Dns,
                message: format!("{host} resolved to no address"),
            };
            for addr in addrs {
                match tokio::net::TcpStream::connect(addr).await {
                    Ok(_stream) => return Ok(()),
                    Err(e) => {
                        last = TransportError {
                            kind: io_kind(e.kind()).unwrap_or(TransportErrorKind::Connect),
                            message: format!("cannot connect to {addr}: {e}"),
                        }
                    }
                }
            }
            Err(last)
        };
        match tokio::time::timeout(self.timeout, connect).await {
            Ok(r) => r,
            Err(_) => Err(TransportError {
                kind: TransportErrorKind::Timeout,
                message: format!(
                    "cannot connect to {host}:{port} within {}",
                    fmt_duration(self.timeout)
                ),
            }),
        }
    }
}

async fn read_response(
    builder: reqwest::RequestBuilder,
    cap: usize,
    progress: &mut Progress,
) -> Result<Response, TransportError> {
    let mut resp = builder
        .send()
        .await
        .map_err(|e| classify(e, "before a response head arrived"))?;
    let status = resp.status().as_u16();
    progress.status = Some(status);
    let headers: Vec<Header> = resp
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut body: Vec<u8> = Vec::with_capacity(cap.min(64 * 1024));
    let mut truncated = false;
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let room = cap.saturating_sub(body.len());
                if chunk.len() > room {
                    body.extend_from_slice(chunk.get(..room).unwrap_or_default());
                    truncated = true;
                    break;
                }
                body.extend_from_slice(&chunk);
                progress.body_bytes = body.len();
            }
            Ok(None) => break,
            Err(e) => {
                let phase = format!("after status {status} and {} body bytes", body.len());
                return Err(classify(e, &phase));
            }
        }
    }
    Ok(Response {
        status,
        headers,
        body: Bytes::from(body),
        truncated,
    })
}

fn timeout_error(timeout: Duration, progress: &Progress) -> TransportError {
    let detail = match progress.status {
        None => "no response head was received".to_owned(),
        Some(s) => format!(
            "status {s} arrived but only {} body bytes before the deadline",
            progress.body_bytes
        ),
    };
    TransportError {
        kind: TransportErrorKind::Timeout,
        message: format!(
            "no complete response within {}: {detail}",
            fmt_duration(timeout)
        ),
    }
}

/// Formats a duration for messages (`1.5s`, `250ms`).
pub fn fmt_duration(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{}ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}.{:03}s", d.as_secs(), d.subsec_millis())
    }
}

fn io_kind(kind: std::io::ErrorKind) -> Option<TransportErrorKind> {
    use std::io::ErrorKind as K;
    match kind {
        K::ConnectionRefused => Some(TransportErrorKind::Refused),
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
            Some(TransportErrorKind::Reset)
        }
        K::UnexpectedEof => Some(TransportErrorKind::Closed),
        K::TimedOut => Some(TransportErrorKind::Timeout),
        _ => None,
    }
}

/// Whether an I/O error wraps (possibly through further I/O errors) a rustls error.
/// `io::Error::source` skips the wrapped error, so it has to be unwrapped with `get_ref`.
fn wraps_tls_error(io: &std::io::Error) -> bool {
    let mut current = io;
    for _ in 0..8 {
        let Some(inner) = current.get_ref() else {
            return false;
        };
        if inner.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        match inner.downcast_ref::<std::io::Error>() {
            Some(next) => current = next,
            None => return false,
        }
    }
    false
}

/// Classifies a reqwest error by walking its source chain; the deepest specific cause wins.
fn classify(e: reqwest::Error, phase: &str) -> TransportError {
    let e = e.without_url();
    let mut kind = if e.is_timeout() {
        Some(TransportErrorKind::Timeout)
    } else if e.is_builder() {
        Some(TransportErrorKind::Request)
    } else {
        None
    };
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            kind = if wraps_tls_error(io) {
                Some(TransportErrorKind::Tls)
            } else {
                io_kind(io.kind()).or(kind)
            };
        } else if let Some(h) = err.downcast_ref::<hyper::Error>() {
            let k = if h.is_incomplete_message() {
                Some(TransportErrorKind::Closed)
            } else if h.is_parse_too_large() {
                Some(TransportErrorKind::TooLarge)
            } else if h.is_parse() || h.is_parse_status() {
                Some(TransportErrorKind::Protocol)
            } else if h.is_timeout() {
                Some(TransportErrorKind::Timeout)
            } else {
                None
            };
            kind = k.or(kind);
        } else if err.downcast_ref::<rustls::Error>().is_some() {
            kind = Some(TransportErrorKind::Tls);
        } else if err.to_string().starts_with("dns error") {
            kind = Some(TransportErrorKind::Dns);
        }
        source = err.source();
    }
    let kind = kind.unwrap_or(if e.is_connect() {
        TransportErrorKind::Connect
    } else {
        TransportErrorKind::Other
    });
    let what = match kind {
        TransportErrorKind::Reset => "the connection was reset",
        TransportErrorKind::Closed => "the connection was closed before a complete response",
        TransportErrorKind::Refused => "the connection was refused",
        TransportErrorKind::Protocol => "the response is not valid HTTP/1.1",
        TransportErrorKind::TooLarge => "the response head is too large",
        TransportErrorKind::Timeout => "timed out",
        TransportErrorKind::Dns => "the host name did not resolve",
        TransportErrorKind::Tls => "TLS failure",
        TransportErrorKind::Connect => "cannot connect",
        TransportErrorKind::Request | TransportErrorKind::Other => "request failed",
    };
    TransportError {
        kind,
        message: format!("{what} {phase} ({})", error_chain(&e)),
    }
}

/// Joins an error and its sources with `: `, dropping repeated texts.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        let text = err.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = err.source();
    }
    parts.join(": ")
}

/// The headers of a JSON `POST`: `Accept` and `Content-Type` `application/json`.
pub fn json_headers() -> Vec<Header> {
    vec![
        ("accept".to_owned(), "application/json".to_owned()),
        ("content-type".to_owned(), "application/json".to_owned()),
    ]
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

    fn resp(ct: Option<&str>, body: &str) -> Response {
        Response {
            status: 200,
            headers: ct
                .map(|c| vec![("content-type".to_owned(), c.to_owned())])
                .unwrap_or_default(),
            body: Bytes::from(body.to_owned()),
            truncated: false,
        }
    }

    #[test]
    fn media_types() {
        assert!(resp(Some("application/json; charset=utf-8"), "").declares_json());
        assert!(resp(Some("Application/Problem+JSON"), "").declares_json());
        assert!(!resp(Some("text/html"), "").declares_json());
        assert!(!resp(None, "").declares_json());
        assert_eq!(
            resp(Some(" text/plain ;x=y"), "").media_type().as_deref(),
            Some("text/plain")
        );
    }

    #[test]
    fn json_errors_are_clear() {
        assert!(resp(None, "").json().unwrap_err().contains("empty"));
        let e = resp(None, "<html>hello</html>").json().unwrap_err();
        assert!(e.contains("not JSON") && e.contains("<html>"), "{e}");
        let mut big = resp(None, "{}");
        big.truncated = true;
        assert!(big.json().unwrap_err().contains("cap"));
        assert_eq!(resp(None, r#"{"a":1}"#).json().unwrap()["a"], 1);
    }

    #[test]
    fn preview_is_bounded_and_escaped() {
        let p = preview(b"line1\nline2\x00", 100);
        assert_eq!(p, "\"line1\\nline2\\0\"");
        let long = preview(&[b'a'; 500], 10);
        assert_eq!(long, format!("\"{}…\"", "a".repeat(10)));
        assert_eq!(preview(&[0xff, 0xfe], 10), "\"\u{fffd}\u{fffd}\"");
    }
}
