//! The EVM verification vectors: EIP-3009 (v2 and v1), Permit2 `exact`, `upto`, and the gas-sponsoring
//! extensions. Each function returns one group's cases; [`super::file`] runs them.

use super::*;

fn req(scheme: &str, network: &str, amount: &str, asset: &str, extra: Value) -> Value {
    json!({
        "scheme": scheme, "network": network, "amount": amount, "asset": asset,
        "payTo": PAY_TO, "maxTimeoutSeconds": 60, "extra": extra
    })
}

/// Base Sepolia USDC `exact` EIP-3009 requirements.
pub(crate) fn req_3009() -> Value {
    req(
        "exact",
        "eip155:84532",
        "10000",
        USDC_BASE_SEPOLIA,
        json!({"name": "USDC", "version": "2"}),
    )
}

/// Base Sepolia USDC `exact` Permit2 requirements.
pub(crate) fn req_permit2() -> Value {
    req(
        "exact",
        "eip155:84532",
        "10000",
        USDC_BASE_SEPOLIA,
        json!({"name": "USDC", "version": "2", "assetTransferMethod": "permit2"}),
    )
}

/// Base Sepolia USDC `upto` requirements (maximum 5000000, facilitator key #1).
pub(crate) fn req_upto() -> Value {
    req(
        "upto",
        "eip155:84532",
        "5000000",
        USDC_BASE_SEPOLIA,
        json!({"name": "USDC", "version": "2", "assetTransferMethod": "permit2", "facilitatorAddress": FACILITATOR}),
    )
}

/// A v2 payload echoing `accepted`.
pub(crate) fn pp(accepted: &Value, payload: Value) -> Value {
    json!({ "x402Version": 2, "resource": fixtures::resource(), "accepted": accepted, "payload": payload })
}

fn with(v: &Value, key: &str, value: Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_owned(), value);
    }
    v
}

fn without(v: &Value, key: &str) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.shift_remove(key);
    }
    v
}

/// The id (after `verify/`) of the vector of one defect, from the testkit's typed list of
/// one-defect variations, which the conformance harness shares.
pub(super) fn vid(mechanism: Paying, variation: Variation) -> Result<String, VectorError> {
    let slug = variation.vector_id(mechanism).ok_or_else(|| {
        VectorError::Case(format!("no vector id for {variation:?} on {mechanism:?}"))
    })?;
    Ok(format!("{}/{slug}", mechanism.vector_prefix()))
}

/// A verify case: payload and requirements at `now`.
pub(crate) fn vt(id: &str, comment: &str, now: u64, payment: Value, requirements: Value) -> Case {
    case(format!("verify/{id}"), comment)
        .input("now", now)
        .input("paymentPayload", payment)
        .input("paymentRequirements", requirements)
}

fn dom_bs() -> Result<x402_spec::evm::eip712::TokenDomain, VectorError> {
    token_domain("USDC", "2", 84_532, USDC_BASE_SEPOLIA)
}

/// The EIP-3009 scheme payload of `auth` signed by `key` under the Base Sepolia USDC domain.
pub(crate) fn p3009(auth: &Auth, key: &str) -> Result<Value, VectorError> {
    Ok(json!({ "signature": auth.sign(key, &dom_bs()?)?, "authorization": auth.json() }))
}

/// The Permit2 scheme payload of `p` signed by `key` on Base Sepolia.
pub(crate) fn ppermit(p: &Permit, key: &str) -> Result<Value, VectorError> {
    Ok(json!({ "signature": p.sign(key, 84_532)?, "permit2Authorization": p.json() }))
}

fn with_sig(payload: &Value, sig: &str) -> Value {
    with(payload, "signature", sig.into())
}

