//! Signed payments for the cases.
//!
//! Every payment starts as what a reference client would send: [`x402_spec::client::pay_v2`] /
//! [`x402_spec::client::pay_v1`] sign it for requirements built from typed values. A case then
//! varies exactly one thing by mutating the typed payload view ([`ExactEip3009Payload`],
//! [`ExactPermit2Payload`], [`UptoPermit2Payload`]) or the typed requirements, and re-signs with
//! the crate's EIP-712 hashing ([`Eip3009Authorization::hashes`] & co.), so the only defect of a
//! variant is the one it names. Bodies are the serde serialization of the wire types; the
//! harness writes no JSON the crate can build (the three-key request envelope is assembled from
//! serialized wire values because `RequestV1`/`RequestV2` have no public constructor).

use std::fmt;

use alloy_primitives::{Address, U256, address};
use bytes::Bytes;
use serde_json::{Map, Value, json};
use x402_spec::assets::{self, KnownTransferMethod};
use x402_spec::client::{ClientError, FixedNonce, pay_v1, pay_v2};
use x402_spec::common::{HexBytes, Scheme, TimeoutSeconds, V1Network};
use x402_spec::evm::eip712::{
    Eip3009Authorization, ExactPermit2Authorization, Permit2Domain, TokenDomain,
    UptoPermit2Authorization,
};
use x402_spec::evm::{LocalSigner, SignerError};
use x402_spec::facilitator::FacilitatorRequest;
use x402_spec::primitives::{
    Address as WireAddress, DecimalU256, EvmAddress, Network, v1_evm_chain_id, v1_to_caip2,
};
use x402_spec::schemes::{ExactEip3009Payload, ExactPermit2Payload, UptoPermit2Payload};
use x402_spec::v2::{NonEmpty, ResourceInfo};
use x402_spec::wire::{Echoed, JsonObject};
use x402_spec::{v1, v2};

pub use x402_spec_testkit::variation::{
    AddressSpelling, AmountPlace, AmountRespelling, AmountSpelling, Envelope, Signed, Variation,
    VersionedMechanism,
};
use x402_spec_testkit::variation::{At, Subject, Then};

use crate::ctx::{AdvertisedKind, Ctx};

/// The amount (atomic units) every case pays: 0.001 of a 6-decimal stablecoin.
pub const AMOUNT: u64 = 1000;
/// What an `upto` case charges at settlement (of the [`AMOUNT`] maximum).
pub const UPTO_CHARGE: u64 = 600;
/// `maxTimeoutSeconds` of the generated requirements.
pub const MAX_TIMEOUT_SECS: u64 = 300;
/// The resource URL written into generated requirements.
pub const RESOURCE_URL: &str = "https://conformance.x402.invalid/resource";

/// Signs the "wrong signer" variants: a published development key (Hardhat account #3).
pub const IMPOSTOR_KEY: [u8; 32] = x402_spec_testkit::keys::HARDHAT_3_KEY.0;
/// Signs invalid payments when no payer key is configured, or when settlement is not allowed
/// (so that a target that wrongly accepts one cannot move anyone's funds): a published
/// development key (Hardhat account #2), unfunded on the reference ledger.
pub const THROWAWAY_KEY: [u8; 32] = x402_spec_testkit::keys::HARDHAT_2_KEY.0;
/// Signs the unfunded-payer payments ([`Variation::UnfundedPayer`]): `keccak256` of a fixed
/// seed (`x402_spec_testkit::keys::UNFUNDED_SEED`), no Hardhat account, so that no development
/// chain or faucet funded it; the reference ledger knows only its funded payers.
pub const UNFUNDED_KEY: [u8; 32] = x402_spec_testkit::keys::UNFUNDED_KEY.0;
/// The wrong recipient / token / spender / facilitator used by the variants.
pub const STRANGER: Address = address!("000000000000000000000000000000000000dEaD");

/// The second token of the wrong-asset families: a payment in it is signed consistently (its
/// address as `accepted.asset` and in the signed message) against requirements naming the real
/// asset. The reference facilitator deploys it and funds the payer with it, so that trusting the
/// echoed asset would really settle (docs/conformance.md, seeded defect `trust-echoed-asset`).
pub const SECOND_TOKEN: Address = address!("2402000000000000000000000000000000002402");

/// A token's EIP-712 domain `(name, version)`.
pub type Domain = (String, String);

/// Where and what to pay: chosen from the target's `GET /supported` and the options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayTarget {
    /// The mechanism.
    pub mechanism: VersionedMechanism,
    /// CAIP-2 id (v2) or v1 network name (v1).
    pub network: String,
    /// EVM chain id of the network.
    pub chain_id: u64,
    /// Token contract.
    pub asset: EvmAddress,
    /// The token's EIP-712 domain `(name, version)`, when known.
    pub domain: Option<Domain>,
    /// Recipient.
    pub pay_to: EvmAddress,
    /// Amount (for `upto`, the maximum).
    pub amount: U256,
    /// `upto`: the facilitator address from the kind's `extra.facilitatorAddress`.
    pub facilitator: Option<EvmAddress>,
    /// `payTo` as the user spelled it (`--pay-to`); `None`: EIP-55.
    pub pay_to_text: Option<String>,
    /// `asset` as the user spelled it (`--asset`); `None`: EIP-55.
    pub asset_text: Option<String>,
}

