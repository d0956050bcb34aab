//! `svm.json`: `exact` on Solana, verified with x402-spec's `verify_request`.
//!
//! Inputs: a `/verify` payment (payload + requirements) whose transaction is signed with fixed
//! ed25519 seeds ([`CLIENT_SEED`], [`FEE_PAYER_SEED`], [`PAY_TO_SEED`]), a fixed blockhash and a
//! fixed memo nonce, and the group policy's fee payers. Outcome: the decoded transaction
//! (version, message bytes, signatures, account keys, instructions, lookups) or the decoder's
//! error, the destination ATA derived from the requirements for the transfer's token program,
//! and the verdict — the payer and the RPC obligations owed, or the failed rule (`check`), the
//! reason, per-SDK reasons and the other failed rules.
//!
//! Valid payments cover legacy and v0 messages, SPL Token and Token-2022, v1 and v2; each
//! one-defect family breaks exactly the rule its id names (the first failure).

use serde_json::{Value, json};
use x402_spec::assets::solana::{
    LIGHTHOUSE_PROGRAM_ID, MEMO_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, USDC_DEVNET,
    USDC_MAINNET,
};
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::primitives::{SOLANA_DEVNET_CAIP2, SOLANA_MAINNET_CAIP2, SolanaAddress};
use x402_spec::svm::instructions::{self as ix, MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS};
use x402_spec::svm::sign::{PaymentParams, SvmKey, build_message, sign_message};
use x402_spec::svm::{
    AddressTableLookup, CompiledInstruction, Message, MessageVersion, Transaction,
    associated_token_address,
};
use x402_spec::verify::svm::{SvmExpectation, SvmOnchainCheck, SvmOnchainCheckKind};
use x402_spec::verify::{Policy, VerifiedPayment, verify_request};

use crate::VectorError;
use crate::format::{
    Case, Notes, Obj, Outcome, assemble, case, file as make_file, group, hex, note, u64_field,
};
use crate::topics::verify::rejection_fields;

const TOPIC: &str = "svm";

/// Outcome fields this topic computes.
pub(crate) const OUTCOME_KEYS: &[&str] = &[
    "transaction",
    "decodeError",
    "destinationAta",
    "expected",
    "check",
    "reason",
    "sdkReasons",
    "reasonAlternatives",
];

/// Seed of the client (payer, transfer authority) key. Test keys: public, protect nothing.
pub(crate) const CLIENT_SEED: [u8; 32] = [1; 32];
/// Seed of the facilitator's fee payer.
pub(crate) const FEE_PAYER_SEED: [u8; 32] = [2; 32];
/// Seed of the key whose public key is `payTo`.
pub(crate) const PAY_TO_SEED: [u8; 32] = [3; 32];
/// The clock of every test (SVM `exact` has no time window; kept for the format).
const NOW: u64 = 1_740_672_100;
const BLOCKHASH: [u8; 32] = [7; 32];
const NONCE: [u8; 16] = [9; 16];

fn key(seed: [u8; 32]) -> SvmKey {
    SvmKey::from_secret(&seed)
}
fn b58(a: &SolanaAddress) -> String {
    a.to_string()
}
fn b64(bytes: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
}
fn crate_err(e: impl std::fmt::Display) -> VectorError {
    VectorError::Crate(e.to_string())
}

/// A payment under construction.
#[derive(Clone)]
struct Pay {
    tx: Transaction,
    /// Raw bytes instead of `tx` (undecodable transactions).
    raw: Option<Vec<u8>>,
    requirements: Value,
    accepted: Value,
    v1: bool,
}

fn requirements_json() -> Value {
    json!({
        "scheme": "exact", "network": SOLANA_DEVNET_CAIP2, "amount": "1000", "asset": USDC_DEVNET,
        "payTo": b58(&key(PAY_TO_SEED).address()), "maxTimeoutSeconds": 60,
        "extra": {"feePayer": b58(&key(FEE_PAYER_SEED).address())}
    })
}

