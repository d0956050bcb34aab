use super::*;
use x402_spec::evm::LocalSigner;
use x402_spec::primitives::EvmAddress;

const NOW: u64 = 1_750_000_000;

fn all_families() -> Vec<&'static Family> {
    FAMILIES.iter().collect()
}

fn target(m: VersionedMechanism) -> PayTarget {
    PayTarget {
        mechanism: m,
        network: if m == VersionedMechanism::V1Eip3009 {
            "base-sepolia"
        } else {
            "eip155:84532"
        }
        .to_owned(),
        chain_id: 84532,
        asset: EvmAddress::parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e").unwrap(),
        domain: Some(("USDC".to_owned(), "2".to_owned())),
        pay_to: EvmAddress::new(crate::ctx::DEFAULT_PAY_TO),
        amount: U256::from(AMOUNT),
        facilitator: Some(EvmAddress::parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").unwrap()),
        pay_to_text: None,
        asset_text: None,
    }
}

/// Every family's payment is judged by x402-spec exactly as the catalogue expects: the
/// first failed rule has the first expected code, and boundary payments verify.
#[test]
fn families_fail_x402_spec_with_the_expected_code() {
    let payer =
        LocalSigner::from_bytes(&crate::reference::facilitator::REFERENCE_PAYER_KEY).unwrap();
    let policy = Policy::default().with_signers(vec![
        EvmAddress::parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").unwrap(),
    ]);
    for fam in all_families() {
        let mut p = Payment::build(&target(fam.mechanism), &payer, NOW, [5; 32]).unwrap();
        p.vary(fam.variation, NOW, 0, &payer).unwrap();
        let rejection = p
            .request()
            .ok()
            .and_then(|r| verify_request(&r, NOW, &policy).err());
        if let (Expect::Invalid(reason), Some(rej)) = (&fam.expect, &rejection)
            && let Some(rule) = reason.rule()
        {
            assert_eq!(
                rej.first().check,
                rule,
                "{:?}/{:?}: the row names {rule:?}, x402-spec fails {:?} first",
                fam.mechanism,
                fam.variation,
                rej.first().check
            );
        }
        let outcome = p.request().map_err(|e| e.to_string()).and_then(|r| {
            verify_request(&r, NOW, &policy).map_err(|e| e.reason().as_str().to_owned())
        });
        match &fam.expect {
            Expect::Valid => assert!(outcome.is_ok(), "{fam:?}: {outcome:?}"),
            Expect::Invalid(_) if fam.variation == Variation::UnfundedPayer => {
                // Every rule passes; the balance is an on-chain obligation of the verdict.
                let ok = verify_request(&p.request().unwrap(), NOW, &policy).unwrap();
                let x402_spec::verify::VerifiedPayment::Evm(vp) = ok else {
                    panic!("{fam:?}: not an EVM payment")
                };
                assert!(
                    vp.onchain
                        .iter()
                        .any(|c| c.kind == x402_spec::verify::evm::OnchainCheckKind::Balance),
                    "{fam:?}"
                );
            }
            Expect::Invalid(reason) => {
                let err = outcome.unwrap_err();
                assert!(
                    reason.codes().iter().any(|c| err.contains(c.as_str())),
                    "{:?}/{:?}: expected {}, x402-spec said {err}",
                    fam.mechanism,
                    fam.variation,
                    reason.codes()[0]
                );
            }
            Expect::Either => panic!("{fam:?}: the strict expectation is never Either"),
        }
    }
}

/// Under an SDK profile, every refused family has the SDK's spelling from x402-spec's
/// replay of that SDK's check order (the TS high-s case differs between verify and settle).
#[test]
fn sdk_profiles_name_a_spelling_for_every_refused_family() {
    let payer =
        LocalSigner::from_bytes(&crate::reference::facilitator::REFERENCE_PAYER_KEY).unwrap();
    for fam in all_families() {
        let mut p = Payment::build(&target(fam.mechanism), &payer, NOW, [6; 32]).unwrap();
        p.vary(fam.variation, NOW, 0, &payer).unwrap();
        for profile in [Profile::Ts, Profile::Go, Profile::Py] {
            let Expect::Invalid(_) = fam.expect_under(profile) else {
                assert!(
                    (matches!(fam.expect, Expect::Valid)
                        || fam.variation == Variation::VersionMismatch
                        || matches!(
                            fam.variation,
                            Variation::SignedAmountSpelled(_) | Variation::RequiredAmountSpelled(_)
                        )),
                    "{fam:?}"
                );
                continue;
            };
            if let Expect::Invalid(Reason::AnyOf(_)) = fam.expect_under(profile) {
                // Judged as any spelling of its codes, not by replaying a check order.
                continue;
            }
            for ep in [Endpoint::Verify, Endpoint::Settle] {
                let got = sdk_reason(&p, ep, profile, NOW);
                if matches!(fam.variation, Variation::SignedAmountSpelled(_))
                    && got.as_ref().err().map(Verdict::kind)
                        == Some(crate::case::VerdictKind::Skipped)
                {
                    // The SDK has no reason for an amount it cannot read (it throws, or reports
                    // it under another rule): the reason case is skipped, the refusal judged.
                    continue;
                }
                if matches!(fam.variation, Variation::Version3 | Variation::Version99) {
                    // No SDK check order to replay: x402-spec refuses the body before any rule,
                    // so the reason case is skipped under an SDK profile (not passed).
                    let skipped = got.as_ref().err().map(Verdict::kind);
                    assert_eq!(
                        skipped,
                        Some(crate::case::VerdictKind::Skipped),
                        "{fam:?} {profile} {ep:?}: {got:?}"
                    );
                } else {
                    assert!(got.is_ok(), "{fam:?} {profile} {ep:?}: {got:?}");
                }
            }
        }
    }
    let mut high =
        Payment::build(&target(VersionedMechanism::V2Eip3009), &payer, NOW, [7; 32]).unwrap();
    high.vary(Variation::HighS, NOW, 0, &payer).unwrap();
    assert_eq!(
        sdk_reason(&high, Endpoint::Verify, Profile::Ts, NOW).unwrap(),
        vec!["invalid_exact_evm_transaction_simulation_failed"]
    );
    assert_eq!(
        sdk_reason(&high, Endpoint::Settle, Profile::Ts, NOW).unwrap(),
        vec!["invalid_exact_evm_signature"]
    );
    // Python 2.25: v1 keeps the simulation failure, v2 diagnoses the revert as a bad signature;
    // its settle broadcasts and answers the reverted receipt (measured in the interop lane).
    assert_eq!(
        sdk_reason(&high, Endpoint::Verify, Profile::Py, NOW).unwrap(),
        vec![
            "invalid_exact_evm_transaction_simulation_failed",
            "invalid_exact_evm_payload_signature"
        ]
    );
    assert_eq!(
        sdk_reason(&high, Endpoint::Settle, Profile::Py, NOW).unwrap(),
        vec!["transaction_failed"]
    );
    let scheme = Family::of_case("facilitator/verify/v2-eip3009/scheme-mismatch/reason").unwrap();
    assert_eq!(
        super::bodies::pinned_rule(scheme, Profile::Py),
        Some(Check::Upto(UptoCheck::Format)),
        "Python routes by accepted.scheme to its upto scheme"
    );
    assert_eq!(super::bodies::pinned_rule(scheme, Profile::Ts), None);
    assert!(sdk_reason(&high, Endpoint::Verify, Profile::Strict, NOW).is_err());
    let version =
        Family::of_case("facilitator/verify/v2-eip3009/version-mismatch/rejected").unwrap();
    assert_eq!(
        version.expect_under(Profile::Ts),
        &Expect::Valid,
        "the SDKs ignore the top-level x402Version"
    );
    assert_eq!(
        go_reason_of("invalid_exact_evm_signature: bad"),
        "invalid_exact_evm_signature"
    );
}

#[test]
fn catalogue_shape() {
    let c = cases();
    assert!(c.len() > 100, "{}", c.len());
    let funded: Vec<_> = c
        .iter()
        .filter(|c| c.needs.contains(Needs::SETTLEMENT))
        .collect();
    assert!(funded.iter().all(|c| c.needs.contains(Needs::FUNDED_PAYER)));
    assert!(
        c.iter()
            .filter(|c| c.id.ends_with("/reason"))
            .all(|c| c.level == Level::Should)
    );
}

fn ex(status: u16, body: &str) -> Exchange {
    Exchange {
        request: crate::http::RecordedRequest {
            method: "POST".into(),
            url: "u".into(),
            headers: vec![],
            body: bytes::Bytes::new(),
        },
        response: Ok(crate::http::Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: bytes::Bytes::from(body.to_owned()),
            truncated: false,
        }),
        elapsed: std::time::Duration::ZERO,
    }
}

