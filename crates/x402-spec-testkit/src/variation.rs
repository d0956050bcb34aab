//! One typed list of one-defect payment variations: "a valid signed payment with exactly one
//! thing wrong" (or, for the boundary variations, one thing moved to the edge of validity).
//!
//! The conformance harness builds one payment family per `(mechanism, variation)` and names its
//! cases `…/<mechanism slug>/<`[`Variation::id`]`>/…`; the golden-vector generator names the
//! same defect `verify/<`[`VersionedMechanism::vector_prefix`]`>/<`[`Variation::vector_id`]`>` (older,
//! different slugs, kept so that the corpus stays byte-identical). [`Variation::check`] is the
//! rule of [`x402_spec::verify`] that refuses it, and [`Variation::apply`] makes the change on a
//! typed payment ([`Subject`]), telling the caller whether to re-sign.

use std::fmt;

use alloy_primitives::{Address, U256};
use x402_spec::common::{HexBytes, Scheme, V1Network};
use x402_spec::evm::constants::TIME_BUFFER_SECS;
use x402_spec::evm::eip712::{Permit2Domain, TokenDomain};
use x402_spec::primitives::{DecimalU256, EvmAddress, Network, UnixTimestamp};
use x402_spec::schemes::{ExactEip3009Payload, ExactPermit2Payload, UptoPermit2Payload};
use x402_spec::v2;
use x402_spec::verify::evm::{Eip3009Check, Permit2Check, UptoCheck};
use x402_spec::verify::{Check, CommonCheck};

use crate::twins::high_s_twin;

/// A protocol version and payment mechanism the variations apply to (v2 EIP-3009, v1 EIP-3009, ...).
/// Not [`x402_spec::verify::Mechanism`], which names the verifier only and has no version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionedMechanism {
    /// v2 `exact` with EIP-3009 `transferWithAuthorization`.
    V2Eip3009,
    /// v2 `exact` with Permit2 through the x402 exact proxy.
    V2Permit2,
    /// v2 `upto` (Permit2 through the x402 upto proxy).
    V2Upto,
    /// v1 `exact` with EIP-3009.
    V1Eip3009,
}

impl VersionedMechanism {
    /// Every mechanism.
    pub const ALL: [VersionedMechanism; 4] = [
        VersionedMechanism::V2Eip3009,
        VersionedMechanism::V2Permit2,
        VersionedMechanism::V2Upto,
        VersionedMechanism::V1Eip3009,
    ];

    /// Short label for messages.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            VersionedMechanism::V2Eip3009 => "v2 exact/EIP-3009",
            VersionedMechanism::V2Permit2 => "v2 exact/Permit2",
            VersionedMechanism::V2Upto => "v2 upto",
            VersionedMechanism::V1Eip3009 => "v1 exact/EIP-3009",
        }
    }

    /// Whether the payload is a Permit2 authorization (exact Permit2 or upto).
    #[must_use]
    pub const fn is_permit2(self) -> bool {
        matches!(
            self,
            VersionedMechanism::V2Permit2 | VersionedMechanism::V2Upto
        )
    }

    /// Whether the payload is an EIP-3009 authorization (v1 or v2).
    #[must_use]
    pub const fn is_eip3009(self) -> bool {
        matches!(
            self,
            VersionedMechanism::V2Eip3009 | VersionedMechanism::V1Eip3009
        )
    }

    /// The mechanism's segment of the conformance case ids (`v2-eip3009`).
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            VersionedMechanism::V2Eip3009 => "v2-eip3009",
            VersionedMechanism::V2Permit2 => "v2-permit2",
            VersionedMechanism::V2Upto => "v2-upto",
            VersionedMechanism::V1Eip3009 => "v1-eip3009",
        }
    }

    /// The mechanism's segment of the golden-vector ids (`verify/exact-eip3009/…`).
    #[must_use]
    pub const fn vector_prefix(self) -> &'static str {
        match self {
            VersionedMechanism::V2Eip3009 => "exact-eip3009",
            VersionedMechanism::V2Permit2 => "exact-permit2",
            VersionedMechanism::V2Upto => "upto-permit2",
            VersionedMechanism::V1Eip3009 => "v1-exact",
        }
    }
}

/// The typed, signed scheme payload.
#[derive(Debug, Clone, PartialEq)]
pub enum Signed {
    /// EIP-3009 authorization.
    Eip3009(ExactEip3009Payload),
    /// Permit2 (exact).
    Permit2(ExactPermit2Payload),
    /// Permit2 (upto).
    Upto(UptoPermit2Payload),
}

impl Signed {
    /// The signature.
    pub fn signature_mut(&mut self) -> &mut HexBytes {
        match self {
            Signed::Eip3009(p) => &mut p.signature,
            Signed::Permit2(p) => &mut p.signature,
            Signed::Upto(p) => &mut p.signature,
        }
    }

    /// Sets `validBefore` (EIP-3009) / `deadline` (Permit2).
    pub fn set_valid_before(&mut self, t: u64) {
        let t = UnixTimestamp::new(t);
        match self {
            Signed::Eip3009(p) => p.authorization.valid_before = t,
            Signed::Permit2(p) => p.permit2_authorization.deadline = t,
            Signed::Upto(p) => p.permit2_authorization.deadline = t,
        }
    }