/// Why a payment could not be built (a harness problem, reported as `errored`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayError {
    /// The x402-spec client refused to sign.
    Client(ClientError),
    /// Signing failed.
    Signer(SignerError),
    /// A wire value did not serialize or parse.
    Wire(String),
    /// The variation does not apply to this mechanism.
    NotApplicable(String),
}

impl fmt::Display for PayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayError::Client(e) => write!(f, "the x402-spec client could not sign: {e}"),
            PayError::Signer(e) => write!(f, "signing failed: {e}"),
            PayError::Wire(e) => write!(f, "building the wire value failed: {e}"),
            PayError::NotApplicable(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PayError {}

impl From<ClientError> for PayError {
    fn from(e: ClientError) -> Self {
        PayError::Client(e)
    }
}

impl From<SignerError> for PayError {
    fn from(e: SignerError) -> Self {
        PayError::Signer(e)
    }
}

fn wire<E: fmt::Display>(e: E) -> PayError {
    PayError::Wire(e.to_string())
}

/// A signer for one of the built-in keys.
pub fn builtin_signer(key: &[u8; 32]) -> Result<LocalSigner, PayError> {
    LocalSigner::from_bytes(key).map_err(PayError::Signer)
}

/// The configured asset for `network` (`--asset`), if it parses as an EVM address.
fn configured_asset(ctx: &Ctx, network: &str) -> Option<EvmAddress> {
    ctx.config()
        .assets
        .get(network)
        .and_then(|list| list.iter().find_map(|a| EvmAddress::parse(a).ok()))
}

/// The `--asset` text for `network` that names `asset`, as the user spelled it.
fn asset_text(ctx: &Ctx, network: &str, asset: &EvmAddress) -> Option<String> {
    ctx.config().assets.get(network).and_then(|list| {
        list.iter()
            .find(|a| EvmAddress::parse(a).is_ok_and(|p| p.get() == asset.get()))
            .cloned()
    })
}

/// A v2 token: address, EIP-712 domain when known, and its SDK transfer method.
fn v2_token(
    ctx: &Ctx,
    network: &Network,
) -> Option<(EvmAddress, Option<Domain>, KnownTransferMethod)> {
    let asset = match configured_asset(ctx, network.as_str()) {
        Some(a) => a,
        None => assets::default_asset(network)?.address(),
    };
    match assets::find_asset(network, &asset) {
        Some(k) => {
            let domain = (k.transfer_method == KnownTransferMethod::Eip3009 || k.supports_eip2612)
                .then(|| (k.eip712_name.to_owned(), k.eip712_version.to_owned()));
            Some((asset, domain, k.transfer_method))
        }
        // An asset the harness does not know: usable with Permit2 (no token domain needed).
        None => Some((asset, None, KnownTransferMethod::Permit2)),
    }
}

/// Chooses what to pay for `mechanism` from the target's advertised kinds (restricted to
/// `--network`). `Err` is the reason to skip the case.
pub fn select_target(ctx: &Ctx, mechanism: VersionedMechanism) -> Result<PayTarget, String> {
    let kinds = ctx.target_kinds();
    if kinds.is_empty() {
        return Err(
            "the target advertises no payment kind in GET /supported (for the selected networks)"
                .to_owned(),
        );
    }
    let mut fallback: Option<PayTarget> = None;
    for k in kinds {
        let Some((t, method)) = kind_target(ctx, k) else {
            continue;
        };
        match (mechanism, t.mechanism) {
            (VersionedMechanism::V1Eip3009, VersionedMechanism::V1Eip3009)
            | (VersionedMechanism::V2Upto, VersionedMechanism::V2Upto) => return Ok(t),
            (VersionedMechanism::V2Eip3009, VersionedMechanism::V2Eip3009) => return Ok(t),
            (
                VersionedMechanism::V2Permit2,
                VersionedMechanism::V2Eip3009 | VersionedMechanism::V2Permit2,
            ) => {
                let t = PayTarget {
                    mechanism: VersionedMechanism::V2Permit2,
                    ..t
                };
                if method == KnownTransferMethod::Permit2 {
                    return Ok(t);
                }
                fallback.get_or_insert(t);
            }
            _ => {}
        }
    }
    fallback.ok_or_else(|| match mechanism {
        VersionedMechanism::V1Eip3009 => "no x402Version 1 `exact` kind on an EVM network whose EIP-3009 token the harness knows is advertised".to_owned(),
        VersionedMechanism::V2Eip3009 => "no x402Version 2 `exact` kind on an EVM network whose EIP-3009 token (and its EIP-712 domain) the harness knows is advertised".to_owned(),
        VersionedMechanism::V2Upto => "no x402Version 2 `upto` kind with extra.facilitatorAddress on an EVM network with a known token is advertised".to_owned(),
        VersionedMechanism::V2Permit2 => "no x402Version 2 `exact` kind on an EVM network with a known token is advertised".to_owned(),
    })
}

/// What the harness pays for one advertised kind, and the token's SDK transfer method: a v1
/// `exact` kind on an EVM network whose EIP-3009 token it knows, a v2 `exact` kind on an EVM
/// network (EIP-3009 when the token has it and its domain is known, else Permit2), a v2 `upto`
/// kind that names its `extra.facilitatorAddress`. `None` for every other kind (other schemes,
/// other network families, unknown networks).
pub fn kind_target(ctx: &Ctx, k: &AdvertisedKind) -> Option<(PayTarget, KnownTransferMethod)> {
    let pay_to = ctx.config().pay_to;
    let amount = U256::from(AMOUNT);
    match (k.x402_version, k.scheme.as_str()) {
        (1, "exact") => {
            let name = k.network.as_str();
            let chain_id = v1_evm_chain_id(name)?;
            let (asset, domain) = match configured_asset(ctx, name) {
                Some(asset) => assets::V1_KNOWN_ASSETS
                    .iter()
                    .find(|a| a.network == name && a.address().get() == asset.get())
                    .and_then(|a| {
                        a.eip712_version
                            .map(|v| (asset, (a.eip712_name.to_owned(), v.to_owned())))
                    })?,
                None => v1_default_token(name)?,
            };
            Some((
                PayTarget {
                    mechanism: VersionedMechanism::V1Eip3009,
                    network: name.to_owned(),
                    chain_id,
                    asset,
                    domain: Some(domain),
                    pay_to,
                    amount,
                    facilitator: None,
                    pay_to_text: ctx.config().pay_to_text.clone(),
                    asset_text: asset_text(ctx, name, &asset),
                },
                KnownTransferMethod::Eip3009,
            ))
        }
        (2, scheme @ ("exact" | "upto")) => {
            let network = Network::parse(&k.network).ok()?;
            let chain_id = network.evm_chain_id()?;
            let (asset, domain, method) = v2_token(ctx, &network)?;
            let facilitator = k
                .extra
                .as_ref()
                .and_then(|e| e.get("facilitatorAddress"))
                .and_then(Value::as_str)
                .and_then(|s| EvmAddress::parse(s).ok());
            let mechanism = if scheme == "upto" {
                facilitator?;
                VersionedMechanism::V2Upto
            } else if method == KnownTransferMethod::Eip3009 && domain.is_some() {
                VersionedMechanism::V2Eip3009
            } else {
                VersionedMechanism::V2Permit2
            };
            Some((
                PayTarget {
                    mechanism,
                    network: network.as_str().to_owned(),
                    chain_id,
                    asset,
                    domain,
                    pay_to,
                    amount,
                    facilitator,
                    pay_to_text: ctx.config().pay_to_text.clone(),
                    asset_text: asset_text(ctx, network.as_str(), &asset),
                },
                method,
            ))
        }
        _ => None,
    }
}

/// The v1 default EIP-3009 token of a v1 network name: the v1 table, else the v2 default
/// stablecoin of the same chain.
fn v1_default_token(name: &str) -> Option<(EvmAddress, (String, String))> {
    if let Some(a) = assets::v1_known_asset(name)
        && let Some(version) = a.eip712_version
    {
        return Some((a.address(), (a.eip712_name.to_owned(), version.to_owned())));
    }
    let network = v1_to_caip2(name)?;
    let k = assets::default_asset(&network)?;
    (k.transfer_method == KnownTransferMethod::Eip3009).then(|| {
        (
            k.address(),
            (k.eip712_name.to_owned(), k.eip712_version.to_owned()),
        )
    })
}

/// A signed payment and the request that carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    /// What was paid.
    pub target: PayTarget,
    /// Requirements and payload wrapping.
    pub envelope: Envelope,
    /// The signed scheme payload.
    pub signed: Signed,
    /// EIP-712 domain used to sign an EIP-3009 authorization.
    pub token_domain: Option<TokenDomain>,
    /// EIP-712 domain used to sign a Permit2 authorization.
    pub permit2_domain: Option<Permit2Domain>,
    /// Top-level `x402Version` of the request.
    pub top_version: u64,
    /// `paymentPayload.x402Version` (the version's own number unless a variation changes it).
    pub payload_version: u64,
    /// How the requirements and `accepted` spell `payTo` and `asset`.
    pub spelling: AddressSpelling,
    /// The one amount spelled non-canonically on the wire, if any.
    pub amount_spelling: Option<AmountRespelling>,
    /// The paying address (the signer's).
    pub payer: Address,
}

