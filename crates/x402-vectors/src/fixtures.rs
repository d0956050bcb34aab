//! Fixed inputs of the corpus: keys, addresses, times, nonces, and helpers that sign with them.
//!
//! The keys are the well-known public Hardhat/Anvil development keys #0, #1 and #2 (docs/protocol/evm.md §4.9 uses #0); they protect nothing and must never hold real funds. Everything signed here is
//! signed by x402-spec's `LocalSigner` (RFC 6979, low-s, v = 27/28) over digests computed by
//! x402-spec's EIP-712 code.

use alloy_primitives::{Address, B256, Bytes, U256};
use serde_json::{Value, json};
use x402_spec::common::Hex32;
use x402_spec::evm::eip712::{
    Eip2612Permit, Eip3009Authorization, ExactPermit2Authorization, Permit2Domain, TokenDomain,
    UptoPermit2Authorization,
};
use x402_spec::evm::{EcdsaSignature, LocalSigner, UnsignedEip1559};
use x402_spec::primitives::{DecimalU256, EvmAddress};

use x402_spec_testkit::{keys, twins};

use crate::VectorError;
use crate::format::hex;

/// Hardhat/Anvil key #0: the payer of every fresh vector (docs/protocol/evm.md §4.9).
pub(crate) const KEY_PAYER: &str = keys::HARDHAT_0_KEY_HEX;
/// Hardhat/Anvil key #1: the `upto` facilitator.
pub(crate) const KEY_FACILITATOR: &str = keys::HARDHAT_1_KEY_HEX;
/// Hardhat/Anvil key #2: a third party (forged signatures, wrong signers).
pub(crate) const KEY_OTHER: &str = keys::HARDHAT_2_KEY_HEX;

/// Address of [`KEY_PAYER`].
pub(crate) const PAYER: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
/// Address of [`KEY_FACILITATOR`].
pub(crate) const FACILITATOR: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
/// Address of [`KEY_OTHER`].
pub(crate) const OTHER: &str = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
/// `payTo` of every vector (docs/protocol/evm.md §4.9).
pub(crate) const PAY_TO: &str = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
/// Payer of the x402 v2 specification example (§5.2.1).
pub(crate) const SPEC_PAYER: &str = "0x857b06519E91e3A54538791bDbb0E22373e36b66";
/// Base Sepolia USDC.
pub(crate) const USDC_BASE_SEPOLIA: &str = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
/// Base mainnet USDC.
pub(crate) const USDC_BASE: &str = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
/// Canonical Permit2.
pub(crate) const PERMIT2: &str = "0x000000000022D473030F116dDEE9F6B43aC78BA3";
/// x402 exact Permit2 proxy.
pub(crate) const EXACT_PROXY: &str = "0x402085c248EeA27D92E8b30b2C58ed07f9E20001";
/// x402 upto Permit2 proxy.
pub(crate) const UPTO_PROXY: &str = "0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002";
/// An ERC-6492 factory used by the counterfactual-wallet vectors (any address will do).
pub(crate) const FACTORY: &str = "0x4e59b44847b379578588920cA78FbF26c0B4956C";

/// The verifier's clock of most vectors (docs/protocol/evm.md §4.9 window).
pub(crate) const NOW: u64 = 1_740_672_100;
/// `validAfter` of the docs/protocol/evm.md §4.9 vectors.
pub(crate) const VALID_AFTER: u64 = 1_740_672_089;
/// `validBefore` / `deadline` of the docs/protocol/evm.md §4.9 vectors.
pub(crate) const VALID_BEFORE: u64 = 1_740_672_154;
/// EIP-3009 nonce of the spec example and of docs/protocol/evm.md §4.9 vector 1.
pub(crate) const NONCE_3009: &str =
    "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480";
/// Permit2 nonce of docs/protocol/evm.md §4.9 vectors 2 and 3 (decimal, as the SDKs emit it).
pub(crate) const NONCE_PERMIT2: &str =
    "33247007178036348590600198031289925668252061821958005840077069883511451257277";
