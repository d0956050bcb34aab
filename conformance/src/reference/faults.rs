//! A facilitator that misbehaves on request, for testing resource servers
//! (`x402-conformance server --facilitator-faults ADDR`; issue #18).
//!
//! The harness serves this facilitator at a loopback address and the resource server under test is
//! configured to use it (its `FACILITATOR_URL`). Behind it sits the reference facilitator
//! ([`ReferenceBackend`] over its in-memory ledger), so a payment the harness signs verifies and
//! settles for real there, and no chain or funds are involved. A case signs a payment, tells this
//! facilitator which [`FacilitatorFault`] to inject for that payment's authorization nonce, sends
//! the payment to the server, and then reads which `/verify` and `/settle` calls the server made
//! for it ([`FaultyFacilitator::calls_for`]). Faults are keyed by nonce, so cases run concurrently
//! and every payment without an injected fault is passed through unchanged.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use alloy_primitives::Address;
use serde_json::{Value, json};
use x402_spec::codes::ErrorCode;
use x402_spec::facilitator::{SettleOutcome, SettleResponse};

use super::facilitator::{ReferenceBackend, ReferenceError};
pub use crate::cases::facilitator::malformed::Endpoint;
use crate::loopback::FacilitatorBackend;

/// What the facilitator does wrong for one payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FacilitatorFault {
    /// `POST /verify` answers 500 with a JSON error.
    VerifyUnavailable,
    /// `POST /verify` answers 200 with a body that is not JSON.
    VerifyGarbage,
    /// `POST /verify` hangs (then answers 500 after the hang limit).
    VerifyHangs,
    /// `POST /settle` answers 500 with a JSON error (nothing is settled).
    SettleUnavailable,
    /// `POST /settle` answers 200 with a body that is not JSON (nothing is settled).
    SettleGarbage,
    /// `POST /settle` hangs (then answers 500 after the hang limit; nothing is settled).
    SettleHangs,
    /// `POST /settle` answers `success: false` (`unexpected_settle_error`; nothing is settled).
    SettleRefused,
    /// The first `POST /settle` settles and answers `settlement_pending` with the transaction; the
    /// identical request sent again answers the settlement.
    SettlePendingOnce,
    /// Every `POST /settle` answers `settlement_pending` with the transaction (it settles once).
    SettlePendingAlways,
}

impl FacilitatorFault {
    /// Every fault.
    pub const ALL: [FacilitatorFault; 9] = [
        FacilitatorFault::VerifyUnavailable,
        FacilitatorFault::VerifyGarbage,
        FacilitatorFault::VerifyHangs,
        FacilitatorFault::SettleUnavailable,
        FacilitatorFault::SettleGarbage,
        FacilitatorFault::SettleHangs,
        FacilitatorFault::SettleRefused,
        FacilitatorFault::SettlePendingOnce,
        FacilitatorFault::SettlePendingAlways,
    ];

    /// The kebab-case name used in case ids.
    pub const fn name(self) -> &'static str {
        match self {
            FacilitatorFault::VerifyUnavailable => "verify-500",
            FacilitatorFault::VerifyGarbage => "verify-garbage",
            FacilitatorFault::VerifyHangs => "verify-hangs",
            FacilitatorFault::SettleUnavailable => "settle-500",
            FacilitatorFault::SettleGarbage => "settle-garbage",
            FacilitatorFault::SettleHangs => "settle-hangs",
            FacilitatorFault::SettleRefused => "settle-refused",
            FacilitatorFault::SettlePendingOnce => "settle-pending-once",
            FacilitatorFault::SettlePendingAlways => "settle-pending-always",
        }
    }

    /// The endpoint the fault acts on.
    pub const fn endpoint(self) -> Endpoint {
        match self {
            FacilitatorFault::VerifyUnavailable
            | FacilitatorFault::VerifyGarbage
            | FacilitatorFault::VerifyHangs => Endpoint::Verify,
            _ => Endpoint::Settle,
        }
    }
}

impl fmt::Display for FacilitatorFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the facilitator answered one call with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// An HTTP status and a one-word description of the body (`valid`, `invalid`, `settled`,
    /// `failed`, `pending`, `error`, `garbage`).
    Status(u16, &'static str),
    /// The call was held open (a hang fault).
    Hung,
}

/// One `/verify` or `/settle` call the server under test made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilitatorCall {
    /// Which endpoint.
    pub endpoint: Endpoint,
    /// The payment's authorization nonce (lowercase hex), when the body carried one.
    pub nonce: Option<String>,
    /// The request body as received.
    pub body: Vec<u8>,
    /// What was answered.
    pub answer: Answer,
}

