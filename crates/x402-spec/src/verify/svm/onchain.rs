//! What only a Solana RPC node can answer about an SVM payment that passed every offline rule:
//! each [`SvmOnchainCheck`] is one exact JSON-RPC request ([`SvmRpcRequest::to_json_rpc`]) and the
//! [`SvmExpectation`] that judges its `result` ([`SvmOnchainCheck::evaluate`]), with the code to
//! answer when it fails. The caller sends them (in order) and judges the answers; nothing here
//! does IO.
//!
//! They cover `specs/schemes/exact/scheme_exact_svm.md` §Facilitator Verification Rules (MUST)
//! items 4 and 5 (the mint's program and decimals, the source and destination accounts exist),
//! the lookup tables a v0 message names (the @x402/svm 2.27.0 facilitator resolves them with
//! `fetchAddressLookupTables`, `@x402/svm 2.27.0 dist/esm/exact/facilitator/index.mjs`), the
//! blockhash, and the simulation the reference facilitator runs before answering `isValid`.

use serde_json::{Value, json};

use crate::codes::ErrorCode;
use crate::primitives::SolanaAddress;

/// The owner program of address-lookup-table accounts.
pub const ADDRESS_LOOKUP_TABLE_PROGRAM: &str = "AddressLookupTab1e1111111111111111111111111";

/// What a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SvmOnchainCheckKind {
    /// The v0 message's lookup tables exist (entries resolve).
    LookupTables,
    /// The mint is owned by the transfer's token program and has the transfer's decimals.
    Mint,
    /// The source token account exists, holds the mint, belongs to the payer and covers the amount.
    Source,
    /// The destination (the ATA of `payTo`) exists and holds the mint.
    Destination,
    /// The recent blockhash is still valid.
    Blockhash,
    /// The transaction simulates without error.
    Simulation,
}

/// One JSON-RPC call (Solana JSON-RPC 2.0, commitment `confirmed`, as the reference facilitator).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SvmRpcRequest {
    /// `getAccountInfo(address, {encoding: "jsonParsed"})`.
    GetAccountInfo(SolanaAddress),
    /// `getMultipleAccounts(addresses, {encoding: "base64"})`.
    GetMultipleAccounts(Vec<SolanaAddress>),
    /// `isBlockhashValid(blockhash)`.
    IsBlockhashValid(String),
    /// `simulateTransaction(base64, {sigVerify: false, replaceRecentBlockhash: false})`: the
    /// transaction as received (the fee-payer slot still empty, so signatures are not verified by
    /// the node; the client's was verified offline).
    SimulateTransaction(String),
}

impl SvmRpcRequest {
    /// The method name.
    #[must_use]
    pub const fn method(&self) -> &'static str {
        match self {
            Self::GetAccountInfo(_) => "getAccountInfo",
            Self::GetMultipleAccounts(_) => "getMultipleAccounts",
            Self::IsBlockhashValid(_) => "isBlockhashValid",
            Self::SimulateTransaction(_) => "simulateTransaction",
        }
    }

    /// The `params` array.
    #[must_use]
    pub fn params(&self) -> Value {
        match self {
            Self::GetAccountInfo(a) => json!([
                a.to_string(),
                {"encoding": "jsonParsed", "commitment": "confirmed"}
            ]),
            Self::GetMultipleAccounts(list) => json!([
                list.iter().map(ToString::to_string).collect::<Vec<_>>(),
                {"encoding": "base64", "commitment": "confirmed"}
            ]),
            Self::IsBlockhashValid(h) => json!([h, {"commitment": "confirmed"}]),
            Self::SimulateTransaction(tx) => json!([
                tx,
                {
                    "encoding": "base64",
                    "sigVerify": false,
                    "replaceRecentBlockhash": false,
                    "commitment": "confirmed"
                }
            ]),
        }
    }

    /// The whole request object.
    #[must_use]
    pub fn to_json_rpc(&self, id: u64) -> Value {
        json!({"jsonrpc": "2.0", "id": id, "method": self.method(), "params": self.params()})
    }
}

/// How to judge the `result` member of the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SvmExpectation {
    /// Every account of `getMultipleAccounts` exists and is owned by the lookup-table program.
    LookupTablesExist,
    /// A parsed mint owned by `program` with `decimals`.
    Mint {
        /// The token program.
        program: SolanaAddress,
        /// The transfer's decimals.
        decimals: u8,
    },
    /// A parsed token account owned by `program`, of `mint`, whose owner is `owner`, holding at
    /// least `min_amount` (when set).
    TokenAccount {
        /// The token program.
        program: SolanaAddress,
        /// The mint.
        mint: SolanaAddress,
        /// The wallet that owns the token account.
        owner: SolanaAddress,
        /// The balance it must hold.
        min_amount: Option<u64>,
    },
    /// `value` is `true`.
    True,
    /// `value.err` is `null`.
    SimulationSucceeds,
}

/// One obligation: request, expectation and failure code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SvmOnchainCheck {
    /// What it is about.
    pub kind: SvmOnchainCheckKind,
    /// The call.
    pub request: SvmRpcRequest,
    /// How to judge it.
    pub expectation: SvmExpectation,
    /// The code to answer when the expectation fails (a more precise one may come from
    /// [`Self::evaluate`]).
    pub failure: ErrorCode,
}

impl SvmOnchainCheck {
    pub(crate) fn new(
        kind: SvmOnchainCheckKind,
        request: SvmRpcRequest,
        expectation: SvmExpectation,
        failure: ErrorCode,
    ) -> Self {
        Self {
            kind,
            request,
            expectation,
            failure,
        }
    }

