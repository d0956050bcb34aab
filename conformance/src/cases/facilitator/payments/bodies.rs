//! The bodies of the payment cases.

use super::*;

/// Judges an answer that may be an acceptance or a refusal (the profile's SDK decides either
/// way): passes with what was observed, unless the answer is neither. A refusal is judged as
/// the family's refusals are (`judge`: a malformed amount may be refused with a 4xx).
pub(super) fn judge_either(
    ctx: &Ctx,
    ep: Endpoint,
    judge: Judge,
    ex: &Exchange,
    p: &Payment,
    profile: Profile,
) -> Verdict {
    let accepted = match ep {
        Endpoint::Verify => judge_valid(ctx, ex, p),
        Endpoint::Settle => match judge_settled(ctx, ex, p, None) {
            Ok(_) => Verdict::passed("settled"),
            Err(v) => v,
        },
    };
    if let Verdict::Passed { observed } = accepted {
        return Verdict::passed(format!(
            "accepted ({observed}); --profile {profile} allows either"
        ));
    }
    match judge_refused(ep, judge, ex, profile) {
        Verdict::Passed { observed } => Verdict::passed(format!(
            "refused ({observed}); --profile {profile} allows either"
        )),
        other => other,
    }
}

pub(super) async fn family_rejected(ctx: Ctx, ep: Endpoint) -> Verdict {
    let fam = match family_of(&ctx) {
        Ok(f) => f,
        Err(v) => return v,
    };
    let profile = ctx.config().profile;
    match send_family(&ctx, fam, ep).await {
        Ok((p, ex, _)) => match fam.expect_under(profile) {
            Expect::Invalid(_) => judge_refused(ep, fam.judge, &ex, profile),
            Expect::Valid => match ep {
                Endpoint::Verify => judge_valid(&ctx, &ex, &p),
                Endpoint::Settle => match judge_settled(&ctx, &ex, &p, None) {
                    Ok(resp) => Verdict::passed(format!(
                        "settled as --profile {profile} expects: transaction {}",
                        resp.transaction
                    )),
                    Err(v) => v,
                },
            },
            Expect::Either => judge_either(&ctx, ep, fam.judge, &ex, &p, profile),
        },
        Err(v) => v,
    }
}

/// The reasons the profile's SDK gives for `p` (one spelling, or a few across SDK releases):
/// x402-spec's verdict on the same request replayed in the SDK's check order
/// ([`x402_spec::verify::Rejection::as_sdk`]), spelled by [`sdk_spellings`]. `Err` is the verdict
/// when there is nothing to compare (the SDK accepts it, or does not check the failed rule).
pub fn sdk_reason(
    p: &Payment,
    ep: Endpoint,
    profile: Profile,
    now: u64,
) -> Result<Vec<&'static str>, Verdict> {
    let Some(sdk) = profile.sdk() else {
        return Err(Verdict::errored(
            "sdk_reason needs an SDK profile (harness bug)",
        ));
    };
    let request = p.request().map_err(|e| {
        let version = matches!(profile, Profile::Ts | Profile::Py)
            && e.to_string().contains("invalid_x402_version");
        Verdict::skipped(if version {
            // Measured in the interop lane: both facilitators throw on an x402Version other than
            // 1 or 2 (HTTP 500), which the …/rejected case accepts under these profiles.
            format!(
                "the {} SDK's facilitator throws on an unknown x402Version (HTTP 500), so it gives no reason to compare (the …/rejected case judges the refusal)",
                profile.name()
            )
        } else {
            format!(
                "x402-spec cannot parse this request ({e}), so there is no {sdk:?} check order to replay"
            )
        })
    })?;
    let rejection = match verify_request(&request, now, &policy_for(p)) {
        Ok(_) => {
            return Err(Verdict::errored(
                "x402-spec accepts this payment, so it has no reason to compare (catalogue bug)",
            ));
        }
        Err(r) => r,
    };
    let Some((check, _)) = rejection.as_sdk(sdk) else {
        return Err(Verdict::skipped(format!(
            "the {} SDK checks none of the failed rules ({}); it would fail the payment on chain",
            profile.name(),
            rejection.reason()
        )));
    };
    let spellings = sdk_spellings(profile, check, ep == Endpoint::Settle);
    if spellings.is_empty() {
        return Err(Verdict::skipped(format!(
            "the {} SDK fails rule {} with an HTTP error, not a reason",
            profile.name(),
            check.id()
        )));
    }
    Ok(spellings)
}