impl FacilitatorCall {
    /// `POST /settle → 200 pending`.
    pub fn describe(&self) -> String {
        match &self.answer {
            Answer::Status(s, what) => format!("POST {} → {s} {what}", self.endpoint.path()),
            Answer::Hung => format!("POST {} → held open", self.endpoint.path()),
        }
    }
}

/// The fault-injecting facilitator (see the module documentation).
pub struct FaultyFacilitator {
    inner: ReferenceBackend,
    plan: Mutex<BTreeMap<String, FacilitatorFault>>,
    calls: Mutex<Vec<FacilitatorCall>>,
    /// The real settle answer behind a pending answer, per nonce.
    settled: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl fmt::Debug for FaultyFacilitator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaultyFacilitator")
            .field("payer", &self.inner.payer())
            .finish_non_exhaustive()
    }
}

/// The body a garbage fault answers with (HTML, as a proxy error page would be).
pub const GARBAGE_BODY: &[u8] = b"<html><body>502 Bad Gateway</body></html>";

/// The authorization nonce of the payment in a `/verify` or `/settle` body, lowercased:
/// `paymentPayload.payload.authorization.nonce` (EIP-3009) or
/// `paymentPayload.payload.permit2Authorization.nonce` (Permit2).
pub fn payment_nonce(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let payload = v.get("paymentPayload")?.get("payload")?;
    ["authorization", "permit2Authorization"]
        .iter()
        .find_map(|k| payload.get(k)?.get("nonce")?.as_str())
        .map(str::to_ascii_lowercase)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn describe_verify(status: u16, body: &[u8]) -> &'static str {
    match serde_json::from_slice::<Value>(body) {
        Ok(v) if v.get("isValid") == Some(&Value::Bool(true)) => "valid",
        Ok(_) if status == 200 => "invalid",
        _ => "error",
    }
}

fn describe_settle(body: &[u8]) -> &'static str {
    match SettleResponse::from_json(body) {
        Ok(r) => match r.outcome() {
            SettleOutcome::Settled => "settled",
            SettleOutcome::Pending => "pending",
            _ => "failed",
        },
        Err(_) => "error",
    }
}

impl FaultyFacilitator {
    /// A faulty facilitator in front of a reference facilitator that funds `payer`.
    pub fn new(payer: Address) -> Result<FaultyFacilitator, ReferenceError> {
        Ok(FaultyFacilitator {
            inner: ReferenceBackend::new(payer, Default::default())?,
            plan: Mutex::new(BTreeMap::new()),
            calls: Mutex::new(Vec::new()),
            settled: Mutex::new(BTreeMap::new()),
        })
    }

    /// The funded payer.
    pub fn payer(&self) -> Address {
        self.inner.payer()
    }

    /// Funds one more payer on the ledger behind it.
    pub fn fund(&self, payer: Address) -> Result<(), ReferenceError> {
        self.inner.fund(payer)
    }

    /// Injects `fault` for the payment whose authorization nonce is `nonce` (any case).
    pub fn inject(&self, nonce: &str, fault: FacilitatorFault) {
        lock(&self.plan).insert(nonce.to_ascii_lowercase(), fault);
    }

    /// Every call made so far for the payment with `nonce`, in arrival order.
    pub fn calls_for(&self, nonce: &str) -> Vec<FacilitatorCall> {
        let nonce = nonce.to_ascii_lowercase();
        lock(&self.calls)
            .iter()
            .filter(|c| c.nonce.as_deref() == Some(nonce.as_str()))
            .cloned()
            .collect()
    }

    fn fault_for(&self, nonce: Option<&str>, endpoint: Endpoint) -> Option<FacilitatorFault> {
        let fault = *lock(&self.plan).get(nonce?)?;
        (fault.endpoint() == endpoint).then_some(fault)
    }

    fn record(&self, endpoint: Endpoint, nonce: Option<String>, body: &[u8], answer: Answer) {
        lock(&self.calls).push(FacilitatorCall {
            endpoint,
            nonce,
            body: body.to_vec(),
            answer,
        });
    }

    fn answer(
        &self,
        endpoint: Endpoint,
        nonce: Option<String>,
        body: &[u8],
        status: u16,
        bytes: Vec<u8>,
        what: &'static str,
    ) -> (u16, Vec<u8>) {
        self.record(endpoint, nonce, body, Answer::Status(status, what));
        (status, bytes)
    }