fn v2_requirements(t: &PayTarget) -> Result<v2::PaymentRequirements, PayError> {
    let scheme = if t.mechanism == VersionedMechanism::V2Upto {
        Scheme::UPTO
    } else {
        Scheme::EXACT
    };
    let network = Network::parse(&t.network).map_err(wire)?;
    let timeout = TimeoutSeconds::new(MAX_TIMEOUT_SECS)
        .ok_or_else(|| PayError::Wire("zero timeout".to_owned()))?;
    let mut r = v2::PaymentRequirements::new(
        scheme,
        network,
        DecimalU256::new(t.amount),
        WireAddress::Evm(t.asset),
        WireAddress::Evm(t.pay_to),
        timeout,
    );
    let mut extra = JsonObject::new();
    if let Some((name, version)) = &t.domain {
        extra.insert("name".to_owned(), Value::String(name.clone()));
        extra.insert("version".to_owned(), Value::String(version.clone()));
    }
    if t.mechanism.is_permit2() {
        extra.insert(
            "assetTransferMethod".to_owned(),
            Value::String("permit2".to_owned()),
        );
    }
    if let Some(f) = t.facilitator {
        extra.insert(
            "facilitatorAddress".to_owned(),
            Value::String(f.to_checksum()),
        );
    }
    r.extra = Some(extra);
    Ok(r)
}

