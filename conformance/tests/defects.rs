//! Mutation testing of the suite: the clean reference facilitator passes every case (all levels,
//! none skipped), and every seeded defect is caught by at least one MUST or SHOULD case —
//! including the case designed for it — while the cases unrelated to it keep passing.
//!
//! Everything runs in-process on 127.0.0.1 with a bounded request timeout; the whole file takes
//! well under a minute in a debug build on two cores.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use alloy_primitives::U256;
use x402_conformance::case::{Case, Level, VerdictKind};
use x402_conformance::cases::catalogue;
use x402_conformance::ctx::{Ctx, RunConfig};
use x402_conformance::http::HttpClient;
use x402_conformance::loopback::{LoopbackServer, ServerOptions};
use x402_conformance::reference::defects::Defect;
use x402_conformance::reference::facilitator::{REFERENCE_PAYER_KEY, ReferenceBackend};
use x402_conformance::runner::{CaseResult, run_cases};
use x402_conformance::secret::{KeySource, PayerKey};
use x402_spec::evm::LocalSigner;

const TIMEOUT: Duration = Duration::from_secs(2);

/// Runs the whole catalogue, strict, against a reference with `defects`.
async fn run_suite(defects: &[Defect]) -> Vec<CaseResult> {
    let payer = LocalSigner::from_bytes(&REFERENCE_PAYER_KEY).unwrap();
    let set: BTreeSet<Defect> = defects.iter().copied().collect();
    let backend = ReferenceBackend::new(payer.address(), set).unwrap();
    let options = ServerOptions {
        max_hang: Duration::from_secs(5),
        ..ServerOptions::default()
    };
    let server = LoopbackServer::start("127.0.0.1:0".parse().unwrap(), Arc::new(backend), options)
        .await
        .unwrap();
    let url = server.url();
    let mut cfg = RunConfig::new(&url);
    cfg.timeout = TIMEOUT;
    cfg.concurrency = 8;
    cfg.strict = true;
    cfg.allow_settlement = true;
    cfg.max_spend = U256::from(10u64).pow(U256::from(18u8));
    cfg.rpc_urls.insert("*", format!("{url}/rpc"));
    cfg.payer_key = Some(Arc::new(
        PayerKey::from_bytes(REFERENCE_PAYER_KEY, KeySource::ReferenceTestKey).unwrap(),
    ));
    let client = HttpClient::new(&url, TIMEOUT, cfg.body_cap).unwrap();
    let snapshot = client.get("/supported").await;
    let root = Ctx::new(cfg, client, Some(snapshot));
    let all = catalogue();
    let refs: Vec<&Case> = all.iter().collect();
    let results = run_cases(&root, &refs, &mut |_, _, _| {}).await;
    server.shutdown().await;
    results
}

fn caught(results: &[CaseResult]) -> Vec<&CaseResult> {
    results
        .iter()
        .filter(|r| matches!(r.level, Level::Must | Level::Should))
        .filter(|r| matches!(r.verdict.kind(), VerdictKind::Failed | VerdictKind::Errored))
        .collect()
}

