//! The client cases and their judges.

use super::*;

/// A client check: which scenario, how many runs, and the judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientCheck {
    /// The payment verifies in full and is answered 200.
    Pays(Scenario),
    /// The right header for the version, standard base64, the right payload version.
    Header(Scenario),
    /// The signature is by `from` over the offer's EIP-712 domain.
    SignatureDomain,
    /// Exactly the offered amount, payTo, asset and network.
    Fields,
    /// The validity window is open now and closes within maxTimeoutSeconds.
    Window,
    /// Two runs, two different nonces.
    NonceFresh,
    /// `accepted` deep-equals the offer.
    EchoEqual,
    /// `accepted` is byte-identical to the offer.
    EchoBytes,
    /// Unknown schemes and networks are skipped: the payable offer is paid.
    SkipsUnsupported,
    /// No payment when the price exceeds the limit.
    OverLimit,
    /// The offer within the limit is chosen.
    WithinLimit,
    /// At most one retry after a failed settlement.
    NoRetryLoop,
}

pub(super) const GO_WINDOW: &[Divergence] = &[diverge(
    Profile::Go,
    "validBefore may be up to now + 3600 s: the Go client signs EIP-3009 for an hour whatever maxTimeoutSeconds says (docs/protocol/evm.md §4.7, docs/protocol/disagreements.md #27).",
)];
pub(super) const ECHO_BYTES_REMARSHAL: &[Divergence] = &[
    diverge(
        Profile::Go,
        "Not required: the Go client re-marshals accepted from its struct (fixed key order, sorted extra keys), so only deep equality holds (docs/protocol/wire.md §1.5, docs/protocol/disagreements.md #26).",
    ),
    diverge(
        Profile::Py,
        "Not required: the Python client re-serialises accepted from its pydantic PaymentRequirements in the model's field order (x402 2.25.0 x402/http/utils.py encode_payment_signature_header), so only deep equality holds (docs/protocol/wire.md §1.5, docs/protocol/disagreements.md #26).",
    ),
];

macro_rules! client_case {
    ($id:literal, $title:literal, $clause:literal, $expected:literal, $level:ident, [$($tag:ident),*], $profiles:expr, $check:expr) => {
        Case {
            id: $id,
            title: $title,
            clause: $clause,
            expected: $expected,
            level: Level::$level,
            tags: &[$(Tag::$tag),*],
            needs: Needs::NONE,
            profiles: $profiles,
            run: |ctx| Box::pin(client_case(ctx, $check)),
        }
    };
}