/// Judges the reason under an SDK profile: exactly the SDK's spelling (under `--profile go`,
/// also as the prefix of a 500 answer's `error`).
pub fn judge_sdk_reason(ep: Endpoint, ex: &Exchange, wants: &[&str], profile: Profile) -> Verdict {
    let want = wants.join("\" or \"");
    let r = match response_of(ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let got: Option<String> = if profile == Profile::Go
        && let Some(error) = go_error_of(r)
    {
        Some(go_reason_of(&error).to_owned())
    } else {
        match r.json() {
            Ok(body) => {
                if let Some(why) = unreadable_refusal(ep, r.status, &body) {
                    return Verdict::skipped(format!(
                        "precondition not met: {why} (failed by the MUST …/rejected case of this payment)"
                    ));
                }
                if body.get(ep.flag()) == Some(&Value::Bool(true)) {
                    return Verdict::failed(format!(
                        "the invalid payment was accepted ({}:true), so there is no {}",
                        ep.flag(),
                        ep.reason()
                    ));
                }
                reason_of(ep, &body).map(str::to_owned)
            }
            Err(m) => return Verdict::failed(format!("HTTP {}: {m}", r.status)),
        }
    };
    match got {
        Some(g)
            if wants.contains(&g.as_str())
                || g.split_once(": ")
                    .is_some_and(|(head, _)| wants.contains(&head)) =>
        {
            Verdict::passed(format!(
                "{} {g:?} (the {} SDK's spelling)",
                ep.reason(),
                profile.name()
            ))
        }
        Some(g) => Verdict::failed(format!(
            "{} {g:?}; the {} SDK answers \"{want}\" for this payment (--profile {profile})",
            ep.reason(),
            profile.name()
        )),
        None => Verdict::failed(format!(
            "HTTP {} without a non-empty {}; the {} SDK answers \"{want}\"",
            r.status,
            ep.reason(),
            profile.name()
        )),
    }
}

pub(super) async fn family_reason(ctx: Ctx, ep: Endpoint) -> Verdict {
    let fam = match family_of(&ctx) {
        Ok(f) => f,
        Err(v) => return v,
    };
    let profile = ctx.config().profile;
    let expected = match fam.expect_under(profile) {
        Expect::Invalid(expected) => expected,
        Expect::Valid | Expect::Either if profile != Profile::Strict => {
            return Verdict::skipped(format!(
                "under --profile {profile} this payment may be accepted, so there is no reason to check"
            ));
        }
        _ => return Verdict::errored("a valid family has no reason case (catalogue bug)"),
    };
    match send_family(&ctx, fam, ep).await {
        Ok((p, ex, now)) => {
            if let Some(v) = sdk_threw(fam, &ex, profile) {
                return v;
            }
            if profile == Profile::Strict {
                let codes = expected.codes();
                let spellings: Vec<&str> = codes.iter().map(ErrorCode::as_str).collect();
                judge_reason(ep, &ex, &spellings, ctx.config().strict)
            } else if let Reason::AnyOf(codes) = expected {
                // Not a rule x402-spec can replay in the SDK's order (an on-chain check, or
                // failures found in either order): any spelling of one of the codes.
                let mut wants: Vec<&str> = codes
                    .iter()
                    .flat_map(|c| c.spellings().iter().map(|s| s.code))
                    .collect();
                if ep == Endpoint::Settle {
                    // An SDK whose settle does not simulate broadcasts and reports the revert.
                    wants.extend(settle_revert_spellings(profile));
                }
                judge_sdk_reason(ep, &ex, &wants, profile)
            } else if let Some(check) = pinned_rule(fam, profile) {
                // The SDK routes this payment to another rule than x402-spec's order reaches
                // (the family's override says which); its spelling of that rule is the answer.
                judge_sdk_reason(
                    ep,
                    &ex,
                    &sdk_spellings(profile, check, ep == Endpoint::Settle),
                    profile,
                )
            } else {
                match sdk_reason(&p, ep, profile, now) {
                    Ok(wants) => judge_sdk_reason(ep, &ex, &wants, profile),
                    Err(v) => v,
                }
            }
        }
        Err(v) => v,
    }
}

/// Under an SDK profile, a malformed-amount family's 5xx is the SDK throwing on the body (the
/// `…/rejected` case accepts it, `Judge::Malformed`): there is no reason to compare.
fn sdk_threw(fam: &Family, ex: &Exchange, profile: Profile) -> Option<Verdict> {
    let r = ex.response.as_ref().ok()?;
    (profile != Profile::Strict
        && profile != Profile::Go
        && fam.judge == Judge::Malformed
        && (500..600).contains(&r.status))
    .then(|| {
        Verdict::skipped(format!(
            "the {} SDK throws on this body (HTTP {}), so it gives no reason to compare (the …/rejected case judges the refusal)",
            profile.name(),
            r.status
        ))
    })
}

/// The rule a family's override names for `profile` (`Expect::Invalid(Reason::Rule(..))` in
/// [`Family::overrides`]): that SDK fails the payment on that rule, whatever x402-spec's order
/// replayed in the SDK's order would say.
pub(super) fn pinned_rule(fam: &Family, profile: Profile) -> Option<Check> {
    fam.overrides
        .iter()
        .find(|(p, _)| *p == profile)
        .and_then(|(_, e)| match e {
            Expect::Invalid(r) => r.rule(),
            Expect::Valid | Expect::Either => None,
        })
}

pub(super) async fn family_accepted(ctx: Ctx) -> Verdict {
    let fam = match family_of(&ctx) {
        Ok(f) => f,
        Err(v) => return v,
    };
    let profile = ctx.config().profile;
    match send_family(&ctx, fam, Endpoint::Verify).await {
        Ok((p, ex, _)) => match fam.expect_under(profile) {
            Expect::Either => judge_either(&ctx, Endpoint::Verify, fam.judge, &ex, &p, profile),
            _ => judge_valid(&ctx, &ex, &p),
        },
        Err(v) => v,
    }
}

/// A valid payment by the payer for `mechanism`.
pub(super) fn payer_payment(ctx: &Ctx, mechanism: VersionedMechanism) -> Result<Payment, Verdict> {
    let t = target(ctx, mechanism)?;
    let signer = ctx
        .payer_signer()
        .cloned()
        .ok_or_else(|| Verdict::skipped("needs funded-payer (no usable payer key)"))?;
    build(ctx, &t, &signer, ctx.now_secs(), Variation::None)
}

pub(super) async fn verify_valid(ctx: Ctx, mechanism: VersionedMechanism) -> Verdict {
    let p = match payer_payment(&ctx, mechanism) {
        Ok(p) => p,
        Err(v) => return v,
    };
    match send(&ctx, Endpoint::Verify, &p).await {
        Ok(ex) => judge_valid(&ctx, &ex, &p),
        Err(v) => v,
    }
}

/// Verifies `p` first; `Err` when the target refuses the valid payment.
pub(super) async fn verify_first(ctx: &Ctx, p: &Payment) -> Result<(), Verdict> {
    let ex = send(ctx, Endpoint::Verify, p).await?;
    match judge_valid(ctx, &ex, p) {
        Verdict::Passed { .. } => Ok(()),
        Verdict::Failed { message } => Err(Verdict::failed(format!(
            "precondition POST /verify failed: {message}"
        ))),
        other => Err(other),
    }
}

pub(super) async fn settle_valid(ctx: Ctx, mechanism: VersionedMechanism) -> Verdict {
    let p = match payer_payment(&ctx, mechanism) {
        Ok(p) => p,
        Err(v) => return v,
    };
    if let Err(v) = verify_first(&ctx, &p).await {
        return v;
    }
    let (settle, charge) = if mechanism == VersionedMechanism::V2Upto {
        let c = U256::from(UPTO_CHARGE);
        (p.with_charge(c), Some(c))
    } else {
        (p.clone(), None)
    };
    if let Err(v) = reserve(&ctx, p.authorized()) {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &settle).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    match judge_settled(&ctx, &ex, &p, charge) {
        Ok(resp) => Verdict::passed(format!(
            "settled: transaction {}, network {}{}",
            resp.transaction,
            resp.network,
            resp.amount
                .map(|a| format!(", amount {a}"))
                .unwrap_or_default()
        )),
        Err(v) => v,
    }
}

pub(super) async fn settle_replay(ctx: Ctx, mechanism: VersionedMechanism) -> Verdict {
    let p = match payer_payment(&ctx, mechanism) {
        Ok(p) => p,
        Err(v) => return v,
    };
    // The first settlement plus a wrongly accepted replay.
    if let Err(v) = reserve(&ctx, p.authorized().saturating_mul(U256::from(2u8))) {
        return v;
    }
    let first = match send(&ctx, Endpoint::Settle, &p).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    if let Err(v) = judge_settled(&ctx, &first, &p, None) {
        // The target's failure to settle a valid payment is the finding of
        // `…/valid/settled`; the replay was never sent, so this case is not exercised (#13 §7).
        return match v {
            Verdict::Failed { message } => Verdict::skipped(format!(
                "precondition not met: the first settlement failed (see {}): {message}",
                valid_settled_case(mechanism)
            )),
            other => other,
        };
    }
    let mut notes = Vec::new();
    for ep in [Endpoint::Verify, Endpoint::Settle] {
        let ex = match send(&ctx, ep, &p).await {
            Ok(ex) => ex,
            Err(v) => return v,
        };
        match judge_refused(ep, Judge::Payment, &ex, ctx.config().profile) {
            Verdict::Passed { observed } => notes.push(format!("{} replay: {observed}", ep.path())),
            Verdict::Failed { message } => {
                return Verdict::failed(format!(
                    "{} of an already settled authorization: {message}",
                    ep.path()
                ));
            }
            other => return other,
        }
    }
    Verdict::passed(notes.join("; "))
}

/// The case that judges the settlement of a valid payment of `mechanism`.
fn valid_settled_case(mechanism: VersionedMechanism) -> &'static str {
    match mechanism {
        VersionedMechanism::V2Eip3009 => "facilitator/settle/v2-eip3009/valid/settled",
        VersionedMechanism::V2Permit2 => "facilitator/settle/v2-permit2/valid/settled",
        VersionedMechanism::V2Upto => "facilitator/settle/v2-upto/valid/settled",
        VersionedMechanism::V1Eip3009 => "facilitator/settle/v1-eip3009/valid/settled",
    }
}

