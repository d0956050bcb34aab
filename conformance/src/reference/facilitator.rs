//! The reference facilitator: `x402_spec::verify` for the rules, the in-memory [`Ledger`] for
//! the chain.
//!
//! - `POST /verify`: the body is parsed with [`FacilitatorRequest::from_json`] (a parse error is
//!   HTTP 400 with `{isValid:false, invalidReason, invalidMessage}`, x402 v2 §4 "Invalid
//!   Request"), verified with [`verify_request`] at the server's clock, and every owed
//!   [`OnchainCheck`](x402_spec::verify::evm::OnchainCheck) is answered from the ledger
//!   ([`chain::answer`]). An invalid payment is HTTP 200 with `isValid:false`, the canonical
//!   reason and the payer (x402 v2 §7.1; docs/protocol/disagreements.md #12).
//! - `POST /settle`: verifies again (a settle request carries the whole payment, so a payment that
//!   was never sent to `/verify` settles if it is valid — the spec's reading; the TS e2e
//!   facilitator's "must be verified first" hook is a deployment policy, docs/protocol/codes.md §3.7), then
//!   executes the transfer on the ledger: EIP-3009 and Permit2 mark their nonce used; `upto`
//!   charges the settle-time `paymentRequirements.amount` (verified against the signed maximum,
//!   as TS does, docs/protocol/evm.md §4.4), and a zero charge succeeds with `transaction: ""` and no
//!   ledger change. The answer carries a synthetic transaction hash, the payer, the network and
//!   the amount.
//! - `GET /supported`: v1 and v2 `exact` kinds and v2 `upto` kinds (with
//!   `extra.facilitatorAddress`), signers under `eip155:*`.
//! - `POST /rpc`: JSON-RPC `eth_call` / `eth_getCode` answered from the ledger, so that the
//!   `--rpc-url` cases can confirm settlements against the reference too.
//!
//! Each [`Defect`] changes exactly one of these behaviours.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use alloy_primitives::{Address, U256, hex};
use serde_json::{Value, json};
use x402_spec::assets;
use x402_spec::codes::{Emitter, ErrorCode};
use x402_spec::common::{AnyNetwork, HexBytes, Scheme};
use x402_spec::evm::constants::{
    EXACT_PERMIT2_PROXY_ADDRESS, PERMIT2_ADDRESS, SECP256K1_HALF_N, UPTO_PERMIT2_PROXY_ADDRESS,
};
use x402_spec::evm::{LocalSigner, SignerError};
use x402_spec::facilitator::{FacilitatorRequest, Reason, SettleResponse, VerifyResponse};
use x402_spec::primitives::{Address as WireAddress, DecimalU256, EvmAddress, Network};
use x402_spec::schemes::{ExactEip3009Payload, ExactPermit2Payload, UptoPermit2Payload};
use x402_spec::verify::evm::{ChainAnswer, OnchainCheckKind};
use x402_spec::verify::{
    AmountRule, EvmPayment, Policy, Rejection, VerifiedPayment, plan_upto_settlement,
    verify_request,
};
use x402_spec::wire::JsonObject;

use super::chain::{self, Answer, Movement, Via, ledger_error_code};
use super::defects::Defect;
use super::ledger::{Ledger, LedgerError};
use crate::ctx::unix_now;
use crate::loopback::FacilitatorBackend;

/// The payer the reference funds unless another key is configured: a published development key
/// (Hardhat account #0, address `0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266`). It holds nothing
/// on any real network.
pub const REFERENCE_PAYER_KEY: [u8; 32] = x402_spec_testkit::keys::HARDHAT_0_KEY.0;
/// The reference facilitator's own signer (Hardhat account #1,
/// `0x70997970C51812dc3A010C7d01b50e0d17dc79C8`): listed in `signers` and as the `upto`
/// `facilitatorAddress`.
pub const REFERENCE_FACILITATOR_KEY: [u8; 32] = x402_spec_testkit::keys::HARDHAT_1_KEY.0;
/// v2 networks advertised: Base Sepolia (default token USDC, EIP-3009) and Mezo testnet (default
/// token mUSD, Permit2), for both `exact` and `upto`.
pub const REFERENCE_V2_NETWORKS: [&str; 2] = ["eip155:84532", "eip155:31611"];
/// v1 networks advertised (`exact`).
pub const REFERENCE_V1_NETWORKS: [&str; 1] = ["base-sepolia"];
/// Atomic units of each token the payer starts with (10^27).
pub const REFERENCE_FUNDING: u128 = 1_000_000_000_000_000_000_000_000_000;

/// Why the reference could not be set up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReferenceError {
    /// A built-in key is unusable.
    Key(SignerError),
    /// Funding the ledger failed.
    Ledger(LedgerError),
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceError::Key(e) => write!(f, "reference facilitator key: {e}"),
            ReferenceError::Ledger(e) => write!(f, "funding the reference ledger: {e}"),
        }
    }
}

impl std::error::Error for ReferenceError {}

/// The reference facilitator backend.
#[derive(Debug)]
pub struct ReferenceBackend {
    ledger: Mutex<Ledger>,
    payer: Address,
    facilitator: EvmAddress,
    defects: BTreeSet<Defect>,
    /// Settlements inside their in-flight window (the `settlement-nonce-race` defect only).
    in_flight: AtomicUsize,
}