    /// Sets `validAfter` (EIP-3009) / `witness.validAfter` (Permit2).
    pub fn set_valid_after(&mut self, t: u64) {
        let t = UnixTimestamp::new(t);
        match self {
            Signed::Eip3009(p) => p.authorization.valid_after = t,
            Signed::Permit2(p) => p.permit2_authorization.witness.valid_after = t,
            Signed::Upto(p) => p.permit2_authorization.witness.valid_after = t,
        }
    }

    /// Sets the recipient: `to` (EIP-3009) / `witness.to` (Permit2).
    pub fn set_recipient(&mut self, to: EvmAddress) {
        match self {
            Signed::Eip3009(p) => p.authorization.to = to,
            Signed::Permit2(p) => p.permit2_authorization.witness.to = to,
            Signed::Upto(p) => p.permit2_authorization.witness.to = to,
        }
    }

    /// The authorized amount (for `upto`, the maximum).
    #[must_use]
    pub fn authorized(&self) -> U256 {
        match self {
            Signed::Eip3009(p) => p.authorization.value.get(),
            Signed::Permit2(p) => p.permit2_authorization.permitted.amount.get(),
            Signed::Upto(p) => p.permit2_authorization.permitted.amount.get(),
        }
    }

    /// Sets the paying address: `from` (EIP-3009) / `from` of the Permit2 authorization.
    pub fn set_from(&mut self, from: EvmAddress) {
        match self {
            Signed::Eip3009(p) => p.authorization.from = from,
            Signed::Permit2(p) => p.permit2_authorization.from = from,
            Signed::Upto(p) => p.permit2_authorization.from = from,
        }
    }

    /// The paying address.
    #[must_use]
    pub fn from(&self) -> EvmAddress {
        match self {
            Signed::Eip3009(p) => p.authorization.from,
            Signed::Permit2(p) => p.permit2_authorization.from,
            Signed::Upto(p) => p.permit2_authorization.from,
        }
    }

    /// Sets the authorized amount.
    pub fn set_amount(&mut self, amount: U256) {
        let amount = DecimalU256::new(amount);
        match self {
            Signed::Eip3009(p) => p.authorization.value = amount,
            Signed::Permit2(p) => p.permit2_authorization.permitted.amount = amount,
            Signed::Upto(p) => p.permit2_authorization.permitted.amount = amount,
        }
    }
}

/// The version-specific wrapping of a payment.
#[derive(Debug, Clone, PartialEq)]
pub enum Envelope {
    /// Protocol v2.
    V2 {
        /// `paymentRequirements` of the request.
        requirements: Box<v2::PaymentRequirements>,
        /// `paymentPayload.accepted` (normally equal to `requirements`).
        accepted: Box<v2::PaymentRequirements>,
        /// `paymentPayload.resource`.
        resource: Option<v2::ResourceInfo>,
    },
    /// Protocol v1.
    V1 {
        /// `paymentRequirements` of the request.
        requirements: Box<x402_spec::v1::PaymentRequirements>,
        /// `paymentPayload.scheme`.
        scheme: Scheme,
        /// `paymentPayload.network`.
        network: V1Network,
    },
}

/// What [`Variation::apply`] changes: the parts of a signed payment, borrowed.
#[derive(Debug)]
pub struct Subject<'a> {
    /// The signed scheme payload.
    pub signed: &'a mut Signed,
    /// Requirements and payload wrapping.
    pub envelope: &'a mut Envelope,
    /// The EIP-712 token domain an EIP-3009 authorization is signed under (`None` otherwise).
    pub token_domain: Option<&'a mut TokenDomain>,
    /// The Permit2 EIP-712 domain a Permit2 authorization is signed under (`None` otherwise).
    pub permit2_domain: Option<&'a mut Permit2Domain>,
    /// The request's top-level `x402Version`.
    pub top_version: &'a mut u64,
    /// How the requirements (and the `accepted` echo) spell `payTo` and `asset` on the wire.
    pub spelling: &'a mut AddressSpelling,
    /// `paymentPayload.x402Version` (2 for a v2 payment, 1 for v1 unless a variation changes it).
    pub payload_version: &'a mut u64,
    /// How one amount is spelled on the wire (`None`: every amount in its canonical spelling).
    pub amount_spelling: &'a mut Option<AmountRespelling>,
}

/// A spelling of an amount that is not the canonical base-10 integer string
/// (`^(0|[1-9][0-9]*)$`, schemas `DecimalU256`) but that some number parser reads as the same
/// value: JS `BigInt` trims white space (line terminators included) and accepts a sign and
/// leading zeros; Python `int()` also accepts `_` between digits and non-ASCII decimal digits;
/// a float parser reads an exponent (docs/protocol/evm.md §4.6). x402-spec refuses every one
/// ([`x402_spec::primitives::DecimalU256::parse`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AmountSpelling {
    /// A space before and after the digits (`" 1000 "`).
    Padded,
    /// An explicit plus sign (`"+1000"`).
    PlusSign,
    /// A `_` after the first digit (`"1_000"`).
    Underscore,
    /// A leading zero (`"01000"`; Go's `SetString(s, 0)` would read it as octal).
    LeadingZero,
    /// Exponent notation without trailing zeros (`"1e3"`).
    Exponent,
    /// The digits in their fullwidth forms, U+FF10–U+FF19 (`"１０００"`).
    FullwidthDigits,
    /// A trailing line feed (`"1000\n"`).
    TrailingNewline,
}

