//! `eip712.json`: the four typed messages x402 payers sign, hashed by x402-spec's `evm::eip712`
//! and signed by its `LocalSigner`; signatures judged with x402-spec's strict ECDSA parser in
//! the format's rule order (docs/vectors.md "Signature checks").

use alloy_primitives::{Address, B256, U256};
use serde_json::{Value, json};
use x402_spec::assets::{KNOWN_ASSETS, KnownTransferMethod};
use x402_spec::evm::batch_settlement::eip712::type_strings as bs_types;
use x402_spec::evm::constants::PERMIT2_ADDRESS;
use x402_spec::evm::constants::{
    EIP2612_PERMIT_TYPE, EIP2612_PERMIT_TYPEHASH, EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPE,
    EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH, PERMIT2_DOMAIN_NAME, SECP256K1_N,
    TRANSFER_WITH_AUTHORIZATION_TYPE, TRANSFER_WITH_AUTHORIZATION_TYPEHASH,
    UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPE, UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
};
use x402_spec::evm::eip712::{
    Eip2612Permit, Eip3009Authorization, ExactPermit2Authorization, Permit2Domain, TokenDomain,
    UptoPermit2Authorization,
};
use x402_spec::evm::{EcdsaSignature, SignatureError};

use crate::VectorError;
use crate::fixtures::{
    self, Auth, KEY_OTHER, KEY_PAYER, PAYER, PERMIT2, Permit, SPEC_PAYER, SPEC_SIGNATURE,
    USDC_BASE, USDC_BASE_SEPOLIA, addr, b256, eip55, u256, unhex,
};
use crate::format::{
    Case, Notes, Obj, Outcome, assemble, case, file as make_file, group, hex, is_acceptable, note,
    str_field,
};

const TOPIC: &str = "eip712";

/// Outcome fields this topic computes.
pub(crate) const OUTCOME_KEYS: &[&str] = &[
    "domainSeparator",
    "structHash",
    "witnessHash",
    "digest",
    "recoveredSigner",
    "reason",
];

/// The x402 constructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Eip3009,
    Permit2Exact,
    Permit2Upto,
    Eip2612,
    BatchChannelConfig,
    BatchVoucher,
    BatchRefund,
    BatchClaimBatch,
    BatchReceive,
    BatchPermit2Deposit,
}

/// Every kind, in file order.
const KINDS: [Kind; 10] = [
    Kind::Eip3009,
    Kind::Permit2Exact,
    Kind::Permit2Upto,
    Kind::Eip2612,
    Kind::BatchChannelConfig,
    Kind::BatchVoucher,
    Kind::BatchRefund,
    Kind::BatchClaimBatch,
    Kind::BatchReceive,
    Kind::BatchPermit2Deposit,
];

impl Kind {
    fn group_type(self) -> &'static str {
        match self {
            Kind::Eip3009 => "eip3009TransferWithAuthorization",
            Kind::Permit2Exact => "permit2WitnessTransferFromExact",
            Kind::Permit2Upto => "permit2WitnessTransferFromUpto",
            Kind::Eip2612 => "eip2612Permit",
            Kind::BatchChannelConfig => "batchSettlementChannelConfig",
            Kind::BatchVoucher => "batchSettlementVoucher",
            Kind::BatchRefund => "batchSettlementRefund",
            Kind::BatchClaimBatch => "batchSettlementClaimBatch",
            Kind::BatchReceive => "batchSettlementReceiveWithAuthorization",
            Kind::BatchPermit2Deposit => "batchSettlementPermit2Deposit",
        }
    }

    fn from_group_type(s: &str) -> Result<Self, VectorError> {
        KINDS
            .into_iter()
            .find(|k| k.group_type() == s)
            .ok_or_else(|| VectorError::Input(format!("unknown eip712 group type {s}")))
    }

    pub(crate) fn primary_type(self) -> &'static str {
        match self {
            Kind::Eip3009 => "TransferWithAuthorization",
            Kind::Permit2Exact | Kind::Permit2Upto | Kind::BatchPermit2Deposit => {
                "PermitWitnessTransferFrom"
            }
            Kind::Eip2612 => "Permit",
            Kind::BatchChannelConfig => "ChannelConfig",
            Kind::BatchVoucher => "Voucher",
            Kind::BatchRefund => "Refund",
            Kind::BatchClaimBatch => "ClaimBatch",
            Kind::BatchReceive => "ReceiveWithAuthorization",
        }
    }

    fn encoded_type(self) -> &'static str {
        match self {
            Kind::Eip3009 => TRANSFER_WITH_AUTHORIZATION_TYPE,
            Kind::Permit2Exact => EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPE,
            Kind::Permit2Upto => UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPE,
            Kind::Eip2612 => EIP2612_PERMIT_TYPE,
            Kind::BatchChannelConfig => bs_types::CHANNEL_CONFIG,
            Kind::BatchVoucher => bs_types::VOUCHER,
            Kind::BatchRefund => bs_types::REFUND,
            Kind::BatchClaimBatch => bs_types::CLAIM_BATCH,
            Kind::BatchReceive => bs_types::RECEIVE_WITH_AUTHORIZATION,
            Kind::BatchPermit2Deposit => bs_types::PERMIT2_DEPOSIT,
        }
    }

    fn type_hash(self) -> B256 {
        if self.is_batch() {
            return alloy_primitives::keccak256(self.encoded_type());
        }
        match self {
            Kind::Eip3009 => TRANSFER_WITH_AUTHORIZATION_TYPEHASH,
            Kind::Permit2Exact => EXACT_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
            Kind::Permit2Upto => UPTO_PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
            Kind::Eip2612 => EIP2612_PERMIT_TYPEHASH,
            _ => alloy_primitives::keccak256(self.encoded_type()),
        }
    }

    const fn is_batch(self) -> bool {
        matches!(
            self,
            Kind::BatchChannelConfig
                | Kind::BatchVoucher
                | Kind::BatchRefund
                | Kind::BatchClaimBatch
                | Kind::BatchReceive
                | Kind::BatchPermit2Deposit
        )
    }

    /// `types` in eth_signTypedData_v4 layout, EIP712Domain included.
    pub(crate) fn types(self) -> Value {
        let f = |n: &str, t: &str| json!({ "name": n, "type": t });
        let with_version = json!([
            f("name", "string"),
            f("version", "string"),
            f("chainId", "uint256"),
            f("verifyingContract", "address")
        ]);
        let no_version = json!([
            f("name", "string"),
            f("chainId", "uint256"),
            f("verifyingContract", "address")
        ]);
        let permit = json!([
            f("permitted", "TokenPermissions"),
            f("spender", "address"),
            f("nonce", "uint256"),
            f("deadline", "uint256"),
            f("witness", "Witness")
        ]);
        let tp = json!([f("token", "address"), f("amount", "uint256")]);
        let permit_deposit = json!([
            f("permitted", "TokenPermissions"),
            f("spender", "address"),
            f("nonce", "uint256"),
            f("deadline", "uint256"),
            f("witness", "DepositWitness")
        ]);
        match self {
            Kind::Eip3009 => json!({
                "EIP712Domain": with_version,
                "TransferWithAuthorization": [f("from", "address"), f("to", "address"), f("value", "uint256"), f("validAfter", "uint256"), f("validBefore", "uint256"), f("nonce", "bytes32")]
            }),
            Kind::Permit2Exact => json!({
                "EIP712Domain": no_version, "PermitWitnessTransferFrom": permit, "TokenPermissions": tp,
                "Witness": [f("to", "address"), f("validAfter", "uint256")]
            }),
            Kind::Permit2Upto => json!({
                "EIP712Domain": no_version, "PermitWitnessTransferFrom": permit, "TokenPermissions": tp,
                "Witness": [f("to", "address"), f("facilitator", "address"), f("validAfter", "uint256")]
            }),
            Kind::Eip2612 => json!({
                "EIP712Domain": with_version,
                "Permit": [f("owner", "address"), f("spender", "address"), f("value", "uint256"), f("nonce", "uint256"), f("deadline", "uint256")]
            }),
            Kind::BatchChannelConfig => json!({
                "EIP712Domain": with_version,
                "ChannelConfig": [f("payer", "address"), f("payerAuthorizer", "address"), f("receiver", "address"), f("receiverAuthorizer", "address"), f("token", "address"), f("withdrawDelay", "uint40"), f("salt", "bytes32")]
            }),
            Kind::BatchVoucher => json!({
                "EIP712Domain": with_version,
                "Voucher": [f("channelId", "bytes32"), f("maxClaimableAmount", "uint128")]
            }),
            Kind::BatchRefund => json!({
                "EIP712Domain": with_version,
                "Refund": [f("channelId", "bytes32"), f("nonce", "uint256"), f("amount", "uint128")]
            }),
            Kind::BatchClaimBatch => json!({
                "EIP712Domain": with_version,
                "ClaimBatch": [f("claims", "ClaimEntry[]")],
                "ClaimEntry": [f("channelId", "bytes32"), f("maxClaimableAmount", "uint128"), f("totalClaimed", "uint128")]
            }),
            Kind::BatchReceive => json!({
                "EIP712Domain": with_version,
                "ReceiveWithAuthorization": [f("from", "address"), f("to", "address"), f("value", "uint256"), f("validAfter", "uint256"), f("validBefore", "uint256"), f("nonce", "bytes32")]
            }),
            Kind::BatchPermit2Deposit => json!({
                "EIP712Domain": no_version, "PermitWitnessTransferFrom": permit_deposit, "TokenPermissions": tp,
                "DepositWitness": [f("channelId", "bytes32")]
            }),
        }
    }
}