/// The client cases.
pub fn cases() -> Vec<Case> {
    vec![
        client_case!(
            "client/v2/exact-eip3009/pays",
            "pays a v2 exact EIP-3009 offer with a payment that verifies",
            "x402 v2 §5.2, exact EVM scheme; docs/protocol/transport.md §2.4, docs/protocol/evm.md §4.2",
            "The client retries with PAYMENT-SIGNATURE carrying a payment that x402-spec verifies in full against the offer (and deep-equals it), so the endpoint answers 200.",
            Must,
            [V2, Eip3009, Paid],
            &[],
            ClientCheck::Pays(Scenario::V2Usdc)
        ),
        client_case!(
            "client/v2/exact-eip3009/header",
            "sends a v2 payment in PAYMENT-SIGNATURE, in standard base64",
            "transports-v2/http.md (PAYMENT-SIGNATURE); docs/protocol/transport.md §2.1, §2.2, §2.4",
            "The paid request has PAYMENT-SIGNATURE (not X-PAYMENT), standard padded base64 of an x402Version 2 PaymentPayload.",
            Must,
            [V2, PaymentHeader],
            &[],
            ClientCheck::Header(Scenario::V2Usdc)
        ),
        client_case!(
            "client/v2/exact-eip3009/signature-domain",
            "signs for the offer's EIP-712 domain",
            "EIP-712, EIP-3009; exact EVM scheme (domain from extra.name/version, chainId, asset); docs/protocol/evm.md §4.2",
            "The EIP-3009 signature recovers to authorization.from over the domain {extra.name, extra.version, chain id of the network, asset} and is low-s.",
            Must,
            [V2, Eip3009],
            &[],
            ClientCheck::SignatureDomain
        ),
        client_case!(
            "client/v2/exact-eip3009/amount-payto-asset-network",
            "pays exactly the offered amount, to payTo, in the asset, on the network",
            "x402 v2 exact: value equals amount; docs/protocol/evm.md §4.2 steps 3, 5, 8",
            "authorization.to = payTo, authorization.value = amount, and accepted names the offer's scheme, network, amount, asset and payTo.",
            Must,
            [V2, Eip3009],
            &[],
            ClientCheck::Fields
        ),
        client_case!(
            "client/v2/exact-eip3009/validity-window",
            "signs a validity window open now and closing within maxTimeoutSeconds",
            "x402 v2 §5.1.2 maxTimeoutSeconds; docs/protocol/evm.md §4.2, §4.7",
            "validAfter <= now and now + 6 s <= validBefore <= now + maxTimeoutSeconds (plus 5 s and --skew of slack).",
            Must,
            [V2, Eip3009],
            GO_WINDOW,
            ClientCheck::Window
        ),
        client_case!(
            "client/v2/exact-eip3009/nonce-fresh",
            "uses a fresh nonce for every payment",
            "EIP-3009 (nonces are single use); docs/protocol/evm.md §4.2",
            "Run twice, the client signs two different, non-zero 32-byte nonces (this case runs the client twice).",
            Must,
            [V2, Eip3009],
            &[],
            ClientCheck::NonceFresh
        ),
        client_case!(
            "client/v2/exact-eip3009/accepted-echo",
            "echoes the chosen offer as accepted, unknown members included",
            "x402 v2 §5.2 (accepted); docs/protocol/wire.md §1.5, docs/protocol/transport.md §2.4 (TS servers deep-compare accepted)",
            "accepted deep-equals the offer as sent, including an unknown extra member (extra.xConformance).",
            Must,
            [V2, PaymentHeader],
            &[],
            ClientCheck::EchoEqual
        ),
        client_case!(
            "client/v2/exact-eip3009/accepted-echo-bytes",
            "echoes the chosen offer byte for byte",
            "docs/protocol/wire.md §1.5, docs/protocol/overview.md §9 (preserve echoed objects)",
            "The JSON text of accepted is byte-identical to the offer's text in PAYMENT-REQUIRED.",
            Should,
            [V2, PaymentHeader],
            ECHO_BYTES_REMARSHAL,
            ClientCheck::EchoBytes
        ),
        client_case!(
            "client/v1/exact-eip3009/pays",
            "pays a v1 exact offer with a payment that verifies",
            "x402 v1 §5, §6 (exact EVM); docs/protocol/wire.md §1.6, docs/protocol/transport.md §2.4",
            "The client answers the v1 402 body with X-PAYMENT carrying a v1 payment (scheme, network name, value = maxAmountRequired) that x402-spec verifies, so the endpoint answers 200.",
            Must,
            [V1, Eip3009, Paid],
            &[],
            ClientCheck::Pays(Scenario::V1Usdc)
        ),
        client_case!(
            "client/v1/exact-eip3009/header",
            "sends a v1 payment in X-PAYMENT",
            "transports-v1/http.md (X-PAYMENT); docs/protocol/transport.md §2.1, §2.4",
            "The paid request has X-PAYMENT (not PAYMENT-SIGNATURE), standard padded base64 of an x402Version 1 PaymentPayload.",
            Must,
            [V1, PaymentHeader],
            &[],
            ClientCheck::Header(Scenario::V1Usdc)
        ),
        client_case!(
            "client/v2/mixed-offers/skips-unsupported",
            "skips offers with unknown schemes and networks and pays the supported one",
            "x402 v2 §5.1 (accepts: the client picks one it supports); docs/protocol/transport.md §2.7",
            "Offered [unknown scheme on eip155:84532, cosmos:cosmoshub-4, solana mainnet, exact USDC on eip155:84532], the client pays the fourth.",
            Must,
            [V2, Selection],
            &[],
            ClientCheck::SkipsUnsupported
        ),
        client_case!(
            "client/v2/over-limit/no-payment",
            "does not pay when the price exceeds its limit",
            "docs/protocol/transport.md §2.7 (client policies), TS spend controls (maxAmountPerPayment)",
            "Offered only a price above the client's maximum (--max-amount, exported as X402_CLIENT_MAX_AMOUNT), the client sends no payment.",
            Must,
            [V2, Selection],
            &[],
            ClientCheck::OverLimit
        ),
        client_case!(
            "client/v2/mixed-prices/within-limit",
            "chooses the offer within its limit",
            "docs/protocol/transport.md §2.7 (policies filter before the selector)",
            "Offered [a price above the limit, a price within it], the client pays the second.",
            Must,
            [V2, Selection],
            &[],
            ClientCheck::WithinLimit
        ),
        client_case!(
            "client/v2/settlement-failed/no-retry-loop",
            "does not loop after a failed settlement",
            "docs/protocol/transport.md §2.7 (one payment retry per request)",
            "When the paid request is answered 402 with a failed PAYMENT-RESPONSE, the client sends at most one more payment (two in all), then stops.",
            Must,
            [V2, Paid],
            &[],
            ClientCheck::NoRetryLoop
        ),
        client_case!(
            "client/v2/exact-permit2/pays",
            "pays a v2 exact Permit2 offer with a payment that verifies",
            "exact EVM scheme, assetTransferMethod permit2; docs/protocol/evm.md §4.3",
            "The client pays the Permit2 offer with a permit2Authorization (spender = the x402 exact proxy, witness.to = payTo) that x402-spec verifies off-chain, so the endpoint answers 200.",
            Should,
            [V2, Permit2, Paid],
            &[],
            ClientCheck::Pays(Scenario::V2Permit2)
        ),
    ]
}