fn valid(version: MessageVersion, program: SolanaAddress) -> Result<Pay, VectorError> {
    let r = requirements_json();
    let req = x402_spec::v2::PaymentRequirements::from_json(r.to_string().as_bytes())
        .map_err(crate_err)?;
    let mut p =
        PaymentParams::for_requirements(&req, 6, program, BLOCKHASH, NONCE).map_err(crate_err)?;
    p.version = version;
    let client = key(CLIENT_SEED);
    let msg = build_message(&p, client.address()).map_err(crate_err)?;
    Ok(Pay {
        tx: sign_message(msg, &client),
        raw: None,
        accepted: r.clone(),
        requirements: r,
        v1: false,
    })
}

impl Pay {
    fn wire(&self) -> Vec<u8> {
        self.raw.clone().unwrap_or_else(|| self.tx.encode())
    }

    /// `paymentPayload` and `paymentRequirements`.
    fn documents(&self) -> (Value, Value) {
        let tx = b64(&self.wire());
        if self.v1 {
            let mut req = self.requirements.clone();
            if let Some(obj) = req.as_object_mut() {
                if let Some(amount) = obj.remove("amount") {
                    obj.insert("maxAmountRequired".into(), amount);
                }
                obj.insert("network".into(), json!("solana-devnet"));
                obj.insert("resource".into(), json!("https://api.example.com/premium"));
                obj.insert("description".into(), json!("premium data"));
                obj.insert("mimeType".into(), json!("application/json"));
            }
            let pp = json!({"x402Version": 1, "scheme": "exact", "network": "solana-devnet",
                            "payload": {"transaction": tx}});
            return (pp, req);
        }
        let pp =
            json!({"x402Version": 2, "accepted": self.accepted, "payload": {"transaction": tx}});
        (pp, self.requirements.clone())
    }

    /// Re-signs a changed message as the client.
    fn resign(mut self, f: impl FnOnce(&mut Message)) -> Self {
        let mut m = self.tx.message.clone();
        f(&mut m);
        self.tx = sign_message(m, &key(CLIENT_SEED));
        self
    }

    fn both(mut self, field: &str, v: Value) -> Self {
        set(&mut self.requirements, field, v.clone());
        set(&mut self.accepted, field, v);
        self
    }
}

/// Sets `a` or `a.b` in a JSON object.
fn set(doc: &mut Value, field: &str, v: Value) {
    let mut target = doc;
    let mut parts = field.split('.').peekable();
    while let Some(p) = parts.next() {
        let Some(obj) = target.as_object_mut() else {
            return;
        };
        if parts.peek().is_none() {
            obj.insert(p.to_owned(), v);
            return;
        }
        target = obj.entry(p.to_owned()).or_insert_with(|| json!({}));
    }
}

fn add_key(m: &mut Message, k: SolanaAddress) -> u8 {
    m.account_keys.push(k);
    m.header.num_readonly_unsigned = m.header.num_readonly_unsigned.saturating_add(1);
    u8::try_from(m.account_keys.len().saturating_sub(1)).unwrap_or(u8::MAX)
}

fn index_of(m: &Message, k: &SolanaAddress) -> u8 {
    m.account_keys
        .iter()
        .position(|x| x == k)
        .and_then(|p| u8::try_from(p).ok())
        .unwrap_or(u8::MAX)
}

fn instr(m: &mut Message, n: usize) -> Option<&mut CompiledInstruction> {
    m.instructions.get_mut(n)
}

/// Pads with Lighthouse instructions so that instruction `at` is a Compute Budget one.
fn foreign_at(m: &mut Message, at: usize) {
    let l = add_key(m, LIGHTHOUSE_PROGRAM_ID);
    let cb = index_of(m, &x402_spec::assets::solana::COMPUTE_BUDGET_PROGRAM_ID);
    while m.instructions.len() < at {
        m.instructions.push(CompiledInstruction {
            program_id_index: l,
            accounts: Vec::new(),
            data: vec![0],
        });
    }
    m.instructions.push(CompiledInstruction {
        program_id_index: cb,
        accounts: Vec::new(),
        data: ix::compute_unit_limit_data(1),
    });
}

