//! Scheme payloads: EIP-3009, Permit2 (`exact` and `upto`), Solana.

use super::*;

// ---------------------------------------------------------------------------------------------
// Scheme payloads

/// An EIP-3009 authorization.
pub fn eip3009_authorization() -> impl Strategy<Value = Eip3009Authorization> {
    (
        evm_address(),
        evm_address(),
        amount(),
        unix_timestamp(),
        unix_timestamp(),
        hex32(),
        unknown_fields(EIP3009_AUTHORIZATION_KEYS),
    )
        .prop_filter_map(
            "fields of a valid Eip3009Authorization",
            |(from, to, value, valid_after, valid_before, nonce, unknown)| {
                wire!(Eip3009Authorization {
                    "from" => from,
                    "to" => to,
                    "value" => value,
                    "validAfter" => valid_after,
                    "validBefore" => valid_before,
                    "nonce" => nonce,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// An `exact` EVM payload with an EIP-3009 authorization ([`ExactEip3009Payload`]).
pub fn eip3009_payload() -> impl Strategy<Value = ExactEip3009Payload> {
    (
        hex_bytes(),
        eip3009_authorization(),
        unknown_fields(EIP3009_PAYLOAD_KEYS),
    )
        .prop_filter_map(
            "fields of a valid ExactEip3009Payload",
            |(signature, authorization, unknown)| {
                wire!(ExactEip3009Payload {
                    "signature" => signature,
                    "authorization" => authorization,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// Permit2 `TokenPermissions`.
pub fn token_permissions() -> impl Strategy<Value = TokenPermissions> {
    (
        evm_address(),
        amount(),
        unknown_fields(TOKEN_PERMISSIONS_KEYS),
    )
        .prop_filter_map(
            "fields of a valid TokenPermissions",
            |(token, amount, unknown)| {
                wire!(TokenPermissions {
                    "token" => token,
                    "amount" => amount,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// An `exact` Permit2 payload ([`ExactPermit2Payload`]).
pub fn permit2_payload() -> impl Strategy<Value = ExactPermit2Payload> {
    let witness = (
        evm_address(),
        unix_timestamp(),
        unknown_fields(EXACT_WITNESS_KEYS),
    )
        .prop_filter_map(
            "fields of a valid ExactWitness",
            |(to, valid_after, unknown)| {
                wire!(ExactWitness {
                    "to" => to,
                    "validAfter" => valid_after,
                    ; unknown
                })
            },
        );
    let auth = (
        evm_address(),
        token_permissions(),
        evm_address(),
        amount(),
        unix_timestamp(),
        witness,
        unknown_fields(PERMIT2_AUTHORIZATION_KEYS),
    )
        .prop_filter_map(
            "fields of a valid ExactPermit2Authorization",
            |(from, permitted, spender, nonce, deadline, witness, unknown)| {
                wire!(ExactPermit2Authorization {
                    "from" => from,
                    "permitted" => permitted,
                    "spender" => spender,
                    "nonce" => nonce,
                    "deadline" => deadline,
                    "witness" => witness,
                    ; unknown
                })
            },
        );
    (hex_bytes(), auth, unknown_fields(PERMIT2_PAYLOAD_KEYS))
        .prop_filter_map(
            "fields of a valid ExactPermit2Payload",
            |(signature, permit2_authorization, unknown)| {
                wire!(ExactPermit2Payload {
                    "signature" => signature,
                    "permit2Authorization" => permit2_authorization,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// An `upto` Permit2 payload ([`UptoPermit2Payload`]).
pub fn upto_payload() -> impl Strategy<Value = UptoPermit2Payload> {
    let witness = (
        evm_address(),
        evm_address(),
        unix_timestamp(),
        unknown_fields(UPTO_WITNESS_KEYS),
    )
        .prop_filter_map(
            "fields of a valid UptoWitness",
            |(to, facilitator, valid_after, unknown)| {
                wire!(UptoWitness {
                    "to" => to,
                    "facilitator" => facilitator,
                    "validAfter" => valid_after,
                    ; unknown
                })
            },
        );
    let auth = (
        evm_address(),
        token_permissions(),
        evm_address(),
        amount(),
        unix_timestamp(),
        witness,
        unknown_fields(PERMIT2_AUTHORIZATION_KEYS),
    )
        .prop_filter_map(
            "fields of a valid UptoPermit2Authorization",
            |(from, permitted, spender, nonce, deadline, witness, unknown)| {
                wire!(UptoPermit2Authorization {
                    "from" => from,
                    "permitted" => permitted,
                    "spender" => spender,
                    "nonce" => nonce,
                    "deadline" => deadline,
                    "witness" => witness,
                    ; unknown
                })
            },
        );
    (hex_bytes(), auth, unknown_fields(PERMIT2_PAYLOAD_KEYS))
        .prop_filter_map(
            "fields of a valid UptoPermit2Payload",
            |(signature, permit2_authorization, unknown)| {
                wire!(UptoPermit2Payload {
                    "signature" => signature,
                    "permit2Authorization" => permit2_authorization,
                    ; unknown
                })
            },
        )
        .boxed()
}

/// An `exact` Solana payload ([`ExactSvmPayload`]): 1 to 1 232 bytes (the Solana packet size) of
/// standard padded base64, covering every padding length.
pub fn svm_payload() -> impl Strategy<Value = ExactSvmPayload> {
    (
        prop_oneof![
            3 => vec(any::<u8>(), 1..4),
            3 => vec(any::<u8>(), 4..400),
            1 => vec(any::<u8>(), 1232),
        ],
        unknown_fields(SVM_PAYLOAD_KEYS),
    )
        .prop_filter_map("fields of a valid ExactSvmPayload", |(bytes, unknown)| {
            wire!(ExactSvmPayload {
                "transaction" => transaction: Base64Blob::from_bytes(bytes),
                ; unknown
            })
        })
        .boxed()
}