/// Signature of the x402 v2 specification example (§5.2.1), also copied into the Permit2 example
/// of `scheme_exact_evm.md` where it does not verify (docs/protocol/evm.md §4.9, docs/protocol/disagreements.md #15).
pub(crate) const SPEC_SIGNATURE: &str = "0x2d6a7588d6acca505cbf0d9a4a227e0c52c6c34008c8e8986a1283259764173608a2ce6496642e377d6da8dbbf5836e9bd15092f9ecab05ded3d6293af148b571c";

/// The resource of the spec examples.
pub(crate) fn resource() -> Value {
    json!({
        "url": "https://api.example.com/premium-data",
        "description": "Access to premium market data",
        "mimeType": "application/json"
    })
}

fn crate_err(what: &str, e: impl std::fmt::Display) -> VectorError {
    VectorError::Crate(format!("{what}: {e}"))
}

/// Parses an EVM address with x402-spec.
pub(crate) fn addr(s: &str) -> Result<Address, VectorError> {
    EvmAddress::parse(s)
        .map(|a| a.get())
        .map_err(|e| crate_err("address", e))
}

/// EIP-55 spelling of an address.
pub(crate) fn eip55(a: Address) -> String {
    EvmAddress::new(a).to_string()
}

/// Parses a canonical decimal uint256 with x402-spec.
pub(crate) fn u256(s: &str) -> Result<U256, VectorError> {
    DecimalU256::parse(s)
        .map(DecimalU256::get)
        .map_err(|e| crate_err("decimal", e))
}

/// Parses a 32-byte hex value with x402-spec.
pub(crate) fn b256(s: &str) -> Result<B256, VectorError> {
    Hex32::parse(s)
        .map(|h| h.0)
        .map_err(|e| crate_err("bytes32", e))
}

/// The signer of a fixed key.
pub(crate) fn signer(key: &str) -> Result<LocalSigner, VectorError> {
    let bytes = alloy_primitives::hex::decode(key).map_err(|e| crate_err("key hex", e))?;
    LocalSigner::from_bytes(&bytes).map_err(|e| crate_err("key", e))
}

/// Signs a digest with a fixed key: 65 bytes `r ‖ s ‖ v`, lower-case hex.
pub(crate) fn sign(key: &str, digest: B256) -> Result<String, VectorError> {
    let sig = signer(key)?
        .sign_digest(digest)
        .map_err(|e| crate_err("sign", e))?;
    Ok(hex(&sig))
}

/// Decodes `0x` hex.
pub(crate) fn unhex(s: &str) -> Result<Vec<u8>, VectorError> {
    alloy_primitives::hex::decode(s).map_err(|e| VectorError::Input(format!("hex {s:?}: {e}")))
}

/// The malleable high-s twin of a 65-byte `r ‖ s ‖ v` signature (`s' = n − s`, parity flipped),
/// from the testkit; hex in, hex out.
pub(crate) fn high_s_twin(sig: &str) -> Result<String, VectorError> {
    let twin = twins::high_s_twin(&unhex(sig)?).ok_or_else(|| {
        VectorError::Input(format!(
            "signature {sig} is not 65 bytes r ‖ s ‖ v with v 27/28"
        ))
    })?;
    Ok(hex(&twin))
}

/// Replaces the `v` byte of a 65-byte signature.
pub(crate) fn with_v(sig: &str, v: u8) -> Result<String, VectorError> {
    let mut b = unhex(sig)?;
    if b.len() != 65 {
        return Err(VectorError::Input(format!(
            "signature {sig} is not 65 bytes"
        )));
    }
    if let Some(last) = b.last_mut() {
        *last = v;
    }
    Ok(hex(&b))
}