/// The hashes x402-spec computes for one typed message.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hashes {
    pub(crate) domain_separator: B256,
    pub(crate) struct_hash: B256,
    pub(crate) witness_hash: Option<B256>,
    pub(crate) digest: B256,
}

fn s<'a>(v: &'a Value, k: &str) -> Result<&'a str, VectorError> {
    str_field(v, k)
}

fn obj<'a>(v: &'a Value, k: &str) -> Result<&'a Value, VectorError> {
    v.get(k)
        .filter(|x| x.is_object())
        .ok_or_else(|| VectorError::Input(format!("missing object `{k}`")))
}

fn uint(v: &Value, k: &str) -> Result<U256, VectorError> {
    u256(s(v, k)?)
}

fn chain(domain: &Value) -> Result<u64, VectorError> {
    crate::format::u64_field(domain, "chainId")
}

fn token_domain(domain: &Value) -> Result<TokenDomain, VectorError> {
    Ok(TokenDomain::new(
        s(domain, "name")?,
        s(domain, "version")?,
        chain(domain)?,
        addr(s(domain, "verifyingContract")?)?,
    ))
}

fn permit2_domain(domain: &Value) -> Result<Permit2Domain, VectorError> {
    if s(domain, "name")? != PERMIT2_DOMAIN_NAME || domain.get("version").is_some() {
        return Err(VectorError::Input(
            "a Permit2 domain is {name: \"Permit2\", chainId, verifyingContract}".into(),
        ));
    }
    Ok(Permit2Domain {
        chain_id: chain(domain)?,
        verifying_contract: addr(s(domain, "verifyingContract")?)?,
    })
}

/// Hashes `message` under `domain` with x402-spec.
pub(crate) fn hashes(kind: Kind, domain: &Value, message: &Value) -> Result<Hashes, VectorError> {
    let (h, witness) = match kind {
        Kind::Eip3009 => {
            let m = Eip3009Authorization {
                from: addr(s(message, "from")?)?,
                to: addr(s(message, "to")?)?,
                value: uint(message, "value")?,
                valid_after: uint(message, "validAfter")?,
                valid_before: uint(message, "validBefore")?,
                nonce: b256(s(message, "nonce")?)?,
            };
            (m.hashes(&token_domain(domain)?), None)
        }
        Kind::Eip2612 => {
            let m = Eip2612Permit {
                owner: addr(s(message, "owner")?)?,
                spender: addr(s(message, "spender")?)?,
                value: uint(message, "value")?,
                nonce: uint(message, "nonce")?,
                deadline: uint(message, "deadline")?,
            };
            (m.hashes(&token_domain(domain)?), None)
        }
        Kind::Permit2Exact => {
            let p = obj(message, "permitted")?;
            let w = obj(message, "witness")?;
            let m = ExactPermit2Authorization {
                token: addr(s(p, "token")?)?,
                amount: uint(p, "amount")?,
                spender: addr(s(message, "spender")?)?,
                nonce: uint(message, "nonce")?,
                deadline: uint(message, "deadline")?,
                to: addr(s(w, "to")?)?,
                valid_after: uint(w, "validAfter")?,
            };
            (m.hashes(&permit2_domain(domain)?), Some(m.witness_hash()))
        }
        Kind::Permit2Upto => {
            let p = obj(message, "permitted")?;
            let w = obj(message, "witness")?;
            let m = UptoPermit2Authorization {
                token: addr(s(p, "token")?)?,
                amount: uint(p, "amount")?,
                spender: addr(s(message, "spender")?)?,
                nonce: uint(message, "nonce")?,
                deadline: uint(message, "deadline")?,
                to: addr(s(w, "to")?)?,
                facilitator: addr(s(w, "facilitator")?)?,
                valid_after: uint(w, "validAfter")?,
            };
            (m.hashes(&permit2_domain(domain)?), Some(m.witness_hash()))
        }
        _ => (batch_hashes(kind, domain, message)?, None),
    };
    Ok(Hashes {
        domain_separator: h.domain_separator,
        struct_hash: h.struct_hash,
        witness_hash: witness,
        digest: h.digest,
    })
}