pub(super) fn scenario_of(check: ClientCheck) -> Scenario {
    match check {
        ClientCheck::Pays(s) | ClientCheck::Header(s) => s,
        ClientCheck::SkipsUnsupported => Scenario::V2Mixed,
        ClientCheck::OverLimit => Scenario::V2OverLimit,
        ClientCheck::WithinLimit => Scenario::V2MixedPrices,
        ClientCheck::NoRetryLoop => Scenario::V2SettleFails,
        _ => Scenario::V2Usdc,
    }
}

pub(super) async fn client_case(ctx: Ctx, check: ClientCheck) -> Verdict {
    let scenario = scenario_of(check);
    let Some(target) = ctx.config().client.clone() else {
        return Verdict::errored(
            "no client command configured (harness bug: the client role sets one)",
        );
    };
    if let Some(skip) = not_exercised(&target, check) {
        return skip;
    }
    if check == ClientCheck::OverLimit {
        // "Sends no payment" says nothing about a client that never pays (a v1-only client,
        // `true`, a client killed at the timeout): the same case first offers the plain price
        // within the limit, and the client must pay it (#13 §7).
        let control = match observe(&ctx, Scenario::V2Usdc, 1).await {
            Ok(o) => o,
            Err(v) => return v,
        };
        if control.attempts(0).is_empty() {
            return Verdict::skipped(format!(
                "not exercised: the control offer within the limit ({AMOUNT}) was not paid, so sending nothing over the limit shows no policy; {}",
                control.no_payment(0)
            ));
        }
        let obs = match observe(&ctx, scenario, 1).await {
            Ok(o) => o,
            Err(v) => return v,
        };
        let verdict = judge(&obs, check, ctx.config().profile, ctx.config().skew_secs);
        return if verdict.kind() == crate::case::VerdictKind::Passed {
            Verdict::passed(format!(
                "paid the control offer within the limit, then {}",
                verdict.message()
            ))
        } else {
            verdict
        };
    }
    let times = if check == ClientCheck::NonceFresh {
        2
    } else {
        1
    };
    let obs = match observe(&ctx, scenario, times).await {
        Ok(o) => o,
        Err(v) => return v,
    };
    judge(&obs, check, ctx.config().profile, ctx.config().skew_secs)
}