/// v1 requirements. `v1::PaymentRequirements` has no public constructor, so the object is
/// assembled from serialized typed values and parsed back by the crate.
fn v1_requirements(t: &PayTarget) -> Result<v1::PaymentRequirements, PayError> {
    let mut m = Map::new();
    m.insert("scheme".to_owned(), json!(Scheme::EXACT));
    m.insert(
        "network".to_owned(),
        json!(V1Network::parse(&t.network).map_err(wire)?),
    );
    m.insert(
        "maxAmountRequired".to_owned(),
        json!(DecimalU256::new(t.amount)),
    );
    m.insert("resource".to_owned(), json!(RESOURCE_URL));
    m.insert("description".to_owned(), json!(""));
    m.insert("mimeType".to_owned(), json!("application/json"));
    m.insert("payTo".to_owned(), json!(WireAddress::Evm(t.pay_to)));
    m.insert("maxTimeoutSeconds".to_owned(), json!(MAX_TIMEOUT_SECS));
    m.insert("asset".to_owned(), json!(WireAddress::Evm(t.asset)));
    if let Some((name, version)) = &t.domain {
        m.insert(
            "extra".to_owned(),
            json!({ "name": name, "version": version }),
        );
    }
    let bytes = serde_json::to_vec(&Value::Object(m)).map_err(wire)?;
    v1::PaymentRequirements::from_json(&bytes).map_err(wire)
}

impl Payment {
    /// Signs a valid payment for `target` at `now` as the x402-spec client does.
    pub fn build(
        target: &PayTarget,
        signer: &LocalSigner,
        now: u64,
        nonce: [u8; 32],
    ) -> Result<Payment, PayError> {
        let chain_id = target.chain_id;
        let token_domain = target
            .domain
            .as_ref()
            .map(|(n, v)| TokenDomain::new(n.clone(), v.clone(), chain_id, target.asset.get()));
        let permit2_domain = Some(Permit2Domain::new(chain_id));
        match target.mechanism {
            VersionedMechanism::V1Eip3009 => {
                let req = v1_requirements(target)?;
                let accepts = NonEmpty::new(vec![Echoed::new(req.clone()).map_err(wire)?])
                    .ok_or_else(|| PayError::Wire("empty accepts".to_owned()))?;
                let pr = v1::PaymentRequired::new(accepts);
                let p = pay_v1(signer, &pr, 0, now, &mut FixedNonce(nonce))?;
                let signed =
                    Signed::Eip3009(ExactEip3009Payload::from_payload(&p.payload).map_err(wire)?);
                Ok(Payment {
                    target: target.clone(),
                    envelope: Envelope::V1 {
                        requirements: Box::new(req),
                        scheme: p.scheme,
                        network: p.network,
                    },
                    signed,
                    token_domain,
                    permit2_domain: None,
                    top_version: 1,
                    payload_version: 1,
                    spelling: AddressSpelling::Checksum,
                    amount_spelling: None,
                    payer: signer.address(),
                })
            }
            m => {
                let req = v2_requirements(target)?;
                let accepts = NonEmpty::new(vec![Echoed::new(req.clone()).map_err(wire)?])
                    .ok_or_else(|| PayError::Wire("empty accepts".to_owned()))?;
                let pr = v2::PaymentRequired::new(
                    ResourceInfo::new(RESOURCE_URL).map_err(wire)?,
                    accepts,
                );
                let p = pay_v2(signer, &pr, 0, now, &mut FixedNonce(nonce))?;
                let signed = match m {
                    VersionedMechanism::V2Permit2 => Signed::Permit2(
                        ExactPermit2Payload::from_payload(&p.payload).map_err(wire)?,
                    ),
                    VersionedMechanism::V2Upto => {
                        Signed::Upto(UptoPermit2Payload::from_payload(&p.payload).map_err(wire)?)
                    }
                    _ => Signed::Eip3009(
                        ExactEip3009Payload::from_payload(&p.payload).map_err(wire)?,
                    ),
                };
                Ok(Payment {
                    target: target.clone(),
                    envelope: Envelope::V2 {
                        requirements: Box::new(req),
                        accepted: Box::new(p.accepted.value().clone()),
                        resource: p.resource,
                    },
                    signed,
                    token_domain,
                    permit2_domain,
                    top_version: 2,
                    payload_version: 2,
                    spelling: AddressSpelling::Checksum,
                    amount_spelling: None,
                    payer: signer.address(),
                })
            }
        }
    }