/// How many settlements `facilitator/settle/v2-eip3009/concurrent/distinct-transactions` sends
/// at once.
pub(super) const CONCURRENT_SETTLEMENTS: usize = 4;

/// Several valid payments of one payer, each with its own authorization nonce, settled at the
/// same moment: every one must settle, each in its own transaction. The case holds the run's
/// settlement gate, so no other case's settlement interleaves with its burst.
pub(super) async fn settle_concurrent(ctx: Ctx) -> Verdict {
    let mechanism = VersionedMechanism::V2Eip3009;
    let mut payments = Vec::with_capacity(CONCURRENT_SETTLEMENTS);
    for _ in 0..CONCURRENT_SETTLEMENTS {
        match payer_payment(&ctx, mechanism) {
            Ok(p) => payments.push(p),
            Err(v) => return v,
        }
    }
    let total = payments
        .iter()
        .fold(U256::ZERO, |sum, p| sum.saturating_add(p.authorized()));
    if let Err(v) = reserve(&ctx, total) {
        return v;
    }
    let mut bodies = Vec::with_capacity(payments.len());
    for p in &payments {
        match p.body() {
            Ok(b) => bodies.push(b),
            Err(e) => return Verdict::errored(format!("serializing the request: {e}")),
        }
    }
    let answers = {
        let _gate = ctx.hold_settlements().await;
        let mut set = tokio::task::JoinSet::new();
        for (index, body) in bodies.into_iter().enumerate() {
            let ctx = ctx.clone();
            set.spawn(async move {
                let headers = vec![("content-type".to_owned(), "application/json".to_owned())];
                let ex = ctx
                    .send_ungated("POST", Endpoint::Settle.path(), headers, body)
                    .await;
                (index, ex)
            });
        }
        let mut answers: Vec<Option<Exchange>> = vec![None; payments.len()];
        while let Some(joined) = set.join_next().await {
            match joined {
                Ok((index, ex)) => {
                    if let Some(slot) = answers.get_mut(index) {
                        *slot = Some(ex);
                    }
                }
                Err(e) => return Verdict::errored(format!("a settlement task failed: {e}")),
            }
        }
        answers
    };
    let mut transactions: Vec<String> = Vec::with_capacity(payments.len());
    let mut failures = Vec::new();
    for (index, (p, ex)) in payments.iter().zip(&answers).enumerate() {
        let Some(ex) = ex else {
            return Verdict::errored(format!(
                "settlement {} has no answer",
                index.saturating_add(1)
            ));
        };
        match judge_settled(&ctx, ex, p, None) {
            Ok(resp) => transactions.push(resp.transaction),
            Err(Verdict::Failed { message }) => failures.push(format!(
                "settlement {} of {}: {message}",
                index.saturating_add(1),
                payments.len()
            )),
            Err(other) => return other,
        }
    }
    if !failures.is_empty() {
        return Verdict::failed(format!(
            "{} of {} overlapping settlements failed (run the other cases with the default serial settlements to tell a nonce race from a refusal): {}",
            failures.len(),
            payments.len(),
            failures.join("; ")
        ));
    }
    let mut distinct = transactions.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != transactions.len() {
        return Verdict::failed(format!(
            "{} settlements of different authorizations answered only {} distinct transaction(s): {}",
            transactions.len(),
            distinct.len(),
            transactions.join(", ")
        ));
    }
    Verdict::passed(format!(
        "{} overlapping settlements, {} distinct transactions",
        transactions.len(),
        distinct.len()
    ))
}

