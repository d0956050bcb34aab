//! # x402-spec
//!
//! The sans-IO specification crate for [x402](https://github.com/coinbase/x402), the protocol
//! that turns HTTP 402 "Payment Required" into machine payments: exact types for protocol v1
//! and v2, strict codecs, the error-code vocabulary of the spec and the three reference SDKs,
//! EIP-712 typed data, and verification as pure functions. No async runtime, no HTTP, no clock
//! reads, no randomness: time, chain state and nonces are inputs; what only the chain can answer
//! comes back as typed, ABI-encoded [`verify::evm::OnchainCheck`]s.
//!
//! ```
//! use x402_spec::header::{self, DecodeOptions};
//! use x402_spec::schemes::ExactEvmPayload;
//!
//! // A PAYMENT-SIGNATURE header as a client sends it (docs/protocol/evm.md §4.9 EIP-3009 payment).
//! # let json = r#"{"x402Version":2,"accepted":{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}},"payload":{"signature":"0xdc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b","authorization":{"from":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"10000","validAfter":"1740672089","validBefore":"1740672154","nonce":"0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480"}}}"#;
//! # let value = header::encode_bytes(json.as_bytes());
//! let payment = header::decode_payment_payload(&value, DecodeOptions::strict())?;
//! let evm = ExactEvmPayload::from_payload(payment.payload())?;
//! println!("x402Version {}, payer {}", payment.version(), evm.payer());
//! assert_eq!(evm.payer().to_string(), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
//! # Ok::<(), x402_spec::error::ParseError>(())
//! ```
//!
//! A malformed document is refused with the JSON Pointer of the offending field and the code a
//! facilitator would answer with:
//!
//! ```
//! let err = x402_spec::v2::PaymentRequirements::from_json(
//!     br#"{"scheme":"exact","network":"eip155:","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60}"#,
//! ).unwrap_err();
//! assert_eq!(err.pointer(), "/network");
//! assert_eq!(err.code().as_str(), "invalid_payment_requirements");
//! ```
//!
//! ## Map
//!
//! | module | what |
//! |---|---|
//! | [`v1`], [`v2`], [`PaymentPayload`], [`PaymentRequired`] | wire types of both versions; version-agnostic parsing |
//! | [`facilitator`] | `/verify`, `/settle`, `/supported`, discovery bodies |
//! | [`header`] | base64 header codec (strict by default, lenient opt-in, size limit) |
//! | [`transport`] | where a 402 carries its `PaymentRequired` (v2 header, v1 body) |
//! | [`offer`] | offer lint: what makes an offered requirement unpayable |
//! | [`primitives`], [`common`], [`assets`] | decimal uint256, timestamps, EIP-55 / Solana addresses, CAIP-2, v1 names, known assets |
//! | [`schemes`], [`extra`], [`extensions`], [`mcp`] | typed views over `payload`, `extra`, `extensions`; the MCP transport |
//! | [`codes`] | every reason code of the spec and the SDKs, canonical spellings and aliases |
//! | [`evm`] | EIP-712 hashes, signature classification and recovery, ABI calls, EIP-1559 parsing |
//! | [`svm`] | Solana transactions (legacy and v0), associated token accounts, the `exact` instruction layouts, the client signer (feature `signer`) |
//! | [`verify`] | sans-IO verification, on-chain obligations, requirement matching |
//! | `client` (feature `signer`) | building signed payloads as the reference clients do |
//! | [`schema`] | JSON Schemas (2020-12) generated from these types |
//!
//! ## Features
//!
//! | feature | default | effect |
//! |---|---|---|
//! | `secp256k1` | yes | recover signatures with libsecp256k1 (C); without it, k256 (pure Rust) |
//! | `signer` | no | [`evm::LocalSigner`] and the `client` module (k256 signing, RFC 6979) |
//!
//! Decisions where the spec and the SDKs disagree are listed in `docs/decisions.md`; each type's
//! documentation says which it follows and why.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// The README's example, compiled and run as a doctest (the repository README shows the same
/// block; `crates/x402-spec-cli/tests/readme.rs` keeps the two equal).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub mod assets;
#[cfg(feature = "signer")]
pub mod client;
pub mod codes;
pub mod common;
pub mod error;
pub mod evm;
pub mod extensions;
pub mod extra;
pub mod facilitator;
pub mod flow;
pub mod header;
pub mod mcp;
mod memo;
pub mod offer;
pub mod primitives;
pub mod schema;
pub mod schemes;
pub mod service;
pub mod svm;
pub mod transport;
pub mod v1;
pub mod v2;
pub mod verify;
mod versioned;
pub mod wire;

pub use versioned::{PaymentPayload, PaymentRequired, detect_version};
