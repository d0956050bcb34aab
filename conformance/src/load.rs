//! `--load DURATION`: drives `POST /verify` with valid payments at a bounded concurrency for a
//! bounded time and reports throughput and latency.
//!
//! The payments (v2 exact EIP-3009 by the payer key) are signed before the clock starts, so the
//! figures measure the target, not the harness's signing; `/verify` does not consume a nonce, so
//! they are sent round-robin. Requests reuse keep-alive connections (as the TS
//! `HTTPFacilitatorClient` does through `fetch`). Every request is bounded by `--timeout`; the
//! run stops sending at the deadline and after at most [`MAX_REQUESTS`] requests.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::task::JoinSet;

use crate::ctx::Ctx;
use crate::http::fmt_duration;
use crate::pay::{Payment, VersionedMechanism, select_target};

/// Distinct signed payments cycled through.
pub const POOL: usize = 64;
/// Hard cap on the requests of one run.
pub const MAX_REQUESTS: usize = 50_000_000;

/// What happened to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Valid,
    Invalid,
    OtherAnswer,
    TransportError,
}

/// The load-test result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// What was sent.
    pub description: String,
    /// Requests that completed (any outcome).
    pub requests: usize,
    /// HTTP 200 `isValid:true`.
    pub valid: usize,
    /// HTTP 200 `isValid:false`.
    pub invalid: usize,
    /// Any other HTTP answer.
    pub other: usize,
    /// No HTTP answer (timeout, reset…).
    pub transport_errors: usize,
    /// Wall time of the sending phase.
    pub elapsed: Duration,
    /// Latency percentiles of the completed requests.
    pub p50: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Slowest request.
    pub max: Duration,
    /// Concurrency used.
    pub concurrency: usize,
}

impl LoadReport {
    /// Completed requests per second.
    pub fn requests_per_sec(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            // Lossless for any realistic count; f64 arithmetic cannot overflow or panic.
            #[allow(clippy::cast_precision_loss, clippy::arithmetic_side_effects)]
            let rate = self.requests as f64 / secs;
            rate
        } else {
            0.0
        }
    }

    /// Whether every request was answered `isValid:true`.
    pub fn all_valid(&self) -> bool {
        self.requests > 0 && self.valid == self.requests
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "load: {}", self.description)?;
        writeln!(
            f,
            "  requests    {} in {} ({} isValid:true, {} isValid:false, {} other answers, {} transport errors)",
            self.requests,
            fmt_duration(self.elapsed),
            self.valid,
            self.invalid,
            self.other,
            self.transport_errors
        )?;
        writeln!(
            f,
            "  throughput  {:.1} requests/s at concurrency {}",
            self.requests_per_sec(),
            self.concurrency
        )?;
        writeln!(
            f,
            "  latency     p50 {}   p99 {}   max {}",
            ms(self.p50),
            ms(self.p99),
            ms(self.max)
        )
    }
}

/// The value at quantile `q` (0–1) of sorted `v` (nearest rank).
pub fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let last = sorted.len().saturating_sub(1);
    // q is in [0, 1]; the product is at most `last`, so the cast back is lossless enough.
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::arithmetic_side_effects
    )]
    let rank = ((last as f64) * q.clamp(0.0, 1.0)).ceil() as usize;
    sorted.get(rank.min(last)).copied().unwrap_or_default()
}

/// Signs the payment pool. `Err` is a usage problem (no payer key, nothing to pay).
pub fn prepare(ctx: &Ctx, duration: Duration) -> Result<(String, Vec<Bytes>), String> {
    let signer = ctx.payer_signer().cloned().ok_or_else(|| {
        "--load needs a payer key (--payer-key-env / --payer-key-file), or no --url to load the built-in reference".to_owned()
    })?;
    let target = select_target(ctx, VersionedMechanism::V2Eip3009)?;
    let now = ctx.now_secs();
    let mut bodies = Vec::with_capacity(POOL);
    for _ in 0..POOL {
        let mut p = Payment::build(&target, &signer, now, ctx.next_nonce())
            .map_err(|e| format!("building a payment: {e}"))?;
        // Keep the payments valid for the whole run.
        p.extend_validity(
            now.saturating_add(duration.as_secs()).saturating_add(300),
            &signer,
        )
        .map_err(|e| e.to_string())?;
        bodies.push(p.body().map_err(|e| e.to_string())?);
    }
    let description = format!(
        "POST /verify with valid {} payments on {} by {}",
        VersionedMechanism::V2Eip3009.label(),
        target.network,
        signer.address()
    );
    Ok((description, bodies))
}

