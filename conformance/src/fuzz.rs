//! Property-based differential testing of a facilitator (`facilitator --fuzz N`).
//!
//! Each generated input is a valid payment for one of the mechanisms the target advertises
//! (signed by the payer key as the x402-spec client signs), changed by up to two typed
//! [`Variation`]s (wrong signer, high-s, wrong domain, recipient, amounts, time window, network,
//! scheme, version, Permit2 spender/token, upto facilitator) and, half of the time, one random
//! structural JSON mutation from x402-spec's proptest strategies
//! ([`x402_spec_testkit::arbitrary::json_mutation`]: delete a member, change a type, truncate a string,
//! …). It is sent to `POST /verify`, and the target's verdict is compared with x402-spec's own
//! on the same bytes ([`verify_request`], or the parse error):
//!
//! - valid versus not valid is always compared;
//! - when both refuse a request x402-spec can parse, the reason is compared: under `strict` the
//!   canonical code (any SDK spelling of it, or only the canonical one with `--strict`); under
//!   `ts`/`go`/`py` the SDK's spelling from x402-spec's replay of that SDK's check order
//!   ([`x402_spec::verify::Rejection::as_sdk`]), when the SDK checks the failed rule;
//! - under `strict`, an invalid payment must be answered `200 isValid:false` (x402 v2 §7.1), not a
//!   4xx or 5xx; the SDK profiles accept the 4xx/5xx their e2e facilitators answer (docs/protocol/codes.md §3.7), and they ignore the top-level `x402Version` (docs/protocol/disagreements.md #31), so x402-spec judges the request
//!   with that field aligned to the payload's. Under an SDK profile an input is not compared when
//!   x402-spec's stricter parser refuses it (the SDKs read only some members, docs/protocol/wire.md §1, docs/protocol/disagreements.md #31) or when
//!   the SDK checks none of the rules it fails ([`Oracle::decided`]).
//!
//! Generation is deterministic from `--seed` (proptest's ChaCha RNG): the same seed yields the
//! same inputs in the same order (the clock-dependent fields — timestamps — and the signatures
//! over them differ between runs; nonces derive from the seed). On the first disagreement
//! proptest shrinks the input (fewer variations, no mutation, the first mechanism) while the
//! disagreement persists, and the minimal input is reported as a failed case with its exact
//! request and both verdicts.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use alloy_primitives::keccak256;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::Value;
use x402_spec::codes::ErrorCode;
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::primitives::EvmAddress;
use x402_spec::verify::{Policy, verify_request};

use crate::case::{Case, Level, Needs, Tag, Verdict};
use crate::ctx::Ctx;
use crate::http::Exchange;
use crate::pay::{Payment, Variation, VersionedMechanism, select_target};
use crate::profile::{Profile, sdk_spellings};
use crate::runner::CaseResult;

/// How much to fuzz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Budget {
    /// Number of generated inputs (`--fuzz N`).
    pub inputs: Option<u32>,
    /// Wall time (`--fuzz-time`).
    pub time: Option<Duration>,
}

impl fmt::Display for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.inputs, self.time) {
            (Some(n), Some(t)) => write!(
                f,
                "{n} inputs or {}, whichever ends first",
                crate::http::fmt_duration(t)
            ),
            (Some(n), None) => write!(f, "{n} inputs"),
            (None, Some(t)) => write!(f, "inputs for {}", crate::http::fmt_duration(t)),
            (None, None) => write!(f, "{DEFAULT_INPUTS} inputs"),
        }
    }
}

/// Inputs when neither `--fuzz N` nor `--fuzz-time` bounds the run.
pub const DEFAULT_INPUTS: u32 = 200;
/// Inputs per proptest runner (each chunk has its own RNG derived from the seed and the chunk).
const CHUNK: u32 = 50;

/// A seed from the clock, for runs without `--seed`.
pub fn seed_from_clock() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let h = keccak256(format!("{nanos}:{}", std::process::id()));
    let mut b = [0u8; 8];
    b.copy_from_slice(h.get(..8).unwrap_or(&[0u8; 8]));
    // Keep it short enough to type.
    u64::from_be_bytes(b) % 1_000_000_000
}