    /// Recomputes the signature over the (possibly mutated) typed message with `signer`.
    pub fn resign(&mut self, signer: &LocalSigner) -> Result<(), PayError> {
        let digest = match &self.signed {
            Signed::Eip3009(p) => {
                let a = &p.authorization;
                let domain = self.token_domain.as_ref().ok_or_else(|| {
                    PayError::NotApplicable("no EIP-712 token domain to sign with".to_owned())
                })?;
                Eip3009Authorization {
                    from: a.from.get(),
                    to: a.to.get(),
                    value: a.value.get(),
                    valid_after: U256::from(a.valid_after.as_secs()),
                    valid_before: U256::from(a.valid_before.as_secs()),
                    nonce: a.nonce.0,
                }
                .hashes(domain)
                .digest
            }
            Signed::Permit2(p) => {
                let a = &p.permit2_authorization;
                let domain = self.permit2_domain.as_ref().ok_or_else(|| {
                    PayError::NotApplicable("no Permit2 domain to sign with".to_owned())
                })?;
                ExactPermit2Authorization {
                    token: a.permitted.token.get(),
                    amount: a.permitted.amount.get(),
                    spender: a.spender.get(),
                    nonce: a.nonce.get(),
                    deadline: U256::from(a.deadline.as_secs()),
                    to: a.witness.to.get(),
                    valid_after: U256::from(a.witness.valid_after.as_secs()),
                }
                .hashes(domain)
                .digest
            }
            Signed::Upto(p) => {
                let a = &p.permit2_authorization;
                let domain = self.permit2_domain.as_ref().ok_or_else(|| {
                    PayError::NotApplicable("no Permit2 domain to sign with".to_owned())
                })?;
                UptoPermit2Authorization {
                    token: a.permitted.token.get(),
                    amount: a.permitted.amount.get(),
                    spender: a.spender.get(),
                    nonce: a.nonce.get(),
                    deadline: U256::from(a.deadline.as_secs()),
                    to: a.witness.to.get(),
                    facilitator: a.witness.facilitator.get(),
                    valid_after: U256::from(a.witness.valid_after.as_secs()),
                }
                .hashes(domain)
                .digest
            }
        };
        let sig = HexBytes(signer.sign_digest(digest)?.to_vec().into());
        match &mut self.signed {
            Signed::Eip3009(p) => p.signature = sig,
            Signed::Permit2(p) => p.signature = sig,
            Signed::Upto(p) => p.signature = sig,
        }
        Ok(())
    }

    fn set_valid_before(&mut self, t: u64) {
        self.signed.set_valid_before(t);
    }

    /// The authorized amount (for `upto`, the maximum).
    pub fn authorized(&self) -> U256 {
        self.signed.authorized()
    }

    /// Applies `variation` for a request sent at `now` (harness clock) to a target whose clock
    /// may differ by `skew` seconds; re-signs with `signer` (or the impostor key) as needed.
    pub fn vary(
        &mut self,
        variation: Variation,
        now: u64,
        skew: u64,
        signer: &LocalSigner,
    ) -> Result<(), PayError> {
        let label = self.target.mechanism.label();
        let subject = Subject {
            signed: &mut self.signed,
            envelope: &mut self.envelope,
            token_domain: self.token_domain.as_mut(),
            permit2_domain: self.permit2_domain.as_mut(),
            top_version: &mut self.top_version,
            spelling: &mut self.spelling,
            payload_version: &mut self.payload_version,
            amount_spelling: &mut self.amount_spelling,
        };
        let at = At {
            now,
            skew,
            stranger: STRANGER,
            other_token: SECOND_TOKEN,
            unfunded: x402_spec_testkit::keys::UNFUNDED_ADDRESS,
        };
        let then = variation.apply(subject, at).map_err(|e| {
            PayError::NotApplicable(format!(
                "variation {variation:?} does not apply to {label}: {e}"
            ))
        })?;
        match then {
            Then::Resign => self.resign(signer),
            Then::ResignAsImpostor => self.resign(&builtin_signer(&IMPOSTOR_KEY)?),
            Then::ResignAsUnfunded => {
                let unfunded = builtin_signer(&UNFUNDED_KEY)?;
                self.payer = unfunded.address();
                self.resign(&unfunded)
            }
            _ => Ok(()),
        }
    }

    /// Sets `validBefore` / `deadline` to `until` and re-signs (long load runs).
    pub fn extend_validity(&mut self, until: u64, signer: &LocalSigner) -> Result<(), PayError> {
        self.set_valid_before(until);
        self.resign(signer)
    }

    /// This payment as a settle-time `upto` request charging `charge` (the requirements'
    /// `amount` becomes the charge; `accepted` keeps the signed maximum, docs/protocol/disagreements.md #20).
    pub fn with_charge(&self, charge: U256) -> Payment {
        let mut p = self.clone();
        if let Envelope::V2 { requirements, .. } = &mut p.envelope {
            requirements.amount = DecimalU256::new(charge);
        }
        p
    }

    /// The `payload` object.
    pub fn payload_object(&self) -> Result<JsonObject, PayError> {
        match &self.signed {
            Signed::Eip3009(p) => x402_spec::schemes::to_payload(p),
            Signed::Permit2(p) => x402_spec::schemes::to_payload(p),
            Signed::Upto(p) => x402_spec::schemes::to_payload(p),
        }
        .map_err(wire)
    }

    /// The `/verify` / `/settle` request as JSON.
    pub fn request_json(&self) -> Result<Value, PayError> {
        let mut v = self.typed_request_json()?;
        // The typed payloads fix their own version; an unknown-version variation rewrites it.
        if let Some(p) = v.get_mut("paymentPayload").and_then(Value::as_object_mut) {
            p.insert("x402Version".to_owned(), json!(self.payload_version));
        }
        // The user's spelling of --pay-to / --asset, unless a variation chooses one.
        let (pay_to, asset) = match self.spelling {
            AddressSpelling::Checksum => (
                self.target.pay_to_text.clone(),
                self.target.asset_text.clone(),
            ),
            s => (
                Some(s.spell(&self.target.pay_to.get())),
                Some(s.spell(&self.target.asset.get())),
            ),
        };
        if pay_to.is_some() || asset.is_some() {
            let respell = |o: Option<&mut Value>| {
                if let Some(Value::Object(o)) = o {
                    if let Some(a) = &pay_to {
                        o.insert("payTo".to_owned(), json!(a));
                    }
                    if let Some(a) = &asset {
                        o.insert("asset".to_owned(), json!(a));
                    }
                }
            };
            respell(v.get_mut("paymentRequirements"));
            respell(v.pointer_mut("/paymentPayload/accepted"));
        }
        if let Some(r) = self.amount_spelling {
            self.respell_amount(&mut v, r);
        }
        Ok(v)
    }

