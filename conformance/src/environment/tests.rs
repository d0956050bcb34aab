#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use super::*;
use crate::pay::tests::target;

fn ready() -> Environment {
    Environment {
        network: "eip155:84532".to_owned(),
        permit2: true,
        exact_proxy: true,
        upto_proxy: true,
        balance: U256::from(1_000_000_000u64),
        permit2_allowance: U256::MAX,
        domain: Some(("USDC".to_owned(), "2".to_owned())),
    }
}

const ALL: [VersionedMechanism; 4] = [
    VersionedMechanism::V2Eip3009,
    VersionedMechanism::V1Eip3009,
    VersionedMechanism::V2Permit2,
    VersionedMechanism::V2Upto,
];

fn blocked(env: &Environment) -> Vec<VersionedMechanism> {
    ALL.into_iter()
        .filter(|m| env.blocker(&target(*m)).is_some())
        .collect()
}

#[test]
fn a_chain_with_everything_blocks_nothing() {
    assert_eq!(blocked(&ready()), Vec::<VersionedMechanism>::new());
}

#[test]
fn each_missing_piece_blocks_exactly_the_mechanisms_that_need_it() {
    use VersionedMechanism::*;
    let env = Environment {
        permit2: false,
        ..ready()
    };
    assert_eq!(blocked(&env), vec![V2Permit2, V2Upto]);
    let env = Environment {
        exact_proxy: false,
        ..ready()
    };
    assert_eq!(blocked(&env), vec![V2Permit2]);
    let env = Environment {
        upto_proxy: false,
        ..ready()
    };
    assert_eq!(blocked(&env), vec![V2Upto]);
    let env = Environment {
        permit2_allowance: U256::from(AMOUNT_BELOW),
        ..ready()
    };
    assert_eq!(blocked(&env), vec![V2Permit2, V2Upto]);
    let env = Environment {
        balance: U256::from(AMOUNT_BELOW),
        ..ready()
    };
    assert_eq!(blocked(&env), ALL.to_vec());
    let env = Environment {
        domain: Some(("USD Coin".to_owned(), "2".to_owned())),
        ..ready()
    };
    assert_eq!(blocked(&env), vec![V2Eip3009, V1Eip3009]);
    // A token that does not answer name()/version() is not held against anyone.
    let env = Environment {
        domain: None,
        ..ready()
    };
    assert_eq!(blocked(&env), Vec::<VersionedMechanism>::new());
}

/// One less than the amount the cases pay.
const AMOUNT_BELOW: u64 = crate::pay::AMOUNT - 1;

#[test]
fn reasons_are_environment_reasons_that_name_no_case() {
    let env = Environment {
        permit2: false,
        balance: U256::ZERO,
        ..ready()
    };
    for m in ALL {
        let reason = env.blocker(&target(m)).unwrap();
        assert!(is_environment_reason(&reason), "{reason}");
        assert!(!reason.contains("facilitator/"), "{reason}");
    }
    // The same blocker reads the same for every case of a mechanism (the report groups them).
    assert_eq!(
        env.blocker(&target(VersionedMechanism::V2Eip3009)),
        env.blocker(&target(VersionedMechanism::V2Eip3009))
    );
    assert!(!is_environment_reason("precondition not met: x"));
}

#[test]
fn environment_codes_in_every_spelling() {
    for wire in [
        "insufficient_funds",
        "invalid_exact_evm_insufficient_balance",
        "permit2_insufficient_balance",
        "permit2_allowance_required",
        "PERMIT2_ALLOWANCE_REQUIRED",
        "permit2_proxy_not_deployed",
    ] {
        let code = ErrorCode::from_wire_with_detail(wire).0;
        assert!(names_environment(&code), "{wire} -> {code:?}");
    }
    for wire in [
        "invalid_exact_evm_signature",
        "invalid_exact_evm_nonce_already_used",
        "permit2_amount_mismatch",
        "unexpected_error",
    ] {
        let code = ErrorCode::from_wire_with_detail(wire).0;
        assert!(!names_environment(&code), "{wire} -> {code:?}");
    }
}