pub(super) async fn settle_never_verified(ctx: Ctx) -> Verdict {
    let p = match payer_payment(&ctx, VersionedMechanism::V2Eip3009) {
        Ok(p) => p,
        Err(v) => return v,
    };
    if let Err(v) = reserve(&ctx, p.authorized()) {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &p).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    match judge_settled(&ctx, &ex, &p, None) {
        Ok(resp) => Verdict::passed(format!(
            "settled without a prior /verify: transaction {}",
            resp.transaction
        )),
        Err(v) => v,
    }
}

pub(super) async fn upto_zero(ctx: Ctx) -> Verdict {
    let p = match payer_payment(&ctx, VersionedMechanism::V2Upto) {
        Ok(p) => p,
        Err(v) => return v,
    };
    if let Err(v) = verify_first(&ctx, &p).await {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &p.with_charge(U256::ZERO)).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    let r = match response_of(&ex) {
        Ok(r) => r,
        Err(v) => return v,
    };
    let resp = match SettleResponse::from_json(&r.body) {
        Ok(s) if r.status == 200 => s,
        Ok(_) => return Verdict::failed(format!("HTTP {} for a zero upto charge", r.status)),
        Err(e) => {
            return Verdict::failed(format!(
                "HTTP {}: not a valid SettleResponse: {e}",
                r.status
            ));
        }
    };
    if !resp.success {
        return Verdict::failed(format!(
            "a zero upto charge was refused (errorReason {:?}); it settles as a success with no transaction",
            resp.error_reason
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default()
        ));
    }
    if !resp.transaction.is_empty() {
        return Verdict::failed(format!(
            "transaction is {:?}; a zero charge sends nothing, so transaction is \"\"",
            resp.transaction
        ));
    }
    match resp.amount {
        Some(a) if !a.get().is_zero() => Verdict::failed(format!("amount is {a}, expected \"0\"")),
        _ => Verdict::passed("success:true, transaction \"\""),
    }
}