    /// Writes the amount `r` names in its spelling: the requirements' amount (v2: also the
    /// `accepted` echo, which a client copies verbatim; v1: `maxAmountRequired`), or the signed
    /// amount of the payload.
    fn respell_amount(&self, v: &mut Value, r: AmountRespelling) {
        let pointers: &[&str] = match (r.place, &self.envelope, &self.signed) {
            (AmountPlace::Required, Envelope::V2 { .. }, _) => &[
                "/paymentRequirements/amount",
                "/paymentPayload/accepted/amount",
            ],
            (AmountPlace::Required, Envelope::V1 { .. }, _) => {
                &["/paymentRequirements/maxAmountRequired"]
            }
            (AmountPlace::Signed, _, Signed::Eip3009(_)) => {
                &["/paymentPayload/payload/authorization/value"]
            }
            (AmountPlace::Signed, _, Signed::Permit2(_) | Signed::Upto(_)) => {
                &["/paymentPayload/payload/permit2Authorization/permitted/amount"]
            }
        };
        for pointer in pointers {
            if let Some(slot) = v.pointer_mut(pointer) {
                let text = slot
                    .as_str()
                    .and_then(|t| DecimalU256::parse(t).ok())
                    .map(|d| r.spelling.spell(d.get()));
                if let Some(text) = text {
                    *slot = Value::String(text);
                }
            }
        }
    }

    fn typed_request_json(&self) -> Result<Value, PayError> {
        let payload = self.payload_object()?;
        Ok(match &self.envelope {
            Envelope::V2 {
                requirements,
                accepted,
                resource,
            } => {
                let mut p = v2::PaymentPayload::new(
                    Echoed::new((**accepted).clone()).map_err(wire)?,
                    payload,
                );
                p.resource.clone_from(resource);
                json!({
                    "x402Version": self.top_version,
                    "paymentPayload": p,
                    "paymentRequirements": requirements,
                })
            }
            Envelope::V1 {
                requirements,
                scheme,
                network,
            } => {
                let p = v1::PaymentPayload::new(scheme.clone(), network.clone(), payload);
                json!({
                    "x402Version": self.top_version,
                    "paymentPayload": p,
                    "paymentRequirements": requirements,
                })
            }
        })
    }

    /// The request body bytes.
    pub fn body(&self) -> Result<Bytes, PayError> {
        serde_json::to_vec(&self.request_json()?)
            .map(Bytes::from)
            .map_err(wire)
    }

    /// The request parsed back by the crate (for local checks).
    pub fn request(&self) -> Result<FacilitatorRequest, PayError> {
        FacilitatorRequest::from_json(&self.body()?).map_err(wire)
    }