fn u128_of(v: &Value, k: &str) -> Result<u128, VectorError> {
    u128::try_from(uint(v, k)?).map_err(|_| VectorError::Input(format!("`{k}` exceeds uint128")))
}

/// The batch-settlement messages, hashed by `x402_spec::evm::batch_settlement`. Their
/// `x402 Batch Settlement` domain is fixed by the chain id, so a test's domain must be exactly
/// that one (the token and Permit2 domains of the two deposit messages are read as usual).
fn batch_hashes(
    kind: Kind,
    domain: &Value,
    message: &Value,
) -> Result<x402_spec::evm::TypedDataHashes, VectorError> {
    use x402_spec::evm::batch_settlement::{self as bs, eip712 as be};
    let batch_chain = || -> Result<u64, VectorError> {
        let c = chain(domain)?;
        let want = json!({"name": bs::DOMAIN_NAME, "version": bs::DOMAIN_VERSION, "chainId": c,
            "verifyingContract": eip55(bs::BATCH_SETTLEMENT_ADDRESS)});
        if domain != &want {
            return Err(VectorError::Input(format!(
                "a batch-settlement domain is {want}"
            )));
        }
        Ok(c)
    };
    Ok(match kind {
        Kind::BatchChannelConfig => {
            // The typed-data form: `withdrawDelay` as a decimal string like every uint here
            // (the wire form of the payload has it as a JSON number).
            let delay = u64::try_from(uint(message, "withdrawDelay")?)
                .map_err(|_| VectorError::Input("withdrawDelay exceeds uint40".into()))?;
            let mut wire = message.clone();
            if let Some(o) = wire.as_object_mut() {
                o.insert("withdrawDelay".into(), json!(delay));
            }
            let cfg: bs::ChannelConfig = serde_json::from_value(wire)
                .map_err(|e| VectorError::Input(format!("channel config: {e}")))?;
            be::channel_config_hashes(&cfg, batch_chain()?)
                .ok_or_else(|| VectorError::Input("withdrawDelay exceeds uint40".into()))?
        }
        Kind::BatchVoucher => be::voucher_hashes(
            b256(s(message, "channelId")?)?,
            u128_of(message, "maxClaimableAmount")?,
            batch_chain()?,
        ),
        Kind::BatchRefund => be::refund_hashes(
            b256(s(message, "channelId")?)?,
            uint(message, "nonce")?,
            u128_of(message, "amount")?,
            batch_chain()?,
        ),
        Kind::BatchClaimBatch => {
            let rows = message
                .get("claims")
                .and_then(Value::as_array)
                .ok_or_else(|| VectorError::Input("missing array `claims`".into()))?;
            let entries = rows
                .iter()
                .map(|r| {
                    Ok(be::ClaimEntry {
                        channel_id: b256(s(r, "channelId")?)?,
                        max_claimable_amount: u128_of(r, "maxClaimableAmount")?,
                        total_claimed: u128_of(r, "totalClaimed")?,
                    })
                })
                .collect::<Result<Vec<_>, VectorError>>()?;
            be::claim_batch_hashes(&entries, batch_chain()?)
        }
        Kind::BatchReceive => be::receive_authorization_hashes(
            &be::ReceiveAuthorization {
                from: addr(s(message, "from")?)?,
                to: addr(s(message, "to")?)?,
                value: uint(message, "value")?,
                valid_after: uint(message, "validAfter")?,
                valid_before: uint(message, "validBefore")?,
                nonce: b256(s(message, "nonce")?)?,
            },
            &token_domain(domain)?,
        ),
        Kind::BatchPermit2Deposit => {
            let d = permit2_domain(domain)?;
            if d.verifying_contract != PERMIT2_ADDRESS {
                return Err(VectorError::Input(
                    "Permit2 deposits use the canonical Permit2".into(),
                ));
            }
            let p = obj(message, "permitted")?;
            let w = obj(message, "witness")?;
            be::permit2_deposit_hashes(
                &be::Permit2Deposit {
                    token: addr(s(p, "token")?)?,
                    amount: uint(p, "amount")?,
                    spender: addr(s(message, "spender")?)?,
                    nonce: uint(message, "nonce")?,
                    deadline: uint(message, "deadline")?,
                    channel_id: b256(s(w, "channelId")?)?,
                },
                d.chain_id,
            )
        }
        _ => return Err(VectorError::Input("not a batch-settlement kind".into())),
    })
}

/// What plain `ecrecover(digest, v, r, s)` yields for a 65-byte signature (v 27/28 or 0/1),
/// computed with x402-spec: a high-s signature is recovered through its low-s twin (same
/// point, so the same key); `None` when nothing recovers.
pub(crate) fn plain_recover(sig: &[u8], digest: B256) -> Option<Address> {
    if sig.len() == 64 {
        return EcdsaSignature::from_eip2098(sig).ok()?.recover(digest).ok();
    }
    match EcdsaSignature::from_rsv(sig) {
        Ok(e) => e.recover(digest).ok(),
        Err(SignatureError::HighS) => {
            let r = U256::from_be_slice(sig.get(..32)?);
            let hs = U256::from_be_slice(sig.get(32..64)?);
            let parity = matches!(sig.get(64), Some(28 | 1));
            let low = SECP256K1_N.checked_sub(hs)?;
            EcdsaSignature::from_scalars(r, low, !parity)
                .ok()?
                .recover(digest)
                .ok()
        }
        Err(_) => None,
    }
}

