//! The conformance harness's reading of what a target answers: a hostile facilitator or resource
//! server (any status, headers and body) and a hostile client (any payment header) must never
//! crash the harness; every judge returns a verdict with a message.
#![no_main]

use std::time::{Duration, SystemTime};

use arbitrary::Arbitrary;
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use x402_conformance::cases::client::{Scenario, evaluate, offers};
use x402_conformance::cases::facilitator::malformed::{
    Endpoint, Input, judge_rejected, judge_status,
};
use x402_conformance::cases::facilitator::payments::{
    Judge, go_error_of, go_reason_of, judge_reason, judge_refused,
};
use x402_conformance::cases::response_of;
use x402_conformance::cases::server::{
    BadHeader, judge_bad_refused, judge_bad_status, read_required,
};
use x402_conformance::http::{Exchange, RecordedRequest, Response};
use x402_conformance::loopback::handler::HttpRequest;
use x402_conformance::profile::Profile;

#[derive(Debug, Arbitrary)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    truncated: bool,
    selector: u8,
}

const PROFILES: [Profile; 4] = [Profile::Strict, Profile::Ts, Profile::Go, Profile::Py];
const INPUTS: [Input; 9] = [
    Input::MalformedJson,
    Input::EmptyBody,
    Input::JsonArray,
    Input::MissingPaymentPayload,
    Input::MissingPaymentRequirements,
    Input::VersionAsString,
    Input::UnknownVersion,
    Input::OversizedBody,
    Input::DeeplyNestedJson,
];
const SCENARIOS: [Scenario; 4] = [
    Scenario::V2Usdc,
    Scenario::V2Permit2,
    Scenario::V1Usdc,
    Scenario::V2Mixed,
];

fn pick<T: Copy, const N: usize>(all: &[T; N], i: u8) -> T {
    all[usize::from(i) % N]
}

fuzz_target!(|a: Answer| {
    let response = Response {
        status: a.status,
        headers: a.headers.clone(),
        body: Bytes::from(a.body.clone()),
        truncated: a.truncated,
    };
    let ex = Exchange {
        request: RecordedRequest {
            method: "POST".to_owned(),
            url: "http://127.0.0.1:1/verify".to_owned(),
            headers: Vec::new(),
            body: Bytes::new(),
        },
        response: Ok(response.clone()),
        elapsed: Duration::from_millis(1),
    };
    let s = a.selector;
    let ep = if s & 1 == 0 {
        Endpoint::Verify
    } else {
        Endpoint::Settle
    };
    let judge = if s & 2 == 0 {
        Judge::Payment
    } else {
        Judge::Request
    };
    let profile = pick(&PROFILES, s >> 2);

    let _ = ex.summary();
    let _ = response_of(&ex);
    let _ = response.json();
    let _ = response.media_type();
    if let Some(e) = go_error_of(&response) {
        let _ = go_reason_of(&e);
    }
    let _ = read_required(&response);
    for v in [
        judge_refused(ep, judge, &ex, profile),
        judge_reason(ep, &ex, &["invalid_exact_evm_signature"], s & 0x10 != 0),
        judge_rejected(ep, pick(&INPUTS, s), &ex),
        judge_status(ep, pick(&INPUTS, s >> 1), &ex, profile),
        judge_bad_refused(pick(&BadHeader::ALL, s), &ex, profile),
        judge_bad_status(pick(&BadHeader::ALL, s >> 3), &ex, profile),
    ] {
        let _ = v.message();
    }

    // The client role: the fuzzed headers are what a hostile client sent with its retry.
    let request = HttpRequest {
        method: "GET".to_owned(),
        target: "/paid".to_owned(),
        headers: a
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .collect(),
        body: Bytes::from(a.body),
        received_at: SystemTime::UNIX_EPOCH,
    };
    let offered = offers(
        pick(&SCENARIOS, s),
        "http://127.0.0.1:1/paid",
        "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
        alloy_primitives::U256::from(10_000u64),
    );
    let _ = evaluate(&request, &offered, 1_740_672_100);
});