/// The EIP-2098 compact (64-byte) form of a 65-byte signature with v = 27/28.
pub(crate) fn compact(sig: &str) -> Result<String, VectorError> {
    let b = unhex(sig)?;
    let parity = match b.get(64) {
        Some(27) => false,
        Some(28) => true,
        _ => {
            return Err(VectorError::Input(format!(
                "signature {sig} has no v 27/28"
            )));
        }
    };
    let mut out = b.get(..64).unwrap_or_default().to_vec();
    if parity && let Some(top) = out.get_mut(32) {
        *top |= 0x80;
    }
    Ok(hex(&out))
}

/// Token EIP-712 domain.
pub(crate) fn token_domain(
    name: &str,
    version: &str,
    chain_id: u64,
    asset: &str,
) -> Result<TokenDomain, VectorError> {
    Ok(TokenDomain::new(name, version, chain_id, addr(asset)?))
}

/// An EIP-3009 authorization in its wire form (the payer fills `from`).
#[derive(Debug, Clone)]
pub(crate) struct Auth {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) value: String,
    pub(crate) valid_after: u64,
    pub(crate) valid_before: u64,
    pub(crate) nonce: String,
}

impl Auth {
    /// The docs/protocol/evm.md §4.9 vector 1 authorization (payer → payTo, 10000, the docs/protocol/evm.md §4.9 window and nonce).
    pub(crate) fn standard() -> Self {
        Self {
            from: PAYER.into(),
            to: PAY_TO.into(),
            value: "10000".into(),
            valid_after: VALID_AFTER,
            valid_before: VALID_BEFORE,
            nonce: NONCE_3009.into(),
        }
    }

    /// The wire JSON.
    pub(crate) fn json(&self) -> Value {
        json!({
            "from": self.from,
            "to": self.to,
            "value": self.value,
            "validAfter": self.valid_after.to_string(),
            "validBefore": self.valid_before.to_string(),
            "nonce": self.nonce,
        })
    }

    /// The x402-spec EIP-712 message.
    pub(crate) fn message(&self) -> Result<Eip3009Authorization, VectorError> {
        Ok(Eip3009Authorization {
            from: addr(&self.from)?,
            to: addr(&self.to)?,
            value: u256(&self.value)?,
            valid_after: U256::from(self.valid_after),
            valid_before: U256::from(self.valid_before),
            nonce: b256(&self.nonce)?,
        })
    }

    /// Signs it under `domain` with `key`.
    pub(crate) fn sign(&self, key: &str, domain: &TokenDomain) -> Result<String, VectorError> {
        sign(key, self.message()?.hashes(domain).digest)
    }
}

/// A Permit2 authorization (exact when `facilitator` is `None`, upto otherwise).
#[derive(Debug, Clone)]
pub(crate) struct Permit {
    pub(crate) from: String,
    pub(crate) token: String,
    pub(crate) amount: String,
    pub(crate) spender: String,
    pub(crate) nonce: String,
    pub(crate) deadline: u64,
    pub(crate) to: String,
    pub(crate) facilitator: Option<String>,
    pub(crate) valid_after: u64,
}

impl Permit {
    /// docs/protocol/evm.md §4.9 vector 2: exact, Base Sepolia USDC, 10000.
    pub(crate) fn exact() -> Self {
        Self {
            from: PAYER.into(),
            token: USDC_BASE_SEPOLIA.into(),
            amount: "10000".into(),
            spender: EXACT_PROXY.into(),
            nonce: NONCE_PERMIT2.into(),
            deadline: VALID_BEFORE,
            to: PAY_TO.into(),
            facilitator: None,
            valid_after: VALID_AFTER,
        }
    }

    /// docs/protocol/evm.md §4.9 vector 3: upto, Base Sepolia USDC, at most 5000000, facilitator key #1.
    pub(crate) fn upto() -> Self {
        Self {
            amount: "5000000".into(),
            spender: UPTO_PROXY.into(),
            facilitator: Some(FACILITATOR.into()),
            ..Self::exact()
        }
    }