    /// Judges the `result` member of the JSON-RPC answer.
    ///
    /// # Errors
    /// The code to answer: [`Self::failure`], or for a token account that exists but holds too
    /// little, [`ErrorCode::InsufficientFunds`].
    pub fn evaluate(&self, result: &Value) -> Result<(), ErrorCode> {
        let fail = || self.failure.clone();
        let value = result.get("value").ok_or_else(fail)?;
        match &self.expectation {
            SvmExpectation::True => (value.as_bool() == Some(true))
                .then_some(())
                .ok_or_else(fail),
            SvmExpectation::SimulationSucceeds => value
                .get("err")
                .filter(|e| e.is_null())
                .map(|_| ())
                .ok_or_else(fail),
            SvmExpectation::LookupTablesExist => {
                let list = value.as_array().ok_or_else(fail)?;
                let ok = !list.is_empty()
                    && list.iter().all(|a| {
                        a.get("owner").and_then(Value::as_str) == Some(ADDRESS_LOOKUP_TABLE_PROGRAM)
                    });
                ok.then_some(()).ok_or_else(fail)
            }
            SvmExpectation::Mint { program, decimals } => {
                let info = parsed_info(value, program, "mint").ok_or_else(fail)?;
                (info.get("decimals").and_then(Value::as_u64) == Some(u64::from(*decimals)))
                    .then_some(())
                    .ok_or_else(fail)
            }
            SvmExpectation::TokenAccount {
                program,
                mint,
                owner,
                min_amount,
            } => {
                let info = parsed_info(value, program, "account").ok_or_else(fail)?;
                let is = |k: &str, want: &SolanaAddress| {
                    info.get(k).and_then(Value::as_str) == Some(want.to_string().as_str())
                };
                if !is("mint", mint) || !is("owner", owner) {
                    return Err(fail());
                }
                match min_amount {
                    None => Ok(()),
                    Some(min) => {
                        let have = info
                            .pointer("/tokenAmount/amount")
                            .and_then(Value::as_str)
                            .and_then(|s| s.parse::<u64>().ok())
                            .ok_or_else(fail)?;
                        if have >= *min {
                            Ok(())
                        } else {
                            Err(ErrorCode::InsufficientFunds)
                        }
                    }
                }
            }
        }
    }
}

/// `value.data.parsed.info` of a `jsonParsed` account owned by `program` of parsed type `kind`.
fn parsed_info<'a>(value: &'a Value, program: &SolanaAddress, kind: &str) -> Option<&'a Value> {
    if value.get("owner").and_then(Value::as_str) != Some(program.to_string().as_str()) {
        return None;
    }
    let parsed = value.pointer("/data/parsed")?;
    if parsed.get("type").and_then(Value::as_str) != Some(kind) {
        return None;
    }
    parsed.get("info")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::assets::solana::{TOKEN_PROGRAM, TOKEN_PROGRAM_ID, USDC_MAINNET, USDC_MAINNET_ID};

    #[test]
    fn requests_are_exact_json_rpc() {
        let r = SvmRpcRequest::GetAccountInfo(USDC_MAINNET_ID).to_json_rpc(7);
        assert_eq!(
            r,
            json!({"jsonrpc": "2.0", "id": 7, "method": "getAccountInfo",
                   "params": [USDC_MAINNET, {"encoding": "jsonParsed", "commitment": "confirmed"}]})
        );
        let s = SvmRpcRequest::SimulateTransaction("AQ==".into()).params();
        assert_eq!(s.pointer("/1/sigVerify"), Some(&json!(false)));
    }

    #[test]
    fn judges_answers() {
        let owner = SolanaAddress::new([3; 32]);
        let check = SvmOnchainCheck::new(
            SvmOnchainCheckKind::Source,
            SvmRpcRequest::GetAccountInfo(SolanaAddress::new([4; 32])),
            SvmExpectation::TokenAccount {
                program: TOKEN_PROGRAM_ID,
                mint: USDC_MAINNET_ID,
                owner,
                min_amount: Some(10),
            },
            ErrorCode::ExactSvmSenderAtaNotFound,
        );
        let account = |amount: &str| {
            json!({"context": {"slot": 1}, "value": {"owner": TOKEN_PROGRAM, "data": {"program": "spl-token",
                "parsed": {"type": "account", "info": {"mint": USDC_MAINNET, "owner": owner.to_string(),
                "tokenAmount": {"amount": amount, "decimals": 6}}}}}})
        };
        assert_eq!(check.evaluate(&account("10")), Ok(()));
        assert_eq!(
            check.evaluate(&account("9")),
            Err(ErrorCode::InsufficientFunds)
        );
        assert_eq!(
            check.evaluate(&json!({"context": {"slot": 1}, "value": null})),
            Err(ErrorCode::ExactSvmSenderAtaNotFound)
        );
        let sim = SvmOnchainCheck::new(
            SvmOnchainCheckKind::Simulation,
            SvmRpcRequest::SimulateTransaction(String::new()),
            SvmExpectation::SimulationSucceeds,
            ErrorCode::ExactSvmSimulationFailed,
        );
        assert_eq!(
            sim.evaluate(&json!({"value": {"err": null, "logs": []}})),
            Ok(())
        );
        assert!(
            sim.evaluate(&json!({"value": {"err": {"InstructionError": [2, "Custom"]}}}))
                .is_err()
        );
    }
}