fn cases() -> Result<Vec<(Case, Pay, Vec<SolanaAddress>)>, VectorError> {
    let fee_payers = vec![key(FEE_PAYER_SEED).address()];
    let mut out = Vec::new();
    let mut push = |id: &str, comment: &str, clause: &str, flag: &str, p: Pay| {
        out.push((
            case(format!("svm/exact/{id}"), comment)
                .clause(clause)
                .flag(flag),
            p,
            fee_payers.clone(),
        ));
    };
    let rules = "specs/schemes/exact/scheme_exact_svm.md §Facilitator Verification Rules (MUST)";
    for (version, vname) in [
        (MessageVersion::Legacy, "legacy"),
        (MessageVersion::V0, "v0"),
    ] {
        for (program, pname) in [
            (TOKEN_PROGRAM_ID, "spl-token"),
            (TOKEN_2022_PROGRAM_ID, "token-2022"),
        ] {
            push(
                &format!("valid-{vname}-{pname}"),
                &format!("The reference layout as a {vname} message, TransferChecked of {pname}."),
                rules,
                "Valid",
                valid(version, program)?,
            );
        }
    }
    let mut v1 = valid(MessageVersion::V0, TOKEN_PROGRAM_ID)?;
    v1.v1 = true;
    push(
        "valid-v1-solana-devnet",
        "A v1 payment on solana-devnet (maxAmountRequired).",
        rules,
        "Valid",
        v1,
    );
    let base = valid(MessageVersion::V0, TOKEN_PROGRAM_ID)?;
    let memo = base.clone().resign(|m| {
        if let Some(i) = instr(m, 3) {
            i.data = b"order-42".to_vec();
        }
    });
    push(
        "valid-memo",
        "extra.memo is carried by the one Memo instruction.",
        rules,
        "Valid",
        memo.both("extra.memo", json!("order-42")),
    );
    let lookups = base.clone().resign(|m| {
        m.address_table_lookups.push(AddressTableLookup {
            account_key: SolanaAddress::new([8; 32]),
            writable_indexes: Vec::new(),
            readonly_indexes: vec![3],
        });
    });
    push(
        "valid-unused-lookup-table",
        "A v0 message naming a lookup table no instruction uses: accepted, the table is an obligation.",
        rules,
        "LookupTable",
        lookups,
    );

    let b = || base.clone();
    push(
        "scheme-mismatch",
        "accepted.scheme is upto.",
        rules,
        "Envelope",
        b().both("scheme", json!("exact"))
            .tap(|p| set(&mut p.accepted, "scheme", json!("upto"))),
    );
    push(
        "network-mismatch",
        "accepted.network is mainnet, the requirements say devnet.",
        rules,
        "Envelope",
        b().tap(|p| set(&mut p.accepted, "network", json!(SOLANA_MAINNET_CAIP2))),
    );
    push(
        "unknown-cluster",
        "A solana: network that is none of the three clusters.",
        "docs/protocol/networks.md §5.1",
        "Envelope",
        b().both("network", json!("solana:11111111111111111111111111111111")),
    );
    push(
        "fee-payer-missing",
        "extra.feePayer is absent.",
        rules,
        "FeePayer",
        b().both("extra", json!({})),
    );
    push(
        "fee-payer-not-managed",
        "extra.feePayer is not one of the facilitator's fee payers.",
        rules,
        "FeePayer",
        b().both("extra.feePayer", json!(b58(&key([4; 32]).address()))),
    );
    let mut undecodable = b();
    undecodable.raw = Some({
        let mut w = undecodable.tx.encode();
        w.push(0);
        w
    });
    push(
        "undecodable-trailing-byte",
        "One byte after the message.",
        rules,
        "Undecodable",
        undecodable,
    );
    push(
        "undecodable-duplicate-key",
        "The same account key twice (the runtime refuses the message).",
        rules,
        "Undecodable",
        b().tap(|p| {
            let mut m = p.tx.message.clone();
            if let (Some(k), Some(slot)) =
                (m.account_keys.get(3).copied(), m.account_keys.get_mut(4))
            {
                *slot = k;
            }
            p.tx = Transaction::unsigned(m);
        }),
    );
    push(
        "fee-payer-slot",
        "Account 0 is not extra.feePayer.",
        rules,
        "FeePayer",
        b().resign(|m| {
            if let Some(k) = m.account_keys.get_mut(0) {
                *k = key([5; 32]).address();
            }
        }),
    );
    push(
        "lookup-table-account",
        "The transfer's destination is loaded from an address-lookup table.",
        rules,
        "LookupTable",
        b().resign(|m| {
            m.address_table_lookups.push(AddressTableLookup {
                account_key: SolanaAddress::new([8; 32]),
                writable_indexes: vec![0],
                readonly_indexes: Vec::new(),
            });
            let looked_up = u8::try_from(m.account_keys.len()).unwrap_or(u8::MAX);
            if let Some(a) = instr(m, 2).and_then(|i| i.accounts.get_mut(2)) {
                *a = looked_up;
            }
        }),
    );
    push(
        "instruction-count",
        "Only the two compute-budget instructions.",
        rules,
        "Layout",
        b().resign(|m| m.instructions.truncate(2)),
    );
    push(
        "compute-limit",
        "Instruction 0 has discriminator 4 instead of 2.",
        rules,
        "Layout",
        b().resign(|m| {
            if let Some(d) = instr(m, 0).and_then(|i| i.data.first_mut()) {
                *d = 4;
            }
        }),
    );
    push(
        "compute-price",
        "Instruction 1 has discriminator 4 instead of 3.",
        rules,
        "Layout",
        b().resign(|m| {
            if let Some(d) = instr(m, 1).and_then(|i| i.data.first_mut()) {
                *d = 4;
            }
        }),
    );
    push(
        "compute-price-trailing-byte",
        "SetComputeUnitPrice with one byte too many: refused here, accepted by the 2.27.0 parser.",
        rules,
        "Layout",
        b().resign(|m| {
            if let Some(i) = instr(m, 1) {
                i.data.push(0);
            }
        }),
    );
    push(
        "compute-price-over-cap",
        "Unit price 5 000 001 micro-lamports.",
        rules,
        "Layout",
        b().resign(|m| {
            if let Some(i) = instr(m, 1) {
                i.data = ix::compute_unit_price_data(
                    MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS.saturating_add(1),
                );
            }
        }),
    );
    push(
        "not-transfer-checked",
        "Instruction 2 is a Token instruction other than TransferChecked.",
        rules,
        "Layout",
        b().resign(|m| {
            if let Some(d) = instr(m, 2).and_then(|i| i.data.first_mut()) {
                *d = 3;
            }
        }),
    );
    let mut thief = b();
    thief.v1 = false;
    out.push((
        case("svm/exact/fee-payer-as-authority", "The transfer authority is one of the facilitator's fee payers (the facilitator would pay).").clause(rules).flag("FeePayer"),
        thief,
        vec![key(FEE_PAYER_SEED).address(), key(CLIENT_SEED).address()],
    ));
    let mut push = |id: &str, comment: &str, flag: &str, p: Pay| {
        out.push((
            case(format!("svm/exact/{id}"), comment)
                .clause(rules)
                .flag(flag),
            p,
            vec![key(FEE_PAYER_SEED).address()],
        ));
    };
    push(
        "fee-payer-in-accounts",
        "The fee payer is an account of the Memo instruction.",
        "FeePayer",
        b().resign(|m| {
            if let Some(i) = instr(m, 3) {
                i.accounts.push(0);
            }
        }),
    );
    push(
        "authority-not-signer",
        "The transfer authority is a non-signing account while the client still signs.",
        "Signers",
        b().resign(|m| {
            if let Some(a) = instr(m, 2).and_then(|i| i.accounts.get_mut(3)) {
                *a = 2;
            }
        }),
    );
    push(
        "wrong-mint",
        "The requirements ask for mainnet USDC; the transfer moves devnet USDC.",
        "Transfer",
        b().both("asset", json!(USDC_MAINNET)),
    );
    push(
        "wrong-destination",
        "The transfer goes to the ATA of another owner than payTo.",
        "Transfer",
        b().both("payTo", json!(b58(&key([6; 32]).address()))),
    );
    push(
        "amount-mismatch",
        "The transfer moves 1000, the requirements ask 1001.",
        "Transfer",
        b().both("amount", json!("1001")),
    );
    push(
        "decimals-mismatch",
        "TransferChecked asserts 9 decimals for USDC (6).",
        "Transfer",
        b().resign(|m| {
            if let Some(d) = instr(m, 2).and_then(|i| i.data.get_mut(9)) {
                *d = 9;
            }
        }),
    );
    for (at, name) in [
        (3usize, "fourth"),
        (4, "fifth"),
        (5, "sixth"),
        (6, "seventh"),
    ] {
        let p = if at == 3 {
            b().resign(|m| {
                if let Some(i) = instr(m, 3) {
                    i.program_id_index = 5;
                }
            })
        } else {
            b().resign(|m| foreign_at(m, at))
        };
        push(
            &format!("unknown-{name}-instruction"),
            &format!("Instruction {at} is Compute Budget, neither Lighthouse nor Memo."),
            "Layout",
            p,
        );
    }
    let memo_text = String::from_utf8_lossy(
        &base
            .tx
            .message
            .instructions
            .get(3)
            .map(|i| i.data.clone())
            .unwrap_or_default(),
    )
    .into_owned();
    push(
        "duplicated-memo",
        "extra.memo is set and two Memo instructions carry it.",
        "Memo",
        b().resign(|m| {
            let p = index_of(m, &MEMO_PROGRAM_ID);
            let data = m
                .instructions
                .get(3)
                .map(|i| i.data.clone())
                .unwrap_or_default();
            m.instructions.push(CompiledInstruction {
                program_id_index: p,
                accounts: Vec::new(),
                data,
            });
        })
        .both("extra.memo", json!(memo_text)),
    );
    push(
        "missing-memo",
        "extra.memo is set; the transaction has no Memo instruction.",
        "Memo",
        b().resign(|m| m.instructions.truncate(3))
            .both("extra.memo", json!("order-42")),
    );
    push(
        "memo-mismatch",
        "extra.memo is order-42; the Memo holds the client's nonce.",
        "Memo",
        b().both("extra.memo", json!("order-42")),
    );
    push(
        "bad-signature",
        "One bit of the client's signature flipped.",
        "Signature",
        b().tap(|p| {
            if let Some(s) = p.tx.signatures.get_mut(1).and_then(|s| s.first_mut()) {
                *s ^= 1;
            }
        }),
    );
    push(
        "unsigned",
        "The client's signature slot is empty.",
        "Signature",
        b().tap(|p| {
            if let Some(s) = p.tx.signatures.get_mut(1) {
                *s = [0; 64];
            }
        }),
    );
    Ok(out)
}