pub(super) async fn upto_exceeds(ctx: Ctx) -> Verdict {
    let p = match payer_payment(&ctx, VersionedMechanism::V2Upto) {
        Ok(p) => p,
        Err(v) => return v,
    };
    if let Err(v) = verify_first(&ctx, &p).await {
        return v;
    }
    let over = p.authorized().saturating_add(U256::from(1u8));
    if let Err(v) = reserve(&ctx, over) {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &p.with_charge(over)).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    let refused = judge_refused(Endpoint::Settle, Judge::Payment, &ex, ctx.config().profile);
    if !matches!(refused, Verdict::Passed { .. }) {
        return refused;
    }
    let reason = judge_reason(
        Endpoint::Settle,
        &ex,
        &["invalid_upto_evm_payload_settlement_exceeds_amount"],
        false,
    );
    Verdict::passed(format!("{}; {}", refused.message(), reason.message()))
}

/// The chain state an EIP-3009 settlement changes, read over `--rpc-url`: the payer's and
/// `payTo`'s balances and `authorizationState(from, nonce)`.
struct Eip3009State {
    rpc: Rpc,
    asset: alloy_primitives::Address,
    payer: alloy_primitives::Address,
    pay_to: alloy_primitives::Address,
    nonce: alloy_primitives::B256,
}