impl AmountSpelling {
    /// Every spelling.
    pub const ALL: [AmountSpelling; 7] = [
        AmountSpelling::Padded,
        AmountSpelling::PlusSign,
        AmountSpelling::Underscore,
        AmountSpelling::LeadingZero,
        AmountSpelling::Exponent,
        AmountSpelling::FullwidthDigits,
        AmountSpelling::TrailingNewline,
    ];

    /// `value` in this spelling.
    #[must_use]
    pub fn spell(self, value: U256) -> String {
        let digits = value.to_string();
        match self {
            AmountSpelling::Padded => format!(" {digits} "),
            AmountSpelling::PlusSign => format!("+{digits}"),
            AmountSpelling::Underscore => match digits.split_at_checked(1) {
                Some((first, rest)) if !rest.is_empty() => format!("{first}_{rest}"),
                _ => format!("0_{digits}"),
            },
            AmountSpelling::LeadingZero => format!("0{digits}"),
            AmountSpelling::Exponent => {
                let mantissa = digits.trim_end_matches('0');
                if mantissa.is_empty() {
                    "0e0".to_owned()
                } else {
                    let exponent = digits.len().saturating_sub(mantissa.len());
                    format!("{mantissa}e{exponent}")
                }
            }
            AmountSpelling::FullwidthDigits => digits
                .chars()
                .map(|c| {
                    c.to_digit(10)
                        .and_then(|d| char::from_u32(0xFF10_u32.saturating_add(d)))
                        .unwrap_or(c)
                })
                .collect(),
            AmountSpelling::TrailingNewline => format!("{digits}\n"),
        }
    }
}

/// Which amount of a payment an [`AmountSpelling`] is written into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AmountPlace {
    /// The requirements' amount (v2 `amount` of `paymentRequirements` and of the `accepted`
    /// echo, which a client copies verbatim; v1 `maxAmountRequired`). The client signs the
    /// canonical value.
    Required,
    /// The signed amount in the payload: EIP-3009 `authorization.value`, Permit2
    /// `permitted.amount`. The signature is over the number the spelling denotes.
    Signed,
}

/// One amount of a payment spelled non-canonically on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AmountRespelling {
    /// Which amount.
    pub place: AmountPlace,
    /// How it is spelled.
    pub spelling: AmountSpelling,
}

/// How a payment's requirements spell their EVM addresses (`payTo`, `asset`) on the wire. The
/// signed message holds 20-byte values, so every spelling names the same payment; a facilitator
/// compares addresses, not strings (docs/protocol/evm.md §4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum AddressSpelling {
    /// EIP-55 checksum (what the typed values serialize to).
    #[default]
    Checksum,
    /// `0x` and lowercase hex digits.
    Lower,
    /// `0x` and uppercase hex digits (EIP-55: unchecksummed, like lowercase; a mixed case that
    /// is not the checksum is not a valid address at all).
    Upper,
}

impl AddressSpelling {
    /// `address` in this spelling.
    #[must_use]
    pub fn spell(self, address: &Address) -> String {
        let checksum = address.to_checksum(None);
        match self {
            AddressSpelling::Checksum => checksum,
            AddressSpelling::Lower => checksum.to_ascii_lowercase(),
            AddressSpelling::Upper => {
                let hex = checksum.get(2..).unwrap_or_default().to_ascii_uppercase();
                format!("0x{hex}")
            }
        }
    }
}

/// When and against whom a variation is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    /// The verifier's clock (unix seconds) the payment is meant for.
    pub now: u64,
    /// How far the verifier's clock may differ from `now` (seconds): time defects keep a margin
    /// of 60 s plus this.
    pub skew: u64,
    /// The wrong recipient / token / spender / facilitator / verifying contract.
    pub stranger: Address,
    /// A second token the payer also holds, for [`Variation::WrongAsset`]: unlike `stranger`, a
    /// payment in it could really be settled.
    pub other_token: Address,
    /// The address of a key that holds no tokens and no Permit2 allowance, for
    /// [`Variation::UnfundedPayer`] (the caller signs with that key on [`Then::ResignAsUnfunded`]).
    pub unfunded: Address,
}

/// What the caller must do after [`Variation::apply`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Then {
    /// Nothing: the payment is final (unchanged, or the change is outside the signed message).
    Done,
    /// Re-sign the changed message with the payer's key.
    Resign,
    /// Re-sign the (unchanged) message with another key than the payer's.
    ResignAsImpostor,
    /// Re-sign the changed message with the key of [`At::unfunded`], now its `from`.
    ResignAsUnfunded,
}

/// Why a variation does not apply to a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotApplicable(pub &'static str);

impl fmt::Display for NotApplicable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for NotApplicable {}