/// The format's signature verdict: (`valid` | `invalid` | `acceptable`, reason, recovered).
fn verdict(
    sig: &[u8],
    digest: B256,
    signer: Address,
) -> (&'static str, Option<&'static str>, Option<Address>) {
    if sig.len() == 64 {
        let rec = plain_recover(sig, digest);
        let v = if rec == Some(signer) {
            "acceptable"
        } else {
            "invalid"
        };
        return (v, Some("invalid_length"), rec);
    }
    if sig.len() != 65 {
        return ("invalid", Some("invalid_length"), None);
    }
    match EcdsaSignature::from_rsv(sig) {
        Err(SignatureError::InvalidRecoveryId { .. }) => ("invalid", Some("invalid_v"), None),
        Err(SignatureError::ScalarOutOfRange { .. }) => {
            ("invalid", Some("scalar_out_of_range"), None)
        }
        Err(SignatureError::HighS) => ("invalid", Some("high_s"), plain_recover(sig, digest)),
        Err(_) => ("invalid", Some("invalid_length"), None),
        Ok(e) => match e.recover(digest) {
            Err(_) => ("invalid", Some("recovery_failed"), None),
            Ok(a) if a != signer => ("invalid", Some("signer_mismatch"), Some(a)),
            Ok(a) if e.v() != sig.last().copied().unwrap_or_default() => {
                ("acceptable", Some("invalid_v"), Some(a))
            }
            Ok(a) => ("valid", None, Some(a)),
        },
    }
}

/// Hashes (and judges the signature of) one test.
pub(crate) fn outcome(group: &Value, test: &Value) -> Result<Outcome, VectorError> {
    let kind = Kind::from_group_type(str_field(group, "type")?)?;
    let domain = obj(test, "domain")?;
    let message = obj(test, "message")?;
    let h = hashes(kind, domain, message)?;
    let mut fields = Obj::new();
    fields.insert(
        "domainSeparator".into(),
        hex(h.domain_separator.as_slice()).into(),
    );
    fields.insert("structHash".into(), hex(h.struct_hash.as_slice()).into());
    if let Some(w) = h.witness_hash {
        fields.insert("witnessHash".into(), hex(w.as_slice()).into());
    }
    fields.insert("digest".into(), hex(h.digest.as_slice()).into());
    let mut accepted = true;
    if let Some(sig) = test.get("signature").and_then(Value::as_str) {
        let signer = addr(str_field(test, "signer")?)?;
        let (v, reason, rec) = verdict(&unhex(sig)?, h.digest, signer);
        if (v == "acceptable") != is_acceptable(test) {
            return Err(VectorError::Case(format!(
                "signature verdict {v} but the test is declared {}",
                test.get("result").unwrap_or(&Value::Null)
            )));
        }
        accepted = v != "invalid";
        if let Some(a) = rec {
            fields.insert("recoveredSigner".into(), eip55(a).into());
        }
        if let Some(r) = reason {
            fields.insert("reason".into(), r.into());
        }
    }
    Ok(Outcome { accepted, fields })
}

/// The computed group fields: `primaryType`, `types`, `encodedType`, `typeHash`.
pub(crate) fn group_fields(group: &Value) -> Result<Vec<(&'static str, Value)>, VectorError> {
    let kind = Kind::from_group_type(str_field(group, "type")?)?;
    Ok(vec![
        ("primaryType", kind.primary_type().into()),
        ("types", kind.types()),
        ("encodedType", kind.encoded_type().into()),
        ("typeHash", hex(kind.type_hash().as_slice()).into()),
    ])
}

/// Domain JSON of a token.
pub(crate) fn token_domain_json(name: &str, version: &str, chain_id: u64, asset: &str) -> Value {
    json!({ "name": name, "version": version, "chainId": chain_id, "verifyingContract": asset })
}

/// Domain JSON of Permit2 on a chain.
pub(crate) fn permit2_domain_json(chain_id: u64) -> Value {
    json!({ "name": PERMIT2_DOMAIN_NAME, "chainId": chain_id, "verifyingContract": PERMIT2 })
}

/// The Permit2 message JSON of a [`Permit`] (its `from` is the signer, not part of the message).
pub(crate) fn permit_message(p: &Permit) -> Value {
    let mut m = p.json();
    if let Some(o) = m.as_object_mut() {
        o.shift_remove("from");
    }
    m
}

fn et(id: &str, comment: &str, domain: Value, message: Value) -> Case {
    case(format!("eip712/{id}"), comment)
        .input("domain", domain)
        .input("message", message)
}

fn signed(c: Case, sig: &str, signer: &str) -> Case {
    c.input("signature", sig).input("signer", signer)
}

fn finish(kind: Kind, cases: Vec<Case>) -> Result<Value, VectorError> {
    let mut g = Obj::new();
    g.insert("type".into(), kind.group_type().into());
    for (k, v) in group_fields(&json!({ "type": kind.group_type() }))? {
        g.insert(k.into(), v);
    }
    let g = Value::Object(g);
    let mut tests = Vec::new();
    for c in cases {
        let o = outcome(&g, &c.probe())?;
        tests.push(assemble(TOPIC, c, o)?);
    }
    Ok(group(g, tests))
}

fn digest_of(kind: Kind, domain: &Value, message: &Value) -> Result<B256, VectorError> {
    Ok(hashes(kind, domain, message)?.digest)
}

fn sign_typed(
    key: &str,
    kind: Kind,
    domain: &Value,
    message: &Value,
) -> Result<String, VectorError> {
    fixtures::sign(key, digest_of(kind, domain, message)?)
}

/// An r for which no curve point exists (found deterministically), so recovery fails.
fn unrecoverable(digest: B256, s_hex: &[u8]) -> Result<String, VectorError> {
    let s = U256::from_be_slice(s_hex);
    for r in 1u64..1000 {
        let e = EcdsaSignature::from_scalars(U256::from(r), s, false)
            .map_err(|e| VectorError::Crate(e.to_string()))?;
        if e.recover(digest).is_err() {
            return Ok(hex(&e.to_rsv_bytes()));
        }
    }
    Err(VectorError::Case("no unrecoverable r below 1000".into()))
}