impl Eip3009State {
    /// The reader for `p`'s network; `Err` is the verdict when there is no `--rpc-url` for it or
    /// `p` is not an EIP-3009 payment.
    fn for_payment(ctx: &Ctx, p: &Payment) -> Result<Eip3009State, Verdict> {
        let Some(url) = ctx.config().rpc_urls.for_network(&p.target.network) else {
            return Err(Verdict::skipped(format!(
                "no --rpc-url for {}",
                p.target.network
            )));
        };
        let rpc = Rpc::new(url, ctx.config().timeout)
            .map_err(|e| Verdict::errored(format!("JSON-RPC client: {e}")))?;
        let Signed::Eip3009(view) = &p.signed else {
            return Err(Verdict::errored("expected an EIP-3009 payment"));
        };
        Ok(Eip3009State {
            rpc,
            asset: p.target.asset.get(),
            payer: p.payer,
            pay_to: p.target.pay_to.get(),
            nonce: view.authorization.nonce.0,
        })
    }

    /// (payer balance, payTo balance, nonce used); `what` names the moment for errors.
    async fn read(&self, what: &str) -> Result<(U256, U256, bool), Verdict> {
        let err = |e: crate::rpc::RpcError| {
            Verdict::errored(format!("reading the {what} state over --rpc-url: {e}"))
        };
        Ok((
            self.rpc
                .balance_of(self.asset, self.payer)
                .await
                .map_err(err)?,
            self.rpc
                .balance_of(self.asset, self.pay_to)
                .await
                .map_err(err)?,
            self.rpc
                .authorization_state(self.asset, self.payer, self.nonce)
                .await
                .map_err(err)?,
        ))
    }
}