pub(super) fn eip3009_v2_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_3009();
    let a = Auth::standard();
    let p = p3009(&a, KEY_PAYER)?;
    let sig = str_field(&p, "signature")?.to_owned();
    let ok = pp(&r, p.clone());
    let r20k = with(&r, "amount", "20000".into());
    let spec = json!({"signature": SPEC_SIGNATURE, "authorization": Auth { from: SPEC_PAYER.into(), ..Auth::standard() }.json()});
    let lower = Auth {
        from: PAYER.to_ascii_lowercase(),
        to: PAY_TO.to_ascii_lowercase(),
        ..Auth::standard()
    };
    let signed_other_domain = |name: &str,
                               version: &str,
                               chain: u64,
                               asset: &str|
     -> Result<Value, VectorError> {
        Ok(
            json!({"signature": a.sign(KEY_PAYER, &token_domain(name, version, chain, asset)?)?, "authorization": a.json()}),
        )
    };
    let inner = sig.clone();
    let wrapped = encode_erc6492(
        addr(FACTORY)?,
        &[0xc5, 0x26, 0x5d, 0x5d, 0x00, 0x01],
        &unhex(&inner)?,
    );
    let smart = hex(&[0x5au8; 96]);
    let mut magic_bad = vec![0u8; 32];
    magic_bad.extend_from_slice(&unhex(
        "0x6492649264926492649264926492649264926492649264926492649264926492",
    )?);
    let tampered = Auth {
        value: "10001".into(),
        ..Auth::standard()
    };
    let tampered_p = json!({"signature": sig, "authorization": tampered.json()});
    let to_other = Auth {
        to: OTHER.into(),
        ..Auth::standard()
    };
    let over = Auth {
        value: "20000".into(),
        ..Auth::standard()
    };
    let high = fixtures::high_s_twin(&sig)?;
    let r_zero = {
        let b = unhex(&sig)?;
        hex(&[vec![0u8; 32], b.get(32..).unwrap_or_default().to_vec()].concat())
    };
    let ts = "TimeBuffer";
    let mut out = vec![
        vt(&vid(Paying::V2Eip3009, Variation::None)?, "A correct EIP-3009 payment inside its validity window.", NOW, ok.clone(), r.clone()).clause("scheme_exact_evm.md (verification); docs/protocol/evm.md §4.2"),
        vt(&vid(Paying::V2Eip3009, Variation::ValidBeforeAtEdge)?, "validBefore = now + 6 exactly: still valid.", VALID_BEFORE - 6, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Eip3009, Variation::ValidBeforeInBuffer)?, "validBefore = now + 5: inside the 6-second buffer.", VALID_BEFORE - 5, ok.clone(), r.clone()).flag(ts),
        vt("exact-eip3009/valid-before-equals-now", "validBefore = now: expired.", VALID_BEFORE, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Eip3009, Variation::ValidBeforeExpired)?, "validBefore is in the past.", VALID_BEFORE + 3600, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Eip3009, Variation::ValidAfterNow)?, "validAfter = now: valid (validAfter <= now).", VALID_AFTER, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Eip3009, Variation::ValidAfterFuture)?, "validAfter = now + 1: not yet valid (no slack on validAfter).", VALID_AFTER - 1, ok.clone(), r.clone()).flag(ts),
        vt("exact-eip3009/spec-example-expired", "The specification example is correctly signed but expired long ago.", 1_767_225_600, pp(&r, spec.clone()), r.clone()).flag("SpecExample").clause("x402 v2 §5.2.1"),
        vt("exact-eip3009/spec-example-in-window", "The specification example verifies inside its own validity window.", NOW, pp(&r, spec), r.clone()).flag("SpecExample").clause("x402 v2 §5.2.1"),
        vt("exact-eip3009/lowercase-addresses", "from and to in lower case: compared as addresses, normalised to EIP-55.", NOW, pp(&r, json!({"signature": sig, "authorization": lower.json()})), r.clone()).flag("AddressCase"),
        vt(&vid(Paying::V2Eip3009, Variation::AmountUnder)?, "The authorization pays 10000 but the requirements ask 20000: amounts must be equal (underpayment).", NOW, pp(&r20k, p.clone()), r20k.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Eip3009, Variation::AmountOver)?, "The authorization pays 20000 for a 10000 requirement: v2 requires equality.", NOW, pp(&r, p3009(&over, KEY_PAYER)?), r.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Eip3009, Variation::Recipient)?, "The authorization pays a different address than requirements.payTo.", NOW, pp(&r, p3009(&to_other, KEY_PAYER)?), r.clone()).flag("RecipientMismatch"),
        vt(&vid(Paying::V2Eip3009, Variation::SchemeMismatch)?, "accepted.scheme says upto while the requirements say exact.", NOW, pp(&with(&r, "scheme", "upto".into()), p.clone()), r.clone()).flag("SchemeMismatch"),
        vt(&vid(Paying::V2Eip3009, Variation::NetworkMismatch)?, "accepted.network is Base mainnet, the requirements Base Sepolia.", NOW, pp(&with(&r, "network", "eip155:8453".into()), p.clone()), r.clone()).flag("NetworkMismatch"),
        vt("exact-eip3009/unknown-network", "An eip155 network whose reference is not a decimal chain id: no EIP-712 domain can be built.", NOW, pp(&with(&r, "network", "eip155:0x14a34".into()), p.clone()), with(&r, "network", "eip155:0x14a34".into())).flag("UnknownNetwork"),
        vt("exact-eip3009/unsupported-scheme", "A scheme no verifier here implements.", NOW, pp(&with(&r, "scheme", "deferred".into()), p.clone()), with(&r, "scheme", "deferred".into())).flag("UnsupportedMechanism"),
        vt("exact-eip3009/unsupported-network-family", "exact on a CAIP-2 namespace no family of this crate verifies (cosmos); Solana payments have their own file, svm.json.", NOW, pp(&with(&r, "network", "cosmos:cosmoshub-4".into()), p.clone()), with(&r, "network", "cosmos:cosmoshub-4".into())).flag("UnsupportedMechanism"),
        vt("exact-eip3009/missing-eip712-domain", "extra has neither name nor version: the token's EIP-712 domain is unknown.", NOW, pp(&with(&r, "extra", json!({})), p.clone()), with(&r, "extra", json!({}))).flag("MissingDomain"),
        vt("exact-eip3009/missing-eip712-version", "extra has a name but no version.", NOW, pp(&with(&r, "extra", json!({"name": "USDC"})), p.clone()), with(&r, "extra", json!({"name": "USDC"}))).flag("MissingDomain"),
        vt("exact-eip3009/asset-not-evm", "The asset is an ISO 4217 code: no verifying contract.", NOW, pp(&with(&r, "asset", "USD".into()), p.clone()), with(&r, "asset", "USD".into())).flag("MissingDomain"),
        vt("exact-eip3009/missing-signature", "The payload has no signature.", NOW, pp(&r, without(&p, "signature")), r.clone()).flag("MalformedPayload"),
        vt("exact-eip3009/short-nonce", "A 2-byte nonce.", NOW, pp(&r, json!({"signature": sig, "authorization": with(&a.json(), "nonce", "0x1234".into())})), r.clone()).flag("MalformedPayload"),
        vt("exact-eip3009/value-as-number", "authorization.value as a JSON number.", NOW, pp(&r, json!({"signature": sig, "authorization": with(&a.json(), "value", 10000.into())})), r.clone()).flag("MalformedPayload"),
        vt("exact-eip3009/value-hex", "authorization.value in hex (JS BigInt would accept it).", NOW, pp(&r, json!({"signature": sig, "authorization": with(&a.json(), "value", "0x2710".into())})), r.clone()).flag("MalformedPayload"),
        vt(&vid(Paying::V2Eip3009, Variation::DomainName)?, "Signed under the name \"USD Coin\"; the requirements say \"USDC\".", NOW, pp(&r, signed_other_domain("USD Coin", "2", 84_532, USDC_BASE_SEPOLIA)?), r.clone()).flag("WrongDomain"),
        vt(&vid(Paying::V2Eip3009, Variation::DomainVersion)?, "Signed under version \"1\".", NOW, pp(&r, signed_other_domain("USDC", "1", 84_532, USDC_BASE_SEPOLIA)?), r.clone()).flag("WrongDomain"),
        vt(&vid(Paying::V2Eip3009, Variation::DomainChainId)?, "Signed for chain 8453; the requirements are on 84532.", NOW, pp(&r, signed_other_domain("USDC", "2", 8453, USDC_BASE_SEPOLIA)?), r.clone()).flag("WrongDomain"),
        vt(&vid(Paying::V2Eip3009, Variation::DomainVerifyingContract)?, "Signed with Base mainnet USDC as verifying contract.", NOW, pp(&r, signed_other_domain("USDC", "2", 84_532, USDC_BASE)?), r.clone()).flag("WrongDomain"),
        vt(&vid(Paying::V2Eip3009, Variation::WrongSigner)?, "A valid signature by Hardhat key #2 in a payment from the payer.", NOW, pp(&r, p3009(&a, KEY_OTHER)?), r.clone()).flag("ForgedSignature"),
        vt("exact-eip3009/tampered-value", "The signature of a 10000 authorization on a 10001 authorization (and requirement).", NOW, pp(&with(&r, "amount", "10001".into()), tampered_p), with(&r, "amount", "10001".into())).flag("ForgedSignature"),
        vt(&vid(Paying::V2Eip3009, Variation::HighS)?, "The malleable twin of a valid signature: ecrecover yields the payer, the token contract rejects it.", NOW, pp(&r, with_sig(&p, &high)), r.clone()).flag("SignatureMalleability"),
        vt("exact-eip3009/v-29", "A 65-byte signature with v = 29.", NOW, pp(&r, with_sig(&p, &fixtures::with_v(&sig, 29)?)), r.clone()).flag("ForgedSignature"),
        vt("exact-eip3009/r-zero", "r = 0.", NOW, pp(&r, with_sig(&p, &r_zero)), r.clone()).flag("ForgedSignature"),
        vt("exact-eip3009/empty-signature", "signature \"0x\".", NOW, pp(&r, with_sig(&p, "0x")), r.clone()).flag("ForgedSignature"),
        vt("exact-eip3009/malformed-erc6492", "A signature with the ERC-6492 magic suffix whose prefix is not abi.encode(address, bytes, bytes).", NOW, pp(&r, with_sig(&p, &hex(&magic_bad))), r.clone()).flag("Erc6492"),
        vt("exact-eip3009/v-zero", "The valid signature with v = 0 (y-parity form): x402-spec accepts and settles with v = 27; TS passes 0 to the contract, which rejects it.", NOW, pp(&r, with_sig(&p, &fixtures::with_v(&sig, 0)?)), r.clone()).flag("SignatureYParityV").acceptable(),
        vt("exact-eip3009/compact-signature", "The 64-byte EIP-2098 form: not an EOA signature for USDC, left to the chain (ERC-1271 and simulation).", NOW, pp(&r, with_sig(&p, &fixtures::compact(&sig)?)), r.clone()).flag("SignatureCompact").acceptable(),
        vt("exact-eip3009/smart-wallet-signature", "A 96-byte smart-wallet signature: valid off chain, judged on chain (getCode, ERC-1271, simulation with the bytes overload).", NOW, pp(&r, with_sig(&p, &smart)), r.clone()).flag("SmartWalletSignature"),
        vt("exact-eip3009/erc6492-counterfactual-wallet", "An ERC-6492-wrapped signature: the simulation deploys the wallet through Multicall3 before the transfer.", NOW, pp(&r, with_sig(&p, &hex(&wrapped))), r.clone()).flag("Erc6492"),
        vt("exact-eip3009/accepted-amount-mismatch", "accepted offers amount 1 while the requirements (and the signed authorization) say 10000: no SDK facilitator compares them.", NOW, pp(&with(&r, "amount", "1".into()), p.clone()), r.clone()).flag("AcceptedNotChecked").acceptable(),
        vt("exact-eip3009/accepted-pay-to-mismatch", "accepted names another payTo than the requirements.", NOW, pp(&with(&r, "payTo", OTHER.into()), p.clone()), r.clone()).flag("AcceptedNotChecked").acceptable(),
        vt("exact-eip3009/accepted-mismatch-and-wrong-recipient", "accepted offers amount 1 and the authorization pays another address: x402-spec reports the accepted mismatch first, the SDKs (which do not compare accepted) the recipient.", NOW, pp(&with(&r, "amount", "1".into()), p3009(&to_other, KEY_PAYER)?), r.clone()).flag("MultipleDefects").flag("RecipientMismatch"),
        vt("exact-eip3009/expired-and-wrong-recipient", "Two defects: the reason depends on the order of checks.", VALID_BEFORE + 3600, pp(&r, p3009(&to_other, KEY_PAYER)?), r.clone()).flag("MultipleDefects").flag("RecipientMismatch"),
        vt("exact-eip3009/no-domain-and-underpayment", "extra lacks the domain and the amount differs: Go checks the amount before the domain.", NOW, pp(&with(&r20k, "extra", json!({})), p.clone()), with(&r20k, "extra", json!({}))).flag("MultipleDefects").flag("MissingDomain"),
        vt("exact-eip3009/unsupported-version", "paymentPayload.x402Version 3.", NOW, with(&ok, "x402Version", 3.into()), r.clone()).flag("VersionMismatch"),
        vt("exact-eip3009/v2-payload-v1-requirements", "A v2 payload verified against v1-shaped requirements.", NOW, ok.clone(), json!({"scheme": "exact", "network": "base-sepolia", "maxAmountRequired": "10000", "resource": "https://api.example.com/premium-data", "description": "", "payTo": PAY_TO, "maxTimeoutSeconds": 60, "asset": USDC_BASE_SEPOLIA, "extra": {"name": "USDC", "version": "2"}})).flag("VersionMismatch"),
        vt("exact-eip3009/malformed-requirements", "requirements.amount is not a decimal string.", NOW, ok.clone(), with(&r, "amount", "ten".into())).flag("MalformedPayload"),
    ];
    let a_std = Auth::standard();
    for k in KNOWN_ASSETS
        .iter()
        .filter(|k| k.transfer_method == KnownTransferMethod::Eip3009)
    {
        let chain = k
            .network()
            .evm_chain_id()
            .ok_or_else(|| VectorError::Case("chain".into()))?;
        let rk = req(
            "exact",
            k.network,
            "10000",
            k.address,
            json!({"name": k.eip712_name, "version": k.eip712_version}),
        );
        let payload = json!({"signature": a_std.sign(KEY_PAYER, &token_domain(k.eip712_name, k.eip712_version, chain, k.address)?)?, "authorization": a_std.json()});
        out.push(
            vt(
                &format!("exact-eip3009/known-asset-chain-{chain}"),
                &format!(
                    "{} {} on {} with its default domain ({:?}, {:?}).",
                    k.symbol, k.address, k.network, k.eip712_name, k.eip712_version
                ),
                NOW,
                pp(&rk, payload),
                rk.clone(),
            )
            .clause("docs/protocol/networks.md §5.2"),
        );
    }
    Ok(out)
}