trait Tap: Sized {
    fn tap(self, f: impl FnOnce(&mut Self)) -> Self;
}
impl Tap for Pay {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}

/// The group policy: `svmFeePayers`.
fn policy_of(group: &Value) -> Result<Policy, VectorError> {
    let mut fee_payers = Vec::new();
    for s in group
        .pointer("/policy/svmFeePayers")
        .and_then(Value::as_array)
        .ok_or_else(|| VectorError::Input("missing policy.svmFeePayers".into()))?
    {
        let s = s
            .as_str()
            .ok_or_else(|| VectorError::Input("fee payer not a string".into()))?;
        fee_payers.push(SolanaAddress::parse(s).map_err(|e| VectorError::Input(e.to_string()))?);
    }
    Ok(Policy::default().with_svm_fee_payers(fee_payers))
}

/// The decoded transaction in the format's JSON.
fn transaction_json(tx: &Transaction) -> Value {
    let m = &tx.message;
    let ixs: Vec<Value> = m
        .instructions
        .iter()
        .map(|i| {
            json!({
                "programIdIndex": i.program_id_index,
                "programId": m.static_key(i.program_id_index).map(b58),
                "accounts": i.accounts,
                "data": hex(&i.data),
            })
        })
        .collect();
    let lookups: Vec<Value> = m
        .address_table_lookups
        .iter()
        .map(|l| json!({"accountKey": b58(&l.account_key), "writableIndexes": l.writable_indexes, "readonlyIndexes": l.readonly_indexes}))
        .collect();
    json!({
        "version": m.version.id(),
        "messageBytes": hex(tx.message_bytes()),
        "signatures": tx.signatures.iter().map(|s| hex(s)).collect::<Vec<_>>(),
        "header": [m.header.num_required_signatures, m.header.num_readonly_signed, m.header.num_readonly_unsigned],
        "accountKeys": m.account_keys.iter().map(b58).collect::<Vec<_>>(),
        "recentBlockhash": b58(&SolanaAddress::new(m.recent_blockhash)),
        "instructions": ixs,
        "addressTableLookups": lookups,
    })
}

