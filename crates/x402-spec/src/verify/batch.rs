//! Verification of many requests on the threads of a rayon pool (feature `rayon`, off by
//! default: without it this crate starts no threads).

use rayon::prelude::*;

use super::{Policy, Rejection, VerifiedPayment, verify_request};
use crate::facilitator::FacilitatorRequest;

/// Verifies every request at the same `now` under the same `policy`, in parallel on the rayon
/// pool the call runs in (the global pool, or the one a `ThreadPool::install` chose), and
/// returns one result per request, in the order of `requests`.
///
/// Each result is the one [`verify_request`] gives for that request; only the scheduling
/// differs. Verification is pure, so the work splits without locks; the per-thread memo of
/// EIP-55 checks and domain separators fills once per worker thread.
///
/// ```
/// use x402_spec::verify::{Policy, verify_batch};
/// let results = verify_batch(&[], 1_740_672_100, &Policy::default());
/// assert!(results.is_empty());
/// ```
#[must_use]
pub fn verify_batch(
    requests: &[FacilitatorRequest],
    now: u64,
    policy: &Policy,
) -> Vec<Result<VerifiedPayment, Rejection>> {
    requests
        .par_iter()
        .map(|r| verify_request(r, now, policy))
        .collect()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// The docs/protocol/evm.md §4.9 EIP-3009 payment, signed by the Hardhat test key.
    const PAYLOAD: &str = r#"{"x402Version":2,"resource":{"url":"https://api.example.com/premium-data","description":"Access to premium market data","mimeType":"application/json"},"accepted":{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}},"payload":{"signature":"0xdc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b","authorization":{"from":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"10000","validAfter":"1740672089","validBefore":"1740672154","nonce":"0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480"}}}"#;
    const NOW: u64 = 1_740_672_100;

    /// Variant `k` of the golden payment: 0 valid, 1 wrong value, 2 other recipient, 3 a
    /// signature by nobody, 4 expired; `i` makes the nonce of the invalid ones distinct.
    fn request(k: usize, i: usize) -> FacilitatorRequest {
        let payload: Value = serde_json::from_str(PAYLOAD).unwrap();
        let mut doc = json!({ "x402Version": 2, "paymentRequirements": payload["accepted"].clone(), "paymentPayload": payload });
        let auth = "/paymentPayload/payload/authorization";
        match k {
            0 => {}
            1 => *doc.pointer_mut(&format!("{auth}/value")).unwrap() = json!(i.to_string()),
            2 => {
                *doc.pointer_mut(&format!("{auth}/to")).unwrap() =
                    json!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
            }
            3 => {
                *doc.pointer_mut(&format!("{auth}/nonce")).unwrap() = json!(format!("0x{i:064x}"));
            }
            _ => *doc.pointer_mut(&format!("{auth}/validBefore")).unwrap() = json!("1740672101"),
        }
        FacilitatorRequest::from_json(doc.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn same_results_as_sequential_verification_in_order() {
        // An irregular pattern, so that any reordering changes some position's result.
        let requests: Vec<_> = (0..97).map(|i| request(i * 7 % 11 % 5, i)).collect();
        let policy = Policy::default();
        let sequential: Vec<_> = requests
            .iter()
            .map(|r| verify_request(r, NOW, &policy))
            .collect();
        let valid = sequential.iter().filter(|r| r.is_ok()).count();
        assert!(
            valid > 0 && valid < requests.len(),
            "the batch mixes valid and invalid payments"
        );
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let parallel = pool.install(|| verify_batch(&requests, NOW, &policy));
        assert_eq!(parallel, sequential);
        assert_eq!(verify_batch(&requests, NOW, &policy), sequential);
    }
}