fn v1_req(network: &str, asset: &str, amount: &str) -> Value {
    json!({
        "scheme": "exact", "network": network, "maxAmountRequired": amount,
        "resource": "https://api.example.com/premium-data", "description": "Access to premium market data",
        "mimeType": "application/json", "payTo": PAY_TO, "maxTimeoutSeconds": 60, "asset": asset,
        "extra": {"name": "USDC", "version": "2"}
    })
}

fn v1_pp(network: &str, payload: Value) -> Value {
    json!({"x402Version": 1, "scheme": "exact", "network": network, "payload": payload})
}

pub(super) fn v1_cases() -> Result<Vec<Case>, VectorError> {
    let r = v1_req("base-sepolia", USDC_BASE_SEPOLIA, "10000");
    let a = Auth::standard();
    let p = p3009(&a, KEY_PAYER)?;
    let over = p3009(
        &Auth {
            value: "20000".into(),
            ..Auth::standard()
        },
        KEY_PAYER,
    )?;
    let under = p3009(
        &Auth {
            value: "9999".into(),
            ..Auth::standard()
        },
        KEY_PAYER,
    )?;
    let spec = json!({"signature": SPEC_SIGNATURE, "authorization": Auth { from: SPEC_PAYER.into(), ..Auth::standard() }.json()});
    let sei = v1_known_asset("sei-testnet")
        .ok_or_else(|| VectorError::Case("sei-testnet asset".into()))?;
    let sei_addr = sei.address().to_string();
    let sei_chain =
        v1_evm_chain_id("sei-testnet").ok_or_else(|| VectorError::Case("sei chain".into()))?;
    let sei_payload = json!({"signature": a.sign(KEY_PAYER, &token_domain("USDC", "2", sei_chain, &sei_addr)?)?, "authorization": a.json()});
    let base_payload = json!({"signature": a.sign(KEY_PAYER, &token_domain("USDC", "2", 8453, USDC_BASE)?)?, "authorization": a.json()});
    let ok = v1_pp("base-sepolia", p.clone());
    Ok(vec![
        vt(&vid(Paying::V1Eip3009, Variation::None)?, "A v1 EIP-3009 payment (X-PAYMENT), network by name.", NOW, ok.clone(), r.clone()).clause("x402 v1 §6; docs/protocol/evm.md §4.2"),
        vt("v1-exact/base-mainnet", "A v1 payment on base (the domain's name comes from extra).", NOW, v1_pp("base", base_payload), v1_req("base", USDC_BASE, "10000")),
        vt(&vid(Paying::V1Eip3009, Variation::AmountOver)?, "The authorization pays 20000 for maxAmountRequired 10000: v1 spec says \"meets or exceeds\", current SDKs require equality.", NOW, v1_pp("base-sepolia", over), r.clone()).flag("V1AmountMeetsOrExceeds").acceptable(),
        vt(&vid(Paying::V1Eip3009, Variation::AmountUnder)?, "The authorization pays 9999 for maxAmountRequired 10000.", NOW, v1_pp("base-sepolia", under), r.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V1Eip3009, Variation::ValidBeforeExpired)?, "validBefore in the past.", VALID_BEFORE + 60, ok.clone(), r.clone()).flag("TimeBuffer"),
        vt(&vid(Paying::V1Eip3009, Variation::ValidAfterFuture)?, "validAfter in the future.", VALID_AFTER - 1, ok.clone(), r.clone()).flag("TimeBuffer"),
        vt("v1-exact/spec-example-expired", "The X-PAYMENT example of the v1 transport spec, long expired.", 1_767_225_600, v1_pp("base-sepolia", spec), r.clone()).flag("SpecExample").clause("transports-v1/http.md"),
        vt("v1-exact/unknown-network-name", "A v1 name in no SDK table.", NOW, v1_pp("kairos-testnet", p.clone()), v1_req("kairos-testnet", USDC_BASE_SEPOLIA, "10000")).flag("UnknownNetwork"),
        vt("v1-exact/solana-network", "A Solana v1 network: no EVM verification.", NOW, v1_pp("solana-devnet", p.clone()), v1_req("solana-devnet", USDC_BASE_SEPOLIA, "10000")).flag("UnsupportedMechanism"),
        vt("v1-exact/requirements-scheme-upto", "upto does not exist in v1.", NOW, ok.clone(), with(&r, "scheme", "upto".into())).flag("UnsupportedMechanism"),
        vt(&vid(Paying::V1Eip3009, Variation::SchemeMismatch)?, "The payload says upto, the requirements exact.", NOW, with(&ok, "scheme", "upto".into()), r.clone()).flag("SchemeMismatch"),
        vt(&vid(Paying::V1Eip3009, Variation::NetworkMismatch)?, "The payload says base, the requirements base-sepolia.", NOW, with(&ok, "network", "base".into()), r.clone()).flag("NetworkMismatch"),
        vt("v1-exact/python-chain-id-sei-testnet", "sei-testnet signed with chain id 1328 (TS, Go, legacy, x402-spec); the Python SDK's domain uses 713715 and would reject the signature.", NOW, v1_pp("sei-testnet", sei_payload), v1_req("sei-testnet", &sei_addr, "10000")).flag("PythonV1ChainIds").acceptable(),
        vt("v1-exact/v1-payload-v2-requirements", "A v1 payload verified against v2 requirements.", NOW, ok, req_3009()).flag("VersionMismatch"),
    ])
}