fn onchain_json(c: &SvmOnchainCheck) -> Value {
    let kind = match c.kind {
        SvmOnchainCheckKind::LookupTables => "lookupTables",
        SvmOnchainCheckKind::Mint => "mint",
        SvmOnchainCheckKind::Source => "sourceTokenAccount",
        SvmOnchainCheckKind::Destination => "destinationTokenAccount",
        SvmOnchainCheckKind::Blockhash => "blockhash",
        SvmOnchainCheckKind::Simulation => "simulation",
        _ => "other",
    };
    let expect = match &c.expectation {
        SvmExpectation::LookupTablesExist => json!({"type": "lookupTablesExist"}),
        SvmExpectation::Mint { program, decimals } => {
            json!({"type": "mint", "program": b58(program), "decimals": decimals})
        }
        SvmExpectation::TokenAccount {
            program,
            mint,
            owner,
            min_amount,
        } => json!({
            "type": "tokenAccount", "program": b58(program), "mint": b58(mint), "owner": b58(owner),
            "minAmount": min_amount.map(|a| a.to_string()),
        }),
        SvmExpectation::True => json!({"type": "valueTrue"}),
        SvmExpectation::SimulationSucceeds => json!({"type": "simulationSucceeds"}),
        _ => json!({"type": "other"}),
    };
    json!({
        "kind": kind,
        "request": c.request.to_json_rpc(1),
        "expect": expect,
        "failureReason": c.failure.as_str(),
    })
}

