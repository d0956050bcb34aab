//! Building signed payments, as the reference clients do (feature `signer`).
//!
//! From a 402 document, a local key, `now` and a nonce source: pick a requirement by
//! [`ClientPolicy`], then build the signed `PaymentPayload` for EIP-3009, Permit2 or upto
//! (docs/protocol/evm.md §4.2–§4.4, TS `exact/client/*.ts`, `upto/client`):
//!
//! - `validAfter = now − 600` (every SDK), `validBefore`/`deadline = now + maxTimeoutSeconds`
//!   (TS; Go uses `now + 3600` for EIP-3009, docs/protocol/disagreements.md #27);
//! - `to`, `token`, `witness.to` in EIP-55 (TS, Python; Go lower-cases);
//! - `value`/`amount` = the required amount verbatim;
//! - EIP-3009 nonce: 32 bytes from the nonce source as `0x` + lowercase hex; Permit2 nonce: the
//!   same 32 bytes as a decimal uint256;
//! - v2 `accepted` is the offered requirement byte for byte, `resource` and `extensions` are
//!   copied from the 402.
//!
//! Arithmetic is checked: an absurd `maxTimeoutSeconds` is a [`ClientError`], never an overflow.

use std::fmt;

use alloy_primitives::{B256, U256};

use crate::assets::AssetTransferMethod;
use crate::common::{Hex32, HexBytes, Scheme};
use crate::evm::constants::{
    CLIENT_VALID_AFTER_SKEW_SECS, EXACT_PERMIT2_PROXY_ADDRESS, PERMIT2_ADDRESS,
    UPTO_PERMIT2_PROXY_ADDRESS,
};
use crate::evm::eip712::{
    Eip3009Authorization as Msg3009, ExactPermit2Authorization, Permit2Domain, TokenDomain,
    UptoPermit2Authorization,
};
use crate::evm::{LocalSigner, SignerError};
use crate::extra::EvmExtra;
use crate::primitives::{
    Address, Amount, DecimalU256, EvmAddress, Network, UnixTimestamp, v1_evm_chain_id,
};
use crate::schemes::{
    self, Eip3009Authorization, ExactEip3009Payload, ExactPermit2Payload, ExactWitness,
    TokenPermissions, UptoPermit2Payload, UptoWitness,
};
use crate::wire::{Echoed, JsonObject};
use crate::{v1, v2};

/// Where nonces come from. The crate draws no randomness: pass an RNG-backed source in
/// production and a fixed one in tests.
pub trait NonceSource {
    /// 32 fresh bytes.
    fn next_nonce(&mut self) -> [u8; 32];
}

impl<F: FnMut() -> [u8; 32]> NonceSource for F {
    fn next_nonce(&mut self) -> [u8; 32] {
        self()
    }
}

/// A source that always returns the same nonce (tests, vectors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedNonce(pub [u8; 32]);

impl NonceSource for FixedNonce {
    fn next_nonce(&mut self) -> [u8; 32] {
        self.0
    }
}

/// Which requirements a client accepts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ClientPolicy {
    /// Allowed networks (`None`: any EVM network).
    pub networks: Option<Vec<Network>>,
    /// Allowed assets (`None`: any).
    pub assets: Option<Vec<EvmAddress>>,
    /// The most the client pays for one request (`None`: no limit).
    pub max_amount: Option<U256>,
    /// Schemes in order of preference (empty: `exact` then `upto`).
    pub preferred_schemes: Vec<Scheme>,
}

impl ClientPolicy {
    /// Sets the maximum amount.
    #[must_use]
    pub fn with_max_amount(mut self, max: U256) -> Self {
        self.max_amount = Some(max);
        self
    }

    /// Restricts networks.
    #[must_use]
    pub fn with_networks(mut self, networks: Vec<Network>) -> Self {
        self.networks = Some(networks);
        self
    }
}