/// The variations the fuzzer combines (no exact-boundary ones: they depend on the skew).
pub const VARIATIONS: [Variation; 18] = [
    Variation::None,
    Variation::WrongSigner,
    Variation::HighS,
    Variation::DomainName,
    Variation::DomainVersion,
    Variation::DomainChainId,
    Variation::DomainVerifyingContract,
    Variation::Recipient,
    Variation::AmountOver,
    Variation::AmountUnder,
    Variation::ValidBeforeExpired,
    Variation::ValidAfterFuture,
    Variation::NetworkMismatch,
    Variation::SchemeMismatch,
    Variation::VersionMismatch,
    Variation::Permit2Spender,
    Variation::Permit2Token,
    Variation::UptoFacilitator,
];

/// One generated input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Index into the mechanisms the target advertises.
    pub mechanism: usize,
    /// Indices into [`VARIATIONS`], applied in order (inapplicable ones are ignored).
    pub variations: Vec<usize>,
    /// Seed of one structural JSON mutation, if any.
    pub mutation: Option<u64>,
}

/// The proptest strategy of inputs over `mechanisms` mechanisms. Shrinks towards the first
/// mechanism, fewer and earlier variations (index 0 = none), and no mutation.
pub fn input_strategy(mechanisms: usize) -> impl Strategy<Value = Input> {
    (
        0..mechanisms.max(1),
        proptest::collection::vec(0..VARIATIONS.len(), 0..=2),
        proptest::option::weighted(0.5, any::<u64>()),
    )
        .prop_map(|(mechanism, variations, mutation)| Input {
            mechanism,
            variations,
            mutation,
        })
}

/// Applies one structural mutation chosen by `seed` (x402-spec's `json_mutation`, driven by a
/// ChaCha RNG seeded from `seed`, so the same document and seed give the same result).
pub fn mutate(doc: Value, seed: u64) -> Value {
    let rng_seed = keccak256(seed.to_be_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, rng_seed.as_slice()),
    );
    x402_spec_testkit::arbitrary::json_mutation(doc.clone())
        .new_tree(&mut runner)
        .map(|t| t.current())
        .unwrap_or(doc)
}

/// A verdict, from either side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted.
    Valid,
    /// Refused: the HTTP status, the reason (if any), and whether x402-spec could parse the
    /// request (for x402-spec's own verdict: `status` 200 unless it is a parse error, 400).
    Invalid {
        /// HTTP status of the refusal.
        status: u16,
        /// Reason as spelled.
        reason: Option<String>,
    },
    /// The target answered 5xx.
    ServerError {
        /// Status.
        status: u16,
        /// A preview of the body.
        body: String,
    },
    /// No answer.
    Transport(String),
    /// A precondition of the run, not a verdict (insufficient funds, missing Permit2 allowance).
    Precondition(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Valid => f.write_str("valid"),
            Outcome::Invalid { status, reason } => write!(
                f,
                "invalid (HTTP {status}{})",
                reason
                    .as_ref()
                    .map(|r| format!(", reason {r:?}"))
                    .unwrap_or_default()
            ),
            Outcome::ServerError { status, body } => write!(f, "HTTP {status} {body}"),
            Outcome::Transport(e) => write!(f, "no answer ({e})"),
            Outcome::Precondition(e) => write!(f, "precondition not met ({e})"),
        }
    }
}

/// x402-spec's verdict on a request body, with the reason the profile expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oracle {
    /// Valid or invalid (status 200 for a refused payment, 400 for a request that does not
    /// parse).
    pub outcome: Outcome,
    /// The canonical code of the refusal.
    pub code: Option<ErrorCode>,
    /// The spellings the profile's SDK gives (empty: strict profile, or the SDK does not check
    /// the failed rule).
    pub sdk_reason: Vec<&'static str>,
    /// Whether the request parsed.
    pub parsed: bool,
    /// Whether the profile can predict the target's verdict. Under `ts`/`go`/`py` it cannot when
    /// x402-spec's stricter parser refuses the request (the SDKs validate only the members they
    /// read; their zod schemas are not applied on the facilitator path, docs/protocol/wire.md §1, docs/protocol/disagreements.md #31)
    /// or when the SDK checks none of the failed rules.
    pub decided: bool,
}