    fn unavailable() -> Vec<u8> {
        serde_json::to_vec(&json!({ "error": "facilitator unavailable (injected fault)" }))
            .unwrap_or_default()
    }

    /// The real settlement of this payment (once), then `settlement_pending` with its transaction.
    fn settle_pending(&self, nonce: &str, body: &[u8], always: bool) -> (u16, Vec<u8>) {
        let earlier = lock(&self.settled).get(nonce).cloned();
        let real = match earlier {
            Some(real) if !always => return (200, real),
            Some(real) => real,
            None => {
                let (status, real) = self.inner.settle(body);
                let ok = status == 200 && SettleResponse::from_json(&real).is_ok_and(|r| r.success);
                if !ok {
                    return (status, real);
                }
                lock(&self.settled).insert(nonce.to_owned(), real.clone());
                real
            }
        };
        match SettleResponse::from_json(&real) {
            Ok(r) => {
                let pending = SettleResponse::pending(r.transaction, r.network, r.payer);
                (200, serde_json::to_vec(&pending).unwrap_or_default())
            }
            Err(_) => (200, real),
        }
    }
}

impl FacilitatorBackend for FaultyFacilitator {
    fn supported(&self) -> Value {
        self.inner.supported()
    }

    fn verify(&self, body: &[u8]) -> (u16, Vec<u8>) {
        let nonce = payment_nonce(body);
        let e = Endpoint::Verify;
        match self.fault_for(nonce.as_deref(), e) {
            Some(FacilitatorFault::VerifyUnavailable) => {
                self.answer(e, nonce, body, 500, Self::unavailable(), "error")
            }
            Some(FacilitatorFault::VerifyGarbage) => {
                self.answer(e, nonce, body, 200, GARBAGE_BODY.to_vec(), "garbage")
            }
            _ => {
                let (status, bytes) = self.inner.verify(body);
                let what = describe_verify(status, &bytes);
                self.answer(e, nonce, body, status, bytes, what)
            }
        }
    }

    fn settle(&self, body: &[u8]) -> (u16, Vec<u8>) {
        let nonce = payment_nonce(body);
        let e = Endpoint::Settle;
        match (self.fault_for(nonce.as_deref(), e), nonce.as_deref()) {
            (Some(FacilitatorFault::SettleUnavailable), _) => {
                self.answer(e, nonce, body, 500, Self::unavailable(), "error")
            }
            (Some(FacilitatorFault::SettleGarbage), _) => {
                self.answer(e, nonce, body, 200, GARBAGE_BODY.to_vec(), "garbage")
            }
            (Some(FacilitatorFault::SettleRefused), _) => {
                let network = serde_json::from_slice::<Value>(body)
                    .ok()
                    .and_then(|v| {
                        v.get("paymentRequirements")?
                            .get("network")?
                            .as_str()
                            .map(str::to_owned)
                    })
                    .and_then(|n| n.parse::<x402_spec::common::AnyNetwork>().ok());
                let refused = match network {
                    Some(n) => serde_json::to_vec(&SettleResponse::failure(
                        &ErrorCode::UnexpectedSettleError,
                        n,
                        None,
                    ))
                    .unwrap_or_default(),
                    None => Self::unavailable(),
                };
                self.answer(e, nonce, body, 200, refused, "failed")
            }
            (Some(f @ FacilitatorFault::SettlePendingOnce), Some(n))
            | (Some(f @ FacilitatorFault::SettlePendingAlways), Some(n)) => {
                let n = n.to_owned();
                let (status, bytes) =
                    self.settle_pending(&n, body, f == FacilitatorFault::SettlePendingAlways);
                let what = describe_settle(&bytes);
                self.answer(e, Some(n), body, status, bytes, what)
            }
            _ => {
                let (status, bytes) = self.inner.settle(body);
                let what = describe_settle(&bytes);
                self.answer(e, nonce, body, status, bytes, what)
            }
        }
    }

    fn stalls_on_endpoint(&self, verify: bool, body: &[u8]) -> bool {
        let nonce = payment_nonce(body);
        let (endpoint, fault) = if verify {
            (Endpoint::Verify, FacilitatorFault::VerifyHangs)
        } else {
            (Endpoint::Settle, FacilitatorFault::SettleHangs)
        };
        let hangs = self.fault_for(nonce.as_deref(), endpoint) == Some(fault);
        if hangs {
            self.record(endpoint, nonce, body, Answer::Hung);
        }
        hangs
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
mod tests;