pub(super) fn permit2_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_permit2();
    let pe = Permit::exact();
    let p = ppermit(&pe, KEY_PAYER)?;
    let sig = str_field(&p, "signature")?.to_owned();
    let ok = pp(&r, p.clone());
    let r20k = with(&r, "amount", "20000".into());
    let base = Permit {
        token: USDC_BASE.into(),
        ..Permit::exact()
    };
    let r_base = req(
        "exact",
        "eip155:8453",
        "10000",
        USDC_BASE,
        json!({"name": "USD Coin", "version": "2", "assetTransferMethod": "permit2"}),
    );
    let base_payload =
        json!({"signature": base.sign(KEY_PAYER, 8453)?, "permit2Authorization": base.json()});
    let mega = KNOWN_ASSETS
        .iter()
        .find(|k| k.network == "eip155:4326")
        .ok_or_else(|| VectorError::Case("MegaETH asset".into()))?;
    let pm = Permit {
        token: mega.address.into(),
        amount: "1000000000000000000".into(),
        ..Permit::exact()
    };
    let r_mega = req(
        "exact",
        mega.network,
        "1000000000000000000",
        mega.address,
        serde_json::Value::Object(mega.default_extra()),
    );
    let mega_payload =
        json!({"signature": pm.sign(KEY_PAYER, 4326)?, "permit2Authorization": pm.json()});
    let spender_upto = Permit {
        spender: UPTO_PROXY.into(),
        ..Permit::exact()
    };
    let spender_rand = Permit {
        spender: OTHER.into(),
        ..Permit::exact()
    };
    let to_other = Permit {
        to: OTHER.into(),
        ..Permit::exact()
    };
    let token_base = Permit {
        token: USDC_BASE.into(),
        ..Permit::exact()
    };
    let hexnonce = json!({"signature": sig, "permit2Authorization": with(&pe.json(), "nonce", format!("0x{}", alloy_primitives::hex::encode(u256(&pe.nonce)?.to_be_bytes::<32>())).into())});
    let wrong_chain =
        json!({"signature": pe.sign(KEY_PAYER, 8453)?, "permit2Authorization": pe.json()});
    let spec_sig = json!({"signature": SPEC_SIGNATURE, "permit2Authorization": Permit { from: SPEC_PAYER.into(), ..Permit::exact() }.json()});
    let ts = "TimeBuffer";
    let mut wit_missing = pe.json();
    if let Some(m) = wit_missing.as_object_mut() {
        m.shift_remove("witness");
    }
    Ok(vec![
        vt(&vid(Paying::V2Permit2, Variation::None)?, "A correct Permit2 payment through the exact proxy (docs/protocol/evm.md §4.9 #2).", NOW, ok.clone(), r.clone()).clause("scheme_exact_evm.md Permit2; docs/protocol/evm.md §4.3"),
        vt(&vid(Paying::V2Permit2, Variation::ValidBeforeAtEdge)?, "deadline = now + 6: still valid.", VALID_BEFORE - 6, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Permit2, Variation::ValidBeforeInBuffer)?, "deadline = now + 5.", VALID_BEFORE - 5, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Permit2, Variation::ValidBeforeExpired)?, "deadline in the past.", VALID_BEFORE + 60, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Permit2, Variation::ValidAfterNow)?, "witness.validAfter = now.", VALID_AFTER, ok.clone(), r.clone()).flag(ts),
        vt(&vid(Paying::V2Permit2, Variation::ValidAfterFuture)?, "witness.validAfter = now + 1.", VALID_AFTER - 1, ok.clone(), r.clone()).flag(ts),
        vt("exact-permit2/base-mainnet", "The same permit on Base mainnet USDC.", NOW, pp(&r_base, base_payload), r_base.clone()),
        vt("exact-permit2/known-asset-chain-4326", "MegaUSD on MegaETH, a Permit2 + EIP-2612 asset of the known-assets table, 1e18 atomic units.", NOW, pp(&r_mega, mega_payload), r_mega.clone()).clause("docs/protocol/networks.md §5.2"),
        vt("exact-permit2/spender-upto-proxy", "The permit names the upto proxy as spender.", NOW, pp(&r, ppermit(&spender_upto, KEY_PAYER)?), r.clone()).flag("Permit2Spender"),
        vt(&vid(Paying::V2Permit2, Variation::Permit2Spender)?, "The permit names an arbitrary spender (who could then pull the funds).", NOW, pp(&r, ppermit(&spender_rand, KEY_PAYER)?), r.clone()).flag("Permit2Spender"),
        vt(&vid(Paying::V2Permit2, Variation::Recipient)?, "witness.to is not payTo.", NOW, pp(&r, ppermit(&to_other, KEY_PAYER)?), r.clone()).flag("RecipientMismatch"),
        vt("exact-permit2/amount-mismatch", "permitted.amount 10000 for a 20000 requirement.", NOW, pp(&r20k, p.clone()), r20k.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Permit2, Variation::Permit2Token)?, "permitted.token is Base mainnet USDC, the requirements ask Base Sepolia USDC.", NOW, pp(&r, ppermit(&token_base, KEY_PAYER)?), r.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Permit2, Variation::WrongSigner)?, "A permit signed by Hardhat key #2 in a payment from the payer.", NOW, pp(&r, ppermit(&pe, KEY_OTHER)?), r.clone()).flag("ForgedSignature"),
        vt("exact-permit2/wrong-chain", "The permit was signed under the Base mainnet Permit2 domain.", NOW, pp(&r, wrong_chain), r.clone()).flag("WrongDomain"),
        vt("exact-permit2/spec-example-signature", "The Permit2 example of scheme_exact_evm.md: its signature (copied from the EIP-3009 example) does not sign the permit.", NOW, pp(&r, spec_sig), r.clone()).flag("SpecExampleBroken"),
        vt(&vid(Paying::V2Permit2, Variation::HighS)?, "The malleable twin of the permit signature.", NOW, pp(&r, with_sig(&p, &fixtures::high_s_twin(&sig)?)), r.clone()).flag("SignatureMalleability"),
        vt(&vid(Paying::V2Permit2, Variation::SchemeMismatch)?, "accepted.scheme says upto.", NOW, pp(&with(&r, "scheme", "upto".into()), p.clone()), r.clone()).flag("SchemeMismatch"),
        vt(&vid(Paying::V2Permit2, Variation::NetworkMismatch)?, "accepted.network is Base mainnet.", NOW, pp(&with(&r, "network", "eip155:8453".into()), p.clone()), r.clone()).flag("NetworkMismatch"),
        vt("exact-permit2/missing-witness", "permit2Authorization without witness.", NOW, pp(&r, json!({"signature": sig, "permit2Authorization": wit_missing})), r.clone()).flag("MalformedPayload"),
        vt("exact-permit2/hex-nonce", "The same nonce written in 0x hex (upto spec example style): TS accepts, Go and Python (and x402-spec) reject.", NOW, pp(&r, hexnonce), r.clone()).flag("Permit2HexNonce").acceptable(),
        vt("exact-permit2/accepted-amount-mismatch", "accepted offers amount 1; requirements and permit say 10000.", NOW, pp(&with(&r, "amount", "1".into()), p.clone()), r.clone()).flag("AcceptedNotChecked").acceptable(),
        vt("exact-permit2/expired-and-underpaid", "deadline passed and amount below the requirement: x402-spec checks the amount first, the SDKs the deadline.", VALID_BEFORE + 60, pp(&r20k, p.clone()), r20k.clone()).flag("MultipleDefects").flag("AmountMismatch"),
        vt("exact-permit2/smart-wallet-signature", "A smart-wallet signature: the chain judges it (ERC-1271, simulation).", NOW, pp(&r, with_sig(&p, &hex(&[0x5au8; 96]))), r.clone()).flag("SmartWalletSignature"),
    ])
}