/// Why `check` cannot be exercised against `target`, from what the client declares: its
/// versions (`--versions`) and its spend limit (`--max-amount`, `--no-spend-limit`). x402 leaves
/// budgets to the client (docs/protocol/transport.md §2.7), and a v1-only client is not wrong
/// to ignore a v2 402, so these cases are skipped with the reason instead of failed.
pub fn not_exercised(target: &ClientTarget, check: ClientCheck) -> Option<Verdict> {
    let version = scenario_of(check).version();
    if !target.versions.contains(&version) {
        let declared: Vec<String> = target.versions.iter().map(u64::to_string).collect();
        return Some(Verdict::skipped(format!(
            "not exercised: an x402Version {version} case, and the client declares --versions {}",
            declared.join(",")
        )));
    }
    if matches!(check, ClientCheck::OverLimit | ClientCheck::WithinLimit) {
        match target.max_amount {
            None => {
                return Some(Verdict::skipped(
                    "not exercised: the client declares no spend limit (--no-spend-limit); x402 leaves budgets to the client",
                ));
            }
            Some(m) if m == U256::MAX => {
                return Some(Verdict::skipped(
                    "not exercised: --max-amount is the largest amount, so no price is over the limit",
                ));
            }
            Some(m) if m < U256::from(AMOUNT) => {
                return Some(Verdict::skipped(format!(
                    "not exercised: --max-amount is below the harness's price {AMOUNT}; raise it to run this case"
                )));
            }
            Some(_) => {}
        }
    }
    None
}

