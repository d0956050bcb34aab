//! EVM cryptography for the x402 `exact` and `upto` schemes: pure functions over alloy types.
//!
//! Nothing here performs I/O, reads a clock or draws randomness; the wire layer converts its
//! JSON types into the alloy types used here (`Address`, `U256`, `B256`, `Bytes`).
//!
//! * [`constants`] — canonical addresses (Permit2, the two x402 proxies, Multicall3), the
//!   ERC-6492 / ERC-1271 markers, time tolerances, gas numbers, every EIP-712 type string and
//!   type hash (docs/protocol/evm.md §4.1–§4.5).
//! * [`eip712`] — domain separators, struct hashes, witness hashes and signing digests for
//!   EIP-3009 `TransferWithAuthorization`, Permit2 `PermitWitnessTransferFrom` (exact and upto
//!   witnesses) and EIP-2612 `Permit`, as [`TypedDataHashes`].
//! * [`signature`] — classification of signature bytes into EOA / ERC-6492 / smart wallet
//!   ([`classify_signature`]), strict ECDSA parsing (low-s only, no silent normalisation,
//!   EIP-2098 policy documented there) and signer recovery ([`recover_signer`]) with a
//!   selectable k256 / libsecp256k1 backend.
//! * [`calls`] — [`EthCall`] builders and result decoders for what the verifier owes the chain
//!   (balances, allowances, nonces, `authorizationState`, ERC-1271, simulations through
//!   Multicall3) and for settlement (`transferWithAuthorization` overloads, proxy `settle` /
//!   `settleWithPermit`); code-at is `eth_getCode`, not a call.
//! * [`tx`] — strict parsing of signed EIP-1559 transactions ([`parse_signed_eip1559`]) and
//!   `approve` calldata decoding, for the `erc20ApprovalGasSponsoring` extension.
//! * [`batch_settlement`] — the `batch-settlement` scheme: its wire forms, EIP-712 messages,
//!   contract calls and verification, in one folder.
//! * `sign` (feature `signer`) — `LocalSigner`: RFC 6979, low-s, `v ∈ {27, 28}` signatures of
//!   32-byte digests, key redacted from `Debug`.
//!
//! A typical facilitator check of an EIP-3009 payload: build an [`Eip3009Authorization`] and a
//! [`TokenDomain`], compute `hashes(..).digest`, [`classify_signature`] the payload signature,
//! and for [`ClassifiedSignature::Eoa`] compare [`recover_signer`] with `from`; otherwise (or
//! in addition) simulate [`calls::transfer_with_authorization`] — wrapped in
//! [`calls::erc6492_deploy_and_call`] when [`ClassifiedSignature::deployment`] is `Some`.

pub mod batch_settlement;
pub mod calls;
pub mod constants;
pub mod eip712;
#[cfg(feature = "signer")]
pub mod sign;
pub mod signature;
pub mod tx;

#[cfg(test)]
mod test_vectors;

pub use calls::{
    ApproveCalldataError, CallDecodeError, CallOutcome, Eip2612PermitArgs, EthCall,
    decode_approve_calldata,
};
pub use eip712::{
    Eip2612Domain, Eip2612Permit, Eip3009Authorization, Eip3009Domain, ExactPermit2Authorization,
    Permit2Domain, TokenDomain, TypedDataHashes, UptoPermit2Authorization, eip712_digest,
};
#[cfg(feature = "signer")]
pub use sign::{LocalSigner, SignerError};
pub use signature::{
    ClassifiedSignature, CompactSignaturePolicy, EcdsaSignature, RecoveryBackend, Scalar,
    SignatureError, SignatureForm, classify_signature, classify_signature_with, encode_erc6492,
    is_erc6492, recover_signer, recover_signer_with,
};
pub use tx::{AccessListItem, SignedEip1559, TxError, UnsignedEip1559, parse_signed_eip1559};