/// One-field changes applied to a valid payment (each yields exactly one defect, or none for
/// the boundary cases that must stay valid).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Variation {
    /// No change: a valid payment.
    None,
    /// Signed by another key than `from`.
    WrongSigner,
    /// The valid signature's high-s twin (`s' = n − s`, parity flipped): recovers to the same
    /// address but is malleable and rejected on chain (EIP-2).
    HighS,
    /// Signed with a wrong EIP-712 domain `name`.
    DomainName,
    /// Signed with a wrong EIP-712 domain `version`.
    DomainVersion,
    /// Signed with a wrong EIP-712 domain `chainId`.
    DomainChainId,
    /// Signed with a wrong EIP-712 domain `verifyingContract`.
    DomainVerifyingContract,
    /// `to` / `witness.to` is not `payTo` (correctly signed).
    Recipient,
    /// Authorized amount one unit above the requirement (correctly signed).
    AmountOver,
    /// Authorized amount one unit below the requirement (correctly signed).
    AmountUnder,
    /// `validBefore` / `deadline` in the past (by more than the skew allowance).
    ValidBeforeExpired,
    /// `validBefore` / `deadline` = now + 3 s: not expired, but inside the 6 s settlement buffer.
    ValidBeforeInBuffer,
    /// `validBefore` / `deadline` = now + 6 s exactly: valid (the buffer's edge).
    ValidBeforeAtEdge,
    /// `validAfter` in the future (by more than the skew allowance).
    ValidAfterFuture,
    /// `validAfter` = now exactly: valid.
    ValidAfterNow,
    /// `accepted.network` (v1: `paymentPayload.network`) differs from the requirements'.
    NetworkMismatch,
    /// `accepted.scheme` differs from the requirements'.
    SchemeMismatch,
    /// The top-level `x402Version` (1) differs from `paymentPayload.x402Version` (2).
    VersionMismatch,
    /// Permit2 `spender` is not the x402 proxy (correctly signed).
    Permit2Spender,
    /// Permit2 `permitted.token` is not the asset (correctly signed).
    Permit2Token,
    /// `upto` `witness.facilitator` is not one of the facilitator's signers (correctly signed).
    UptoFacilitator,
    /// A correctly signed payment whose `x402Version` (payload and top level) is 3: a version
    /// that does not exist yet, which must be processed neither as v2 nor as v1.
    Version3,
    /// As [`Variation::Version3`], with `x402Version` 99.
    Version99,
    /// A payment consistently made for another token ([`At::other_token`]): `accepted.asset` is
    /// that token, and the signature is valid for it (EIP-3009: its EIP-712 `verifyingContract`;
    /// Permit2: `permitted.token`), while the requirements name the real asset.
    WrongAsset,
    /// Signed under the EIP-712 domain of Base mainnet (chain id 8453) instead of the
    /// requirements' chain: the token's domain (EIP-3009) or Permit2's (Permit2, upto).
    DomainChainBase,
    /// As [`Variation::DomainChainBase`], for Ethereum mainnet (chain id 1).
    DomainChainEthereum,
    /// The requirements (and `accepted`) spell `payTo` and `asset` in lowercase hex while the
    /// client signs the checksummed values: valid.
    LowercaseAddresses,
    /// As [`Variation::LowercaseAddresses`], in uppercase hex: valid.
    UppercaseAddresses,
    /// The signed amount (EIP-3009 `value`, Permit2 `permitted.amount`) is spelled this way in
    /// the payload; the signature is over the number it denotes, the required amount.
    SignedAmountSpelled(AmountSpelling),
    /// The requirements' amount (and its `accepted` echo; v1 `maxAmountRequired`) is spelled
    /// this way; the client signed the canonical value.
    RequiredAmountSpelled(AmountSpelling),
    /// A correctly signed payment from [`At::unfunded`], a payer that holds no tokens (and has
    /// granted Permit2 no allowance).
    UnfundedPayer,
}

impl Variation {
    /// Every variation, [`Variation::None`] first.
    pub const ALL: [Variation; 43] = [
        Variation::None,
        Variation::WrongSigner,
        Variation::HighS,
        Variation::DomainName,
        Variation::DomainVersion,
        Variation::DomainChainId,
        Variation::DomainVerifyingContract,
        Variation::Recipient,
        Variation::AmountOver,
        Variation::AmountUnder,
        Variation::ValidBeforeExpired,
        Variation::ValidBeforeInBuffer,
        Variation::ValidBeforeAtEdge,
        Variation::ValidAfterFuture,
        Variation::ValidAfterNow,
        Variation::NetworkMismatch,
        Variation::SchemeMismatch,
        Variation::VersionMismatch,
        Variation::Permit2Spender,
        Variation::Permit2Token,
        Variation::UptoFacilitator,
        Variation::Version3,
        Variation::Version99,
        Variation::WrongAsset,
        Variation::DomainChainBase,
        Variation::DomainChainEthereum,
        Variation::LowercaseAddresses,
        Variation::UppercaseAddresses,
        Variation::SignedAmountSpelled(AmountSpelling::Padded),
        Variation::SignedAmountSpelled(AmountSpelling::PlusSign),
        Variation::SignedAmountSpelled(AmountSpelling::Underscore),
        Variation::SignedAmountSpelled(AmountSpelling::LeadingZero),
        Variation::SignedAmountSpelled(AmountSpelling::Exponent),
        Variation::SignedAmountSpelled(AmountSpelling::FullwidthDigits),
        Variation::SignedAmountSpelled(AmountSpelling::TrailingNewline),
        Variation::RequiredAmountSpelled(AmountSpelling::Padded),
        Variation::RequiredAmountSpelled(AmountSpelling::PlusSign),
        Variation::RequiredAmountSpelled(AmountSpelling::Underscore),
        Variation::RequiredAmountSpelled(AmountSpelling::LeadingZero),
        Variation::RequiredAmountSpelled(AmountSpelling::Exponent),
        Variation::RequiredAmountSpelled(AmountSpelling::FullwidthDigits),
        Variation::RequiredAmountSpelled(AmountSpelling::TrailingNewline),
        Variation::UnfundedPayer,
    ];