/// Why no payment could be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientError {
    /// No offered requirement is acceptable; one reason per offer, in order.
    NoAcceptableRequirement(Vec<String>),
    /// `extra.name`/`extra.version` are missing for an EIP-3009 asset.
    MissingEip712Domain,
    /// `upto` needs `extra.facilitatorAddress`.
    MissingFacilitatorAddress,
    /// `extra` does not parse.
    Extra(String),
    /// The network has no EVM chain id.
    UnknownNetwork(String),
    /// `payTo` or `asset` is not an EVM address.
    NotEvm(&'static str),
    /// `now ± maxTimeoutSeconds` or `now − 600` does not fit.
    TimeOverflow,
    /// The deadline would not be after `validAfter`.
    EmptyWindow,
    /// Signing failed.
    Signer(SignerError),
    /// Building the JSON failed.
    Json(String),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoAcceptableRequirement(r) => {
                write!(f, "no acceptable requirement: {}", r.join("; "))
            }
            Self::MissingEip712Domain => {
                f.write_str("extra.name and extra.version are required to sign EIP-3009")
            }
            Self::MissingFacilitatorAddress => {
                f.write_str("upto requires extra.facilitatorAddress")
            }
            Self::Extra(e) => write!(f, "extra: {e}"),
            Self::UnknownNetwork(n) => write!(f, "network {n} has no EVM chain id"),
            Self::NotEvm(what) => write!(f, "{what} is not an EVM address"),
            Self::TimeOverflow => {
                f.write_str("time window overflows (absurd maxTimeoutSeconds or clock)")
            }
            Self::EmptyWindow => f.write_str("deadline is not after validAfter"),
            Self::Signer(e) => write!(f, "{e}"),
            Self::Json(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ClientError {}

impl From<SignerError> for ClientError {
    fn from(e: SignerError) -> Self {
        Self::Signer(e)
    }
}

/// Why one requirement is not acceptable, or `None` if it is.
fn refusal(r: &v2::PaymentRequirements, policy: &ClientPolicy) -> Option<String> {
    let schemes: &[Scheme] = if policy.preferred_schemes.is_empty() {
        &[Scheme::EXACT, Scheme::UPTO]
    } else {
        &policy.preferred_schemes
    };
    if !schemes.contains(&r.scheme) {
        return Some(format!("scheme {} not supported", r.scheme));
    }
    if r.network.evm_chain_id().is_none() {
        return Some(format!("network {} not supported", r.network));
    }
    if let Some(nets) = &policy.networks
        && !nets.contains(&r.network)
    {
        return Some(format!("network {} not allowed", r.network));
    }
    let Some(asset) = r.asset.as_evm() else {
        return Some(format!("asset {} is not an EVM address", r.asset));
    };
    if let Some(assets) = &policy.assets
        && !assets.contains(asset)
    {
        return Some(format!("asset {asset} not allowed"));
    }
    if let Some(max) = policy.max_amount
        && r.amount.get() > max
    {
        return Some(format!("amount {} exceeds the limit {max}", r.amount));
    }
    None
}

/// Picks the offered v2 requirement to pay: the first acceptable one of the most preferred
/// scheme.
///
/// # Errors
/// [`ClientError::NoAcceptableRequirement`] with one reason per offer.
pub fn select_v2(pr: &v2::PaymentRequired, policy: &ClientPolicy) -> Result<usize, ClientError> {
    let schemes: &[Scheme] = if policy.preferred_schemes.is_empty() {
        &[Scheme::EXACT, Scheme::UPTO]
    } else {
        &policy.preferred_schemes
    };
    for s in schemes {
        if let Some(i) = pr
            .accepts
            .iter()
            .position(|a| &a.scheme == s && refusal(a, policy).is_none())
        {
            return Ok(i);
        }
    }
    Err(ClientError::NoAcceptableRequirement(
        pr.accepts
            .iter()
            .map(|a| refusal(a, policy).unwrap_or_else(|| "not preferred".to_owned()))
            .collect(),
    ))
}

/// Picks the offered v1 requirement to pay, as the reference v1 clients do: the first `exact`
/// offer on an EVM network that carries the token's EIP-712 domain (`extra.name` and
/// `extra.version`) and asks at most `max` (when given). `None` when no offer qualifies.
#[must_use]
pub fn select_v1(pr: &v1::PaymentRequired, max: Option<U256>) -> Option<usize> {
    pr.accepts.iter().position(|a| {
        a.scheme == Scheme::EXACT
            && crate::primitives::v1_evm_chain_id(a.network.as_str()).is_some()
            && max.is_none_or(|m| a.max_amount_required.get() <= m)
            && a.extra
                .as_ref()
                .is_some_and(|e| e.contains_key("name") && e.contains_key("version"))
    })
}

struct Window {
    valid_after: u64,
    until: u64,
}

fn window(now: u64, max_timeout: u64) -> Result<Window, ClientError> {
    let valid_after = now
        .checked_sub(CLIENT_VALID_AFTER_SKEW_SECS)
        .ok_or(ClientError::TimeOverflow)?;
    let until = now
        .checked_add(max_timeout)
        .ok_or(ClientError::TimeOverflow)?;
    if until <= valid_after {
        return Err(ClientError::EmptyWindow);
    }
    Ok(Window { valid_after, until })
}

struct Target {
    chain_id: u64,
    asset: EvmAddress,
    pay_to: EvmAddress,
    amount: Amount,
    max_timeout: u64,
    extra: EvmExtra,
}

fn to_obj<T: serde::Serialize>(v: &T) -> Result<JsonObject, ClientError> {
    schemes::to_payload(v).map_err(|e| ClientError::Json(e.to_string()))
}

fn sign_eip3009(
    signer: &LocalSigner,
    t: &Target,
    now: u64,
    nonce: [u8; 32],
) -> Result<JsonObject, ClientError> {
    let (name, version) = t
        .extra
        .eip712_domain()
        .ok_or(ClientError::MissingEip712Domain)?;
    let w = window(now, t.max_timeout)?;
    let msg = Msg3009 {
        from: signer.address(),
        to: t.pay_to.get(),
        value: t.amount.get(),
        valid_after: U256::from(w.valid_after),
        valid_before: U256::from(w.until),
        nonce: B256::from(nonce),
    };
    let digest = msg
        .hashes(&TokenDomain::new(name, version, t.chain_id, t.asset.get()))
        .digest;
    let sig = signer.sign_digest(digest)?;
    let view = ExactEip3009Payload {
        signature: HexBytes(sig.to_vec().into()),
        authorization: Eip3009Authorization {
            from: EvmAddress::new(signer.address()),
            to: t.pay_to,
            value: t.amount,
            valid_after: UnixTimestamp::new(w.valid_after),
            valid_before: UnixTimestamp::new(w.until),
            nonce: Hex32(B256::from(nonce)),
            unknown: JsonObject::new(),
        },
        unknown: JsonObject::new(),
    };
    to_obj(&view)
}

fn sign_permit2(
    signer: &LocalSigner,
    t: &Target,
    now: u64,
    nonce: [u8; 32],
    upto: bool,
) -> Result<JsonObject, ClientError> {
    let w = window(now, t.max_timeout)?;
    let nonce = U256::from_be_bytes(nonce);
    let domain = Permit2Domain {
        chain_id: t.chain_id,
        verifying_contract: PERMIT2_ADDRESS,
    };
    let permitted = TokenPermissions {
        token: t.asset,
        amount: t.amount,
        unknown: JsonObject::new(),
    };
    let from = EvmAddress::new(signer.address());
    if upto {
        let fac = t
            .extra
            .facilitator_address
            .ok_or(ClientError::MissingFacilitatorAddress)?;
        let msg = UptoPermit2Authorization {
            token: t.asset.get(),
            amount: t.amount.get(),
            spender: UPTO_PERMIT2_PROXY_ADDRESS,
            nonce,
            deadline: U256::from(w.until),
            to: t.pay_to.get(),
            facilitator: fac.get(),
            valid_after: U256::from(w.valid_after),
        };
        let sig = signer.sign_digest(msg.hashes(&domain).digest)?;
        to_obj(&UptoPermit2Payload {
            signature: HexBytes(sig.to_vec().into()),
            permit2_authorization: schemes::UptoPermit2Authorization {
                from,
                permitted,
                spender: EvmAddress::new(UPTO_PERMIT2_PROXY_ADDRESS),
                nonce: DecimalU256::new(nonce),
                deadline: UnixTimestamp::new(w.until),
                witness: UptoWitness {
                    to: t.pay_to,
                    facilitator: fac,
                    valid_after: UnixTimestamp::new(w.valid_after),
                    unknown: JsonObject::new(),
                },
                unknown: JsonObject::new(),
            },
            unknown: JsonObject::new(),
        })
    } else {
        let msg = ExactPermit2Authorization {
            token: t.asset.get(),
            amount: t.amount.get(),
            spender: EXACT_PERMIT2_PROXY_ADDRESS,
            nonce,
            deadline: U256::from(w.until),
            to: t.pay_to.get(),
            valid_after: U256::from(w.valid_after),
        };
        let sig = signer.sign_digest(msg.hashes(&domain).digest)?;
        to_obj(&ExactPermit2Payload {
            signature: HexBytes(sig.to_vec().into()),
            permit2_authorization: schemes::ExactPermit2Authorization {
                from,
                permitted,
                spender: EvmAddress::new(EXACT_PERMIT2_PROXY_ADDRESS),
                nonce: DecimalU256::new(nonce),
                deadline: UnixTimestamp::new(w.until),
                witness: ExactWitness {
                    to: t.pay_to,
                    valid_after: UnixTimestamp::new(w.valid_after),
                    unknown: JsonObject::new(),
                },
                unknown: JsonObject::new(),
            },
            unknown: JsonObject::new(),
        })
    }
}

fn evm_of(a: &Address, what: &'static str) -> Result<EvmAddress, ClientError> {
    a.as_evm().copied().ok_or(ClientError::NotEvm(what))
}

/// Signs a payment for `pr.accepts[index]` (v2).
///
/// # Errors
/// A [`ClientError`] when the requirement cannot be paid (missing domain, unknown network,
/// overflowing window) or signing fails.
pub fn pay_v2(
    signer: &LocalSigner,
    pr: &v2::PaymentRequired,
    index: usize,
    now: u64,
    nonces: &mut dyn NonceSource,
) -> Result<v2::PaymentPayload, ClientError> {
    let offered: &Echoed<v2::PaymentRequirements> = pr.accepts.get(index).ok_or_else(|| {
        ClientError::NoAcceptableRequirement(vec![format!("no offer at index {index}")])
    })?;
    let r = offered.value();
    let extra =
        EvmExtra::from_extra(r.extra.as_ref()).map_err(|e| ClientError::Extra(e.to_string()))?;
    let t = Target {
        chain_id: r
            .network
            .evm_chain_id()
            .ok_or_else(|| ClientError::UnknownNetwork(r.network.to_string()))?,
        asset: evm_of(&r.asset, "asset")?,
        pay_to: evm_of(&r.pay_to, "payTo")?,
        amount: r.amount,
        max_timeout: r.max_timeout_seconds.get(),
        extra,
    };
    let nonce = nonces.next_nonce();
    let payload = if r.scheme == Scheme::UPTO {
        sign_permit2(signer, &t, now, nonce, true)?
    } else if t.extra.transfer_method() == AssetTransferMethod::Permit2 {
        sign_permit2(signer, &t, now, nonce, false)?
    } else {
        sign_eip3009(signer, &t, now, nonce)?
    };
    let mut p = v2::PaymentPayload::new(offered.clone(), payload);
    p.resource = Some(pr.resource.clone());
    p.extensions.clone_from(&pr.extensions);
    Ok(p)
}

/// Signs a v1 payment (EIP-3009) for `pr.accepts[index]`.
///
/// # Errors
/// As [`pay_v2`].
pub fn pay_v1(
    signer: &LocalSigner,
    pr: &v1::PaymentRequired,
    index: usize,
    now: u64,
    nonces: &mut dyn NonceSource,
) -> Result<v1::PaymentPayload, ClientError> {
    let r = pr.accepts.get(index).ok_or_else(|| {
        ClientError::NoAcceptableRequirement(vec![format!("no offer at index {index}")])
    })?;
    let extra =
        EvmExtra::from_extra(r.extra.as_ref()).map_err(|e| ClientError::Extra(e.to_string()))?;
    let t = Target {
        chain_id: v1_evm_chain_id(r.network.as_str())
            .ok_or_else(|| ClientError::UnknownNetwork(r.network.to_string()))?,
        asset: evm_of(&r.asset, "asset")?,
        pay_to: evm_of(&r.pay_to, "payTo")?,
        amount: r.max_amount_required,
        max_timeout: r.max_timeout_seconds.get(),
        extra,
    };
    let payload = sign_eip3009(signer, &t, now, nonces.next_nonce())?;
    Ok(v1::PaymentPayload::new(
        r.scheme.clone(),
        r.network.clone(),
        payload,
    ))
}