/// The case each defect was designed against.
fn designed_catcher(d: Defect) -> &'static str {
    match d {
        Defect::SkipSignatureCheck => "facilitator/verify/v2-eip3009/wrong-signer/rejected",
        Defect::AcceptOverpayment => "facilitator/verify/v2-eip3009/amount-over/rejected",
        Defect::IgnoreValidBefore => "facilitator/verify/v2-eip3009/valid-before-expired/rejected",
        Defect::NoTimeBuffer => "facilitator/verify/v2-eip3009/valid-before-in-buffer/rejected",
        Defect::IgnoreRecipient => "facilitator/verify/v2-eip3009/recipient/rejected",
        Defect::AcceptReplay => "facilitator/settle/v2-eip3009/replay/refused",
        Defect::Http500OnInvalid => "facilitator/verify/v2-eip3009/wrong-signer/rejected",
        Defect::RenameReasonCodes => "facilitator/verify/v2-eip3009/wrong-signer/reason",
        Defect::OmitPayer => "facilitator/verify/v2-eip3009/valid/accepted",
        Defect::SnakeCaseErrorReason => "facilitator/verify/v2-eip3009/valid/accepted",
        Defect::AcceptHighS => "facilitator/verify/v2-eip3009/high-s/rejected",
        Defect::HangOnMalformed => "facilitator/verify/malformed-json/rejected",
        Defect::SettleWithoutVerification => "facilitator/settle/v2-eip3009/wrong-signer/rejected",
        Defect::UptoChargesMaximum => "facilitator/settle/v2-upto/valid/settled",
        Defect::CrashOnDeepNesting => "facilitator/verify/deeply-nested-json/rejected",
        Defect::UnknownVersionAsV2 => "facilitator/verify/v2-eip3009/version-3/rejected",
        Defect::AnyConfiguredChain => "facilitator/verify/v2-eip3009/domain-chain-id-8453/rejected",
        Defect::StringCompareAddresses => {
            "facilitator/verify/v2-eip3009/lowercase-addresses/accepted"
        }
        Defect::TrustEchoedAsset => "facilitator/settle/v2-eip3009/wrong-asset/rejected",
        Defect::SettleOnVerify => "facilitator/verify/v2-eip3009/read-only/unchanged",
        Defect::SettlementNonceRace => {
            "facilitator/settle/v2-eip3009/concurrent/distinct-transactions"
        }
        Defect::OmitReason => "facilitator/verify/v2-eip3009/wrong-signer/rejected",
        Defect::InventReasonCodes => "facilitator/settle/v2-eip3009/wrong-signer/rejected",
        Defect::AdvertiseUnverifiedV1 => "facilitator/verify/advertised-kinds/structured",
        Defect::LenientAmountParsing => {
            "facilitator/verify/v2-eip3009/signed-amount-leading-zero/rejected"
        }
        Defect::IgnoreBalance => "facilitator/verify/v2-eip3009/unfunded-payer/rejected",
        _ => panic!("no designed catcher for {d}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clean_reference_passes_everything_and_every_defect_is_caught() {
    let start = Instant::now();
    let clean = run_suite(&[]).await;
    let not_passed: Vec<String> = clean
        .iter()
        .filter(|r| r.verdict.kind() != VerdictKind::Passed)
        .map(|r| format!("{} {}: {}", r.verdict.kind(), r.id, r.verdict.message()))
        .collect();
    assert!(
        not_passed.is_empty(),
        "the clean reference must pass 100 % of the cases (none skipped):\n{}",
        not_passed.join("\n")
    );
    assert_eq!(clean.len(), catalogue().len());

    let mut table = String::from("defect → catching MUST/SHOULD cases (strict run)\n");
    for d in Defect::ALL {
        let results = run_suite(&[d]).await;
        let hits = caught(&results);
        assert!(
            !hits.is_empty(),
            "defect {d} was not caught by any MUST or SHOULD case"
        );
        let designed = designed_catcher(d);
        assert!(
            hits.iter().any(|r| r.id == designed),
            "defect {d} was not caught by {designed}; caught by: {:?}",
            hits.iter().map(|r| r.id).collect::<Vec<_>>()
        );
        // Exactly one behaviour changes: /supported is untouched, and only the transport defect
        // affects the malformed-request cases.
        for r in &hits {
            assert!(
                !r.id.starts_with("facilitator/supported/"),
                "{d} broke {}",
                r.id
            );
            if d == Defect::CrashOnDeepNesting {
                // After the crash every later case is errored; checked in its own test.
                break;
            }
            if d != Defect::HangOnMalformed && d != Defect::Http500OnInvalid {
                assert!(
                    !r.tags.contains(&x402_conformance::case::Tag::Robustness),
                    "{d} broke the malformed-request case {}",
                    r.id
                );
            }
        }
        let musts = hits.iter().filter(|r| r.level == Level::Must).count();
        let shoulds = hits.len() - musts;
        table.push_str(&format!(
            "  {:<28} {:>3} MUST {:>3} SHOULD   e.g. {}\n",
            d.name(),
            musts,
            shoulds,
            designed
        ));
    }
    eprintln!("{table}");
    eprintln!("took {:?}", start.elapsed());
}

/// A target that dies mid-run is one finding: the case whose request killed it fails with that
/// cause, and every case the outage decided is errored "not run" / "not judged", not failed with
/// 170 refused connections (issue #13 §5).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_that_dies_is_reported_once_at_the_case_that_killed_it() {
    let results = run_suite(&[Defect::CrashOnDeepNesting]).await;
    let culprit: Vec<&CaseResult> = results
        .iter()
        .filter(|r| {
            r.verdict
                .message()
                .contains("this case's request is the last one")
        })
        .collect();
    assert_eq!(
        culprit.len(),
        1,
        "exactly one case is named as the cause: {:?}",
        culprit.iter().map(|r| r.id).collect::<Vec<_>>()
    );
    let culprit = culprit[0];
    assert!(
        culprit.id.ends_with("/deeply-nested-json/rejected")
            || culprit.id.ends_with("/deeply-nested-json/status"),
        "the cause is a deeply nested request, not {}",
        culprit.id
    );
    assert_eq!(culprit.verdict.kind(), VerdictKind::Failed);
    let failed_otherwise: Vec<String> = results
        .iter()
        .filter(|r| r.id != culprit.id && r.verdict.kind() == VerdictKind::Failed)
        .map(|r| format!("{}: {}", r.id, r.verdict.message()))
        .collect();
    assert!(
        failed_otherwise.is_empty(),
        "no other case fails because of the crash:\n{}",
        failed_otherwise.join("\n")
    );
    let decided = results
        .iter()
        .filter(|r| {
            r.verdict.kind() == VerdictKind::Errored
                && (r.verdict.message().starts_with("not run: ")
                    || r.verdict.message().starts_with("not judged: "))
        })
        .count();
    assert!(
        decided >= 3,
        "the hostile cases after the crash are errored with the outage as reason ({decided})"
    );
    // The crashers run last, so everything else was judged before the target died.
    let ordinary_not_passed: Vec<&str> = results
        .iter()
        .filter(|r| !r.tags.contains(&x402_conformance::case::Tag::Hostile))
        .filter(|r| r.verdict.kind() != VerdictKind::Passed)
        .map(|r| r.id)
        .collect();
    assert!(
        ordinary_not_passed.is_empty(),
        "cases that are not hostile ran before the crash and pass: {ordinary_not_passed:?}"
    );
}

/// Settling requests go one at a time by default (issue #13 §1, §7): a facilitator whose signer
/// has no nonce manager fails only the case that overlaps settlements on purpose, not the
/// unrelated settle cases.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_settlement_nonce_race_fails_only_the_concurrency_case() {
    let results = run_suite(&[Defect::SettlementNonceRace]).await;
    let hits: Vec<&str> = caught(&results).iter().map(|r| r.id).collect();
    assert_eq!(
        hits,
        vec!["facilitator/settle/v2-eip3009/concurrent/distinct-transactions"],
        "only the concurrency case may see the race"
    );
    let concurrent = results
        .iter()
        .find(|r| r.id == "facilitator/settle/v2-eip3009/concurrent/distinct-transactions")
        .unwrap();
    assert_eq!(concurrent.level, Level::Must);
    assert!(
        concurrent
            .verdict
            .message()
            .contains("overlapping settlements failed"),
        "{}",
        concurrent.verdict.message()
    );
}