pub(super) fn upto_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_upto();
    let pu = Permit::upto();
    let p = ppermit(&pu, KEY_PAYER)?;
    let ok = pp(&r, p.clone());
    let r1m = with(&r, "amount", "1000000".into());
    let fac_other = Permit {
        facilitator: Some(OTHER.into()),
        ..Permit::upto()
    };
    let exact_spender = Permit {
        spender: EXACT_PROXY.into(),
        ..Permit::upto()
    };
    let mut exact_shape = Permit::exact();
    exact_shape.spender = UPTO_PROXY.into();
    let mega = KNOWN_ASSETS
        .iter()
        .find(|k| k.network == "eip155:31611")
        .ok_or_else(|| VectorError::Case("Mezo asset".into()))?;
    let pm = Permit {
        token: mega.address.into(),
        amount: "5000000000000000000".into(),
        ..Permit::upto()
    };
    let mut extra = mega.default_extra();
    extra.insert("facilitatorAddress".into(), FACILITATOR.into());
    let r_mega = req(
        "upto",
        mega.network,
        "5000000000000000000",
        mega.address,
        Value::Object(extra),
    );
    let mega_payload =
        json!({"signature": pm.sign(KEY_PAYER, 31_611)?, "permit2Authorization": pm.json()});
    Ok(vec![
        vt(&vid(Paying::V2Upto, Variation::None)?, "A correct upto authorization for at most 5000000 (docs/protocol/evm.md §4.9 #3); the facilitator is one of ours.", NOW, ok.clone(), r.clone()).clause("scheme_upto_evm.md; docs/protocol/evm.md §4.4"),
        vt("upto-permit2/known-asset-chain-31611", "Mezo USD on Mezo testnet (Permit2 + EIP-2612 asset of the known-assets table).", NOW, pp(&r_mega, mega_payload), r_mega.clone()).clause("docs/protocol/networks.md §5.2"),
        vt(&vid(Paying::V2Upto, Variation::UptoFacilitator)?, "witness.facilitator is not one of this facilitator's signers: only it could settle.", NOW, pp(&r, ppermit(&fac_other, KEY_PAYER)?), r.clone()).flag("FacilitatorMismatch"),
        vt(&vid(Paying::V2Upto, Variation::SchemeMismatch)?, "accepted.scheme says exact for upto requirements.", NOW, pp(&with(&r, "scheme", "exact".into()), p.clone()), r.clone()).flag("SchemeMismatch"),
        vt(&vid(Paying::V2Upto, Variation::NetworkMismatch)?, "accepted.network is Base mainnet.", NOW, pp(&with(&r, "network", "eip155:8453".into()), p.clone()), r.clone()).flag("NetworkMismatch"),
        vt("upto-permit2/exact-witness", "A payload without witness.facilitator is not an upto payload.", NOW, pp(&r, ppermit(&exact_shape, KEY_PAYER)?), r.clone()).flag("MalformedPayload"),
        vt("upto-permit2/spender-exact-proxy", "The permit names the exact proxy as spender.", NOW, pp(&r, ppermit(&exact_spender, KEY_PAYER)?), r.clone()).flag("Permit2Spender"),
        vt("upto-permit2/amount-not-max", "permitted.amount 5000000 but the verify-time requirements ask 1000000 (they must state the maximum).", NOW, pp(&r1m, p.clone()), r1m.clone()).flag("AmountMismatch"),
        vt(&vid(Paying::V2Upto, Variation::ValidBeforeExpired)?, "deadline in the past.", VALID_BEFORE + 60, ok.clone(), r.clone()).flag("TimeBuffer"),
        vt(&vid(Paying::V2Upto, Variation::ValidAfterFuture)?, "witness.validAfter in the future.", VALID_AFTER - 1, ok.clone(), r.clone()).flag("TimeBuffer"),
        vt(&vid(Paying::V2Upto, Variation::WrongSigner)?, "Signed by Hardhat key #2.", NOW, pp(&r, ppermit(&pu, KEY_OTHER)?), r.clone()).flag("ForgedSignature"),
    ])
}