fn eip3009_cases() -> Result<Vec<Case>, VectorError> {
    let dom_bs = token_domain_json("USDC", "2", 84_532, USDC_BASE_SEPOLIA);
    let dom_base = token_domain_json("USD Coin", "2", 8453, USDC_BASE);
    let m1 = Auth::standard().json();
    let m_spec = Auth {
        from: SPEC_PAYER.into(),
        ..Auth::standard()
    }
    .json();
    let sig1 = sign_typed(KEY_PAYER, Kind::Eip3009, &dom_bs, &m1)?;
    let sig1b = sign_typed(KEY_PAYER, Kind::Eip3009, &dom_base, &m1)?;
    let b1 = unhex(&sig1)?;
    let r_zero = hex(&[vec![0u8; 32], b1.get(32..).unwrap_or_default().to_vec()].concat());
    let s_zero = hex(&[
        b1.get(..32).unwrap_or_default().to_vec(),
        vec![0u8; 32],
        vec![27],
    ]
    .concat());
    let r_n = hex(&[
        SECP256K1_N.to_be_bytes::<32>().to_vec(),
        b1.get(32..).unwrap_or_default().to_vec(),
    ]
    .concat());
    let tampered = Auth {
        value: "10001".into(),
        ..Auth::standard()
    }
    .json();
    let other_sig = sign_typed(KEY_OTHER, Kind::Eip3009, &dom_bs, &m1)?;
    let d1 = digest_of(Kind::Eip3009, &dom_bs, &m1)?;
    let no_point = unrecoverable(d1, b1.get(32..64).unwrap_or_default())?;
    let max = Auth {
        value: "115792089237316195423570985008687907853269984665640564039457584007913129639935"
            .into(),
        valid_after: 0,
        valid_before: u64::MAX,
        nonce: format!("0x{}", "ff".repeat(32)),
        ..Auth::standard()
    }
    .json();
    let e3009 = "EIP-3009 transferWithAuthorization; x402 v2 §5.2.1 / scheme_exact_evm.md";
    let mut out = vec![
        signed(et("eip3009/spec-example-base-sepolia", "The EIP-3009 example signature of the x402 v2 specification verifies for its payer.", dom_bs.clone(), m_spec), SPEC_SIGNATURE, SPEC_PAYER).flag("SpecExample").clause("x402 v2 §5.2.1"),
        signed(et("eip3009/hardhat-base-sepolia", "Fresh EIP-3009 authorization on Base Sepolia USDC signed with the Hardhat test key (docs/protocol/evm.md §4.9 #1).", dom_bs.clone(), m1.clone()), &sig1, PAYER).clause(e3009),
        signed(et("eip3009/hardhat-base-mainnet", "The same authorization on Base mainnet USDC, whose EIP-712 name is \"USD Coin\" (not \"USDC\").", dom_base.clone(), m1.clone()), &sig1b, PAYER).clause("docs/protocol/networks.md §5.2"),
        et("eip3009/hash-only-extreme-values", "Hashes of a message with the largest value, validBefore 2^64-1, validAfter 0 and an all-ones nonce (no signature).", dom_bs.clone(), max).flag("EdgeValue"),
        signed(et("eip3009/high-s-twin", "The malleable twin (s' = n - s, v flipped) of a valid signature recovers to the same signer and must still be rejected.", dom_bs.clone(), m1.clone()), &fixtures::high_s_twin(&sig1)?, PAYER).flag("SignatureMalleability"),
        signed(et("eip3009/v-29", "A recovery byte v = 29 is neither 27/28 nor 0/1.", dom_bs.clone(), m1.clone()), &fixtures::with_v(&sig1, 29)?, PAYER),
        signed(et("eip3009/v-zero", "The same signature with v = 0 (y-parity form) instead of 27.", dom_bs.clone(), m1.clone()), &fixtures::with_v(&sig1, 0)?, PAYER).flag("SignatureYParityV").acceptable(),
        signed(et("eip3009/compact-64-bytes", "The 64-byte EIP-2098 compact form of a valid signature (here equal to r || s since y-parity is 0).", dom_bs.clone(), m1.clone()), &fixtures::compact(&sig1)?, PAYER).flag("SignatureCompact").acceptable(),
        signed(et("eip3009/length-66", "A 65-byte signature with one extra byte.", dom_bs.clone(), m1.clone()), &format!("{sig1}00"), PAYER),
        signed(et("eip3009/length-0", "An empty signature.", dom_bs.clone(), m1.clone()), "0x", PAYER),
        signed(et("eip3009/r-zero", "r = 0 is outside [1, n-1].", dom_bs.clone(), m1.clone()), &r_zero, PAYER),
        signed(et("eip3009/s-zero", "s = 0 is outside [1, n-1].", dom_bs.clone(), m1.clone()), &s_zero, PAYER),
        signed(et("eip3009/r-equals-n", "r = n (the group order) is outside [1, n-1].", dom_bs.clone(), m1.clone()), &r_n, PAYER),
        signed(et("eip3009/recovery-failed", "r is in range but is not the x-coordinate of a curve point: no key recovers.", dom_bs.clone(), m1.clone()), &no_point, PAYER),
        signed(et("eip3009/tampered-value", "A valid signature presented with value 10001 instead of the signed 10000 recovers to an unrelated address.", dom_bs.clone(), tampered), &sig1, PAYER).flag("TamperedMessage"),
        signed(et("eip3009/wrong-signer", "A valid signature by another key (Hardhat #2) claimed to be the payer's.", dom_bs.clone(), m1.clone()), &other_sig, PAYER).flag("TamperedMessage"),
        signed(et("eip3009/wrong-domain-name", "The signature of the Base Sepolia domain checked under the name \"USD Coin\".", token_domain_json("USD Coin", "2", 84_532, USDC_BASE_SEPOLIA), m1.clone()), &sig1, PAYER).flag("WrongDomain"),
        signed(et("eip3009/wrong-domain-version", "The same signature checked under version \"1\".", token_domain_json("USDC", "1", 84_532, USDC_BASE_SEPOLIA), m1.clone()), &sig1, PAYER).flag("WrongDomain"),
        signed(et("eip3009/wrong-domain-chain-id", "The same signature checked under chainId 8453.", token_domain_json("USDC", "2", 8453, USDC_BASE_SEPOLIA), m1.clone()), &sig1, PAYER).flag("WrongDomain"),
        signed(et("eip3009/wrong-domain-verifying-contract", "The same signature checked with Base mainnet USDC as verifying contract.", token_domain_json("USDC", "2", 84_532, USDC_BASE), m1.clone()), &sig1, PAYER).flag("WrongDomain"),
    ];
    let mut odd: Option<String> = None;
    for a in KNOWN_ASSETS
        .iter()
        .filter(|a| a.transfer_method == KnownTransferMethod::Eip3009)
    {
        let chain_id = a
            .network()
            .evm_chain_id()
            .ok_or_else(|| VectorError::Case(format!("{} has no chain id", a.network)))?;
        let d = token_domain_json(a.eip712_name, a.eip712_version, chain_id, a.address);
        let sig = sign_typed(KEY_PAYER, Kind::Eip3009, &d, &m1)?;
        if odd.is_none() && unhex(&sig)?.last() == Some(&28) {
            odd = Some(sig.clone());
            out.push(signed(et(&format!("eip3009/compact-64-bytes-odd-parity-chain-{chain_id}"), "The compact form of a signature with v = 28: the y-parity bit is folded into the top bit of s.", d.clone(), m1.clone()), &fixtures::compact(&sig)?, PAYER).flag("SignatureCompact").acceptable());
            out.push(
                signed(
                    et(
                        &format!("eip3009/v-one-chain-{chain_id}"),
                        "A v = 28 signature written with v = 1.",
                        d.clone(),
                        m1.clone(),
                    ),
                    &fixtures::with_v(&sig, 1)?,
                    PAYER,
                )
                .flag("SignatureYParityV")
                .acceptable(),
            );
        }
        out.push(signed(et(&format!("eip3009/known-asset-chain-{chain_id}"), &format!("{} {} on {} with its default EIP-712 domain ({:?}, {:?}) from the known-assets table.", a.symbol, a.address, a.network, a.eip712_name, a.eip712_version), d, m1.clone()), &sig, PAYER).clause("docs/protocol/networks.md §5.2"));
    }
    Ok(out)
}