/// x402-spec's verdict on `body` at `now` under `profile`.
pub fn oracle(body: &[u8], now: u64, policy: &Policy, profile: Profile) -> Oracle {
    let aligned;
    let body = if profile == Profile::Strict {
        body
    } else {
        // The SDK facilitators route on paymentPayload.x402Version and ignore the top-level one
        // (docs/protocol/wire.md §1.7, docs/protocol/disagreements.md #31).
        aligned = align_version(body);
        aligned.as_deref().unwrap_or(body)
    };
    match FacilitatorRequest::from_json(body) {
        Err(e) => Oracle {
            outcome: Outcome::Invalid {
                status: 400,
                reason: Some(e.code().as_str().to_owned()),
            },
            code: Some(e.code().clone()),
            sdk_reason: Vec::new(),
            parsed: false,
            decided: profile == Profile::Strict,
        },
        Ok(request) => match verify_request(&request, now, policy) {
            Ok(_) => Oracle {
                outcome: Outcome::Valid,
                code: None,
                sdk_reason: Vec::new(),
                parsed: true,
                decided: true,
            },
            Err(r) => {
                let sdk_check = profile.sdk().and_then(|sdk| r.as_sdk(sdk));
                Oracle {
                    outcome: Outcome::Invalid {
                        status: 200,
                        reason: Some(r.reason().as_str().to_owned()),
                    },
                    code: Some(r.reason().clone()),
                    sdk_reason: sdk_check
                        .map(|(check, _)| sdk_spellings(profile, check, false))
                        .unwrap_or_default(),
                    parsed: true,
                    decided: profile == Profile::Strict || sdk_check.is_some(),
                }
            }
        },
    }
}

fn align_version(body: &[u8]) -> Option<Vec<u8>> {
    let mut v: Value = serde_json::from_slice(body).ok()?;
    let inner = v
        .get("paymentPayload")
        .and_then(|p| p.get("x402Version"))
        .and_then(Value::as_u64)
        .filter(|n| *n == 1 || *n == 2)?;
    v.as_object_mut()?
        .insert("x402Version".to_owned(), Value::from(inner));
    serde_json::to_vec(&v).ok()
}