/// `/verify` moves nothing: the chain state a settlement would change (both balances, the
/// authorization nonce) is the same after a successful `/verify`, and the same payment then
/// settles. The case holds the settlement gate from the first read to the second, so no other
/// case's settlement from the same payer moves the balances in between.
pub(super) async fn verify_read_only(ctx: Ctx) -> Verdict {
    let p = match payer_payment(&ctx, VersionedMechanism::V2Eip3009) {
        Ok(p) => p,
        Err(v) => return v,
    };
    let chain = match Eip3009State::for_payment(&ctx, &p) {
        Ok(c) => c,
        Err(v) => return v,
    };
    let read = async |what: &str| chain.read(what).await;
    let (before, after) = {
        let _gate = ctx.hold_settlements().await;
        let before = match read("pre-verify").await {
            Ok(b) => b,
            Err(v) => return v,
        };
        if before.2 {
            return Verdict::errored(
                "the fresh nonce is already used on chain (harness nonce clash)",
            );
        }
        if let Err(v) = verify_first(&ctx, &p).await {
            return v;
        }
        match read("post-verify").await {
            Ok(a) => (before, a),
            Err(v) => return v,
        }
    };
    let mut moved = Vec::new();
    if after.0 != before.0 {
        moved.push(format!(
            "the payer's balance went from {} to {}",
            before.0, after.0
        ));
    }
    if after.1 != before.1 {
        moved.push(format!(
            "payTo's balance went from {} to {}",
            before.1, after.1
        ));
    }
    if after.2 {
        moved.push("authorizationState(from, nonce) became true".to_owned());
    }
    if !moved.is_empty() {
        return Verdict::failed(format!(
            "a successful /verify changed the chain: {}",
            moved.join("; ")
        ));
    }
    if let Err(v) = reserve(&ctx, p.authorized()) {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &p).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    match judge_settled(&ctx, &ex, &p, None) {
        Ok(resp) => Verdict::passed(format!(
            "after /verify: balances and nonce unchanged; the same payment then settled in {}",
            resp.transaction
        )),
        Err(Verdict::Failed { message }) => Verdict::failed(format!(
            "the payment did not settle after /verify (a /verify that consumed it?): {message}"
        )),
        Err(other) => other,
    }
}

pub(super) async fn onchain_effects(ctx: Ctx) -> Verdict {
    let p = match payer_payment(&ctx, VersionedMechanism::V2Eip3009) {
        Ok(p) => p,
        Err(v) => return v,
    };
    let chain = match Eip3009State::for_payment(&ctx, &p) {
        Ok(c) => c,
        Err(v) => return v,
    };
    let read = async |what: &str| chain.read(what).await;
    let before = match read("pre-settlement").await {
        Ok(b) => b,
        Err(v) => return v,
    };
    if before.2 {
        return Verdict::errored("the fresh nonce is already used on chain (harness nonce clash)");
    }
    if let Err(v) = verify_first(&ctx, &p).await {
        return v;
    }
    if let Err(v) = reserve(&ctx, p.authorized()) {
        return v;
    }
    let ex = match send(&ctx, Endpoint::Settle, &p).await {
        Ok(ex) => ex,
        Err(v) => return v,
    };
    if let Err(v) = judge_settled(&ctx, &ex, &p, None) {
        return v;
    }
    let after = match read("post-settlement").await {
        Ok(a) => a,
        Err(v) => return v,
    };
    let amount = U256::from(AMOUNT);
    let paid = before.0.saturating_sub(after.0);
    let received = after.1.saturating_sub(before.1);
    let mut problems = Vec::new();
    if paid < amount {
        problems.push(format!(
            "the payer's balance fell by {paid}, less than {amount}"
        ));
    }
    if received < amount {
        problems.push(format!(
            "payTo's balance rose by {received}, less than {amount}"
        ));
    }
    if !after.2 {
        problems.push("authorizationState(from, nonce) is still false".to_owned());
    }
    if problems.is_empty() {
        Verdict::passed(format!(
            "payer −{paid}, payTo +{received}, authorizationState true"
        ))
    } else {
        Verdict::failed(format!(
            "after a successful settlement: {}",
            problems.join("; ")
        ))
    }
}
