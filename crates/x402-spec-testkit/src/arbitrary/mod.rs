//! [proptest](mod@proptest) strategies for every x402 wire type (moved here from x402-spec's
//! former `arbitrary` feature, so that the core library has no proptest dependency).
//!
//! Every strategy yields **valid** values: serializing one and parsing it back with the type's own
//! parser (`from_json`, `from_payload`, `from_extra`, `Extensions::get`, serde) succeeds and gives
//! an equal value. Edge cases get real weight rather than being left to chance: amounts `0`, `1`
//! and 2^256 − 1, `u64::MAX` timestamps and timeouts, the zero and all-`ff` addresses, Solana keys
//! with leading zero bytes (short base58), non-canonical CAIP-2 references such as `eip155:01`,
//! empty `extra` objects, absent optionals, and unknown fields whose keys need JSON Pointer
//! escaping (`""`, `"/"`, `"~"`).
//!
//! Besides the per-type strategies the module offers three document-level helpers used by the
//! round-trip and no-panic suites and by the conformance fuzzer:
//!
//! - [`json_text`] renders a JSON value as valid but non-canonical text (random white space, key
//!   order and `\u` escapes), for testing that [`Echoed`] re-emits what it received;
//! - [`evm_address_text`] spells an address in lowercase, uppercase or EIP-55;
//! - [`json_mutation`] applies one random structural mutation to a document (delete a key, change a
//!   value's JSON type, turn a number into a float or a string, truncate a string, set `null`).
//!
//! Floats generated inside arbitrary JSON have at most 13 significant digits and a small decimal
//! exponent so that they survive a text round trip exactly with `serde_json`'s default
//! (non-`float_roundtrip`) number parser.

use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};

use alloy_primitives::{B256, U256};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use x402_spec::assets::AssetTransferMethod;
use x402_spec::common::{
    AnyNetwork, Hex32, HexBytes, Scheme, TimeoutSeconds, Token, V1Network, X402Version,
};
use x402_spec::extensions::{
    BAZAAR, Bazaar, BazaarInfo, BazaarInput, BazaarOutput, EIP2612_GAS_SPONSORING,
    ERC20_APPROVAL_GAS_SPONSORING, Eip2612GasSponsoring, Eip2612GasSponsoringInfo,
    Erc20ApprovalGasSponsoring, Erc20ApprovalGasSponsoringInfo, ExtensionVersion, HttpInput,
    McpInput, PAYMENT_IDENTIFIER, PaymentId, PaymentIdentifier, PaymentIdentifierInfo,
    RouteTemplate,
};
use x402_spec::extra::{EvmExtra, Memo, SvmExtra};
use x402_spec::facilitator::{
    DiscoveryItem, DiscoveryResponse, FacilitatorRequest, LastUpdated, Pagination, Reason,
    RequestV1, RequestV2, SettleResponse, Signers, SupportedKind, SupportedResponse,
    VerifyResponse,
};
use x402_spec::primitives::{
    Address, Amount, DecimalU256, EvmAddress, Network, NetworkPattern, SolanaAddress,
    UnixTimestamp, V1_NETWORKS,
};
use x402_spec::schemes::{
    Base64Blob, Eip3009Authorization, ExactEip3009Payload, ExactPermit2Authorization,
    ExactPermit2Payload, ExactSvmPayload, ExactWitness, TokenPermissions, UptoPermit2Authorization,
    UptoPermit2Payload, UptoWitness,
};
use x402_spec::v2::{ExtensionEnvelope, Extensions, NonEmpty, ResourceInfo};
use x402_spec::wire::{Echoed, JsonObject, UnknownFields};
use x402_spec::{v1, v2};

// ---------------------------------------------------------------------------------------------
// Building wire objects from outside x402-spec

/// Builds a wire object of x402-spec from all of its fields, as an `Option`.
///
/// The wire structs are `#[non_exhaustive]`, so no struct literal outside x402-spec. The type's
/// own deserializer supplies an instance, from a document made of the same fields (`None` when it
/// refuses them), and then **every** field, `unknown` included, is assigned the generated value:
/// the result is exactly the fields given, whatever the parser would have kept or dropped, so the
/// round-trip properties still test the parser against independently built values.
///
/// `wire!(Type { "jsonKey" => field, "other" => field2: expr, ; unknown })`: each field is a
/// local of the same name or `field: expr`; the JSON key is the field's key on the wire. A
/// required field whose value may be JSON `null` is written `"key" => [null] field`: its `null`
/// goes into the document (elsewhere `null` means an absent optional and is left out).
macro_rules! wire {
    ($($ty:ident)::+ {
        $($json:literal => $([$null:ident])? $field:ident $(: $val:expr)?,)* ; $unknown:ident
    }) => {{
        $( let $field = wire!(@val $field $($val)?); )*
        let mut doc = JsonObject::new();
        $( wire!(@put doc, $json, &$field $(, $null)?); )*
        from_fields::<$($ty)::+>(doc).map(|mut out| {
            $( out.$field = $field; )*
            out.unknown = $unknown;
            out
        })
    }};
    (@val $field:ident) => { $field };
    (@val $field:ident $val:expr) => { $val };
    (@put $doc:ident, $json:literal, $v:expr) => { put(&mut $doc, $json, $v, false) };
    (@put $doc:ident, $json:literal, $v:expr, null) => { put(&mut $doc, $json, $v, true) };
}

/// Inserts `value` under `key`; a `null` only if `keep_null` (otherwise it is an absent optional).
fn put<T: Serialize>(doc: &mut JsonObject, key: &str, value: &T, keep_null: bool) {
    match serde_json::to_value(value) {
        Ok(Value::Null) if !keep_null => {}
        Ok(v) => {
            doc.insert(key.to_owned(), v);
        }
        Err(_) => {}
    }
}

/// How many times [`from_fields`] was refused (a strategy then drops the case). Always 0 unless a
/// strategy and the parser disagree on what is valid; the tests of this module check it stays 0,
/// so the drop cannot hide a parser that refuses valid values.
static REFUSED: AtomicUsize = AtomicUsize::new(0);

/// A wire object parsed from its fields (see [`wire!`]).
fn from_fields<T: DeserializeOwned>(doc: JsonObject) -> Option<T> {
    let parsed = serde_json::from_value(Value::Object(doc)).ok();
    if parsed.is_none() {
        REFUSED.fetch_add(1, Ordering::Relaxed);
    }
    parsed
}

mod documents;
mod extensions;
mod facilitator;
mod known_keys;
mod mutation;
mod primitives;
mod schemes;
mod text;

pub use documents::*;
pub use extensions::*;
pub use facilitator::*;
pub use known_keys::*;
pub use mutation::*;
pub use primitives::*;
pub use schemes::*;
pub use text::*;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    /// Draws `n` values of `strategy`.
    fn draw<S: Strategy>(strategy: S, n: usize) {
        let mut runner = TestRunner::deterministic();
        for _ in 0..n {
            let _ = strategy.new_tree(&mut runner).expect("a value").current();
        }
    }

    #[test]
    fn every_generated_wire_object_is_accepted_by_its_parser() {
        draw(payment_payload(), 200);
        draw(payment_required(), 200);
        draw(facilitator_request(), 100);
        draw(verify_response(), 100);
        draw(settle_response(), 100);
        draw(supported_response(), 100);
        draw(discovery_response(), 50);
        draw(extensions(), 200);
        assert_eq!(REFUSED.load(Ordering::Relaxed), 0);
    }
}