    /// The wire JSON of `permit2Authorization`.
    pub(crate) fn json(&self) -> Value {
        let witness = match &self.facilitator {
            Some(f) => json!({
                "to": self.to, "facilitator": f, "validAfter": self.valid_after.to_string()
            }),
            None => json!({ "to": self.to, "validAfter": self.valid_after.to_string() }),
        };
        json!({
            "from": self.from,
            "permitted": { "token": self.token, "amount": self.amount },
            "spender": self.spender,
            "nonce": self.nonce,
            "deadline": self.deadline.to_string(),
            "witness": witness,
        })
    }

    /// The digest under the Permit2 domain of `chain_id`.
    pub(crate) fn digest(&self, chain_id: u64) -> Result<B256, VectorError> {
        let domain = Permit2Domain::new(chain_id);
        Ok(match &self.facilitator {
            Some(f) => {
                UptoPermit2Authorization {
                    token: addr(&self.token)?,
                    amount: u256(&self.amount)?,
                    spender: addr(&self.spender)?,
                    nonce: u256(&self.nonce)?,
                    deadline: U256::from(self.deadline),
                    to: addr(&self.to)?,
                    facilitator: addr(f)?,
                    valid_after: U256::from(self.valid_after),
                }
                .hashes(&domain)
                .digest
            }
            None => {
                ExactPermit2Authorization {
                    token: addr(&self.token)?,
                    amount: u256(&self.amount)?,
                    spender: addr(&self.spender)?,
                    nonce: u256(&self.nonce)?,
                    deadline: U256::from(self.deadline),
                    to: addr(&self.to)?,
                    valid_after: U256::from(self.valid_after),
                }
                .hashes(&domain)
                .digest
            }
        })
    }

    /// Signs it for `chain_id` with `key`.
    pub(crate) fn sign(&self, key: &str, chain_id: u64) -> Result<String, VectorError> {
        sign(key, self.digest(chain_id)?)
    }
}

/// Signs an EIP-2612 permit (owner → `spender`, `value`, `nonce`, `deadline`) under `domain`.
pub(crate) fn sign_2612(
    key: &str,
    domain: &TokenDomain,
    owner: &str,
    spender: &str,
    value: &str,
    nonce: &str,
    deadline: u64,
) -> Result<String, VectorError> {
    let msg = Eip2612Permit {
        owner: addr(owner)?,
        spender: addr(spender)?,
        value: u256(value)?,
        nonce: u256(nonce)?,
        deadline: U256::from(deadline),
    };
    sign(key, msg.hashes(domain).digest)
}

/// A signed EIP-1559 transaction calling `to` with `input`, signed by `key`.
pub(crate) fn signed_tx(
    key: &str,
    chain_id: u64,
    to: &str,
    input: Bytes,
) -> Result<String, VectorError> {
    let tx = UnsignedEip1559 {
        chain_id,
        nonce: 7,
        max_priority_fee_per_gas: 100_000_000,
        max_fee_per_gas: 1_000_000_000,
        gas_limit: 70_000,
        to: Some(addr(to)?),
        value: U256::ZERO,
        input,
        access_list: Vec::new(),
    };
    let sig = sign(key, tx.signing_hash())?;
    let sig = EcdsaSignature::from_rsv(&unhex(&sig)?).map_err(|e| crate_err("tx signature", e))?;
    Ok(hex(&tx.encode_signed(&sig)))
}

/// Checks that the fixed keys are the addresses the corpus names.
pub(crate) fn check_keys() -> Result<(), VectorError> {
    for (key, want) in [
        (KEY_PAYER, PAYER),
        (KEY_FACILITATOR, FACILITATOR),
        (KEY_OTHER, OTHER),
    ] {
        let got = eip55(signer(key)?.address());
        if got != want {
            return Err(VectorError::Case(format!("key for {want} derives {got}")));
        }
    }
    Ok(())
}