/// The judgement of one client case from what the endpoint observed.
pub fn judge(obs: &Observation, check: ClientCheck, profile: Profile, skew: u64) -> Verdict {
    let note = obs.runs.first().map(ClientRun::note).unwrap_or_default();
    let attempts = obs.attempts(0);
    match check {
        ClientCheck::OverLimit => {
            return if attempts.is_empty() {
                Verdict::passed(format!("no payment sent ({note})"))
            } else {
                Verdict::failed(format!(
                    "the client PAID {} time(s) although the only price exceeds its limit ({note})",
                    attempts.len()
                ))
            };
        }
        ClientCheck::NoRetryLoop => {
            return match attempts.len() {
                0 => Verdict::skipped(format!(
                    "precondition: the client pays (see client/v2/exact-eip3009/pays): {}",
                    obs.no_payment(0)
                )),
                1 | 2 => Verdict::passed(format!(
                    "{} payment(s) for a settlement that failed, then it stopped ({note})",
                    attempts.len()
                )),
                n => Verdict::failed(format!(
                    "{n} payments after failed settlements: a retry loop (at most one retry is expected; {note})"
                )),
            };
        }
        _ => {}
    }
    let Some(first) = attempts.first() else {
        return Verdict::failed(obs.no_payment(0));
    };
    match check {
        ClientCheck::Pays(scenario) => {
            let reply = obs.paid_replies(0).first().map(|r| r.status);
            if reply == Some(200) {
                return Verdict::passed(format!(
                    "{} verified by x402-spec, answered 200 ({note})",
                    first.header
                ));
            }
            let why = match (&first.payload, &first.verdict, first.matched) {
                (Err(e), _, _) => e.clone(),
                (_, _, None) if scenario.version() == 2 => {
                    "accepted deep-equals no offer".to_owned()
                }
                (_, Judgement::Refused(r), _) => format!("x402-spec refuses it: {r}"),
                (_, Judgement::Unparsable(e), _) => e.clone(),
                _ => format!(
                    "answered {}",
                    reply.map_or_else(|| "nothing".to_owned(), |s| s.to_string())
                ),
            };
            Verdict::failed(format!("the payment does not verify: {why} ({note})"))
        }
        ClientCheck::Header(scenario) => judge_header(first, scenario),
        ClientCheck::SignatureDomain => {
            let sig: Vec<String> = first
                .failed_checks()
                .into_iter()
                .filter(|(c, _)| {
                    matches!(
                        c,
                        Check::Eip3009(Eip3009Check::Signature)
                            | Check::Eip3009(Eip3009Check::SignatureMalleable)
                            | Check::Eip3009(Eip3009Check::Domain)
                            | Check::Permit2(Permit2Check::Signature)
                            | Check::Permit2(Permit2Check::SignatureMalleable)
                    )
                })
                .map(|(_, d)| d)
                .collect();
            match (&first.payload, sig.is_empty()) {
                (Err(e), _) => Verdict::failed(format!("the payment does not parse: {e}")),
                (_, true) => {
                    Verdict::passed("the signature recovers to from over the offer's domain")
                }
                (_, false) => Verdict::failed(sig.join("; ")),
            }
        }
        ClientCheck::Fields => {
            let bad: Vec<String> = first
                .failed_checks()
                .into_iter()
                .filter(|(c, _)| {
                    matches!(
                        c,
                        Check::Eip3009(Eip3009Check::Recipient)
                            | Check::Eip3009(Eip3009Check::Value)
                            | Check::Eip3009(Eip3009Check::Network)
                            | Check::Eip3009(Eip3009Check::Scheme)
                            | Check::Common(CommonCheck::AcceptedMismatch)
                            | Check::Common(CommonCheck::UnknownNetwork)
                    )
                })
                .map(|(_, d)| d)
                .collect();
            if let Err(e) = &first.payload {
                return Verdict::failed(format!("the payment does not parse: {e}"));
            }
            if bad.is_empty() {
                Verdict::passed("amount, payTo, asset and network as offered")
            } else {
                Verdict::failed(bad.join("; "))
            }
        }
        ClientCheck::Window => judge_window(first, profile, skew),
        ClientCheck::NonceFresh => {
            let second = obs.attempts(1);
            let Some(second) = second.first() else {
                return Verdict::failed(format!("second run: {}", obs.no_payment(1)));
            };
            match (first.nonce(), second.nonce()) {
                (Some(a), Some(b)) if a == b => Verdict::failed(format!(
                    "both runs signed the nonce {a}: a replayed authorization is refused by the token"
                )),
                (Some(a), Some(_)) if a.trim_start_matches("0x").bytes().all(|c| c == b'0') => {
                    Verdict::failed("the nonce is zero")
                }
                (Some(a), Some(b)) => Verdict::passed(format!("nonces {a} and {b}")),
                _ => Verdict::failed("a payment without a readable nonce"),
            }
        }
        ClientCheck::EchoEqual => match (first.accepted_raw(), first.matched) {
            (None, _) => Verdict::failed("no v2 accepted to compare"),
            (Some(_), Some(i)) => Verdict::passed(format!("accepted deep-equals offer #{i}")),
            (Some(raw), None) => Verdict::failed(format!(
                "accepted {} deep-equals no offer (a TS server answers \"No matching payment requirements\")",
                preview(raw.as_bytes(), 200)
            )),
        },
        ClientCheck::EchoBytes => match (first.accepted_raw(), first.matched) {
            (None, _) => Verdict::failed("no v2 accepted to compare"),
            (Some(raw), Some(_)) if raw == first.offered_raw => {
                Verdict::passed("accepted is byte-identical to the offer")
            }
            (Some(_), Some(_)) if matches!(profile, Profile::Go | Profile::Py) => {
                Verdict::passed(format!(
                    "accepted deep-equals the offer; the bytes differ, as the {profile} client's do"
                ))
            }
            (Some(raw), Some(_)) => Verdict::failed(format!(
                "accepted deep-equals the offer but is spelled differently: {} (offered {})",
                preview(raw.as_bytes(), 160),
                preview(first.offered_raw.as_bytes(), 160)
            )),
            (Some(raw), None) => Verdict::failed(format!(
                "accepted {} is not the offer",
                preview(raw.as_bytes(), 200)
            )),
        },
        ClientCheck::SkipsUnsupported | ClientCheck::WithinLimit => {
            let want = scenario_of(check).payable();
            match (first.matched, want) {
                (Some(i), Some(w)) if i == w => Verdict::passed(format!("paid offer #{i}")),
                (got, Some(w)) => Verdict::failed(format!(
                    "paid {} instead of offer #{w}",
                    got.map_or_else(
                        || "no offer (accepted matches none)".to_owned(),
                        |i| format!("offer #{i}")
                    )
                )),
                _ => Verdict::errored("scenario without a payable offer (catalogue bug)"),
            }
        }
        ClientCheck::OverLimit | ClientCheck::NoRetryLoop => {
            Verdict::errored("handled above (catalogue bug)")
        }
    }
}