/// The in-flight window of a settlement under the `settlement-nonce-race` defect: long enough
/// for requests sent together to overlap on a loaded two-core machine, short enough to cost
/// nothing in a serial run.
const NONCE_RACE_WINDOW: Duration = Duration::from_millis(150);

/// A payment that passed: who pays, and the transfer its settlement makes.
struct Accepted {
    payer: EvmAddress,
    movement: Movement,
    verified: Option<EvmPayment>,
}

/// A refusal: the canonical code, its TS spelling (for `rename-reason-codes`), detail, payer.
struct Refusal {
    code: ErrorCode,
    alias: Option<&'static str>,
    message: String,
    payer: Option<WireAddress>,
}

impl Refusal {
    fn of_code(code: ErrorCode, message: String, payer: Option<WireAddress>) -> Refusal {
        Refusal {
            alias: code.spelling_for(Emitter::Ts),
            code,
            message,
            payer,
        }
    }

    fn of_rejection(r: &Rejection) -> Refusal {
        Refusal {
            code: r.reason().clone(),
            // The TS spelling of the same failure (not TS's check order, which may name another).
            alias: r.reason().spelling_for(Emitter::Ts),
            message: r.first().detail.clone(),
            payer: r.payer().cloned(),
        }
    }
}

/// Every token the reference funds: the default tokens of its v2 and v1 networks.
pub fn reference_assets() -> Vec<Address> {
    let mut out: Vec<Address> = REFERENCE_V2_NETWORKS
        .iter()
        .filter_map(|n| Network::parse(n).ok())
        .filter_map(|n| assets::default_asset(&n).map(|a| a.address().get()))
        .collect();
    for name in REFERENCE_V1_NETWORKS {
        if let Some(n) = x402_spec::primitives::v1_to_caip2(name)
            && let Some(a) = assets::default_asset(&n)
        {
            out.push(a.address().get());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The tokens a payer is funded with: every reference asset and [`crate::pay::SECOND_TOKEN`].
fn funded_assets() -> impl Iterator<Item = Address> {
    reference_assets()
        .into_iter()
        .chain([crate::pay::SECOND_TOKEN])
}

impl ReferenceBackend {
    /// A reference that funds `payer` with [`REFERENCE_FUNDING`] of every token and of
    /// [`crate::pay::SECOND_TOKEN`] (and an unlimited Permit2 allowance), misbehaving as
    /// `defects` say.
    pub fn new(payer: Address, defects: BTreeSet<Defect>) -> Result<Self, ReferenceError> {
        let facilitator = LocalSigner::from_bytes(&REFERENCE_FACILITATOR_KEY)
            .map_err(ReferenceError::Key)?
            .address();
        let mut ledger = Ledger::new();
        for asset in funded_assets() {
            ledger.set_code(asset);
        }
        for contract in [
            PERMIT2_ADDRESS,
            EXACT_PERMIT2_PROXY_ADDRESS,
            UPTO_PERMIT2_PROXY_ADDRESS,
        ] {
            ledger.set_code(contract);
        }
        let backend = ReferenceBackend {
            ledger: Mutex::new(ledger),
            payer,
            facilitator: EvmAddress::new(facilitator),
            defects,
            in_flight: AtomicUsize::new(0),
        };
        backend.fund(payer)?;
        Ok(backend)
    }

    /// The funded payer.
    pub fn payer(&self) -> Address {
        self.payer
    }

    /// Funds one more payer as [`ReferenceBackend::new`] funds the first.
    pub fn fund(&self, payer: Address) -> Result<(), ReferenceError> {
        let mut ledger = self.lock();
        for asset in funded_assets() {
            ledger
                .mint(asset, payer, U256::from(REFERENCE_FUNDING))
                .map_err(ReferenceError::Ledger)?;
            ledger.approve_permit2(asset, payer, U256::MAX);
        }
        Ok(())
    }

    /// The facilitator's signer address.
    pub fn facilitator(&self) -> Address {
        self.facilitator.get()
    }

    /// A copy of the ledger (for tests and diagnostics).
    pub fn ledger(&self) -> Ledger {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn has(&self, d: Defect) -> bool {
        self.defects.contains(&d)
    }

    fn policy(&self) -> Policy {
        let mut p = Policy::default().with_signers(vec![self.facilitator]);
        if self.has(Defect::AcceptOverpayment) {
            p = p.with_amount_rule(AmountRule::AtLeast);
        }
        if self.has(Defect::NoTimeBuffer) {
            p = p.with_time_buffer(0);
        }
        p
    }

    /// The failures a defect skips (by canonical code, so that every rule reporting that failure
    /// is skipped); a rejection made only of those is accepted.
    fn ignored(&self) -> Vec<ErrorCode> {
        let mut v = Vec::new();
        if self.has(Defect::SkipSignatureCheck) {
            v.extend([ErrorCode::ExactEvmSignature, ErrorCode::Permit2Signature]);
        }
        if self.has(Defect::IgnoreValidBefore) {
            v.extend([
                ErrorCode::ExactEvmAuthorizationExpired,
                ErrorCode::Permit2DeadlineExpired,
            ]);
        }
        if self.has(Defect::IgnoreRecipient) {
            v.extend([
                ErrorCode::ExactEvmRecipientMismatch,
                ErrorCode::Permit2RecipientMismatch,
            ]);
        }
        v
    }

    fn evaluate(
        &self,
        request: &FacilitatorRequest,
        now: u64,
        ledger: &Ledger,
    ) -> Result<Accepted, Refusal> {
        let patched;
        let request = if self.has(Defect::AcceptHighS) {
            let mut r = request.clone();
            normalize_high_s(&mut r);
            patched = r;
            &patched
        } else {
            request
        };
        let mut verdict = verify_request(request, now, &self.policy());
        if self.has(Defect::AnyConfiguredChain)
            && let Err(rejection) = &verdict
            && rejection.failures().iter().all(|f| {
                matches!(
                    f.code,
                    ErrorCode::ExactEvmSignature | ErrorCode::Permit2Signature
                )
            })
            && let Some(ok) = self.verify_on_known_chains(request, now)
        {
            verdict = Ok(ok);
        }
        match verdict {
            Ok(VerifiedPayment::Evm(vp)) => {
                let payer = Some(WireAddress::Evm(vp.payer));
                let Some(movement) = movement_of(request) else {
                    return Err(Refusal::of_code(
                        ErrorCode::InvalidPayload,
                        "the payload cannot be read as a transfer".to_owned(),
                        payer,
                    ));
                };
                for check in &vp.onchain {
                    if self.has(Defect::IgnoreBalance)
                        && matches!(
                            check.kind,
                            OnchainCheckKind::Balance
                                | OnchainCheckKind::Permit2Allowance
                                | OnchainCheckKind::Simulation
                        )
                    {
                        continue;
                    }
                    let answer = chain::answer(ledger, check.kind, &check.request, Some(&movement));
                    let seen = match &answer {
                        Answer::Returned(b) => ChainAnswer::Returned(b),
                        Answer::Reverted => ChainAnswer::Reverted,
                    };
                    if let Err(code) = check.evaluate(seen) {
                        let detail = match movement.dry_run(ledger) {
                            Err(e) => format!(": {e}"),
                            Ok(()) => String::new(),
                        };
                        return Err(Refusal::of_code(
                            code,
                            format!(
                                "on-chain check {} failed on the reference ledger{detail}",
                                check.kind.id()
                            ),
                            payer,
                        ));
                    }
                }
                Ok(Accepted {
                    payer: vp.payer,
                    movement,
                    verified: Some(vp),
                })
            }
            // A batch-settlement payment verifies in the crate, but the reference ledger has
            // no channel contract yet (docs/protocol/batch-settlement.md §7).
            Ok(other @ VerifiedPayment::Batch(_)) => Err(Refusal::of_code(
                ErrorCode::UnsupportedScheme,
                format!(
                    "the reference facilitator's ledger has no {} channels",
                    other.mechanism().id()
                ),
                Some(other.payer()),
            )),
            Ok(other) => Err(Refusal::of_code(
                ErrorCode::InvalidNetwork,
                format!(
                    "the reference facilitator settles on its EVM ledger only, not {}",
                    other.family().id()
                ),
                None,
            )),
            Err(rejection) => {
                let ignored = self.ignored();
                let lenient = !ignored.is_empty()
                    && rejection
                        .failures()
                        .iter()
                        .all(|f| ignored.contains(&f.code));
                if lenient && let Some(movement) = movement_of(request) {
                    return match movement.dry_run(ledger) {
                        Ok(()) => Ok(Accepted {
                            payer: EvmAddress::new(movement.from),
                            movement,
                            verified: None,
                        }),
                        Err(e) => Err(Refusal::of_code(
                            ledger_error_code(&e, Some(movement.via)),
                            e.to_string(),
                            Some(WireAddress::Evm(EvmAddress::new(movement.from))),
                        )),
                    };
                }
                Err(Refusal::of_rejection(&rejection))
            }
        }
    }

    /// Parses a request body; `unknown-version-as-v2` first rewrites every `x402Version` above 2
    /// (top level and payload) to 2.
    fn parse(&self, body: &[u8]) -> Result<FacilitatorRequest, x402_spec::error::ParseError> {
        let mut request = self.parse_body(body)?;
        if self.has(Defect::TrustEchoedAsset)
            && let FacilitatorRequest::V2(r) = &mut request
        {
            r.payment_requirements.asset = r.payment_payload.accepted.value().asset.clone();
        }
        Ok(request)
    }

    fn parse_body(&self, body: &[u8]) -> Result<FacilitatorRequest, x402_spec::error::ParseError> {
        let versions = self.has(Defect::UnknownVersionAsV2);
        let amounts = self.has(Defect::LenientAmountParsing);
        if (versions || amounts)
            && let Ok(Value::Object(mut top)) = serde_json::from_slice::<Value>(body)
        {
            let above_two = |v: Option<&Value>| v.and_then(Value::as_u64).is_some_and(|n| n > 2);
            if versions && above_two(top.get("x402Version")) {
                top.insert("x402Version".to_owned(), json!(2));
            }
            if let Some(Value::Object(p)) = top.get_mut("paymentPayload")
                && versions
                && above_two(p.get("x402Version"))
            {
                p.insert("x402Version".to_owned(), json!(2));
            }
            let mut top = Value::Object(top);
            if amounts {
                lenient_amounts(&mut top);
            }
            if let Ok(patched) = serde_json::to_vec(&top) {
                return FacilitatorRequest::from_json(&patched);
            }
        }
        FacilitatorRequest::from_json(body)
    }

    /// The `any-configured-chain` defect: `request` verified as if it were on each chain the
    /// reference knows; the first that verifies.
    fn verify_on_known_chains(
        &self,
        request: &FacilitatorRequest,
        now: u64,
    ) -> Option<VerifiedPayment> {
        const KNOWN: [(u64, &str); 3] = [(1, "ethereum"), (8453, "base"), (84532, "base-sepolia")];
        KNOWN.iter().find_map(|&(chain, v1_name)| {
            let mut r = request.clone();
            match &mut r {
                FacilitatorRequest::V2(r) => {
                    r.payment_requirements.network = Network::eip155(chain);
                    let mut accepted = r.payment_payload.accepted.value().clone();
                    accepted.network = Network::eip155(chain);
                    r.payment_payload.accepted = x402_spec::wire::Echoed::new(accepted).ok()?;
                }
                FacilitatorRequest::V1(r) => {
                    let name = x402_spec::common::V1Network::parse(v1_name).ok()?;
                    r.payment_requirements.network = name.clone();
                    r.payment_payload.network = name;
                }
                _ => return None,
            }
            verify_request(&r, now, &self.policy()).ok()
        })
    }

    /// The `string-compare-addresses` defect: the refusal of a body whose `payTo` / `asset`
    /// differ, as strings, from the signed recipient / Permit2 token.
    fn string_mismatch(&self, body: &[u8]) -> Option<Refusal> {
        if !self.has(Defect::StringCompareAddresses) {
            return None;
        }
        let v: Value = serde_json::from_slice(body).ok()?;
        let text = |pointer: &str| v.pointer(pointer).and_then(Value::as_str);
        let pay_to = text("/paymentRequirements/payTo")?;
        let asset = text("/paymentRequirements/asset");
        let payload = "/paymentPayload/payload";
        let (to, token, permit2) = match text(&format!("{payload}/permit2Authorization/witness/to"))
        {
            Some(to) => (
                Some(to),
                text(&format!("{payload}/permit2Authorization/permitted/token")),
                true,
            ),
            None => (text(&format!("{payload}/authorization/to")), None, false),
        };
        let refuse = |code, what: &str, a: &str, b: &str| {
            Some(Refusal::of_code(
                code,
                format!("{what} {a:?} is not {b:?}"),
                None,
            ))
        };
        match (to, token, asset) {
            (Some(to), _, _) if to != pay_to => {
                let code = if permit2 {
                    ErrorCode::Permit2RecipientMismatch
                } else {
                    ErrorCode::ExactEvmRecipientMismatch
                };
                refuse(code, "recipient", to, pay_to)
            }
            (_, Some(token), Some(asset)) if token != asset => {
                refuse(ErrorCode::Permit2TokenMismatch, "token", token, asset)
            }
            _ => None,
        }
    }

    fn reason(&self, r: &Refusal) -> Reason {
        if self.has(Defect::InventReasonCodes) {
            return Reason::from_wire(r.code.as_str().to_ascii_uppercase());
        }
        match (self.has(Defect::RenameReasonCodes), r.alias) {
            (true, Some(alias)) => Reason::from_wire(alias),
            _ => Reason::from_code(&r.code),
        }
    }

    /// Serializes a response, applying the response-shape defects.
    fn render<T: serde::Serialize>(&self, status: u16, invalid: bool, body: &T) -> (u16, Vec<u8>) {
        let mut v = serde_json::to_value(body).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut v {
            if self.has(Defect::OmitPayer) {
                map.remove("payer");
            }
            if invalid && self.has(Defect::OmitReason) {
                map.remove("invalidReason");
                map.remove("errorReason");
            }
            if self.has(Defect::SnakeCaseErrorReason) {
                *map = std::mem::take(map)
                    .into_iter()
                    .map(|(k, v)| (snake_case(&k), v))
                    .collect();
            }
        }
        let status = if invalid && status == 200 && self.has(Defect::Http500OnInvalid) {
            500
        } else {
            status
        };
        (status, serde_json::to_vec(&v).unwrap_or_default())
    }

    fn verify_refused(&self, r: &Refusal) -> (u16, Vec<u8>) {
        let mut body = VerifyResponse::invalid(&r.code, Some(r.message.clone()), r.payer.clone());
        body.invalid_reason = Some(self.reason(r));
        self.render(200, true, &body)
    }

    fn settle_refused(&self, r: &Refusal, network: AnyNetwork) -> (u16, Vec<u8>) {
        let mut body = SettleResponse::failure(&r.code, network, r.payer.clone());
        body.error_reason = Some(self.reason(r));
        body.error_message = Some(r.message.clone());
        self.render(200, true, &body)
    }

    fn parse_failure(&self, settle: bool, e: &x402_spec::error::ParseError) -> (u16, Vec<u8>) {
        let r = Refusal::of_code(e.code().clone(), e.to_string(), None);
        if settle {
            let mut body = SettleResponse::failure(&r.code, unknown_network(), None);
            body.error_reason = Some(self.reason(&r));
            body.error_message = Some(r.message.clone());
            self.render(400, true, &body)
        } else {
            let mut body = VerifyResponse::invalid(&r.code, Some(r.message.clone()), None);
            body.invalid_reason = Some(self.reason(&r));
            self.render(400, true, &body)
        }
    }

    fn rpc_answer(&self, request: &Value) -> Value {
        let id = request.get("id").cloned().unwrap_or(Value::Null);
        let params = request.get("params").and_then(Value::as_array);
        let first = params.and_then(|p| p.first());
        let error = |code: i64, message: &str| json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
        let address = |v: Option<&Value>| {
            v.and_then(Value::as_str)
                .and_then(|s| s.parse::<Address>().ok())
        };
        match request.get("method").and_then(Value::as_str) {
            Some("eth_call") => {
                let to = address(first.and_then(|c| c.get("to")));
                let data = first
                    .and_then(|c| c.get("data").or_else(|| c.get("input")))
                    .and_then(Value::as_str)
                    .and_then(|s| hex::decode(s).ok());
                match (to, data) {
                    (Some(to), Some(data)) => match chain::call(&self.lock(), to, &data) {
                        Answer::Returned(bytes) => json!({
                            "jsonrpc": "2.0", "id": id, "result": hex::encode_prefixed(bytes)
                        }),
                        Answer::Reverted => error(3, "execution reverted"),
                    },
                    _ => error(-32602, "eth_call needs params[0].to and params[0].data"),
                }
            }
            Some("eth_getCode") => match address(first) {
                Some(a) => json!({
                    "jsonrpc": "2.0", "id": id,
                    "result": hex::encode_prefixed(chain::code_at(&self.lock(), a))
                }),
                None => error(-32602, "eth_getCode needs an address"),
            },
            Some(_) => error(
                -32601,
                "method not found (the reference answers eth_call and eth_getCode)",
            ),
            None => error(-32600, "invalid request"),
        }
    }
}

fn unknown_network() -> AnyNetwork {
    "unknown"
        .parse::<AnyNetwork>()
        .unwrap_or_else(|_| AnyNetwork::Caip2(Network::eip155(0)))
}

fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len().saturating_add(4));
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The network a response names: the requirements' (CAIP-2 for v2, the v1 name for v1).
fn network_of(request: &FacilitatorRequest) -> AnyNetwork {
    match request {
        FacilitatorRequest::V1(r) => AnyNetwork::V1(r.payment_requirements.network.clone()),
        FacilitatorRequest::V2(r) => AnyNetwork::Caip2(r.payment_requirements.network.clone()),
        _ => unknown_network(),
    }
}

fn eip3009_movement(payload: &JsonObject, asset: &WireAddress) -> Option<Movement> {
    let p = ExactEip3009Payload::from_payload(payload).ok()?;
    let a = &p.authorization;
    Some(Movement {
        via: Via::Eip3009(a.nonce.0),
        asset: asset.as_evm()?.get(),
        from: a.from.get(),
        to: a.to.get(),
        amount: a.value.get(),
    })
}

/// The transfer a request's settlement makes, read from the signed payload (what the token or
/// Permit2 contract would execute), for the signed amount (`upto`: the maximum).
fn movement_of(request: &FacilitatorRequest) -> Option<Movement> {
    match request {
        FacilitatorRequest::V1(r) => {
            eip3009_movement(&r.payment_payload.payload, &r.payment_requirements.asset)
        }
        FacilitatorRequest::V2(r) => {
            let payload = &r.payment_payload.payload;
            if r.payment_requirements.scheme == Scheme::UPTO {
                let p = UptoPermit2Payload::from_payload(payload).ok()?;
                let a = &p.permit2_authorization;
                Some(Movement {
                    via: Via::Permit2(a.nonce.get()),
                    asset: a.permitted.token.get(),
                    from: a.from.get(),
                    to: a.witness.to.get(),
                    amount: a.permitted.amount.get(),
                })
            } else if payload.contains_key("permit2Authorization") {
                let p = ExactPermit2Payload::from_payload(payload).ok()?;
                let a = &p.permit2_authorization;
                Some(Movement {
                    via: Via::Permit2(a.nonce.get()),
                    asset: a.permitted.token.get(),
                    from: a.from.get(),
                    to: a.witness.to.get(),
                    amount: a.permitted.amount.get(),
                })
            } else {
                eip3009_movement(payload, &r.payment_requirements.asset)
            }
        }
        _ => None,
    }
}

/// For an `upto` settle request: the charge (the settle-time `amount`) and the request to verify,
/// whose `amount` is the signed maximum (TS `settleUptoPermit2`, docs/protocol/evm.md §4.4).
fn split_upto_charge(request: FacilitatorRequest) -> (FacilitatorRequest, Option<U256>) {
    match request {
        FacilitatorRequest::V2(mut r) if r.payment_requirements.scheme == Scheme::UPTO => {
            let charge = r.payment_requirements.amount.get();
            if let Ok(p) = UptoPermit2Payload::from_payload(&r.payment_payload.payload) {
                r.payment_requirements.amount = p.permit2_authorization.permitted.amount;
            }
            (FacilitatorRequest::V2(r), Some(charge))
        }
        other => (other, None),
    }
}

/// Where a request carries amounts: the requirements' (v2 and the `accepted` echo, v1) and the
/// signed one (EIP-3009 `value`, Permit2 `permitted.amount`).
const AMOUNT_POINTERS: [&str; 5] = [
    "/paymentRequirements/amount",
    "/paymentRequirements/maxAmountRequired",
    "/paymentPayload/accepted/amount",
    "/paymentPayload/payload/authorization/value",
    "/paymentPayload/payload/permit2Authorization/permitted/amount",
];

/// The `lenient-amount-parsing` defect: every amount rewritten as a lenient number reader would
/// see it (surrounding white space trimmed, one leading `+`, `_` separators and leading zeros
/// dropped), when what remains is ASCII digits.
fn lenient_amounts(request: &mut Value) {
    for pointer in AMOUNT_POINTERS {
        let Some(slot) = request.pointer_mut(pointer) else {
            continue;
        };
        let Some(text) = slot.as_str() else {
            continue;
        };
        let trimmed = text.trim();
        let unsigned = trimmed.strip_prefix('+').unwrap_or(trimmed);
        let digits: String = unsigned.chars().filter(|c| *c != '_').collect();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let significant = digits.trim_start_matches('0');
        let read = if significant.is_empty() {
            "0"
        } else {
            significant
        };
        *slot = Value::String(read.to_owned());
    }
}

/// The `accept-high-s` defect: replace a high-s signature by its low-s twin before verifying
/// (what a facilitator that "normalizes" signatures does; the token contract would then reject
/// the original on settlement).
fn normalize_high_s(request: &mut FacilitatorRequest) {
    let payload = match request {
        FacilitatorRequest::V1(r) => &mut r.payment_payload.payload,
        FacilitatorRequest::V2(r) => &mut r.payment_payload.payload,
        _ => return,
    };
    let Some(Value::String(sig)) = payload.get_mut("signature") else {
        return;
    };
    let Ok(bytes) = HexBytes::parse(sig) else {
        return;
    };
    let high = bytes
        .as_slice()
        .get(32..64)
        .is_some_and(|s| U256::from_be_slice(s) > SECP256K1_HALF_N);
    if high && let Some(twin) = x402_spec_testkit::twins::high_s_twin(bytes.as_slice()) {
        *sig = hex::encode_prefixed(twin);
    }
}

impl FacilitatorBackend for ReferenceBackend {
    fn settlement_latency(&self) -> Duration {
        if self.has(Defect::SettlementNonceRace) {
            NONCE_RACE_WINDOW
        } else {
            Duration::ZERO
        }
    }

    fn settlement_started(&self) {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
    }

    fn settlement_ended(&self) {
        // Never below zero: an unmatched end (a bug elsewhere) leaves the count at 0.
        let _ = self
            .in_flight
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
    }

    fn crashes_on(&self, body: &[u8]) -> bool {
        self.has(Defect::CrashOnDeepNesting) && nesting_depth(body) > 1000
    }

    fn stalls_on(&self, body: &[u8]) -> bool {
        self.has(Defect::HangOnMalformed)
            && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err()
    }

    fn supported(&self) -> Value {
        let facilitator = self.facilitator.to_checksum();
        let mut kinds: Vec<Value> = Vec::new();
        for n in REFERENCE_V2_NETWORKS {
            kinds.push(json!({ "x402Version": 2, "scheme": Scheme::EXACT, "network": n }));
        }
        for n in REFERENCE_V2_NETWORKS {
            kinds.push(json!({
                "x402Version": 2, "scheme": Scheme::UPTO, "network": n,
                "extra": { "facilitatorAddress": facilitator }
            }));
        }
        for n in REFERENCE_V1_NETWORKS {
            kinds.push(json!({ "x402Version": 1, "scheme": Scheme::EXACT, "network": n }));
        }
        json!({
            "kinds": kinds,
            "extensions": [],
            "signers": { "eip155:*": [facilitator] },
        })
    }

    fn verify(&self, body: &[u8]) -> (u16, Vec<u8>) {
        let request = match self.parse(body) {
            Ok(r) => r,
            Err(e) => return self.parse_failure(false, &e),
        };
        if self.has(Defect::AdvertiseUnverifiedV1) && matches!(request, FacilitatorRequest::V1(_)) {
            return (
                500,
                br#"{"error":"no verifier registered for this x402Version 1 kind"}"#.to_vec(),
            );
        }
        if let Some(r) = self.string_mismatch(body) {
            return self.verify_refused(&r);
        }
        let now = unix_now();
        let mut ledger = self.lock();
        let outcome = self.evaluate(&request, now, &ledger);
        if let (Ok(ok), true) = (&outcome, self.has(Defect::SettleOnVerify)) {
            // The defect: the transfer is executed as a side effect of the check (its result is
            // ignored, as a facilitator that "reserves" funds on /verify would ignore it).
            let _ = ok.movement.execute(&mut ledger, true);
        }
        drop(ledger);
        match outcome {
            Ok(ok) => self.render(
                200,
                false,
                &VerifyResponse::valid(WireAddress::Evm(ok.payer)),
            ),
            Err(r) => self.verify_refused(&r),
        }
    }

    fn settle(&self, body: &[u8]) -> (u16, Vec<u8>) {
        let request = match self.parse(body) {
            Ok(r) => r,
            Err(e) => return self.parse_failure(true, &e),
        };
        let network = network_of(&request);
        if let Some(r) = self.string_mismatch(body) {
            return self.settle_refused(&r, network);
        }
        if self.has(Defect::SettlementNonceRace) && self.in_flight.load(Ordering::SeqCst) > 1 {
            let r = Refusal::of_code(
                ErrorCode::TransactionFailed,
                "nonce too low: another settlement from the facilitator account was in flight"
                    .to_owned(),
                None,
            );
            return self.settle_refused(&r, network);
        }
        let (request, charge) = split_upto_charge(request);
        let now = unix_now();
        let mut ledger = self.lock();
        let evaluated = if self.has(Defect::SettleWithoutVerification) {
            movement_of(&request)
                .map(|movement| Accepted {
                    payer: EvmAddress::new(movement.from),
                    movement,
                    verified: None,
                })
                .ok_or_else(|| {
                    Refusal::of_code(
                        ErrorCode::InvalidPayload,
                        "the payload cannot be read as a transfer".to_owned(),
                        None,
                    )
                })
        } else {
            self.evaluate(&request, now, &ledger)
        };
        let accepted = match evaluated {
            Ok(a) => a,
            Err(r) => return self.settle_refused(&r, network),
        };
        let payer = Some(WireAddress::Evm(accepted.payer));
        let mut movement = accepted.movement;
        if let Some(charge) = charge.filter(|_| !self.has(Defect::UptoChargesMaximum)) {
            let plan = match (&accepted.verified, &request) {
                (Some(vp), FacilitatorRequest::V2(r)) => {
                    plan_upto_settlement(vp, &r.payment_payload, charge).map(|c| c.is_some())
                }
                _ if charge > movement.amount => Err(ErrorCode::UptoSettlementExceedsAmount),
                _ => Ok(!charge.is_zero()),
            };
            match plan {
                Err(code) => {
                    let r = Refusal::of_code(
                        code,
                        format!(
                            "settle-time amount {charge} exceeds the authorized maximum {}",
                            movement.amount
                        ),
                        payer,
                    );
                    return self.settle_refused(&r, network);
                }
                Ok(false) => {
                    let mut body = SettleResponse::success(String::new(), network, payer);
                    body.amount = Some(DecimalU256::new(U256::ZERO));
                    return self.render(200, false, &body);
                }
                Ok(true) => movement.amount = charge,
            }
        }
        match movement.execute(&mut ledger, !self.has(Defect::AcceptReplay)) {
            Ok(hash) => {
                let mut body = SettleResponse::success(hash.to_string(), network, payer);
                body.amount = Some(DecimalU256::new(movement.amount));
                self.render(200, false, &body)
            }
            Err(e) => {
                let r = Refusal::of_code(
                    ledger_error_code(&e, Some(movement.via)),
                    e.to_string(),
                    payer,
                );
                self.settle_refused(&r, network)
            }
        }
    }

    fn rpc(&self, body: &[u8]) -> Option<(u16, Vec<u8>)> {
        let answer = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Array(batch)) => {
                Value::Array(batch.iter().map(|r| self.rpc_answer(r)).collect())
            }
            Ok(request) => self.rpc_answer(&request),
            Err(_) => json!({
                "jsonrpc": "2.0", "id": null,
                "error": { "code": -32700, "message": "parse error" }
            }),
        };
        Some((200, serde_json::to_vec(&answer).unwrap_or_default()))
    }
}

/// The deepest bracket nesting of a JSON text (strings are not skipped: this only decides the
/// seeded crash defect, whose trigger is thousands of leading brackets).
fn nesting_depth(body: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for b in body {
        match b {
            b'[' | b'{' => {
                depth = depth.saturating_add(1);
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
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
    use x402_spec::facilitator::SupportedResponse;

    fn payer() -> LocalSigner {
        LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap()
    }

    fn backend(defects: &[Defect]) -> ReferenceBackend {
        ReferenceBackend::new(payer().address(), defects.iter().copied().collect()).unwrap()
    }

    #[test]
    fn supported_parses_and_lists_the_facilitator() {
        let b = backend(&[]);
        let v = b.supported();
        let parsed = SupportedResponse::from_json(&serde_json::to_vec(&v).unwrap()).unwrap();
        assert_eq!(parsed.kinds.len(), 5);
        assert_eq!(
            v["signers"]["eip155:*"][0],
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
        );
        assert_eq!(
            v["kinds"][2]["extra"]["facilitatorAddress"],
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
        );
        assert_eq!(reference_assets().len(), 2);
        assert_eq!(
            payer().address().to_string(),
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
        );
    }

    #[test]
    fn parse_errors_are_400_with_a_reason() {
        let b = backend(&[]);
        let (status, body) = b.verify(b"{\"x402Version\":2}");
        assert_eq!(status, 400);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["isValid"], false);
        assert_eq!(v["invalidReason"], "invalid_payload");
        let (status, body) = b.settle(b"[]");
        assert_eq!(status, 400);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["success"], false);
        assert_eq!(v["transaction"], "");
        let snake = backend(&[Defect::SnakeCaseErrorReason]);
        let (_, body) = snake.verify(b"{}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["is_valid"], false);
        assert!(v.get("invalid_reason").is_some());
    }

    fn payment(m: crate::pay::VersionedMechanism, nonce: u8) -> crate::pay::Payment {
        let t = crate::pay::PayTarget {
            mechanism: m,
            network: if m == crate::pay::VersionedMechanism::V1Eip3009 {
                "base-sepolia"
            } else {
                "eip155:84532"
            }
            .to_owned(),
            chain_id: 84532,
            asset: EvmAddress::parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e").unwrap(),
            domain: Some(("USDC".to_owned(), "2".to_owned())),
            pay_to: EvmAddress::new(crate::ctx::DEFAULT_PAY_TO),
            amount: U256::from(1000u64),
            facilitator: Some(
                EvmAddress::parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").unwrap(),
            ),
            pay_to_text: None,
            asset_text: None,
        };
        crate::pay::Payment::build(&t, &payer(), unix_now(), [nonce; 32]).unwrap()
    }

    fn call(f: impl Fn(&[u8]) -> (u16, Vec<u8>), p: &crate::pay::Payment) -> (u16, Value) {
        let (status, body) = f(&p.body().unwrap());
        (status, serde_json::from_slice(&body).unwrap())
    }

    #[test]
    fn verify_settle_replay_and_upto_amounts() {
        use crate::pay::VersionedMechanism;
        let b = backend(&[]);
        let p = payment(VersionedMechanism::V2Eip3009, 1);
        let (status, v) = call(|x| b.verify(x), &p);
        assert_eq!((status, &v["isValid"]), (200, &json!(true)), "{v}");
        assert_eq!(v["payer"], "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        let (_, s) = call(|x| b.settle(x), &p);
        assert_eq!(s["success"], true, "{s}");
        assert_eq!(s["network"], "eip155:84532");
        assert_eq!(s["amount"], "1000");
        assert_eq!(s["transaction"].as_str().unwrap().len(), 66);
        let (status, v) = call(|x| b.verify(x), &p);
        assert_eq!(status, 200);
        assert_eq!(v["invalidReason"], "invalid_exact_evm_nonce_already_used");
        let (_, s) = call(|x| b.settle(x), &p);
        assert_eq!(s["success"], false);
        assert_eq!(s["transaction"], "");
        let to = crate::ctx::DEFAULT_PAY_TO;
        let usdc: Address = "0x036CbD53842c5426634e7929541eC2318f3dCF7e"
            .parse()
            .unwrap();
        assert_eq!(b.ledger().balance_of(usdc, to), U256::from(1000u64));

        let u = payment(VersionedMechanism::V2Upto, 2);
        let (_, s) = call(|x| b.settle(x), &u.with_charge(U256::ZERO));
        assert_eq!(
            (&s["success"], &s["transaction"], &s["amount"]),
            (&json!(true), &json!(""), &json!("0"))
        );
        let (_, s) = call(|x| b.settle(x), &u.with_charge(U256::from(1001u64)));
        assert_eq!(
            s["errorReason"],
            "invalid_upto_evm_payload_settlement_exceeds_amount"
        );
        let (_, s) = call(|x| b.settle(x), &u.with_charge(U256::from(600u64)));
        assert_eq!(s["amount"], "600", "{s}");
        assert_eq!(b.ledger().balance_of(usdc, to), U256::from(1600u64));

        let v1 = payment(VersionedMechanism::V1Eip3009, 3);
        let (_, s) = call(|x| b.settle(x), &v1);
        assert_eq!(
            (&s["success"], &s["network"]),
            (&json!(true), &json!("base-sepolia"))
        );
    }

    #[test]
    fn defects_change_one_behaviour_each() {
        use crate::pay::{Variation, VersionedMechanism};
        let mut high = payment(VersionedMechanism::V2Eip3009, 4);
        high.vary(Variation::HighS, unix_now(), 0, &payer())
            .unwrap();
        let (_, v) = call(|x| backend(&[]).verify(x), &high);
        assert_eq!(v["invalidReason"], "invalid_exact_evm_payload_signature");
        let (_, v) = call(|x| backend(&[Defect::AcceptHighS]).verify(x), &high);
        assert_eq!(v["isValid"], true);
        let (_, v) = call(|x| backend(&[Defect::SkipSignatureCheck]).verify(x), &high);
        assert_eq!(v["isValid"], true, "{v}");
        let (status, v) = call(|x| backend(&[Defect::Http500OnInvalid]).verify(x), &high);
        assert_eq!((status, &v["isValid"]), (500, &json!(false)));
        let (_, v) = call(|x| backend(&[Defect::RenameReasonCodes]).verify(x), &high);
        assert_eq!(v["invalidReason"], "invalid_exact_evm_signature");
        let ok = payment(VersionedMechanism::V2Eip3009, 5);
        let (_, v) = call(|x| backend(&[Defect::OmitPayer]).verify(x), &ok);
        assert!(v.get("payer").is_none() && v["isValid"] == true);
        let replay = backend(&[Defect::AcceptReplay]);
        assert_eq!(call(|x| replay.settle(x), &ok).1["success"], true);
        assert_eq!(call(|x| replay.settle(x), &ok).1["success"], true);
    }

    #[test]
    fn rpc_answers_eth_call_from_the_ledger() {
        let b = backend(&[]);
        let usdc: Address = "0x036CbD53842c5426634e7929541eC2318f3dCF7e"
            .parse()
            .unwrap();
        let c = x402_spec::evm::calls::balance_of(usdc, b.payer());
        let req = json!({"jsonrpc":"2.0","id":7,"method":"eth_call",
            "params":[{"to": c.to.to_string(), "data": hex::encode_prefixed(&c.data)}, "latest"]});
        let (status, body) = b.rpc(&serde_json::to_vec(&req).unwrap()).unwrap();
        assert_eq!(status, 200);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["id"], 7);
        let bytes = hex::decode(v["result"].as_str().unwrap()).unwrap();
        assert_eq!(
            x402_spec::evm::calls::decode_balance_of(&bytes).unwrap(),
            U256::from(REFERENCE_FUNDING)
        );
        let (_, body) = b
            .rpc(br#"{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}"#)
            .unwrap();
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["code"], -32601);
        assert_eq!(snake_case("invalidReason"), "invalid_reason");
    }
}