    /// The variation's segment of the conformance case ids
    /// (`facilitator/verify/<mechanism slug>/<id>/…`). Permit2 names its time bound `deadline`.
    #[must_use]
    pub const fn id(self, mechanism: VersionedMechanism) -> &'static str {
        let permit2 = mechanism.is_permit2();
        match self {
            Variation::None => "valid",
            Variation::WrongSigner => "wrong-signer",
            Variation::HighS => "high-s",
            Variation::DomainName => "domain-name",
            Variation::DomainVersion => "domain-version",
            Variation::DomainChainId => "domain-chain-id",
            Variation::DomainVerifyingContract => "domain-verifying-contract",
            Variation::Recipient => "recipient",
            Variation::AmountOver => "amount-over",
            Variation::AmountUnder => "amount-under",
            Variation::ValidBeforeExpired if permit2 => "deadline-expired",
            Variation::ValidBeforeExpired => "valid-before-expired",
            Variation::ValidBeforeInBuffer if permit2 => "deadline-in-buffer",
            Variation::ValidBeforeInBuffer => "valid-before-in-buffer",
            Variation::ValidBeforeAtEdge if permit2 => "deadline-at-buffer-edge",
            Variation::ValidBeforeAtEdge => "valid-before-at-buffer-edge",
            Variation::ValidAfterFuture => "valid-after-future",
            Variation::ValidAfterNow => "valid-after-now",
            Variation::NetworkMismatch => "network-mismatch",
            Variation::SchemeMismatch => "scheme-mismatch",
            Variation::VersionMismatch => "version-mismatch",
            Variation::Permit2Spender => "spender",
            Variation::Permit2Token => "token",
            Variation::UptoFacilitator => "facilitator",
            Variation::Version3 => "version-3",
            Variation::Version99 => "version-99",
            Variation::WrongAsset => "wrong-asset",
            Variation::DomainChainBase => "domain-chain-id-8453",
            Variation::DomainChainEthereum => "domain-chain-id-1",
            Variation::LowercaseAddresses => "lowercase-addresses",
            Variation::UppercaseAddresses => "uppercase-addresses",
            Variation::SignedAmountSpelled(s) => match s {
                AmountSpelling::Padded => "signed-amount-padded",
                AmountSpelling::PlusSign => "signed-amount-plus-sign",
                AmountSpelling::Underscore => "signed-amount-underscore",
                AmountSpelling::LeadingZero => "signed-amount-leading-zero",
                AmountSpelling::Exponent => "signed-amount-exponent",
                AmountSpelling::FullwidthDigits => "signed-amount-fullwidth-digits",
                AmountSpelling::TrailingNewline => "signed-amount-trailing-newline",
            },
            Variation::RequiredAmountSpelled(s) => match s {
                AmountSpelling::Padded => "required-amount-padded",
                AmountSpelling::PlusSign => "required-amount-plus-sign",
                AmountSpelling::Underscore => "required-amount-underscore",
                AmountSpelling::LeadingZero => "required-amount-leading-zero",
                AmountSpelling::Exponent => "required-amount-exponent",
                AmountSpelling::FullwidthDigits => "required-amount-fullwidth-digits",
                AmountSpelling::TrailingNewline => "required-amount-trailing-newline",
            },
            Variation::UnfundedPayer => "unfunded-payer",
        }
    }

    /// The golden vector of this defect for `mechanism`, as the segment after
    /// [`VersionedMechanism::vector_prefix`] (`verify/exact-eip3009/high-s-signature`), when the corpus
    /// has one. The corpus builds some defects differently (another wrong domain, `now` moved
    /// instead of `validBefore`), but each is this one defect, refused by [`Variation::check`].
    #[must_use]
    pub const fn vector_id(self, mechanism: VersionedMechanism) -> Option<&'static str> {
        use VersionedMechanism::{V1Eip3009 as V1, V2Eip3009 as E, V2Permit2 as P, V2Upto as U};
        Some(match (self, mechanism) {
            (Variation::None, _) => "valid",
            (Variation::WrongSigner, E | P | U) => "signed-by-other-key",
            (Variation::HighS, E | P) => "high-s-signature",
            (Variation::DomainName, E) => "wrong-domain-name",
            (Variation::DomainVersion, E) => "wrong-domain-version",
            (Variation::DomainChainId, E) => "wrong-domain-chain-id",
            (Variation::DomainVerifyingContract, E) => "wrong-domain-verifying-contract",
            (Variation::Recipient, E | P) => "recipient-mismatch",
            (Variation::AmountOver, E | V1) => "overpayment",
            (Variation::AmountUnder, E) => "value-mismatch",
            (Variation::AmountUnder, V1) => "underpayment",
            (Variation::ValidBeforeExpired, _) => "expired",
            (Variation::ValidBeforeInBuffer, E) => "valid-before-inside-buffer",
            (Variation::ValidBeforeInBuffer, P) => "deadline-inside-buffer",
            (Variation::ValidBeforeAtEdge, E) => "valid-before-at-buffer-edge",
            (Variation::ValidBeforeAtEdge, P) => "deadline-at-buffer-edge",
            (Variation::ValidAfterFuture, E) => "valid-after-in-future",
            (Variation::ValidAfterFuture, P | U | V1) => "not-yet-valid",
            (Variation::ValidAfterNow, E | P) => "valid-after-equals-now",
            (Variation::NetworkMismatch, _) => "network-mismatch",
            (Variation::SchemeMismatch, E | P | U) => "scheme-mismatch",
            (Variation::SchemeMismatch, V1) => "payload-scheme-mismatch",
            (Variation::Permit2Spender, P) => "spender-arbitrary",
            (Variation::Permit2Token, P) => "token-mismatch",
            (Variation::UptoFacilitator, U) => "facilitator-not-ours",
            _ => return None,
        })
    }

    /// Whether the payment stays valid ([`Variation::None`] and the boundary variations).
    #[must_use]
    pub const fn is_valid(self) -> bool {
        matches!(
            self,
            Variation::None
                | Variation::ValidBeforeAtEdge
                | Variation::ValidAfterNow
                | Variation::LowercaseAddresses
                | Variation::UppercaseAddresses
        )
    }

    /// The rule of [`x402_spec::verify`] that refuses this variation of a `mechanism` payment;
    /// `None` for the variations that stay valid, for [`Variation::VersionMismatch`],
    /// [`Variation::Version3`] and [`Variation::Version99`] (refused before any rule, with
    /// `invalid_x402_version`), for [`Variation::RequiredAmountSpelled`] (the requirements do not
    /// parse: `invalid_payment_requirements`), for [`Variation::UnfundedPayer`] (refused by an
    /// on-chain check, the balance, not by a rule) and where the variation does not apply.
    #[must_use]
    pub fn check(self, mechanism: VersionedMechanism) -> Option<Check> {
        use VersionedMechanism::{V1Eip3009 as V1, V2Eip3009 as E, V2Permit2 as P, V2Upto as U};
        let e = |c| Some(Check::Eip3009(c));
        let p = |c| Some(Check::Permit2(c));
        match (self, mechanism) {
            (Variation::WrongSigner, E | V1) => e(Eip3009Check::Signature),
            (Variation::WrongSigner, P | U) => p(Permit2Check::Signature),
            (Variation::HighS, E | V1) => e(Eip3009Check::SignatureMalleable),
            (Variation::HighS, P | U) => p(Permit2Check::SignatureMalleable),
            (
                Variation::DomainName
                | Variation::DomainVersion
                | Variation::DomainChainId
                | Variation::DomainVerifyingContract,
                E | V1,
            ) => e(Eip3009Check::Signature),
            (Variation::Recipient, E | V1) => e(Eip3009Check::Recipient),
            (Variation::Recipient, P | U) => p(Permit2Check::Recipient),
            (Variation::AmountOver | Variation::AmountUnder, E | V1) => e(Eip3009Check::Value),
            (Variation::AmountOver | Variation::AmountUnder, P) => p(Permit2Check::Amount),
            (Variation::ValidBeforeExpired | Variation::ValidBeforeInBuffer, E | V1) => {
                e(Eip3009Check::ValidBefore)
            }
            (Variation::ValidBeforeExpired | Variation::ValidBeforeInBuffer, P | U) => {
                p(Permit2Check::Deadline)
            }
            (Variation::ValidAfterFuture, E | V1) => e(Eip3009Check::ValidAfter),
            (Variation::ValidAfterFuture, P | U) => p(Permit2Check::ValidAfter),
            (Variation::NetworkMismatch, E | V1) => e(Eip3009Check::Network),
            (Variation::NetworkMismatch, P) => p(Permit2Check::Network),
            (Variation::NetworkMismatch, U) => Some(Check::Upto(UptoCheck::Network)),
            (Variation::SchemeMismatch, E | V1) => e(Eip3009Check::Scheme),
            (Variation::SchemeMismatch, P) => p(Permit2Check::Scheme),
            (Variation::SchemeMismatch, U) => Some(Check::Upto(UptoCheck::Scheme)),
            (Variation::Permit2Spender, P | U) => p(Permit2Check::Spender),
            (Variation::Permit2Token, P | U) => p(Permit2Check::Token),
            (Variation::UptoFacilitator, U) => Some(Check::Upto(UptoCheck::Facilitator)),
            (Variation::DomainChainBase | Variation::DomainChainEthereum, E | V1) => {
                e(Eip3009Check::Signature)
            }
            (Variation::DomainChainBase | Variation::DomainChainEthereum, P | U) => {
                p(Permit2Check::Signature)
            }
            (Variation::WrongAsset, E | P | U) => {
                Some(Check::Common(CommonCheck::AcceptedMismatch))
            }
            (Variation::SignedAmountSpelled(_), E | V1) => e(Eip3009Check::Format),
            (Variation::SignedAmountSpelled(_), P) => p(Permit2Check::Format),
            (Variation::SignedAmountSpelled(_), U) => Some(Check::Upto(UptoCheck::Format)),
            _ => None,
        }
    }

    /// Makes the change on `subject`, for a verifier whose clock reads `at.now` (± `at.skew`).
    /// Says whether the caller must re-sign ([`Then`]); the signature itself is changed here
    /// only by [`Variation::HighS`].
    ///
    /// # Errors
    /// [`NotApplicable`] when the variation does not apply to the payment (a domain change on a
    /// Permit2 payment, a Permit2 change on EIP-3009, a version mismatch on v1, …).
    pub fn apply(self, subject: Subject<'_>, at: At) -> Result<Then, NotApplicable> {
        let Subject {
            signed,
            envelope,
            token_domain,
            permit2_domain,
            top_version,
            spelling,
            payload_version,
            amount_spelling,
        } = subject;
        let margin = 60u64.saturating_add(at.skew);
        let now = at.now;
        let stranger = EvmAddress::new(at.stranger);
        match self {
            Variation::None => return Ok(Then::Done),
            Variation::WrongSigner => return Ok(Then::ResignAsImpostor),
            Variation::HighS => {
                let twin = high_s_twin(signed.signature_mut().as_slice()).ok_or(NotApplicable(
                    "the signature is not a 65-byte r‖s‖v signature",
                ))?;
                *signed.signature_mut() = HexBytes(twin.to_vec().into());
                return Ok(Then::Done);
            }
            Variation::DomainName
            | Variation::DomainVersion
            | Variation::DomainChainId
            | Variation::DomainVerifyingContract => {
                let Some(d) = token_domain else {
                    return Err(NotApplicable(
                        "it is not signed with a token EIP-712 domain",
                    ));
                };
                if !matches!(signed, Signed::Eip3009(_)) {
                    return Err(NotApplicable("only EIP-3009 uses the token's domain"));
                }
                match self {
                    Variation::DomainName => d.name = format!("{} (wrong)", d.name),
                    Variation::DomainVersion => d.version = "99".to_owned(),
                    Variation::DomainChainId => {
                        d.chain_id = d.chain_id.checked_add(1).unwrap_or(1);
                    }
                    _ => d.verifying_contract = at.stranger,
                }
            }
            Variation::Recipient => signed.set_recipient(stranger),
            Variation::AmountOver => {
                let a = signed.authorized().saturating_add(U256::from(1u8));
                signed.set_amount(a);
            }
            Variation::AmountUnder => {
                let a = signed.authorized().saturating_sub(U256::from(1u8));
                signed.set_amount(a);
            }
            Variation::ValidBeforeExpired => signed.set_valid_before(now.saturating_sub(margin)),
            Variation::ValidBeforeInBuffer => {
                signed.set_valid_before(now.saturating_add(TIME_BUFFER_SECS / 2));
            }
            Variation::ValidBeforeAtEdge => {
                signed.set_valid_before(now.saturating_add(TIME_BUFFER_SECS));
            }
            Variation::ValidAfterFuture => signed.set_valid_after(now.saturating_add(margin)),
            Variation::ValidAfterNow => signed.set_valid_after(now),
            Variation::NetworkMismatch => {
                match envelope {
                    Envelope::V2 { accepted, .. } => {
                        let other = if accepted.network.evm_chain_id() == Some(1) {
                            8453
                        } else {
                            1
                        };
                        accepted.network = Network::eip155(other);
                    }
                    Envelope::V1 { network, .. } => {
                        let other = if network.as_str() == "base" {
                            "base-sepolia"
                        } else {
                            "base"
                        };
                        *network = V1Network::parse(other)
                            .map_err(|_| NotApplicable("no other v1 network"))?;
                    }
                }
                return Ok(Then::Done);
            }
            Variation::SchemeMismatch => {
                match envelope {
                    Envelope::V2 { accepted, .. } => {
                        accepted.scheme = if accepted.scheme == Scheme::UPTO {
                            Scheme::EXACT
                        } else {
                            Scheme::UPTO
                        };
                    }
                    Envelope::V1 { scheme, .. } => *scheme = Scheme::UPTO,
                }
                return Ok(Then::Done);
            }
            Variation::VersionMismatch => {
                if !matches!(envelope, Envelope::V2 { .. }) {
                    return Err(NotApplicable("it is a v1 payment"));
                }
                *top_version = 1;
                return Ok(Then::Done);
            }
            Variation::Version3 | Variation::Version99 => {
                let v = if self == Variation::Version3 { 3 } else { 99 };
                *top_version = v;
                *payload_version = v;
                // x402Version is outside the EIP-712 message: the signature stays valid.
                return Ok(Then::Done);
            }
            Variation::Permit2Spender | Variation::Permit2Token => {
                let (spender, token) = match signed {
                    Signed::Permit2(p) => (
                        &mut p.permit2_authorization.spender,
                        &mut p.permit2_authorization.permitted.token,
                    ),
                    Signed::Upto(p) => (
                        &mut p.permit2_authorization.spender,
                        &mut p.permit2_authorization.permitted.token,
                    ),
                    Signed::Eip3009(_) => return Err(NotApplicable("it is not a Permit2 payment")),
                };
                if self == Variation::Permit2Spender {
                    *spender = stranger;
                } else {
                    *token = stranger;
                }
            }
            Variation::LowercaseAddresses => {
                *spelling = AddressSpelling::Lower;
                return Ok(Then::Done);
            }
            Variation::UppercaseAddresses => {
                *spelling = AddressSpelling::Upper;
                return Ok(Then::Done);
            }
            Variation::DomainChainBase | Variation::DomainChainEthereum => {
                let chain: u64 = if self == Variation::DomainChainBase {
                    8453
                } else {
                    1
                };
                let domain_chain = match signed {
                    Signed::Eip3009(_) => token_domain.map(|d| &mut d.chain_id),
                    Signed::Permit2(_) | Signed::Upto(_) => permit2_domain.map(|d| &mut d.chain_id),
                };
                let Some(c) = domain_chain else {
                    return Err(NotApplicable("no EIP-712 domain to sign with"));
                };
                if *c == chain {
                    return Err(NotApplicable(
                        "the requirements are on that chain already (use another network)",
                    ));
                }
                *c = chain;
            }
            Variation::WrongAsset => {
                let Envelope::V2 { accepted, .. } = envelope else {
                    return Err(NotApplicable(
                        "a v1 payment echoes no asset (the requirements alone name it)",
                    ));
                };
                let token = EvmAddress::new(at.other_token);
                accepted.asset = x402_spec::primitives::Address::Evm(token);
                match signed {
                    Signed::Eip3009(_) => {
                        let Some(d) = token_domain else {
                            return Err(NotApplicable(
                                "it is not signed with a token EIP-712 domain",
                            ));
                        };
                        d.verifying_contract = at.other_token;
                    }
                    Signed::Permit2(p) => p.permit2_authorization.permitted.token = token,
                    Signed::Upto(p) => p.permit2_authorization.permitted.token = token,
                }
            }
            Variation::SignedAmountSpelled(s) | Variation::RequiredAmountSpelled(s) => {
                let place = if matches!(self, Variation::SignedAmountSpelled(_)) {
                    AmountPlace::Signed
                } else {
                    AmountPlace::Required
                };
                *amount_spelling = Some(AmountRespelling { place, spelling: s });
                // Only the wire text changes: the signed number is the required amount.
                return Ok(Then::Done);
            }
            Variation::UnfundedPayer => {
                if signed.from().get() == at.unfunded {
                    return Err(NotApplicable("the payer is the unfunded account already"));
                }
                signed.set_from(EvmAddress::new(at.unfunded));
                return Ok(Then::ResignAsUnfunded);
            }
            Variation::UptoFacilitator => match signed {
                Signed::Upto(p) => p.permit2_authorization.witness.facilitator = stranger,
                _ => return Err(NotApplicable("it is not an upto payment")),
            },
        }
        Ok(Then::Resign)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn spellings_name_the_same_address() {
        let a = Address::repeat_byte(0xab);
        let lower = AddressSpelling::Lower.spell(&a);
        let upper = AddressSpelling::Upper.spell(&a);
        assert_eq!(lower, format!("0x{}", "ab".repeat(20)));
        assert_eq!(upper, format!("0x{}", "AB".repeat(20)));
        for s in [lower, upper, AddressSpelling::Checksum.spell(&a)] {
            assert_eq!(EvmAddress::parse(&s).unwrap().get(), a, "{s}");
        }
    }

    #[test]
    fn amount_spellings_denote_the_amount_and_are_refused() {
        let v = U256::from(1000u64);
        let want = [
            " 1000 ",
            "+1000",
            "1_000",
            "01000",
            "1e3",
            "１０００",
            "1000\n",
        ];
        for (s, w) in AmountSpelling::ALL.into_iter().zip(want) {
            let got = s.spell(v);
            assert_eq!(got, w, "{s:?}");
            assert!(DecimalU256::parse(&got).is_err(), "{s:?} {got:?}");
        }
        assert_eq!(
            AmountSpelling::Exponent.spell(U256::from(1234u64)),
            "1234e0"
        );
        assert_eq!(AmountSpelling::Exponent.spell(U256::ZERO), "0e0");
        assert_eq!(AmountSpelling::Underscore.spell(U256::from(7u64)), "0_7");
    }

    #[test]
    fn ids_are_unique_per_mechanism() {
        for m in VersionedMechanism::ALL {
            let mut ids: Vec<&str> = Variation::ALL.iter().map(|v| v.id(m)).collect();
            ids.sort_unstable();
            let n = ids.len();
            ids.dedup();
            assert_eq!(ids.len(), n, "{m:?}");
            let mut vids: Vec<&str> = Variation::ALL
                .iter()
                .filter_map(|v| v.vector_id(m))
                .collect();
            vids.sort_unstable();
            let n = vids.len();
            vids.dedup();
            assert_eq!(vids.len(), n, "{m:?}");
        }
    }

    #[test]
    fn valid_variations_have_no_check_and_defects_have_one_where_they_apply() {
        for m in VersionedMechanism::ALL {
            for v in Variation::ALL {
                if v.is_valid()
                    || matches!(
                        v,
                        Variation::VersionMismatch | Variation::Version3 | Variation::Version99
                    )
                {
                    assert_eq!(v.check(m), None, "{v:?} {m:?}");
                }
            }
            assert!(Variation::Recipient.check(m).is_some(), "{m:?}");
        }
    }
}