/// The ATA of (payTo, asset) under the token program of instruction 2, when all three exist.
fn destination_ata(requirements: &Value, tx: &Transaction) -> Option<Value> {
    let owner = SolanaAddress::parse(requirements.get("payTo")?.as_str()?).ok()?;
    let mint = SolanaAddress::parse(requirements.get("asset")?.as_str()?).ok()?;
    let program = *tx
        .message
        .static_key(tx.message.instructions.get(2)?.program_id_index)?;
    if program != TOKEN_PROGRAM_ID && program != TOKEN_2022_PROGRAM_ID {
        return None;
    }
    let (address, bump) = associated_token_address(&owner, &mint, &program)?;
    Some(
        json!({"owner": b58(&owner), "mint": b58(&mint), "tokenProgram": b58(&program), "address": b58(&address), "bump": bump}),
    )
}

/// Verifies one test.
pub(crate) fn outcome(group: &Value, test: &Value) -> Result<Outcome, VectorError> {
    let policy = policy_of(group)?;
    let now = u64_field(test, "now")?;
    let pp = test
        .get("paymentPayload")
        .ok_or_else(|| VectorError::Input("missing paymentPayload".into()))?;
    let req = test
        .get("paymentRequirements")
        .ok_or_else(|| VectorError::Input("missing paymentRequirements".into()))?;
    let mut fields = Obj::new();
    let wire = pp
        .pointer("/payload/transaction")
        .and_then(Value::as_str)
        .and_then(|t| base64::Engine::decode(&base64::engine::general_purpose::STANDARD, t).ok())
        .ok_or_else(|| VectorError::Input("payload.transaction is not base64".into()))?;
    match Transaction::decode(&wire) {
        Ok(tx) => {
            fields.insert("transaction".into(), transaction_json(&tx));
            if let Some(a) = destination_ata(req, &tx) {
                fields.insert("destinationAta".into(), a);
            }
        }
        Err(e) => {
            fields.insert(
                "decodeError".into(),
                json!({"field": e.field, "message": e.to_string()}),
            );
        }
    }
    let body = json!({"x402Version": pp.get("x402Version").cloned().unwrap_or(Value::Null), "paymentPayload": pp, "paymentRequirements": req});
    let request = FacilitatorRequest::from_json(body.to_string().as_bytes()).map_err(crate_err)?;
    let accepted = match verify_request(&request, now, &policy) {
        Ok(VerifiedPayment::Svm(p)) => {
            fields.insert(
                "expected".into(),
                json!({
                    "payer": b58(&p.payer),
                    "maxFeeLamports": p.max_fee_lamports().to_string(),
                    "onChainChecks": p.onchain.iter().map(onchain_json).collect::<Vec<_>>(),
                }),
            );
            true
        }
        Ok(other) => {
            return Err(VectorError::Crate(format!(
                "not a Solana payment: {:?}",
                other.family()
            )));
        }
        Err(rej) => {
            fields.insert("check".into(), rej.first().check.id().into());
            rejection_fields(&rej, &mut fields);
            false
        }
    };
    Ok(Outcome { accepted, fields })
}