fn ext_payment(r: &Value, payload: Value, key: &str, info: Value) -> Value {
    let mut p = pp(r, payload);
    if let Some(m) = p.as_object_mut() {
        m.insert(
            "extensions".into(),
            json!({ key: { "info": info, "schema": {"type": "object"} } }),
        );
    }
    p
}

/// The client-filled `eip2612GasSponsoring.info` (owner = payer, spender = Permit2).
pub(crate) fn eip2612_info(
    value: &str,
    deadline: u64,
    spender: &str,
    key: &str,
) -> Result<Value, VectorError> {
    let sig = fixtures::sign_2612(key, &dom_bs()?, PAYER, spender, value, "0", deadline)?;
    Ok(
        json!({"from": PAYER, "asset": USDC_BASE_SEPOLIA, "spender": spender, "amount": value, "nonce": "0", "deadline": deadline.to_string(), "signature": sig, "version": "1"}),
    )
}

/// A signed `approve(spender, MAX)` transaction calling `token` on `chain`.
pub(crate) fn approval_tx(
    key: &str,
    chain: u64,
    token: &str,
    spender: &str,
) -> Result<String, VectorError> {
    let input = calls::approve(addr(token)?, addr(spender)?, U256::MAX).data;
    fixtures::signed_tx(key, chain, token, input)
}