#[test]
fn refusal_and_reason_judgements() {
    use crate::case::VerdictKind::*;
    let k =
        |s, b| judge_refused(Endpoint::Verify, Judge::Payment, &ex(s, b), Profile::Strict).kind();
    assert_eq!(
        k(
            200,
            r#"{"isValid":false,"invalidReason":"invalid_exact_evm_signature"}"#
        ),
        Passed
    );
    // Unreadable refusals are MUST failures (docs/conformance.md "Levels"): no reason, a reason
    // in no vocabulary (upper-case renaming, an error text), a snake_case reason member.
    for body in [
        r#"{"isValid":false}"#,
        r#"{"isValid":false,"invalidReason":""}"#,
        r#"{"isValid":false,"invalidReason":"x"}"#,
        r#"{"isValid":false,"invalidReason":"INVALID_EXACT_EVM_SIGNATURE"}"#,
        r#"{"isValid":false,"invalid_reason":"invalid_exact_evm_signature"}"#,
    ] {
        assert_eq!(k(200, body), Failed, "{body}");
    }
    // An SDK alias and a code with detail text after it are readable.
    assert_eq!(
        k(
            200,
            r#"{"isValid":false,"invalidReason":"invalid_exact_evm_payload_signature"}"#
        ),
        Passed
    );
    assert_eq!(
        k(
            200,
            r#"{"isValid":false,"invalidReason":"invalid_exact_evm_transaction_failed: reverted"}"#
        ),
        Passed
    );
    // The reason case then skips: one defect, one failure.
    assert_eq!(
        judge_reason(
            Endpoint::Verify,
            &ex(200, r#"{"isValid":false,"invalidReason":"NOPE"}"#),
            &["invalid_exact_evm_signature"],
            false
        )
        .kind(),
        Skipped
    );
    assert_eq!(k(200, r#"{"isValid":true}"#), Failed);
    assert_eq!(k(500, r#"{"isValid":false,"invalidReason":"x"}"#), Failed);
    assert_eq!(k(400, r#"{"isValid":false}"#), Failed);
    assert_eq!(k(200, r#"{"is_valid":false}"#), Failed);
    let r = judge_refused(
        Endpoint::Verify,
        Judge::Request,
        &ex(400, "{}"),
        Profile::Strict,
    );
    assert_eq!(r.kind(), Passed);
    // An unknown version: a 5xx is the SDKs' refusal under their profiles only.
    let v = |s, p| judge_refused(Endpoint::Verify, Judge::Version, &ex(s, "{}"), p).kind();
    assert_eq!(v(500, Profile::Ts), Passed);
    assert_eq!(v(500, Profile::Py), Passed);
    assert_eq!(v(500, Profile::Strict), Failed);
    assert_eq!(v(422, Profile::Strict), Passed);
    let s = |b| {
        judge_refused(
            Endpoint::Settle,
            Judge::Payment,
            &ex(200, b),
            Profile::Strict,
        )
        .kind()
    };
    assert_eq!(
        s(
            r#"{"success":false,"errorReason":"transaction_failed","transaction":"","network":"eip155:1"}"#
        ),
        Passed
    );
    assert_eq!(
        s(
            r#"{"success":false,"error_reason":"transaction_failed","transaction":"","network":"eip155:1"}"#
        ),
        Failed,
        "errorReason is required on a failed settlement"
    );
    assert_eq!(
        s(r#"{"success":false,"errorReason":"x","network":"eip155:1"}"#),
        Failed,
        "transaction is required"
    );
    let body = r#"{"isValid":false,"invalidReason":"invalid_exact_evm_signature"}"#;
    let want = &["invalid_exact_evm_payload_signature"];
    assert_eq!(
        judge_reason(Endpoint::Verify, &ex(200, body), want, false).kind(),
        Passed
    );
    let strict = judge_reason(Endpoint::Verify, &ex(200, body), want, true);
    assert_eq!(strict.kind(), Failed);
    assert!(strict.message().contains("alias"), "{strict:?}");
    let canon = r#"{"isValid":false,"invalidReason":"invalid_exact_evm_payload_signature"}"#;
    assert_eq!(
        judge_reason(Endpoint::Verify, &ex(200, canon), want, true).kind(),
        Passed
    );
    let wrong = r#"{"isValid":false,"invalidReason":"insufficient_funds"}"#;
    let w = judge_reason(Endpoint::Verify, &ex(200, wrong), want, false);
    assert_eq!(w.kind(), Failed);
    assert!(w.message().contains("does not name"), "{w:?}");
}

/// The family table and the testkit's typed list of variations agree: every case id is
/// `…/<mechanism slug>/<variation id>/…`, and the expected outcome is the variation's rule
/// (valid for the boundary variations, `invalid_x402_version` for the version mismatch).
#[test]
fn families_agree_with_the_testkit_variations() {
    for fam in all_families() {
        let (m, v) = (fam.mechanism, fam.variation);
        let segment = format!("/{}/{}/", m.slug(), v.id(m));
        for id in fam.ids.all() {
            assert!(id.contains(&segment), "{id} does not contain {segment}");
        }
        match &fam.expect {
            Expect::Valid => assert!(v.is_valid(), "{segment}"),
            Expect::Invalid(Reason::AnyOf(codes)) => match v {
                Variation::RequiredAmountSpelled(_) => {
                    assert_eq!(v.check(m), None, "{segment}");
                    assert!(codes.contains(&ErrorCode::InvalidPaymentRequirements));
                }
                Variation::UnfundedPayer => {
                    assert_eq!(v.check(m), None, "{segment}");
                    assert_eq!(codes.first(), Some(&ErrorCode::InsufficientFunds));
                }
                _ => panic!("{segment}: AnyOf is for amounts in the requirements and balances"),
            },
            Expect::Invalid(Reason::Code(code)) => {
                assert!(
                    matches!(
                        v,
                        Variation::VersionMismatch | Variation::Version3 | Variation::Version99
                    ),
                    "{segment}"
                );
                assert_eq!(*code, ErrorCode::InvalidX402Version, "{segment}");
            }
            Expect::Invalid(reason) => {
                assert_eq!(reason.rule(), v.check(m), "{segment}");
                assert!(reason.rule().is_some(), "{segment}");
            }
            Expect::Either => panic!("{segment}: the strict expectation is never Either"),
        }
    }
}

/// A family whose SDK profile tolerates acceptance still judges a refusal as the family does:
/// a malformed amount may be refused with a 4xx (or, under an SDK profile, the SDK's 5xx), an
/// invalid payment may not.
#[test]
fn either_judges_refusals_with_the_familys_judge() {
    use crate::case::VerdictKind::*;
    let payer =
        LocalSigner::from_bytes(&crate::reference::facilitator::REFERENCE_PAYER_KEY).unwrap();
    let p = Payment::build(
        &target(VersionedMechanism::V2Eip3009),
        &payer,
        NOW,
        [14; 32],
    )
    .unwrap();
    let bad = r#"{"isValid":false,"invalidReason":"invalid_payload"}"#;
    let cfg = crate::ctx::RunConfig::new("http://127.0.0.1:9");
    let client = crate::http::HttpClient::new(&cfg.target, cfg.timeout, 1024).unwrap();
    let ctx = Ctx::new(cfg, client, None);
    let k = |judge, status, profile| {
        judge_either(&ctx, Endpoint::Verify, judge, &ex(status, bad), &p, profile).kind()
    };
    assert_eq!(k(Judge::Malformed, 400, Profile::Go), Passed);
    assert_eq!(k(Judge::Payment, 400, Profile::Py), Failed);
    assert_eq!(k(Judge::Malformed, 500, Profile::Ts), Passed);
    assert_eq!(k(Judge::Malformed, 500, Profile::Strict), Failed);
    assert_eq!(k(Judge::Malformed, 200, Profile::Py), Passed);
    let accepted = format!(r#"{{"isValid":true,"payer":"{}"}}"#, payer.address());
    assert_eq!(
        judge_either(
            &ctx,
            Endpoint::Verify,
            Judge::Malformed,
            &ex(200, &accepted),
            &p,
            Profile::Ts
        )
        .kind(),
        Passed
    );
    // Without a tolerance, an acceptance of a malformed amount is a failure.
    assert_eq!(
        judge_refused(
            Endpoint::Verify,
            Judge::Malformed,
            &ex(200, &accepted),
            Profile::Strict
        )
        .kind(),
        Failed
    );
}