fn notes() -> Notes {
    let mut n = Notes::default();
    n.add("Valid", note("BASIC", "The reference client's transaction (compute limit, compute price, TransferChecked to the ATA of payTo, Memo), signed by the client; the fee-payer slot is empty.").clause("specs/schemes/exact/scheme_exact_svm.md §Protocol Flow"));
    n.add("Envelope", note("NETWORK_CONFUSION", "scheme or network of the payment differ from the requirements, or the network is no Solana cluster."));
    n.add("FeePayer", note("EDGE_CASE", "The fee payer is missing, not this facilitator's, not account 0, the transfer authority, or an instruction account: the facilitator could be made to pay or sign for more than the fee."));
    n.add(
        "Undecodable",
        note(
            "MALFORMED_INPUT",
            "The transaction bytes are not a versioned transaction the runtime accepts.",
        ),
    );
    n.add("LookupTable", note("SPEC_SDK_DISAGREEMENT", "v0 address-lookup tables: @x402/svm 2.27.0 resolves them through its signer; x402-spec refuses instructions that use looked-up accounts (offline no rule can judge them) and owes the table lookup otherwise."));
    n.add("Layout", note("MALFORMED_INPUT", "The instruction layout of the reference path is broken: count, compute-budget instructions and price cap, TransferChecked at index 2, only Lighthouse or Memo after it."));
    n.add("Signers", note("EDGE_CASE", "Required signers other than the fee payer and the transfer authority. No SDK checks it by default (2.27.0 has the maxRequiredSignatures option)."));
    n.add("Transfer", note("RECIPIENT_CONFUSION", "The transfer moves another mint, to another account, another amount or with other decimals than the requirements."));
    n.add(
        "Memo",
        note(
            "EDGE_CASE",
            "extra.memo must be carried by exactly one Memo instruction.",
        ),
    );
    n.add(
        "Signature",
        note(
            "SIGNATURE_FORGERY",
            "The client's ed25519 signature over the message bytes does not verify.",
        ),
    );
    n
}

/// The tests that share one fee-payer set.
type PolicyGroup = (Vec<SolanaAddress>, Vec<(Case, Pay)>);

/// Builds `svm.json`.
pub(crate) fn file() -> Result<Value, VectorError> {
    let mut by_policy: Vec<PolicyGroup> = Vec::new();
    for (c, p, fee_payers) in cases()? {
        match by_policy.iter_mut().find(|(f, _)| *f == fee_payers) {
            Some((_, list)) => list.push((c, p)),
            None => by_policy.push((fee_payers, vec![(c, p)])),
        }
    }
    let mut groups = Vec::new();
    for (fee_payers, list) in by_policy {
        let fields = json!({"scheme": "exact", "policy": {"svmFeePayers": fee_payers.iter().map(b58).collect::<Vec<_>>()}});
        let mut tests = Vec::new();
        for (c, p) in list {
            let (pp, req) = p.documents();
            let c = c
                .input("now", NOW)
                .input("paymentPayload", pp)
                .input("paymentRequirements", req);
            let o = outcome(&fields, &c.probe())?;
            tests.push(assemble(TOPIC, c, o)?);
        }
        groups.push(group(fields, tests));
    }
    make_file(
        TOPIC,
        &[
            "exact on Solana, chain-free: the partially signed transaction + requirements + the facilitator's fee payers -> decoded message, derived ATA, verdict.",
            "Accepted tests list the JSON-RPC reads the caller still owes (onChainChecks, in order); rejected tests give the rule (check), the canonical reason, per-SDK reasons and the other failed rules.",
            "Keys are ed25519 seeds 0x01*32 (client), 0x02*32 (fee payer), 0x03*32 (payTo): public test keys.",
        ],
        notes(),
        groups,
    )
}