/// The client-filled `erc20ApprovalGasSponsoring.info`.
pub(crate) fn erc20_info(tx: &str) -> Value {
    json!({"from": PAYER, "asset": USDC_BASE_SEPOLIA, "spender": PERMIT2, "amount": U256::MAX.to_string(), "signedTransaction": tx, "version": "1"})
}

pub(super) fn sponsoring_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_permit2();
    let p = ppermit(&Permit::exact(), KEY_PAYER)?;
    let e = "eip2612GasSponsoring";
    let info = eip2612_info("10000", VALID_BEFORE, PERMIT2, KEY_PAYER)?;
    let max = U256::MAX.to_string();
    let tx = approval_tx(KEY_PAYER, 84_532, USDC_BASE_SEPOLIA, PERMIT2)?;
    let x = "erc20ApprovalGasSponsoring";
    let transfer = {
        let mut d = unhex("0xa9059cbb")?;
        d.extend(word(U256::from_be_slice(addr(PAY_TO)?.as_slice())));
        d.extend(word(U256::from(10_000u64)));
        fixtures::signed_tx(KEY_PAYER, 84_532, USDC_BASE_SEPOLIA, Bytes::from(d))?
    };
    let e2 = "Eip2612Extension";
    let e3 = "Erc20ApprovalExtension";
    Ok(vec![
        vt("eip2612-sponsoring/valid", "Permit2 exact with a gas-sponsored EIP-2612 permit (docs/protocol/evm.md §4.9 #4): settled with settleWithPermit, no allowance check owed.", NOW, ext_payment(&r, p.clone(), e, info.clone()), r.clone()).flag(e2).clause("specs/extensions/eip2612_gas_sponsoring.md; docs/protocol/evm.md §4.5"),
        vt("eip2612-sponsoring/missing-signature", "The permit info lacks its signature.", NOW, ext_payment(&r, p.clone(), e, without(&info, "signature")), r.clone()).flag(e2),
        vt("eip2612-sponsoring/from-not-payer", "info.from is not the Permit2 signer.", NOW, ext_payment(&r, p.clone(), e, with(&info, "from", OTHER.into())), r.clone()).flag(e2),
        vt("eip2612-sponsoring/asset-mismatch", "info.asset is not the requirements' asset.", NOW, ext_payment(&r, p.clone(), e, with(&info, "asset", USDC_BASE.into())), r.clone()).flag(e2),
        vt("eip2612-sponsoring/spender-not-permit2", "The permit approves the exact proxy instead of Permit2.", NOW, ext_payment(&r, p.clone(), e, eip2612_info("10000", VALID_BEFORE, EXACT_PROXY, KEY_PAYER)?), r.clone()).flag(e2),
        vt("eip2612-sponsoring/deadline-inside-buffer", "The permit deadline is now + 5.", NOW, ext_payment(&r, p.clone(), e, eip2612_info("10000", NOW + 5, PERMIT2, KEY_PAYER)?), r.clone()).flag(e2).flag("TimeBuffer"),
        vt("eip2612-sponsoring/max-uint-amount", "A MaxUint256 permit, as the extension spec examples show: the proxy reverts Permit2612AmountMismatch unless it equals permitted.amount.", NOW, ext_payment(&r, p.clone(), e, eip2612_info(&max, VALID_BEFORE, PERMIT2, KEY_PAYER)?), r.clone()).flag(e2).flag("Eip2612MaxUintAmount"),
        vt("eip2612-sponsoring/permit-signed-by-other-key", "The EIP-2612 permit is signed by Hardhat key #2: the token's permit() would fail and the proxy would swallow it.", NOW, ext_payment(&r, p.clone(), e, eip2612_info("10000", VALID_BEFORE, PERMIT2, KEY_OTHER)?), r.clone()).flag(e2).flag("NotCheckedBySdks"),
        vt("erc20-sponsoring/valid", "Permit2 exact with a signed approve(Permit2, MaxUint256) transaction to broadcast first.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&tx)), r.clone()).flag(e3).clause("specs/extensions/erc20_gas_sponsoring.md; docs/protocol/evm.md §4.5"),
        vt("erc20-sponsoring/transaction-not-hex", "signedTransaction is not hex.", NOW, ext_payment(&r, p.clone(), x, erc20_info("0xzz")), r.clone()).flag(e3),
        vt("erc20-sponsoring/from-not-payer", "info.from is not the payer.", NOW, ext_payment(&r, p.clone(), x, with(&erc20_info(&tx), "from", OTHER.into())), r.clone()).flag(e3),
        vt("erc20-sponsoring/asset-mismatch", "info.asset is not the requirements' asset.", NOW, ext_payment(&r, p.clone(), x, with(&erc20_info(&tx), "asset", USDC_BASE.into())), r.clone()).flag(e3),
        vt("erc20-sponsoring/spender-not-permit2", "info.spender is not Permit2.", NOW, ext_payment(&r, p.clone(), x, with(&erc20_info(&tx), "spender", EXACT_PROXY.into())), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-unparsable", "signedTransaction is not a signed EIP-1559 transaction.", NOW, ext_payment(&r, p.clone(), x, erc20_info("0x02c0")), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-wrong-chain", "The approval is signed for chain 8453.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&approval_tx(KEY_PAYER, 8453, USDC_BASE_SEPOLIA, PERMIT2)?)), r.clone()).flag(e3).flag("NotCheckedBySdks"),
        vt("erc20-sponsoring/transaction-wrong-target", "The approval calls another token.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&approval_tx(KEY_PAYER, 84_532, USDC_BASE, PERMIT2)?)), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-not-approve", "The transaction calls transfer, not approve.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&transfer)), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-wrong-spender", "The transaction approves the exact proxy instead of Permit2.", NOW, ext_payment(&r, p.clone(), x, erc20_info(&approval_tx(KEY_PAYER, 84_532, USDC_BASE_SEPOLIA, EXACT_PROXY)?)), r.clone()).flag(e3),
        vt("erc20-sponsoring/transaction-signed-by-other-key", "The approval is signed by Hardhat key #2.", NOW, ext_payment(&r, p, x, erc20_info(&approval_tx(KEY_OTHER, 84_532, USDC_BASE_SEPOLIA, PERMIT2)?)), r.clone()).flag(e3),
    ])
}

pub(super) fn upto_sponsoring_cases() -> Result<Vec<Case>, VectorError> {
    let r = req_upto();
    let p = ppermit(&Permit::upto(), KEY_PAYER)?;
    let info = eip2612_info("5000000", VALID_BEFORE, PERMIT2, KEY_PAYER)?;
    Ok(vec![
        vt("upto-permit2/eip2612-sponsoring", "upto with a gas-sponsored EIP-2612 permit for the maximum: settled with settleWithPermit.", NOW, ext_payment(&r, p, "eip2612GasSponsoring", info), r.clone()).flag("Eip2612Extension"),
    ])
}