/// Runs the load against the target behind `ctx`.
pub async fn run(
    ctx: &Ctx,
    description: String,
    bodies: Vec<Bytes>,
    duration: Duration,
    concurrency: usize,
) -> Result<LoadReport, String> {
    let timeout = ctx.config().timeout;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .timeout(timeout)
        .no_proxy()
        .user_agent(crate::http::USER_AGENT)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let url = format!("{}/verify", ctx.config().target.trim_end_matches('/'));
    let bodies = Arc::new(bodies);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let deadline = start.checked_add(duration).unwrap_or(start);
    let mut workers = JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let (client, url, bodies, next) = (
            client.clone(),
            url.clone(),
            Arc::clone(&bodies),
            Arc::clone(&next),
        );
        workers.spawn(async move {
            let mut seen: Vec<(Duration, Outcome)> = Vec::new();
            while Instant::now() < deadline {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= MAX_REQUESTS {
                    break;
                }
                let body = bodies
                    .get(i.checked_rem(bodies.len()).unwrap_or(0))
                    .cloned()
                    .unwrap_or_default();
                let sent = Instant::now();
                let outcome = match client
                    .post(url.as_str())
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                {
                    Ok(resp) => {
                        let status = resp.status().as_u16();
                        match resp.bytes().await {
                            Ok(b) if status == 200 => {
                                match serde_json::from_slice::<serde_json::Value>(&b)
                                    .ok()
                                    .and_then(|v| v.get("isValid").and_then(|f| f.as_bool()))
                                {
                                    Some(true) => Outcome::Valid,
                                    Some(false) => Outcome::Invalid,
                                    None => Outcome::OtherAnswer,
                                }
                            }
                            Ok(_) => Outcome::OtherAnswer,
                            Err(_) => Outcome::TransportError,
                        }
                    }
                    Err(_) => Outcome::TransportError,
                };
                seen.push((sent.elapsed(), outcome));
            }
            seen
        });
    }
    let mut all: Vec<(Duration, Outcome)> = Vec::new();
    while let Some(done) = workers.join_next().await {
        if let Ok(v) = done {
            all.extend(v);
        }
    }
    let elapsed = start.elapsed();
    let count = |o: Outcome| all.iter().filter(|(_, x)| *x == o).count();
    let mut lat: Vec<Duration> = all.iter().map(|(d, _)| *d).collect();
    lat.sort_unstable();
    Ok(LoadReport {
        description,
        requests: all.len(),
        valid: count(Outcome::Valid),
        invalid: count(Outcome::Invalid),
        other: count(Outcome::OtherAnswer),
        transport_errors: count(Outcome::TransportError),
        elapsed,
        p50: percentile(&lat, 0.50),
        p99: percentile(&lat, 0.99),
        max: lat.last().copied().unwrap_or_default(),
        concurrency: concurrency.max(1),
    })
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

    #[test]
    fn percentiles_use_nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 0.5), Duration::from_millis(51));
        assert_eq!(percentile(&v, 0.99), Duration::from_millis(100));
        assert_eq!(percentile(&v, 0.0), Duration::from_millis(1));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
        let r = LoadReport {
            description: "d".into(),
            requests: 10,
            valid: 10,
            invalid: 0,
            other: 0,
            transport_errors: 0,
            elapsed: Duration::from_secs(2),
            p50: Duration::from_micros(1500),
            p99: Duration::from_millis(3),
            max: Duration::from_millis(4),
            concurrency: 2,
        };
        assert!((r.requests_per_sec() - 5.0).abs() < 1e-9);
        assert!(r.all_valid());
        let text = r.to_string();
        assert!(
            text.contains("5.0 requests/s") && text.contains("p50 1.50 ms"),
            "{text}"
        );
    }
}