fn permit2_cases() -> Result<Vec<Case>, VectorError> {
    let p = Permit::exact();
    let m = permit_message(&p);
    let d_bs = permit2_domain_json(84_532);
    let sig = p.sign(KEY_PAYER, 84_532)?;
    let p_base = Permit {
        token: USDC_BASE.into(),
        ..Permit::exact()
    };
    let mut out = vec![
        signed(et("permit2-exact/hardhat-base-sepolia", "Permit2 witness transfer for the exact proxy on Base Sepolia signed with the Hardhat key (docs/protocol/evm.md §4.9 #2).", d_bs.clone(), m.clone()), &sig, PAYER).clause("scheme_exact_evm.md Permit2"),
        signed(et("permit2-exact/hardhat-base-mainnet", "The same permit on Base mainnet: only the Permit2 domain chainId and the token change.", permit2_domain_json(8453), permit_message(&p_base)), &p_base.sign(KEY_PAYER, 8453)?, PAYER).clause("scheme_exact_evm.md Permit2"),
        signed(et("permit2-exact/spec-example-signature", "The Permit2 example of scheme_exact_evm.md reuses the EIP-3009 example signature bytes, which do not sign this permit for its payer.", d_bs.clone(), m.clone()), SPEC_SIGNATURE, SPEC_PAYER).flag("SpecExampleBroken"),
        signed(et("permit2-exact/high-s-twin", "The malleable twin of the docs/protocol/evm.md §4.9 Permit2 signature.", d_bs.clone(), m.clone()), &fixtures::high_s_twin(&sig)?, PAYER).flag("SignatureMalleability"),
        signed(et("permit2-exact/wrong-chain", "The Base Sepolia permit signature checked under the Base mainnet Permit2 domain.", permit2_domain_json(8453), m.clone()), &sig, PAYER).flag("WrongDomain"),
        signed(et("permit2-exact/spender-changed", "The signature checked with the upto proxy as spender: Permit2 binds the spender.", d_bs.clone(), permit_message(&Permit { spender: crate::fixtures::UPTO_PROXY.into(), ..Permit::exact() })), &sig, PAYER).flag("TamperedMessage"),
    ];
    for a in KNOWN_ASSETS
        .iter()
        .filter(|a| a.transfer_method == KnownTransferMethod::Permit2 || a.network == "eip155:137")
    {
        let chain_id = a
            .network()
            .evm_chain_id()
            .ok_or_else(|| VectorError::Case(format!("{} has no chain id", a.network)))?;
        let pa = Permit {
            token: a.address.into(),
            amount: "1000000000000000000".into(),
            ..Permit::exact()
        };
        out.push(
            signed(
                et(
                    &format!("permit2-exact/known-asset-chain-{chain_id}"),
                    &format!(
                        "A Permit2 exact permit for {} {} on {} (1e18 atomic units).",
                        a.symbol, a.address, a.network
                    ),
                    permit2_domain_json(chain_id),
                    permit_message(&pa),
                ),
                &pa.sign(KEY_PAYER, chain_id)?,
                PAYER,
            )
            .clause("docs/protocol/networks.md §5.2"),
        );
    }
    Ok(out)
}

fn upto_cases() -> Result<Vec<Case>, VectorError> {
    let p = Permit::upto();
    let sig = p.sign(KEY_PAYER, 84_532)?;
    let p_base = Permit {
        token: USDC_BASE.into(),
        ..Permit::upto()
    };
    let mut out = vec![
        signed(et("permit2-upto/hardhat-base-sepolia", "Permit2 witness transfer for the upto proxy with a facilitator in the witness (docs/protocol/evm.md §4.9 #3).", permit2_domain_json(84_532), permit_message(&p)), &sig, PAYER).clause("scheme_upto_evm.md"),
        signed(et("permit2-upto/hardhat-base-mainnet", "The same upto permit on Base mainnet.", permit2_domain_json(8453), permit_message(&p_base)), &p_base.sign(KEY_PAYER, 8453)?, PAYER).clause("scheme_upto_evm.md"),
        signed(et("permit2-upto/facilitator-changed", "The signature checked with another facilitator in the witness: the witness binds it.", permit2_domain_json(84_532), permit_message(&Permit { facilitator: Some(crate::fixtures::OTHER.into()), ..Permit::upto() })), &sig, PAYER).flag("TamperedMessage"),
    ];
    for a in KNOWN_ASSETS
        .iter()
        .filter(|a| a.transfer_method == KnownTransferMethod::Permit2)
    {
        let chain_id = a
            .network()
            .evm_chain_id()
            .ok_or_else(|| VectorError::Case(format!("{} has no chain id", a.network)))?;
        let pa = Permit {
            token: a.address.into(),
            amount: "5000000000000000000".into(),
            ..Permit::upto()
        };
        out.push(
            signed(
                et(
                    &format!("permit2-upto/known-asset-chain-{chain_id}"),
                    &format!(
                        "An upto permit for at most 5e18 atomic units of {} {} on {}.",
                        a.symbol, a.address, a.network
                    ),
                    permit2_domain_json(chain_id),
                    permit_message(&pa),
                ),
                &pa.sign(KEY_PAYER, chain_id)?,
                PAYER,
            )
            .clause("docs/protocol/networks.md §5.2"),
        );
    }
    Ok(out)
}

