//! Building signed payments and sending them to the target.

use super::*;

/// The signer for a case: the payer key, or the throwaway key when `funded` is not required and
/// no payer key can be used.
pub(super) fn signer_for(ctx: &Ctx, use_payer: bool) -> Result<LocalSigner, Verdict> {
    match (use_payer, ctx.payer_signer()) {
        (true, Some(s)) => Ok(s.clone()),
        _ => builtin_signer(&THROWAWAY_KEY).map_err(|e| Verdict::errored(e.to_string())),
    }
}

/// Whether settling cases may use the payer key (settlement allowed, within budget).
pub(super) fn may_settle_with_payer(ctx: &Ctx) -> bool {
    ctx.config()
        .available_needs()
        .contains(Needs::FUNDED_PAYER.union(Needs::SETTLEMENT))
}

pub(super) fn reserve(ctx: &Ctx, amount: U256) -> Result<(), Verdict> {
    ctx.budget()
        .reserve(amount)
        .map(|_| ())
        .map_err(|e| Verdict::skipped(e.to_string()))
}

pub(super) fn target(ctx: &Ctx, mechanism: VersionedMechanism) -> Result<PayTarget, Verdict> {
    select_target(ctx, mechanism).map_err(Verdict::skipped)
}

pub(super) fn build(
    ctx: &Ctx,
    target: &PayTarget,
    signer: &LocalSigner,
    now: u64,
    variation: Variation,
) -> Result<Payment, Verdict> {
    let mut p = Payment::build(target, signer, now, ctx.next_nonce())
        .map_err(|e| Verdict::errored(format!("building the payment: {e}")))?;
    p.vary(variation, now, ctx.config().skew_secs, signer)
        .map_err(|e| Verdict::errored(format!("varying the payment: {e}")))?;
    Ok(p)
}

pub(super) async fn send(ctx: &Ctx, ep: Endpoint, p: &Payment) -> Result<Exchange, Verdict> {
    environment_gate(ctx, p).await?;
    let body = p
        .body()
        .map_err(|e| Verdict::errored(format!("serializing the request: {e}")))?;
    Ok(ctx.post_json(ep.path(), body).await)
}

pub(super) fn timing_gate(ctx: &Ctx, timing: Timing) -> Result<(), Verdict> {
    let skew = ctx.config().skew_secs;
    match timing {
        Timing::Any => Ok(()),
        Timing::MaxSkew(max) if skew <= max => Ok(()),
        Timing::MaxSkew(max) => Err(Verdict::skipped(format!(
            "undecidable with --skew {skew}: the payment sits {} s inside the {TIME_BUFFER_SECS} s buffer, which a clock difference of more than {max} s can move outside it",
            TIME_BUFFER_SECS / 2
        ))),
        Timing::Exact if skew == 0 => Ok(()),
        Timing::Exact => Err(Verdict::skipped(format!(
            "undecidable with --skew {skew}: the payment sits exactly on a time boundary; run with --skew 0 against a target that shares the harness's clock"
        ))),
    }
}

/// Builds a family's payment (sent early in a second for exact boundaries) and posts it.
pub(super) async fn send_family(
    ctx: &Ctx,
    fam: &'static Family,
    ep: Endpoint,
) -> Result<(Payment, Exchange, u64), Verdict> {
    timing_gate(ctx, fam.timing)?;
    let t = target(ctx, fam.mechanism)?;
    let use_payer = match ep {
        Endpoint::Verify => true,
        Endpoint::Settle => may_settle_with_payer(ctx),
    };
    let profile = ctx.config().profile;
    if ep == Endpoint::Settle
        && !use_payer
        && matches!(fam.expect_under(profile), Expect::Valid | Expect::Either)
    {
        return Err(Verdict::skipped(format!(
            "under --profile {profile} this payment is expected to settle, which needs funded-payer and settlement (pass --allow-settlement and a non-zero --max-spend)"
        )));
    }
    let signer = signer_for(ctx, use_payer)?;
    if ep == Endpoint::Settle && use_payer {
        // A target that wrongly settles could move up to the authorized amount (+1 for "over").
        reserve(ctx, t.amount.saturating_add(U256::from(1u8)))?;
    }
    let (now, send_at) = match fam.timing {
        Timing::Exact => {
            let (second, at) = next_second();
            (second, Some(at))
        }
        _ => (ctx.now_secs(), None),
    };
    let p = build(ctx, &t, &signer, now, fam.variation)?;
    // Only a payment the family expects to succeed depends on the chain; the unfunded-payer
    // family is valid by x402-spec's off-chain rules and expected refused *because* of the chain.
    if matches!(fam.expect_under(profile), Expect::Valid | Expect::Either) {
        environment_gate(ctx, &p).await?;
    } else if fam.variation == Variation::UnfundedPayer
        && let Some(Ok(env)) = ctx.environment(&p.target, p.payer).await
        && let Some(reason) = env.contract_blocker(&p.target)
    {
        return Err(Verdict::skipped(reason));
    }
    let body = p
        .body()
        .map_err(|e| Verdict::errored(format!("serializing the request: {e}")))?;
    if let Some(at) = send_at {
        tokio::time::sleep_until(at).await;
    }
    let ex = ctx.post_json(ep.path(), body).await;
    Ok((p, ex, now))
}

/// Skips a payment that should succeed (callers pass only such payments, or payments x402-spec
/// refuses) when the chain, read over `--rpc-url`, makes its outcome
/// undecidable: no Permit2 or proxy code, no balance, no Permit2 allowance, another token domain
/// ([`crate::environment`], #13 §4). Payments x402-spec refuses are sent whatever the chain holds:
/// their refusal is decided before any chain state matters.
pub(super) async fn environment_gate(ctx: &Ctx, p: &Payment) -> Result<(), Verdict> {
    if !spec_accepts(p, ctx.now_secs()) {
        return Ok(());
    }
    match ctx.environment(&p.target, p.payer).await {
        Some(Ok(env)) => match env.blocker(&p.target) {
            Some(reason) => Err(Verdict::skipped(reason)),
            None => Ok(()),
        },
        // No --rpc-url, or the chain could not be read: refusals that name the environment are
        // recognised by their code instead (judge.rs `precondition`).
        Some(Err(_)) | None => Ok(()),
    }
}

/// Whether x402-spec accepts `p` at `now` (every off-chain rule holds).
fn spec_accepts(p: &Payment, now: u64) -> bool {
    let Ok(request) = p.request() else {
        return false;
    };
    verify_request(&request, now, &policy_for(p)).is_ok()
}

/// The verification policy for `p`: the default, with the `upto` facilitator address the payment
/// names as the facilitator's signer.
pub(super) fn policy_for(p: &Payment) -> Policy {
    match p.target.facilitator {
        Some(f) => Policy::default().with_signers(vec![f]),
        None => Policy::default(),
    }
}