/// The target's verdict from its `/verify` answer.
pub fn target_outcome(ex: &Exchange) -> Outcome {
    let r = match &ex.response {
        Ok(r) => r,
        Err(e) => return Outcome::Transport(e.to_string()),
    };
    let body = r.json().ok();
    let reason = body
        .as_ref()
        .and_then(|b| b.get("invalidReason"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    if r.status >= 500 {
        return Outcome::ServerError {
            status: r.status,
            body: crate::http::preview(&r.body, 120),
        };
    }
    let valid = body.as_ref().and_then(|b| b.get("isValid")) == Some(&Value::Bool(true));
    if r.is_success() && valid {
        return Outcome::Valid;
    }
    if let Some(reason) = &reason {
        let code = ErrorCode::from_wire_with_detail(reason).0;
        if matches!(
            code,
            ErrorCode::InsufficientFunds | ErrorCode::Permit2AllowanceRequired
        ) {
            return Outcome::Precondition(reason.clone());
        }
    }
    Outcome::Invalid {
        status: r.status,
        reason,
    }
}

/// Whether the target's verdict disagrees with x402-spec's: `Some(why)` if it does.
pub fn disagreement(
    target: &Outcome,
    oracle: &Oracle,
    profile: Profile,
    strict: bool,
) -> Option<String> {
    if !oracle.decided {
        return None;
    }
    match (&oracle.outcome, target) {
        (_, Outcome::Precondition(_)) => None,
        (_, Outcome::Transport(e)) => Some(format!("the target did not answer ({e})")),
        (Outcome::Valid, Outcome::Valid) => None,
        (Outcome::Valid, other) => Some(format!(
            "x402-spec accepts this payment; the target answered {other}"
        )),
        (_, Outcome::Valid) => Some(format!(
            "the target ACCEPTS a payment x402-spec refuses ({})",
            oracle
                .code
                .as_ref()
                .map_or_else(|| "?".to_owned(), |c| c.as_str().to_owned())
        )),
        (_, Outcome::ServerError { status, .. }) if profile == Profile::Strict => Some(format!(
            "HTTP {status} for an invalid request; a facilitator answers 200 isValid:false (or a 4xx for a request that does not parse)"
        )),
        (_, Outcome::ServerError { .. }) => None,
        (_, Outcome::Invalid { status, reason }) => {
            if !oracle.parsed {
                return None;
            }
            if *status != 200 && profile == Profile::Strict {
                return Some(format!(
                    "HTTP {status} for an invalid payment; x402 v2 §7.1 answers 200 isValid:false"
                ));
            }
            let reason = reason.as_deref()?;
            match profile {
                Profile::Strict => {
                    let want = oracle.code.as_ref()?;
                    let got = ErrorCode::from_wire_with_detail(reason).0;
                    if &got != want {
                        Some(format!(
                            "reason {reason:?}, x402-spec's is {:?}",
                            want.as_str()
                        ))
                    } else if strict && reason != want.as_str() {
                        Some(format!(
                            "reason {reason:?} is an alias of {:?}; --strict requires the canonical spelling",
                            want.as_str()
                        ))
                    } else {
                        None
                    }
                }
                _ => {
                    if oracle.sdk_reason.is_empty() || oracle.sdk_reason.contains(&reason) {
                        return None;
                    }
                    Some(format!(
                        "reason {reason:?}; the {profile} SDK answers \"{}\" (x402-spec's replay of its check order)",
                        oracle.sdk_reason.join("\" or \"")
                    ))
                }
            }
        }
    }
}

/// What the fuzzer found.
#[derive(Debug, Clone)]
pub struct FuzzOutcome {
    /// The seed.
    pub seed: u64,
    /// Inputs generated (shrink steps excluded).
    pub inputs: u64,
    /// Extra executions while shrinking.
    pub shrink_steps: u64,
    /// Inputs whose verdict a run precondition decided (unfunded payer…), not compared.
    pub preconditions: u64,
    /// The verdict.
    pub verdict: Verdict,
    /// The minimal disagreeing exchange (or none).
    pub exchanges: Vec<Exchange>,
    /// Wall time.
    pub duration: Duration,
}

/// The report's case for a fuzz run.
pub const FUZZ_CASE: Case = Case {
    id: "facilitator/fuzz/differential",
    title: "the target agrees with x402-spec on generated and mutated payments",
    clause: "x402 v2 §7.1; docs/protocol/evm.md §4.2–§4.4 (x402-spec's verifier as the oracle), docs/protocol/codes.md §3.6, docs/protocol/disagreements.md #30 (profile vocabularies)",
    expected: "For every generated input, POST /verify is valid exactly when x402-spec verifies the same bytes, and a refusal names x402-spec's reason (in the profile's vocabulary).",
    level: Level::Must,
    tags: &[Tag::Fuzz, Tag::Verify],
    needs: Needs::FUNDED_PAYER,
    profiles: &[],
    run: |_| Box::pin(async { Verdict::errored("the fuzz case runs through fuzz::run") }),
};

impl FuzzOutcome {
    /// Settings for the report.
    pub fn settings(&self) -> Vec<(String, String)> {
        vec![
            ("fuzzSeed".to_owned(), self.seed.to_string()),
            ("fuzzInputs".to_owned(), self.inputs.to_string()),
            ("fuzzShrinkSteps".to_owned(), self.shrink_steps.to_string()),
        ]
    }

    /// The report's case result.
    pub fn into_result(self) -> CaseResult {
        CaseResult::new(&FUZZ_CASE, self.verdict, self.duration, self.exchanges)
    }
}

#[derive(Debug, Default)]
struct Tally {
    executions: u64,
    failed_once: bool,
    inputs: u64,
    shrink_steps: u64,
    preconditions: u64,
    stop: bool,
}

/// Everything one input needs, shared with the blocking runner thread.
struct Env {
    ctx: Ctx,
    mechanisms: Vec<VersionedMechanism>,
    policy: Policy,
    seed: u64,
    handle: tokio::runtime::Handle,
}

/// The request body for `input` and `now`.
fn build(env: &Env, input: &Input, now: u64) -> Result<Vec<u8>, String> {
    let mechanism = *env
        .mechanisms
        .get(input.mechanism)
        .ok_or_else(|| "no such mechanism".to_owned())?;
    let target = select_target(&env.ctx, mechanism)?;
    let signer = env
        .ctx
        .payer_signer()
        .cloned()
        .ok_or_else(|| "needs funded-payer (no usable payer key)".to_owned())?;
    // The nonce derives from the seed and the input, so a replay regenerates it.
    let nonce = keccak256(format!("x402-conformance-fuzz:{}:{input:?}", env.seed)).0;
    let mut p = Payment::build(&target, &signer, now, nonce).map_err(|e| e.to_string())?;
    for v in &input.variations {
        if let Some(variation) = VARIATIONS.get(*v) {
            // A variation that does not apply to this mechanism is skipped.
            let _ = p.vary(*variation, now, env.ctx.config().skew_secs, &signer);
        }
    }
    let mut json = p.request_json().map_err(|e| e.to_string())?;
    if let Some(seed) = input.mutation {
        json = mutate(json, seed);
    }
    serde_json::to_vec(&json).map_err(|e| e.to_string())
}

/// Runs one input: sends it and compares. `Ok(None)`: agreement.
fn check(env: &Env, input: &Input) -> Result<(Option<String>, Exchange, Outcome, Oracle), String> {
    let now = crate::ctx::unix_now();
    let body = build(env, input, now)?;
    let ex = env.handle.block_on(
        env.ctx
            .post_json("/verify", bytes::Bytes::from(body.clone())),
    );
    let target = target_outcome(&ex);
    let oracle = oracle(&body, now, &env.policy, env.ctx.config().profile);
    let why = disagreement(
        &target,
        &oracle,
        env.ctx.config().profile,
        env.ctx.config().strict,
    );
    Ok((why, ex, target, oracle))
}

fn describe(env: &Env, input: &Input) -> String {
    let mechanism = env
        .mechanisms
        .get(input.mechanism)
        .map_or("?", |m| m.label());
    let variations: Vec<String> = input
        .variations
        .iter()
        .filter_map(|v| VARIATIONS.get(*v))
        .map(|v| format!("{v:?}"))
        .collect();
    format!(
        "{mechanism}, variations [{}], {}",
        variations.join(", "),
        input.mutation.map_or_else(
            || "no JSON mutation".to_owned(),
            |s| format!("JSON mutation #{s}")
        )
    )
}

/// The facilitator signers x402-spec's `upto` rule accepts: `/supported`'s `signers` and every
/// kind's `extra.facilitatorAddress`.
fn signers(ctx: &Ctx) -> Vec<EvmAddress> {
    let mut out: Vec<EvmAddress> = ctx
        .supported_kinds()
        .iter()
        .filter_map(|k| k.extra.as_ref()?.get("facilitatorAddress")?.as_str())
        .filter_map(|s| EvmAddress::parse(s).ok())
        .collect();
    if let Some(body) = ctx
        .supported_snapshot()
        .and_then(|e| e.response.as_ref().ok())
        .and_then(|r| r.json().ok())
        && let Some(map) = body.get("signers").and_then(Value::as_object)
    {
        for list in map.values().filter_map(Value::as_array) {
            out.extend(
                list.iter()
                    .filter_map(Value::as_str)
                    .filter_map(|s| EvmAddress::parse(s).ok()),
            );
        }
    }
    out.sort_by_key(|a| a.get());
    out.dedup();
    out
}

/// Runs the fuzzer against the facilitator behind `root`.
pub async fn run(root: &Ctx, seed: u64, budget: Budget) -> FuzzOutcome {
    let start = Instant::now();
    let ctx = root.for_case();
    let mechanisms: Vec<VersionedMechanism> = [
        VersionedMechanism::V2Eip3009,
        VersionedMechanism::V2Permit2,
        VersionedMechanism::V2Upto,
        VersionedMechanism::V1Eip3009,
    ]
    .into_iter()
    .filter(|m| select_target(&ctx, *m).is_ok())
    .collect();
    let done = |verdict: Verdict, tally: &Tally, exchanges: Vec<Exchange>| FuzzOutcome {
        seed,
        inputs: tally.inputs,
        shrink_steps: tally.shrink_steps,
        preconditions: tally.preconditions,
        verdict,
        exchanges,
        duration: start.elapsed(),
    };
    if ctx.payer_signer().is_none() {
        return done(
            Verdict::skipped("needs funded-payer (set --payer-key-env or --payer-key-file)"),
            &Tally::default(),
            Vec::new(),
        );
    }
    if mechanisms.is_empty() {
        return done(
            Verdict::skipped("the target advertises no payment kind the fuzzer can sign for"),
            &Tally::default(),
            Vec::new(),
        );
    }
    let env = Arc::new(Env {
        policy: Policy::default().with_signers(signers(&ctx)),
        ctx: ctx.clone(),
        mechanisms,
        seed,
        handle: tokio::runtime::Handle::current(),
    });
    let tally = Arc::new(Mutex::new(Tally::default()));
    let total = match (budget.inputs, budget.time) {
        (Some(n), _) => n,
        (None, Some(_)) => u32::MAX,
        (None, None) => DEFAULT_INPUTS,
    };
    let deadline = budget.time.map(|t| start.checked_add(t).unwrap_or(start));
    let env2 = Arc::clone(&env);
    let tally2 = Arc::clone(&tally);
    let joined =
        tokio::task::spawn_blocking(move || run_blocking(&env2, &tally2, total, deadline)).await;
    let t = tally.lock().unwrap_or_else(PoisonError::into_inner);
    let result = match joined {
        Ok(r) => r,
        Err(e) => {
            return done(
                Verdict::errored(format!("the fuzzer task failed: {e}")),
                &t,
                Vec::new(),
            );
        }
    };
    match result {
        Ok(()) => done(
            Verdict::passed(format!(
                "seed {seed}: {} input(s), no disagreement{}",
                t.inputs,
                if t.preconditions > 0 {
                    format!(
                        " ({} decided by a run precondition, not compared)",
                        t.preconditions
                    )
                } else {
                    String::new()
                }
            )),
            &t,
            Vec::new(),
        ),
        Err(Failure::Harness(m)) => done(Verdict::errored(m), &t, Vec::new()),
        Err(Failure::Disagreement(found)) => {
            let Found {
                first,
                minimal,
                why,
                exchange,
                target,
                oracle,
            } = *found;
            done(
                Verdict::failed(format!(
                    "seed {seed}: disagreement after {} input(s) on [{first}]; shrunk in {} step(s) to [{minimal}]: {why}. Target: {target}; x402-spec: {}{}. Replay: --fuzz {} --seed {seed}",
                    t.inputs,
                    t.shrink_steps,
                    oracle.outcome,
                    if oracle.sdk_reason.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " (the {} SDK: \"{}\")",
                            env.ctx.config().profile,
                            oracle.sdk_reason.join("\" or \"")
                        )
                    },
                    t.inputs
                )),
                &t,
                vec![exchange],
            )
        }
    }
}