fn eip2612_cases() -> Result<Vec<Case>, VectorError> {
    let msg = |value: &str| json!({ "owner": PAYER, "spender": PERMIT2, "value": value, "nonce": "0", "deadline": crate::fixtures::VALID_BEFORE.to_string() });
    let d_bs = token_domain_json("USDC", "2", 84_532, USDC_BASE_SEPOLIA);
    let sig = sign_typed(KEY_PAYER, Kind::Eip2612, &d_bs, &msg("10000"))?;
    let mut out = vec![
        signed(et("eip2612/hardhat-base-sepolia", "EIP-2612 permit of Permit2 on Base Sepolia USDC, as the eip2612GasSponsoring extension signs it (docs/protocol/evm.md §4.9 #4).", d_bs.clone(), msg("10000")), &sig, PAYER).clause("specs/extensions/eip2612_gas_sponsoring.md"),
        signed(et("eip2612/high-s-twin", "The malleable twin of the docs/protocol/evm.md §4.9 EIP-2612 signature.", d_bs.clone(), msg("10000")), &fixtures::high_s_twin(&sig)?, PAYER).flag("SignatureMalleability"),
        signed(et("eip2612/max-value-tampered", "The permit signed for 10000 presented as the spec examples' MaxUint256 permit.", d_bs.clone(), msg("115792089237316195423570985008687907853269984665640564039457584007913129639935")), &sig, PAYER).flag("TamperedMessage"),
    ];
    for a in KNOWN_ASSETS
        .iter()
        .filter(|a| a.supports_eip2612 || a.network == "eip155:8453")
    {
        let chain_id = a
            .network()
            .evm_chain_id()
            .ok_or_else(|| VectorError::Case(format!("{} has no chain id", a.network)))?;
        let d = token_domain_json(a.eip712_name, a.eip712_version, chain_id, a.address);
        let m = msg("1000000000000000000");
        out.push(
            signed(
                et(
                    &format!("eip2612/known-asset-chain-{chain_id}"),
                    &format!(
                        "EIP-2612 permit of Permit2 for {} {} on {} (domain {:?}, {:?}).",
                        a.symbol, a.address, a.network, a.eip712_name, a.eip712_version
                    ),
                    d.clone(),
                    m.clone(),
                ),
                &sign_typed(KEY_PAYER, Kind::Eip2612, &d, &m)?,
                PAYER,
            )
            .clause("docs/protocol/networks.md §5.2"),
        );
    }
    Ok(out)
}

/// The batch-settlement messages (docs/protocol/batch-settlement.md §1), signed by the payer.
fn batch_cases(kind: Kind) -> Result<Vec<Case>, VectorError> {
    use x402_spec::evm::batch_settlement as bs;
    let chain_id = 84_532;
    let batch_dom = json!({"name": bs::DOMAIN_NAME, "version": bs::DOMAIN_VERSION, "chainId": chain_id,
        "verifyingContract": eip55(bs::BATCH_SETTLEMENT_ADDRESS)});
    let config = |delay: u64, salt: &str| {
        json!({"payer": PAYER, "payerAuthorizer": PAYER,
        "receiver": fixtures::PAY_TO, "receiverAuthorizer": fixtures::OTHER, "token": USDC_BASE_SEPOLIA,
        "withdrawDelay": delay.to_string(), "salt": salt})
    };
    let salt0 = format!("0x{}", "00".repeat(32));
    let id_of = |cfg: &Value| -> Result<String, VectorError> {
        Ok(hex(hashes(Kind::BatchChannelConfig, &batch_dom, cfg)?
            .digest
            .as_slice()))
    };
    let channel = id_of(&config(900, &salt0))?;
    let clause = "specs/schemes/batch-settlement/scheme_batch_settlement_evm.md";
    let signed_trio = |name: &str,
                       what: &str,
                       dom: Value,
                       msg: Value,
                       tampered: Value|
     -> Result<Vec<Case>, VectorError> {
        let sig = sign_typed(KEY_PAYER, kind, &dom, &msg)?;
        Ok(vec![
            signed(
                et(
                    &format!("batch/{name}/signed"),
                    &format!("{what}, signed by the payer."),
                    dom.clone(),
                    msg.clone(),
                ),
                &sig,
                PAYER,
            )
            .clause(clause),
            signed(
                et(
                    &format!("batch/{name}/high-s-twin"),
                    &format!("The malleable twin of the {what} signature."),
                    dom.clone(),
                    msg,
                ),
                &fixtures::high_s_twin(&sig)?,
                PAYER,
            )
            .flag("SignatureMalleability"),
            signed(
                et(
                    &format!("batch/{name}/tampered"),
                    &format!("The {what} signature presented with a changed message."),
                    dom,
                    tampered,
                ),
                &sig,
                PAYER,
            )
            .flag("TamperedMessage"),
        ])
    };
    match kind {
        Kind::BatchChannelConfig => Ok(vec![
            et("batch/channel-config/base-sepolia", "A channel config; its digest is the channel id (x402 Batch Settlement domain, Base Sepolia).", batch_dom.clone(), config(900, &salt0)).clause(clause),
            et("batch/channel-config/max-delay-salt", "The longest withdraw delay (30 days) and an all-ones salt.", batch_dom.clone(), config(2_592_000, &format!("0x{}", "ff".repeat(32)))).flag("EdgeValue"),
            et("batch/channel-config/other-chain", "The same config on Base mainnet: another channel id.", json!({"name": bs::DOMAIN_NAME, "version": bs::DOMAIN_VERSION, "chainId": 8453, "verifyingContract": eip55(bs::BATCH_SETTLEMENT_ADDRESS)}), config(900, &salt0)).clause(clause),
        ]),
        Kind::BatchVoucher => signed_trio("voucher", "A cumulative voucher for 3000",
            batch_dom.clone(), json!({"channelId": channel, "maxClaimableAmount": "3000"}),
            json!({"channelId": channel, "maxClaimableAmount": "3001"})),
        Kind::BatchRefund => signed_trio("refund", "A refund authorization of 1500 at nonce 2",
            batch_dom.clone(), json!({"channelId": channel, "nonce": "2", "amount": "1500"}),
            json!({"channelId": channel, "nonce": "3", "amount": "1500"})),
        Kind::BatchClaimBatch => signed_trio("claim-batch", "A claim over two channels",
            batch_dom.clone(),
            json!({"claims": [{"channelId": channel, "maxClaimableAmount": "5000", "totalClaimed": "5000"},
                {"channelId": format!("0x{}", "ab".repeat(32)), "maxClaimableAmount": "7", "totalClaimed": "3"}]}),
            json!({"claims": [{"channelId": channel, "maxClaimableAmount": "5000", "totalClaimed": "5000"}]})),
        Kind::BatchReceive => {
            let nonce = hex(bs::deposit_nonce(b256(&channel)?, b256(&format!("0x{}", "22".repeat(32)))?).as_slice());
            let msg = |value: &str| json!({"from": PAYER, "to": eip55(bs::ERC3009_DEPOSIT_COLLECTOR_ADDRESS), "value": value,
                "validAfter": "0", "validBefore": fixtures::VALID_BEFORE.to_string(), "nonce": nonce});
            signed_trio("deposit-erc3009", "An ERC-3009 deposit of 100000 to the deposit collector (nonce from channel id and salt)",
                token_domain_json("USDC", "2", chain_id, USDC_BASE_SEPOLIA), msg("100000"), msg("100001"))
        }
        Kind::BatchPermit2Deposit => {
            let msg = |amount: &str| json!({"permitted": {"token": USDC_BASE_SEPOLIA, "amount": amount},
                "spender": eip55(bs::PERMIT2_DEPOSIT_COLLECTOR_ADDRESS), "nonce": "42",
                "deadline": fixtures::VALID_BEFORE.to_string(), "witness": {"channelId": channel}});
            signed_trio("deposit-permit2", "A Permit2 deposit of 100000 with the channel as witness",
                permit2_domain_json(chain_id), msg("100000"), msg("100001"))
        }
        _ => Err(VectorError::Case("not a batch-settlement kind".into())),
    }
}