    /// The network the requirements name (what a settle response's `network` must be).
    pub fn network(&self) -> String {
        match &self.envelope {
            Envelope::V2 { requirements, .. } => requirements.network.to_string(),
            Envelope::V1 { requirements, .. } => requirements.network.to_string(),
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
pub(crate) mod tests {
    use super::*;
    use x402_spec::verify::{Policy, verify_request};
    use x402_spec_testkit::twins::high_s_twin;

    const NOW: u64 = 1_750_000_000;

    fn payer() -> LocalSigner {
        builtin_signer(&x402_spec_testkit::keys::HARDHAT_0_KEY.0).unwrap()
    }

    pub(crate) fn target(m: VersionedMechanism) -> PayTarget {
        let (network, chain_id) = if m == VersionedMechanism::V1Eip3009 {
            ("base-sepolia".to_owned(), 84532)
        } else {
            ("eip155:84532".to_owned(), 84532)
        };
        PayTarget {
            mechanism: m,
            network,
            chain_id,
            asset: EvmAddress::parse("0x036CbD53842c5426634e7929541eC2318f3dCF7e").unwrap(),
            domain: Some(("USDC".to_owned(), "2".to_owned())),
            pay_to: EvmAddress::new(crate::ctx::DEFAULT_PAY_TO),
            amount: U256::from(AMOUNT),
            facilitator: (m == VersionedMechanism::V2Upto)
                .then(|| EvmAddress::parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").unwrap()),
            pay_to_text: None,
            asset_text: None,
        }
    }

    fn policy() -> Policy {
        Policy::default().with_signers(vec![
            EvmAddress::parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").unwrap(),
        ])
    }

    #[test]
    fn resigning_an_unchanged_payment_reproduces_the_client_signature() {
        for m in [
            VersionedMechanism::V2Eip3009,
            VersionedMechanism::V2Permit2,
            VersionedMechanism::V2Upto,
            VersionedMechanism::V1Eip3009,
        ] {
            let p = Payment::build(&target(m), &payer(), NOW, [7; 32]).unwrap();
            let mut q = p.clone();
            q.resign(&payer()).unwrap();
            assert_eq!(p, q, "{m:?}");
            let ok = verify_request(&p.request().unwrap(), NOW, &policy()).unwrap();
            assert_eq!(
                ok.payer().as_evm().map(|a| a.get()),
                Some(payer().address())
            );
        }
    }

    #[test]
    fn high_s_twin_recovers_to_the_same_signer_but_is_refused() {
        let p = Payment::build(
            &target(VersionedMechanism::V2Eip3009),
            &payer(),
            NOW,
            [1; 32],
        )
        .unwrap();
        let Signed::Eip3009(view) = &p.signed else {
            panic!()
        };
        let twin = high_s_twin(view.signature.as_slice()).unwrap();
        assert_ne!(twin, view.signature.as_slice());
        assert_eq!(high_s_twin(&twin).unwrap(), view.signature.as_slice());
        let mut q = p.clone();
        q.vary(Variation::HighS, NOW, 0, &payer()).unwrap();
        let err = verify_request(&q.request().unwrap(), NOW, &policy()).unwrap_err();
        assert!(err.first().detail.contains("high"), "{err}");
        assert!(high_s_twin(&[0u8; 64]).is_none());
    }

    #[test]
    fn version_mismatch_fails_to_parse_and_settle_charge_keeps_accepted() {
        let mut p = Payment::build(
            &target(VersionedMechanism::V2Eip3009),
            &payer(),
            NOW,
            [2; 32],
        )
        .unwrap();
        p.vary(Variation::VersionMismatch, NOW, 0, &payer())
            .unwrap();
        let err = p.request().unwrap_err();
        assert!(err.to_string().contains("x402Version"), "{err}");
        let u =
            Payment::build(&target(VersionedMechanism::V2Upto), &payer(), NOW, [3; 32]).unwrap();
        let c = u.with_charge(U256::from(UPTO_CHARGE));
        let v = c.request_json().unwrap();
        assert_eq!(v["paymentRequirements"]["amount"], "600");
        assert_eq!(v["paymentPayload"]["accepted"]["amount"], "1000");
        let mut v1 = Payment::build(
            &target(VersionedMechanism::V1Eip3009),
            &payer(),
            NOW,
            [4; 32],
        )
        .unwrap();
        assert!(
            v1.vary(Variation::VersionMismatch, NOW, 0, &payer())
                .is_err()
        );
        assert!(
            v1.vary(Variation::Permit2Spender, NOW, 0, &payer())
                .is_err()
        );
    }

    #[test]
    fn wrong_asset_is_consistent_for_its_token_and_refused_for_the_real_one() {
        for m in [VersionedMechanism::V2Eip3009, VersionedMechanism::V2Permit2] {
            let mut p = Payment::build(&target(m), &payer(), NOW, [5; 32]).unwrap();
            p.vary(Variation::WrongAsset, NOW, 0, &payer()).unwrap();
            let err = verify_request(&p.request().unwrap(), NOW, &policy()).unwrap_err();
            assert_eq!(
                Some(err.first().check),
                Variation::WrongAsset.check(m),
                "{m:?}: {err}"
            );
            // Against requirements naming the second token, the same payment is valid: only
            // the asset is wrong.
            let mut q = p.clone();
            if let Envelope::V2 { requirements, .. } = &mut q.envelope {
                requirements.asset = WireAddress::Evm(EvmAddress::new(SECOND_TOKEN));
            }
            verify_request(&q.request().unwrap(), NOW, &policy()).unwrap();
        }
        let mut v1 = Payment::build(
            &target(VersionedMechanism::V1Eip3009),
            &payer(),
            NOW,
            [6; 32],
        )
        .unwrap();
        assert!(v1.vary(Variation::WrongAsset, NOW, 0, &payer()).is_err());
    }

    #[test]
    fn unknown_versions_keep_the_signature_and_fail_to_parse() {
        for m in [VersionedMechanism::V2Eip3009, VersionedMechanism::V1Eip3009] {
            let p = Payment::build(&target(m), &payer(), NOW, [8; 32]).unwrap();
            let mut q = p.clone();
            q.vary(Variation::Version3, NOW, 0, &payer()).unwrap();
            assert_eq!(p.signed, q.signed, "{m:?}");
            let v = q.request_json().unwrap();
            assert_eq!(
                (&v["x402Version"], &v["paymentPayload"]["x402Version"]),
                (&json!(3), &json!(3))
            );
            assert!(q.request().is_err(), "{m:?}");
        }
    }

    #[test]
    fn address_spellings_reach_the_wire_and_stay_valid() {
        for m in [
            VersionedMechanism::V2Eip3009,
            VersionedMechanism::V2Permit2,
            VersionedMechanism::V1Eip3009,
        ] {
            for (v, want) in [
                (Variation::LowercaseAddresses, AddressSpelling::Lower),
                (Variation::UppercaseAddresses, AddressSpelling::Upper),
            ] {
                let mut p = Payment::build(&target(m), &payer(), NOW, [9; 32]).unwrap();
                let signed = p.signed.clone();
                p.vary(v, NOW, 0, &payer()).unwrap();
                assert_eq!(
                    p.signed, signed,
                    "{m:?} {v:?}: the signed message is unchanged"
                );
                let j = p.request_json().unwrap();
                let pay_to = want.spell(&p.target.pay_to.get());
                let asset = want.spell(&p.target.asset.get());
                assert_ne!(pay_to, p.target.pay_to.to_checksum());
                assert_eq!(j["paymentRequirements"]["payTo"], json!(pay_to), "{m:?}");
                assert_eq!(j["paymentRequirements"]["asset"], json!(asset), "{m:?}");
                if m != VersionedMechanism::V1Eip3009 {
                    assert_eq!(j["paymentPayload"]["accepted"]["payTo"], json!(pay_to));
                    assert_eq!(j["paymentPayload"]["accepted"]["asset"], json!(asset));
                }
                verify_request(&p.request().unwrap(), NOW, &policy()).unwrap();
            }
        }
    }

    #[test]
    fn amount_spellings_reach_the_wire_and_are_refused() {
        for m in [
            VersionedMechanism::V2Eip3009,
            VersionedMechanism::V2Permit2,
            VersionedMechanism::V1Eip3009,
        ] {
            for s in AmountSpelling::ALL {
                let spelled = s.spell(U256::from(AMOUNT));
                let p = Payment::build(&target(m), &payer(), NOW, [12; 32]).unwrap();
                // In the payload: the signature is untouched, the text is the spelling, and
                // x402-spec refuses the payload's format.
                let mut q = p.clone();
                let v = Variation::SignedAmountSpelled(s);
                q.vary(v, NOW, 0, &payer()).unwrap();
                assert_eq!(q.signed, p.signed, "{m:?} {s:?}");
                let j = q.request_json().unwrap();
                let at = if m.is_permit2() {
                    "/paymentPayload/payload/permit2Authorization/permitted/amount"
                } else {
                    "/paymentPayload/payload/authorization/value"
                };
                assert_eq!(j.pointer(at), Some(&json!(spelled)), "{m:?} {s:?}");
                let err = verify_request(&q.request().unwrap(), NOW, &policy()).unwrap_err();
                assert_eq!(Some(err.first().check), v.check(m), "{m:?} {s:?}: {err}");
                // In the requirements (and the accepted echo): the request does not parse.
                let mut r = p.clone();
                r.vary(Variation::RequiredAmountSpelled(s), NOW, 0, &payer())
                    .unwrap();
                assert_eq!(r.signed, p.signed, "{m:?} {s:?}");
                let j = r.request_json().unwrap();
                if m == VersionedMechanism::V1Eip3009 {
                    assert_eq!(
                        j["paymentRequirements"]["maxAmountRequired"],
                        json!(spelled)
                    );
                } else {
                    assert_eq!(j["paymentRequirements"]["amount"], json!(spelled));
                    assert_eq!(j["paymentPayload"]["accepted"]["amount"], json!(spelled));
                }
                // v2: the `accepted` echo is read first, so the crate names the payload.
                let err = FacilitatorRequest::from_json(&r.body().unwrap()).unwrap_err();
                let want = if m == VersionedMechanism::V1Eip3009 {
                    x402_spec::codes::ErrorCode::InvalidPaymentRequirements
                } else {
                    x402_spec::codes::ErrorCode::InvalidPayload
                };
                assert_eq!(err.code(), &want, "{m:?} {s:?}: {err}");
            }
        }
    }

    #[test]
    fn an_unfunded_payment_is_signed_by_the_unfunded_key_and_valid() {
        for m in VersionedMechanism::ALL {
            let mut p = Payment::build(&target(m), &payer(), NOW, [13; 32]).unwrap();
            p.vary(Variation::UnfundedPayer, NOW, 0, &payer()).unwrap();
            let unfunded = builtin_signer(&UNFUNDED_KEY).unwrap().address();
            assert_eq!(p.payer, unfunded, "{m:?}");
            assert_eq!(p.signed.from().get(), unfunded, "{m:?}");
            assert_ne!(unfunded, payer().address());
            // Every rule passes: only the chain (the balance) can refuse it.
            let ok = verify_request(&p.request().unwrap(), NOW, &policy()).unwrap();
            assert_eq!(
                ok.payer().as_evm().map(|a| a.get()),
                Some(unfunded),
                "{m:?}"
            );
            let mut q = p.clone();
            assert!(q.vary(Variation::UnfundedPayer, NOW, 0, &payer()).is_err());
        }
    }

    #[test]
    fn the_users_spelling_of_pay_to_and_asset_is_kept() {
        let mut t = target(VersionedMechanism::V2Eip3009);
        let lower_pay_to = t.pay_to.to_checksum().to_ascii_lowercase();
        t.pay_to_text = Some(lower_pay_to.clone());
        t.asset_text = Some("0x036CBD53842C5426634E7929541EC2318F3DCF7E".to_owned());
        let p = Payment::build(&t, &payer(), NOW, [10; 32]).unwrap();
        let j = p.request_json().unwrap();
        for at in ["/paymentRequirements", "/paymentPayload/accepted"] {
            let o = j.pointer(at).unwrap();
            assert_eq!(o["payTo"], json!(lower_pay_to), "{at}");
            assert_eq!(
                o["asset"], "0x036CBD53842C5426634E7929541EC2318F3DCF7E",
                "{at}"
            );
        }
        verify_request(&p.request().unwrap(), NOW, &policy()).unwrap();
        // Without a user spelling, EIP-55.
        let q = Payment::build(
            &target(VersionedMechanism::V2Eip3009),
            &payer(),
            NOW,
            [11; 32],
        )
        .unwrap();
        let j = q.request_json().unwrap();
        assert_eq!(
            j["paymentRequirements"]["payTo"],
            json!(q.target.pay_to.to_checksum())
        );
    }
}