enum Failure {
    Harness(String),
    Disagreement(Box<Found>),
}

struct Found {
    first: String,
    minimal: String,
    why: String,
    exchange: Exchange,
    target: Outcome,
    oracle: Oracle,
}

fn run_blocking(
    env: &Env,
    tally: &Mutex<Tally>,
    total: u32,
    deadline: Option<Instant>,
) -> Result<(), Failure> {
    let strategy = input_strategy(env.mechanisms.len());
    let first_failure: Mutex<Option<String>> = Mutex::new(None);
    let mut remaining = total;
    let mut chunk_index: u64 = 0;
    while remaining > 0 {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let cases = remaining.min(CHUNK);
        remaining = remaining.saturating_sub(cases);
        let config = Config {
            cases,
            failure_persistence: None,
            max_shrink_iters: 256,
            max_shrink_time: 60_000,
            max_local_rejects: 1_000,
            max_global_rejects: 10_000,
            ..Config::default()
        };
        let rng_seed = keccak256(format!("x402-conformance-fuzz:{}:{chunk_index}", env.seed));
        chunk_index = chunk_index.saturating_add(1);
        let mut runner = TestRunner::new_with_rng(
            config,
            TestRng::from_seed(RngAlgorithm::ChaCha, rng_seed.as_slice()),
        );
        let result = runner.run(&strategy, |input| {
            {
                let mut t = tally.lock().unwrap_or_else(PoisonError::into_inner);
                if t.stop || (deadline.is_some_and(|d| Instant::now() >= d) && !t.failed_once) {
                    t.stop = true;
                    return Ok(());
                }
                t.executions = t.executions.saturating_add(1);
                if t.failed_once {
                    t.shrink_steps = t.shrink_steps.saturating_add(1);
                } else {
                    t.inputs = t.inputs.saturating_add(1);
                }
            }
            let (why, _, target, _) = check(env, &input).map_err(TestCaseError::reject)?;
            if matches!(target, Outcome::Precondition(_)) {
                let mut t = tally.lock().unwrap_or_else(PoisonError::into_inner);
                if !t.failed_once {
                    t.preconditions = t.preconditions.saturating_add(1);
                }
            }
            match why {
                None => Ok(()),
                Some(w) => {
                    let mut t = tally.lock().unwrap_or_else(PoisonError::into_inner);
                    if !t.failed_once {
                        t.failed_once = true;
                        *first_failure.lock().unwrap_or_else(PoisonError::into_inner) =
                            Some(describe(env, &input));
                    }
                    Err(TestCaseError::fail(w))
                }
            }
        });
        match result {
            Ok(()) => {}
            Err(TestError::Abort(reason)) => {
                return Err(Failure::Harness(format!(
                    "the fuzzer could not build inputs: {reason}"
                )));
            }
            Err(TestError::Fail(_, minimal)) => {
                // Replay the minimal input once to record its exact request and both verdicts.
                let (why, exchange, target, oracle) =
                    check(env, &minimal).map_err(Failure::Harness)?;
                let first = first_failure
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone()
                    .unwrap_or_default();
                return Err(Failure::Disagreement(Box::new(Found {
                    first,
                    minimal: describe(env, &minimal),
                    why: why.unwrap_or_else(|| {
                        "the disagreement did not reproduce on replay (a flaky target?)".to_owned()
                    }),
                    exchange,
                    target,
                    oracle,
                })));
            }
        }
        if tally.lock().unwrap_or_else(PoisonError::into_inner).stop {
            break;
        }
    }
    Ok(())
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
    use serde_json::json;

    #[test]
    fn mutation_is_deterministic_and_changes_the_document() {
        let doc = json!({"a": {"b": "1000", "c": [1, 2]}, "d": true});
        for seed in 0..50u64 {
            let m = mutate(doc.clone(), seed);
            assert_ne!(m, doc, "seed {seed}");
            assert_eq!(m, mutate(doc.clone(), seed), "seed {seed}");
        }
    }

    #[test]
    fn disagreements() {
        let valid = Oracle {
            outcome: Outcome::Valid,
            code: None,
            sdk_reason: Vec::new(),
            parsed: true,
            decided: true,
        };
        let refused = Oracle {
            outcome: Outcome::Invalid {
                status: 200,
                reason: Some("invalid_exact_evm_payload_signature".into()),
            },
            code: Some(ErrorCode::ExactEvmSignature),
            sdk_reason: vec!["invalid_exact_evm_signature"],
            parsed: true,
            decided: true,
        };
        let inv = |status, r: &str| Outcome::Invalid {
            status,
            reason: Some(r.to_owned()),
        };
        assert!(disagreement(&Outcome::Valid, &valid, Profile::Strict, false).is_none());
        assert!(disagreement(&Outcome::Valid, &refused, Profile::Strict, false).is_some());
        assert!(
            disagreement(&inv(200, "x"), &valid, Profile::Ts, false)
                .unwrap()
                .contains("x402-spec accepts")
        );
        let alias = inv(200, "invalid_exact_evm_signature");
        assert!(disagreement(&alias, &refused, Profile::Strict, false).is_none());
        assert!(disagreement(&alias, &refused, Profile::Strict, true).is_some());
        assert!(disagreement(&alias, &refused, Profile::Ts, false).is_none());
        let canon = inv(200, "invalid_exact_evm_payload_signature");
        assert!(disagreement(&canon, &refused, Profile::Ts, false).is_some());
        let five = Outcome::ServerError {
            status: 500,
            body: String::new(),
        };
        assert!(disagreement(&five, &refused, Profile::Strict, false).is_some());
        assert!(disagreement(&five, &refused, Profile::Go, false).is_none());
        assert!(
            disagreement(
                &Outcome::Precondition("x".into()),
                &valid,
                Profile::Strict,
                false
            )
            .is_none()
        );
    }

    #[test]
    fn version_is_aligned_for_sdk_profiles() {
        let body = br#"{"x402Version":1,"paymentPayload":{"x402Version":2}}"#;
        let v: Value = serde_json::from_slice(&align_version(body).unwrap()).unwrap();
        assert_eq!(v["x402Version"], 2);
        assert!(align_version(b"[]").is_none());
    }

    #[test]
    fn budgets_describe_themselves() {
        assert_eq!(
            Budget {
                inputs: Some(5),
                time: None
            }
            .to_string(),
            "5 inputs"
        );
        assert!(Budget::default().to_string().contains("200"));
        assert!(seed_from_clock() < 1_000_000_000);
    }
}