fn notes() -> Notes {
    let mut n = Notes::default();
    n.add(
        "SpecExample",
        note(
            "SPEC_EXAMPLE",
            "Value taken from an example of the x402 specification.",
        )
        .clause("x402 v2 §5.2.1"),
    );
    n.add("SpecExampleBroken", note("SPEC_EXAMPLE", "The specification example is wrong: its signature bytes were copied from the EIP-3009 example and do not sign this message for the stated payer.").clause("scheme_exact_evm.md (Permit2 example)").disagreement(15).effect("An implementation tested only against the spec example would accept a forged permit."));
    n.add("SignatureMalleability", note("SIGNATURE_MALLEABILITY", "s > n/2. ecrecover accepts it and yields the same signer, but the signature is the malleable twin of a valid one; token contracts using OpenZeppelin/FiatToken ECRecover reject it.").effect("A verifier that accepts it approves payments that fail on chain, or treats the twin as a different payment (replay bookkeeping by signature)."));
    n.add("SignatureYParityV", note("EDGE_CASE", "v given as y-parity 0/1 instead of 27/28. Go normalises it (+27) before the call; TS passes it through; the v,r,s overload of transferWithAuthorization needs 27/28.").sdk(&[("go", "normalises v to 27/28"), ("ts", "passes parseSignature(sig).v ?? yParity unchanged")]));
    n.add("SignatureCompact", note("EDGE_CASE", "64-byte EIP-2098 compact signature (y-parity folded into the top bit of s). Not produced by any x402 SDK; only the bytes overload of transferWithAuthorization (SignatureChecker) or Permit2 could take it.").effect("Accepting it off chain while the on-chain path requires 65 bytes makes verify and settle disagree."));
    n.add("TamperedMessage", note("SIGNATURE_FORGERY", "A genuine signature presented with a message, or a claimed signer, that differs from the signed one."));
    n.add("WrongDomain", note("DOMAIN_CONFUSION", "The message is unchanged but the EIP-712 domain differs (name, version, chainId or verifying contract): the digest changes and the signature recovers to an unrelated address."));
    n.add(
        "EdgeValue",
        note("EDGE_CASE", "Largest values of the message fields."),
    );
    n
}

/// Builds `eip712.json`.
pub(crate) fn file() -> Result<Value, VectorError> {
    fixtures::check_keys()?;
    let groups = vec![
        finish(Kind::Eip3009, eip3009_cases()?)?,
        finish(Kind::Permit2Exact, permit2_cases()?)?,
        finish(Kind::Permit2Upto, upto_cases()?)?,
        finish(Kind::Eip2612, eip2612_cases()?)?,
        finish(
            Kind::BatchChannelConfig,
            batch_cases(Kind::BatchChannelConfig)?,
        )?,
        finish(Kind::BatchVoucher, batch_cases(Kind::BatchVoucher)?)?,
        finish(Kind::BatchRefund, batch_cases(Kind::BatchRefund)?)?,
        finish(Kind::BatchClaimBatch, batch_cases(Kind::BatchClaimBatch)?)?,
        finish(Kind::BatchReceive, batch_cases(Kind::BatchReceive)?)?,
        finish(
            Kind::BatchPermit2Deposit,
            batch_cases(Kind::BatchPermit2Deposit)?,
        )?,
    ];
    make_file(
        TOPIC,
        &[
            "EIP-712 typed data of the x402 EVM schemes with every intermediate hash.",
            "Signatures are 65-byte r||s||v (v = 27/28), RFC 6979 deterministic and low-s unless a test says otherwise.",
            "Signer keys of the fresh vectors: the well-known Hardhat/Anvil test accounts #0 (payer) and #2 (third party); never use them for real funds.",
        ],
        notes(),
        groups,
    )
}