pub(super) fn judge_header(a: &Attempt, scenario: Scenario) -> Verdict {
    let (want, other) = if scenario.version() == 2 {
        (PAYMENT_SIGNATURE, X_PAYMENT)
    } else {
        (X_PAYMENT, PAYMENT_SIGNATURE)
    };
    let mut problems = Vec::new();
    if a.header != want || a.both_headers {
        problems.push(format!(
            "the payment came in {}{}; an x402Version {} 402 is answered with {want}",
            a.header,
            if a.both_headers {
                format!(" (with {other} as well)")
            } else {
                String::new()
            },
            scenario.version()
        ));
    }
    if let Err(e) = &a.strict_decode {
        problems.push(format!(
            "the header is not standard padded base64 ({e}); Go and Python servers refuse it (docs/protocol/transport.md §2.2)"
        ));
    }
    match &a.payload {
        Err(e) => problems.push(e.clone()),
        Ok((_, p)) if p.version().number() != scenario.version() => problems.push(format!(
            "payload x402Version {} answers an x402Version {} offer",
            p.version().number(),
            scenario.version()
        )),
        Ok(_) => {}
    }
    if problems.is_empty() {
        Verdict::passed(format!(
            "{want}: standard base64, x402Version {}",
            scenario.version()
        ))
    } else {
        Verdict::failed(problems.join("; "))
    }
}

pub(super) fn judge_window(a: &Attempt, profile: Profile, skew: u64) -> Verdict {
    let Some((after, before)) = a.window() else {
        return Verdict::failed("the payment has no readable validity window");
    };
    let now = a.received;
    let limit = if profile == Profile::Go {
        3600
    } else {
        CLIENT_MAX_TIMEOUT
    };
    let mut problems = Vec::new();
    if after > now.saturating_add(skew) {
        problems.push(format!(
            "validAfter {after} is {} s in the future",
            after.saturating_sub(now)
        ));
    }
    if before < now.saturating_add(6).saturating_sub(skew) {
        problems.push(format!(
            "validBefore {before} leaves {} s; a facilitator needs at least 6 (docs/protocol/evm.md §4.7)",
            before.saturating_sub(now)
        ));
    }
    let upper = now
        .saturating_add(limit)
        .saturating_add(WINDOW_SLACK_SECS)
        .saturating_add(skew);
    if before > upper {
        problems.push(format!(
            "validBefore {before} is now + {} s, beyond maxTimeoutSeconds {limit}",
            before.saturating_sub(now)
        ));
    }
    if problems.is_empty() {
        Verdict::passed(format!(
            "validAfter now{}{} s, validBefore now + {} s",
            if after <= now { "-" } else { "+" },
            now.abs_diff(after),
            before.saturating_sub(now)
        ))
    } else {
        Verdict::failed(problems.join("; "))
    }
}

/// The command running this binary's built-in reference client.
pub fn reference_client_command(exe: &str, defects: &[String]) -> Vec<String> {
    let mut v = vec![
        exe.to_owned(),
        "reference-client".to_owned(),
        "{url}".to_owned(),
    ];
    for d in defects {
        v.push("--defect".to_owned());
        v.push(d.clone());
    }
    v
}
