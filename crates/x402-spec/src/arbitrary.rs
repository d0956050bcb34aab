//! [proptest](mod@proptest) strategies for every x402 wire type (cargo feature `arbitrary`).
//!
//! Every strategy yields **valid** values: serializing one and parsing it back with the type's own
//! parser (`from_json`, `from_payload`, `from_extra`, `Extensions::get`, serde) succeeds and gives
//! an equal value. Edge cases get real weight rather than being left to chance: amounts `0`, `1`
//! and 2^256 − 1, `u64::MAX` timestamps and timeouts, the zero and all-`ff` addresses, Solana keys
//! with leading zero bytes (short base58), non-canonical CAIP-2 references such as `eip155:01`,
//! empty `extra` objects, absent optionals, and unknown fields whose keys need JSON Pointer
//! escaping (`""`, `"/"`, `"~"`).
//!
//! Besides the per-type strategies the module offers three document-level helpers used by the
//! round-trip and no-panic suites and by the conformance fuzzer:
//!
//! - [`json_text`] renders a JSON value as valid but non-canonical text (random white space, key
//!   order and `\u` escapes), for testing that [`Echoed`] re-emits what it received;
//! - [`evm_address_text`] spells an address in lowercase, uppercase or EIP-55;
//! - [`json_mutation`] applies one random structural mutation to a document (delete a key, change a
//!   value's JSON type, turn a number into a float or a string, truncate a string, set `null`).
//!
//! Floats generated inside arbitrary JSON have at most 13 significant digits and a small decimal
//! exponent so that they survive a text round trip exactly with `serde_json`'s default
//! (non-`float_roundtrip`) number parser.

use std::fmt::Debug;

use alloy_primitives::{B256, U256};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use crate::assets::AssetTransferMethod;
use crate::common::{
    AnyNetwork, Hex32, HexBytes, Scheme, TimeoutSeconds, Token, V1Network, X402Version,
};
use crate::extensions::{
    BAZAAR, Bazaar, BazaarInfo, BazaarInput, BazaarOutput, EIP2612_GAS_SPONSORING,
    ERC20_APPROVAL_GAS_SPONSORING, Eip2612GasSponsoring, Eip2612GasSponsoringInfo,
    Erc20ApprovalGasSponsoring, Erc20ApprovalGasSponsoringInfo, ExtensionVersion, HttpInput,
    McpInput, PAYMENT_IDENTIFIER, PaymentId, PaymentIdentifier, PaymentIdentifierInfo,
    RouteTemplate,
};
use crate::extra::{EvmExtra, Memo, SvmExtra};
use crate::facilitator::{
    DiscoveryItem, DiscoveryResponse, FacilitatorRequest, LastUpdated, Pagination, Reason,
    RequestV1, RequestV2, SettleResponse, Signers, SupportedKind, SupportedResponse,
    VerifyResponse,
};
use crate::primitives::{
    Address, Amount, DecimalU256, EvmAddress, Network, NetworkPattern, SolanaAddress,
    UnixTimestamp, V1_NETWORKS,
};
use crate::schemes::{
    Base64Blob, Eip3009Authorization, ExactEip3009Payload, ExactPermit2Authorization,
    ExactPermit2Payload, ExactSvmPayload, ExactWitness, TokenPermissions, UptoPermit2Authorization,
    UptoPermit2Payload, UptoWitness,
};
use crate::v2::{ExtensionEnvelope, Extensions, NonEmpty, ResourceInfo};
use crate::wire::{Echoed, JsonObject, UnknownFields};
use crate::{v1, v2};

// ---------------------------------------------------------------------------------------------
// Known keys of every wire object (unknown fields must not collide with them: the serializer
// skips an unknown key that shadows a known one, so such a value could not round-trip).

/// Known keys of [`v2::PaymentRequirements`].
pub const V2_REQUIREMENTS_KEYS: &[&str] = &[
    "scheme",
    "network",
    "amount",
    "asset",
    "payTo",
    "maxTimeoutSeconds",
    "extra",
];
/// Known keys of [`ResourceInfo`].
pub const RESOURCE_INFO_KEYS: &[&str] = &["url", "description", "mimeType"];
/// Known keys of [`v2::PaymentRequired`].
pub const V2_PAYMENT_REQUIRED_KEYS: &[&str] =
    &["x402Version", "error", "resource", "accepts", "extensions"];
/// Known keys of [`v2::PaymentPayload`].
pub const V2_PAYMENT_PAYLOAD_KEYS: &[&str] = &[
    "x402Version",
    "resource",
    "accepted",
    "payload",
    "extensions",
];
/// Known keys of [`ExtensionEnvelope`] and of the typed extension envelopes.
pub const ENVELOPE_KEYS: &[&str] = &["info", "schema"];
/// Known keys of [`v1::PaymentRequirements`].
pub const V1_REQUIREMENTS_KEYS: &[&str] = &[
    "scheme",
    "network",
    "maxAmountRequired",
    "resource",
    "description",
    "mimeType",
    "outputSchema",
    "payTo",
    "maxTimeoutSeconds",
    "asset",
    "extra",
];
/// Known keys of [`v1::PaymentRequired`].
pub const V1_PAYMENT_REQUIRED_KEYS: &[&str] = &["x402Version", "error", "accepts"];
/// Known keys of [`v1::PaymentPayload`].
pub const V1_PAYMENT_PAYLOAD_KEYS: &[&str] = &["x402Version", "scheme", "network", "payload"];
/// Known keys of [`Eip3009Authorization`].
pub const EIP3009_AUTHORIZATION_KEYS: &[&str] =
    &["from", "to", "value", "validAfter", "validBefore", "nonce"];
/// Known keys of [`ExactEip3009Payload`].
pub const EIP3009_PAYLOAD_KEYS: &[&str] = &["signature", "authorization"];
/// Known keys of [`TokenPermissions`].
pub const TOKEN_PERMISSIONS_KEYS: &[&str] = &["token", "amount"];
/// Known keys of [`ExactWitness`].
pub const EXACT_WITNESS_KEYS: &[&str] = &["to", "validAfter"];
/// Known keys of [`UptoWitness`].
pub const UPTO_WITNESS_KEYS: &[&str] = &["to", "facilitator", "validAfter"];
/// Known keys of [`ExactPermit2Authorization`] and [`UptoPermit2Authorization`].
pub const PERMIT2_AUTHORIZATION_KEYS: &[&str] = &[
    "from",
    "permitted",
    "spender",
    "nonce",
    "deadline",
    "witness",
];
/// Known keys of [`ExactPermit2Payload`] and [`UptoPermit2Payload`].
pub const PERMIT2_PAYLOAD_KEYS: &[&str] = &["signature", "permit2Authorization"];
/// Known keys of [`ExactSvmPayload`].
pub const SVM_PAYLOAD_KEYS: &[&str] = &["transaction"];
/// Known keys of [`EvmExtra`].
pub const EVM_EXTRA_KEYS: &[&str] = &[
    "name",
    "version",
    "assetTransferMethod",
    "facilitatorAddress",
];
/// Known keys of [`SvmExtra`].
pub const SVM_EXTRA_KEYS: &[&str] = &["feePayer", "memo"];
/// Known keys of [`PaymentIdentifierInfo`].
pub const PAYMENT_IDENTIFIER_INFO_KEYS: &[&str] = &["required", "id"];
/// Known keys of [`Bazaar`].
pub const BAZAAR_KEYS: &[&str] = &["info", "schema", "routeTemplate"];
/// Known keys of [`BazaarInfo`].
pub const BAZAAR_INFO_KEYS: &[&str] = &["input", "output"];
/// Known keys of [`HttpInput`], plus the `type` discriminator of [`BazaarInput`].
pub const HTTP_INPUT_KEYS: &[&str] = &[
    "type",
    "method",
    "queryParams",
    "pathParams",
    "headers",
    "bodyType",
    "body",
];
/// Known keys of [`McpInput`], plus the `type` discriminator of [`BazaarInput`].
pub const MCP_INPUT_KEYS: &[&str] = &[
    "type",
    "tool",
    "toolName",
    "description",
    "transport",
    "inputSchema",
    "example",
];
/// Known keys of [`BazaarOutput`].
pub const BAZAAR_OUTPUT_KEYS: &[&str] = &["type", "format", "example"];
/// Known keys of [`Eip2612GasSponsoringInfo`].
pub const EIP2612_INFO_KEYS: &[&str] = &[
    "from",
    "asset",
    "spender",
    "amount",
    "nonce",
    "deadline",
    "signature",
    "version",
];
/// Known keys of [`Erc20ApprovalGasSponsoringInfo`].
pub const ERC20_APPROVAL_INFO_KEYS: &[&str] = &[
    "from",
    "asset",
    "spender",
    "amount",
    "signedTransaction",
    "version",
];

// ---------------------------------------------------------------------------------------------
// Primitives

/// A [`DecimalU256`] / [`Amount`]: `0`, `1`, 2^256 − 1 and 2^256 − 2, powers of two, any `u64`,
/// and uniformly random 256-bit values.
pub fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        3 => Just(DecimalU256::ZERO),
        3 => Just(DecimalU256::from(1u64)),
        3 => Just(DecimalU256::MAX),
        1 => Just(DecimalU256::new(U256::MAX.saturating_sub(U256::from(1u8)))),
        2 => (0usize..256).prop_map(|k| {
            DecimalU256::new(U256::from(1u8).checked_shl(k).unwrap_or(U256::ZERO))
        }),
        2 => (1u64..=1_000_000_000_000).prop_map(DecimalU256::from),
        4 => any::<u64>().prop_map(DecimalU256::from),
        4 => any::<[u8; 32]>().prop_map(|b| DecimalU256::new(U256::from_be_bytes(b))),
    ]
    .boxed()
}

/// A [`UnixTimestamp`]: `0`, `u64::MAX`, `u64::MAX − 1`, realistic 2020–2036 times, any `u64`.
pub fn unix_timestamp() -> impl Strategy<Value = UnixTimestamp> {
    prop_oneof![
        2 => Just(UnixTimestamp::new(0)),
        3 => Just(UnixTimestamp::new(u64::MAX)),
        1 => Just(UnixTimestamp::new(18_446_744_073_709_551_614)),
        4 => (1_577_836_800u64..2_082_758_400).prop_map(UnixTimestamp::new),
        4 => any::<u64>().prop_map(UnixTimestamp::new),
    ]
    .boxed()
}

/// An [`EvmAddress`]: zero, all-`ff`, an address whose hex has no letters (EIP-55 is then the
/// identity), and random addresses. Use [`evm_address_text`] for lowercase/uppercase spellings.
pub fn evm_address() -> impl Strategy<Value = EvmAddress> {
    prop_oneof![
        1 => Just(EvmAddress::ZERO),
        1 => Just(EvmAddress::from_bytes([0xff; 20])),
        1 => Just(EvmAddress::from_bytes([0x12; 20])),
        8 => any::<[u8; 20]>().prop_map(EvmAddress::from_bytes),
    ]
    .boxed()
}

/// The three accepted spellings of `address`: EIP-55, all lowercase, all uppercase (after a
/// lowercase `0x`). All three parse to `address` (protocol.md §4.6: SDKs compare addresses
/// case-insensitively).
pub fn evm_address_text(address: EvmAddress) -> impl Strategy<Value = String> {
    let lower = format!("0x{}", alloy_primitives::hex::encode(address.as_bytes()));
    let upper = format!(
        "0x{}",
        alloy_primitives::hex::encode(address.as_bytes()).to_ascii_uppercase()
    );
    prop_oneof![Just(address.to_checksum()), Just(lower), Just(upper)]
}

/// A [`SolanaAddress`]: all-zero (`111…1`, 32 characters), all-`ff` (44 characters), keys with
/// leading zero bytes (leading `1`s), and random keys.
pub fn solana_address() -> impl Strategy<Value = SolanaAddress> {
    prop_oneof![
        1 => Just(SolanaAddress::new([0; 32])),
        1 => Just(SolanaAddress::new([0xff; 32])),
        2 => (0usize..32, any::<[u8; 32]>()).prop_map(|(zeros, mut b)| {
            for slot in b.iter_mut().take(zeros) {
                *slot = 0;
            }
            SolanaAddress::new(b)
        }),
        6 => any::<[u8; 32]>().prop_map(SolanaAddress::new),
    ]
    .boxed()
}

/// Non-address `payTo` / `asset` values that must classify as [`Address::Other`]: ISO 4217 codes,
/// role constants, Aptos/Sui-style `0x` + 64 hex digits, and random short tokens.
fn other_address_text() -> impl Strategy<Value = String> {
    prop_oneof![
        select(&["USD", "EUR", "merchant", "native", "0x", "0X1", "ETH"][..])
            .prop_map(str::to_owned),
        any::<[u8; 32]>().prop_map(|b| format!("0x{}", alloy_primitives::hex::encode(b))),
        "[A-Za-z0-9_.:-]{1,31}",
        "\\PC{1,12}",
    ]
}

/// An [`Address`] of any family: EVM, Solana, or another token such as `"USD"` or `"merchant"`.
pub fn address() -> impl Strategy<Value = Address> {
    prop_oneof![
        5 => evm_address().prop_map(Address::Evm),
        3 => solana_address().prop_map(Address::Solana),
        2 => other_address_text().prop_filter_map("not a valid address token", |s| {
            Address::parse(&s).ok()
        }),
    ]
    .boxed()
}

/// A CAIP-2 [`Network`]: `eip155` with well-known, `u64::MAX` and random chain ids, the three
/// Solana genesis ids, every v1 table entry, `eip155` references that are valid CAIP-2 but not
/// canonical chain ids (`eip155:01`, `eip155:0x1`), and random namespaces/references.
pub fn network() -> impl Strategy<Value = Network> {
    prop_oneof![
        4 => prop_oneof![
            Just(1u64),
            Just(8453),
            Just(84_532),
            Just(0),
            Just(u64::MAX),
            any::<u64>()
        ]
        .prop_map(Network::eip155),
        2 => select(vec![Network::SOLANA_MAINNET, Network::SOLANA_DEVNET, Network::SOLANA_TESTNET]),
        2 => select(V1_NETWORKS).prop_map(|info| info.network()),
        1 => select(&["eip155:01", "eip155:0x1", "eip155:-1", "eip155:_"][..])
            .prop_filter_map("valid CAIP-2", |s| Network::parse(s).ok()),
        3 => ("[-a-z0-9]{3,8}", "[-_a-zA-Z0-9]{1,32}")
            .prop_filter_map("valid CAIP-2", |(ns, r)| Network::parse(&format!("{ns}:{r}")).ok()),
    ]
    .boxed()
}

/// A [`NetworkPattern`]: `"<namespace>:*"` or an exact network.
pub fn network_pattern() -> impl Strategy<Value = NetworkPattern> {
    prop_oneof![
        select(&["eip155:*", "solana:*"][..])
            .prop_filter_map("valid pattern", |s| { NetworkPattern::parse(s).ok() }),
        "[-a-z0-9]{3,8}".prop_filter_map("valid pattern", |ns| {
            NetworkPattern::parse(&format!("{ns}:*")).ok()
        }),
        network().prop_map(NetworkPattern::Exact),
    ]
    .boxed()
}

/// A [`V1Network`]: every name of the v1 table and random names. Never contains `:`, so the
/// value is also a valid `AnyNetwork::V1` (a `:` would make it parse as CAIP-2).
pub fn v1_network() -> impl Strategy<Value = V1Network> {
    prop_oneof![
        4 => select(V1_NETWORKS).prop_filter_map("valid v1 name", |info| V1Network::parse(info.name).ok()),
        2 => "[a-z0-9][a-z0-9-]{0,20}".prop_filter_map("valid v1 name", |s| V1Network::parse(&s).ok()),
        1 => "\\PC{1,12}".prop_filter_map("valid v1 name without ':'", |s| {
            if s.contains(':') { None } else { V1Network::parse(&s).ok() }
        }),
    ]
    .boxed()
}

/// Text for [`Token`]-like values (non-empty, no surrounding white space, no control characters
/// after filtering by the caller's parser).
fn token_text() -> impl Strategy<Value = String> {
    prop_oneof!["[!-~]{1,24}", "[!-~](\\PC{0,10}[!-~])?", "\\PC{1,12}"]
}

/// A [`Scheme`]: `exact`, `upto`, or a random scheme name.
pub fn scheme() -> impl Strategy<Value = Scheme> {
    prop_oneof![
        4 => Just(Scheme::EXACT),
        2 => Just(Scheme::UPTO),
        2 => token_text().prop_filter_map("valid scheme", |s| Scheme::parse(&s).ok()),
    ]
    .boxed()
}

/// A [`Token`] such as a resource URL.
pub fn token() -> impl Strategy<Value = Token> {
    prop_oneof![
        2 => Just("https://api.example.com/premium-data".to_owned()),
        3 => "https://[a-z]{1,10}\\.example/[a-z0-9/_?=&%-]{0,24}",
        3 => token_text(),
    ]
    .prop_filter_map("valid token", |s| Token::parse(&s).ok())
    .boxed()
}

/// A `maxTimeoutSeconds` ([`TimeoutSeconds`]): `1`, `60`, `300`, `u64::MAX`, any positive `u64`.
pub fn timeout() -> impl Strategy<Value = TimeoutSeconds> {
    prop_oneof![
        2 => Just(1u64),
        2 => Just(60),
        1 => Just(300),
        2 => Just(u64::MAX),
        4 => 1u64..100_000,
        3 => any::<u64>(),
    ]
    .prop_filter_map("positive", TimeoutSeconds::new)
    .boxed()
}

/// `0x`-hex bytes: empty, a 65-byte ECDSA signature, or up to 200 bytes (smart-wallet
/// signatures, calldata).
pub fn hex_bytes() -> impl Strategy<Value = HexBytes> {
    prop_oneof![
        1 => Just(Vec::new()),
        4 => vec(any::<u8>(), 65),
        2 => vec(any::<u8>(), 0..200),
    ]
    .prop_map(|v| HexBytes(v.into()))
    .boxed()
}

/// 32 bytes as `0x` + 64 hex digits (EIP-3009 nonce).
pub fn hex32() -> impl Strategy<Value = Hex32> {
    prop_oneof![
        1 => Just([0u8; 32]),
        1 => Just([0xffu8; 32]),
        6 => any::<[u8; 32]>(),
    ]
    .prop_map(|b| Hex32(B256::from(b)))
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Arbitrary JSON

/// A finite float with at most 13 significant digits and a decimal exponent in `-8..=8` (so that
/// it survives `serde_json`'s text round trip exactly), plus `0.5` and `-0.0`.
fn json_float() -> impl Strategy<Value = Number> {
    prop_oneof![
        1 => Just(0.5f64),
        1 => Just(-0.0f64),
        1 => Just(1.0f64),
        6 => (-1_000_000_000_000i64..=1_000_000_000_000, -8i32..=8)
            .prop_filter_map("finite", |(m, e)| format!("{m}e{e}").parse::<f64>().ok()),
    ]
    .prop_filter_map("finite float", Number::from_f64)
}

/// Strings for JSON values: random Unicode, random printable text, and strings that need
/// escaping (quotes, backslashes, control characters, U+2028, non-BMP characters).
pub fn json_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,12}",
        2 => ".{0,8}",
        2 => select(
            &[
                "",
                "\"",
                "\\",
                "\n\t\r",
                "\u{0}\u{1f}\u{7f}",
                "\u{2028}\u{2029}",
                "😀 ü ß 中",
                "</script>",
                "0x",
                "null",
            ][..]
        )
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// Object keys for arbitrary JSON, including keys that need JSON Pointer escaping.
fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z_$][a-zA-Z0-9_$-]{0,10}",
        2 => "\\PC{0,6}",
        2 => select(
            &["", "/", "~", "~0", "~1", "a/b", "a~b", " ", "x-vendor", "_meta", "x402Version", "type"][..]
        )
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// Arbitrary JSON nested at most `depth` levels: `null`, booleans, `i64`/`u64` integers,
/// exactly-representable floats, strings, arrays and objects (keys are distinct by construction).
pub fn json_value(depth: u32) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => json_float().prop_map(Value::Number),
        3 => json_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(depth, 32, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((json_key(), inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

/// An arbitrary JSON object (`extra`, `payload`, `outputSchema`, ...) whose values nest at most
/// `depth` levels; empty objects are frequent.
pub fn json_object(depth: u32) -> impl Strategy<Value = JsonObject> {
    prop_oneof![
        1 => Just(JsonObject::new()),
        3 => vec((json_key(), json_value(depth)), 1..5)
            .prop_map(|kv| kv.into_iter().collect::<JsonObject>()),
    ]
    .boxed()
}

/// Unknown fields for a wire object whose known keys are `known`: usually none, otherwise up to
/// three entries with vendor-style or awkward keys (`""`, `"/"`, `"~"`, non-ASCII) and arbitrary
/// values. Keys in `known` are never produced.
pub fn unknown_fields(known: &'static [&'static str]) -> impl Strategy<Value = UnknownFields> {
    prop_oneof![
        3 => Just(UnknownFields::new()),
        2 => vec((json_key(), json_value(2)), 1..4).prop_map(move |kv| {
            kv.into_iter()
                .filter(|(k, _)| !known.contains(&k.as_str()))
                .collect::<UnknownFields>()
        }),
    ]
    .boxed()
}

/// Converts a value to the JSON object it serializes to (`None` if it is not an object).
fn to_object<T: Serialize>(value: &T) -> Option<JsonObject> {
    match serde_json::to_value(value) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Non-canonical JSON text

/// Deterministic choices driven by a byte string (so that proptest can shrink them).
#[derive(Debug)]
struct Choices {
    seed: Vec<u8>,
    pos: usize,
}

impl Choices {
    fn next(&mut self) -> u8 {
        let i = self.pos.checked_rem(self.seed.len()).unwrap_or(0);
        self.pos = self.pos.wrapping_add(1);
        self.seed.get(i).copied().unwrap_or(0)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        let hi = usize::from(self.next());
        let lo = usize::from(self.next());
        (hi.wrapping_mul(256).wrapping_add(lo))
            .checked_rem(n)
            .unwrap_or(0)
    }
}

/// Renders JSON with random white space, key order and escapes.
#[derive(Debug)]
struct Render {
    choices: Choices,
    out: String,
}

impl Render {
    fn ws(&mut self) {
        const WS: [&str; 8] = ["", "", "", "", " ", "\n", "\t", "\r\n  "];
        let i = self.choices.below(WS.len());
        self.out.push_str(WS.get(i).copied().unwrap_or(""));
    }

    fn string(&mut self, s: &str) {
        let escape_some = self.choices.below(3) == 0;
        self.out.push('"');
        for c in s.chars() {
            if escape_some && c.is_ascii_alphanumeric() && self.choices.below(3) == 0 {
                if self.choices.below(2) == 0 {
                    self.out.push_str(&format!("\\u{:04x}", u32::from(c)));
                } else {
                    self.out.push_str(&format!("\\u{:04X}", u32::from(c)));
                }
            } else if c == '/' && self.choices.below(2) == 0 {
                self.out.push_str("\\/");
            } else {
                let mut buf = [0u8; 4];
                let one: &str = c.encode_utf8(&mut buf);
                let quoted = serde_json::to_string(one).unwrap_or_default();
                let inner = quoted
                    .strip_prefix('"')
                    .and_then(|q| q.strip_suffix('"'))
                    .unwrap_or(one);
                self.out.push_str(inner);
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Null | Value::Bool(_) | Value::Number(_) => self.out.push_str(&v.to_string()),
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.out.push('[');
                self.ws();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.ws();
                        self.out.push(',');
                        self.ws();
                    }
                    self.value(item);
                }
                self.ws();
                self.out.push(']');
            }
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                // Fisher–Yates shuffle driven by the choices.
                for i in (1..entries.len()).rev() {
                    let j = self.choices.below(i.saturating_add(1));
                    entries.swap(i, j);
                }
                self.out.push('{');
                self.ws();
                for (i, (k, val)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        self.ws();
                        self.out.push(',');
                        self.ws();
                    }
                    self.string(k);
                    self.ws();
                    self.out.push(':');
                    self.ws();
                    self.value(val);
                }
                self.ws();
                self.out.push('}');
            }
        }
    }
}

/// Valid JSON text for `doc` that is usually **not** its canonical serialization: random white
/// space between tokens (and around the document), object keys in a random order, and some
/// characters written as `\uXXXX` or `\/` escapes. Parsing the text gives a value equal to `doc`
/// (object equality ignores key order).
pub fn json_text(doc: Value) -> impl Strategy<Value = String> {
    vec(any::<u8>(), 1..48).prop_map(move |seed| {
        let mut r = Render {
            choices: Choices { seed, pos: 0 },
            out: String::new(),
        };
        r.ws();
        r.value(&doc);
        r.ws();
        r.out
    })
}

/// Replaces the EVM address strings at `keys` of a top-level object with the spelling `case`
/// selects (0: EIP-55, 1: lowercase, 2: uppercase).
fn respell_addresses(doc: &mut Value, keys: &[&str], case: u8) {
    let Value::Object(map) = doc else { return };
    for key in keys {
        let Some(Value::String(s)) = map.get_mut(*key) else {
            continue;
        };
        let Ok(Address::Evm(a)) = Address::parse(s) else {
            continue;
        };
        let hex = alloy_primitives::hex::encode(a.as_bytes());
        *s = match case.checked_rem(3) {
            Some(1) => format!("0x{hex}"),
            Some(2) => format!("0x{}", hex.to_ascii_uppercase()),
            _ => a.to_checksum(),
        };
    }
}

/// A v2 requirement together with non-canonical JSON text for it ([`json_text`], with EVM
/// `payTo`/`asset` respelled in lowercase or uppercase): the text parses to an equal value.
pub fn v2_requirements_text() -> impl Strategy<Value = (v2::PaymentRequirements, String)> {
    (v2_requirements(), any::<u8>())
        .prop_filter_map("serializable", |(req, case)| {
            let mut doc = serde_json::to_value(&req).ok()?;
            respell_addresses(&mut doc, &["payTo", "asset"], case);
            Some((req, doc))
        })
        .prop_flat_map(|(req, doc)| (Just(req), json_text(doc)))
        .boxed()
}

/// A v1 requirement together with non-canonical JSON text for it (see [`v2_requirements_text`]).
pub fn v1_requirements_text() -> impl Strategy<Value = (v1::PaymentRequirements, String)> {
    (v1_requirements(), any::<u8>())
        .prop_filter_map("serializable", |(req, case)| {
            let mut doc = serde_json::to_value(&req).ok()?;
            respell_addresses(&mut doc, &["payTo", "asset"], case);
            Some((req, doc))
        })
        .prop_flat_map(|(req, doc)| (Just(req), json_text(doc)))
        .boxed()
}

/// Wraps values of `inner` in [`Echoed`], half of the time with this crate's compact
/// serialization ([`Echoed::new`]) and half of the time parsed from non-canonical text
/// ([`json_text`]), whose bytes the wrapper then keeps.
pub fn echoed<T, S>(inner: S) -> impl Strategy<Value = Echoed<T>>
where
    T: Serialize + DeserializeOwned + Debug + Clone + 'static,
    S: Strategy<Value = T> + 'static,
{
    let inner = inner.boxed();
    let canonical = inner
        .clone()
        .prop_filter_map("serializable", |v| Echoed::new(v).ok());
    let noncanonical = inner
        .prop_filter_map("serializable", |v| serde_json::to_value(&v).ok())
        .prop_flat_map(json_text)
        .prop_filter_map("parses", |text| {
            serde_json::from_str::<Echoed<T>>(&text).ok()
        });
    prop_oneof![canonical, noncanonical].boxed()
}

// ---------------------------------------------------------------------------------------------
// extra

/// `extra` for EVM requirements ([`EvmExtra`]): domain name/version, transfer method (known and
/// other), facilitator address, unknown keys; each field often absent.
pub fn evm_extra() -> impl Strategy<Value = EvmExtra> {
    let name = option::of(prop_oneof![
        Just("USDC".to_owned()),
        Just("USD Coin".to_owned()),
        json_string()
    ]);
    let version = option::of(prop_oneof![
        Just("2".to_owned()),
        Just("1".to_owned()),
        json_string()
    ]);
    let method = option::of(prop_oneof![
        Just(AssetTransferMethod::Eip3009),
        Just(AssetTransferMethod::Permit2),
        "[a-z0-9]{1,10}|\\PC{1,6}"
            .prop_filter_map("non-empty", |s| { AssetTransferMethod::parse(&s).ok() }),
    ]);
    (
        name,
        version,
        method,
        option::of(evm_address()),
        unknown_fields(EVM_EXTRA_KEYS),
    )
        .prop_map(
            |(name, version, asset_transfer_method, facilitator_address, unknown)| EvmExtra {
                name,
                version,
                asset_transfer_method,
                facilitator_address,
                unknown,
            },
        )
        .boxed()
}

/// `extra` for Solana requirements ([`SvmExtra`]): fee payer, memo (up to exactly 256 bytes).
pub fn svm_extra() -> impl Strategy<Value = SvmExtra> {
    let memo = option::of(
        prop_oneof![
            3 => "\\PC{0,40}",
            1 => Just("m".repeat(Memo::MAX_BYTES)),
            1 => Just("é".repeat(Memo::MAX_BYTES / 2)),
        ]
        .prop_filter_map("memo within 256 bytes", |s| Memo::parse(&s).ok()),
    );
    (
        option::of(solana_address()),
        memo,
        unknown_fields(SVM_EXTRA_KEYS),
    )
        .prop_map(|(fee_payer, memo, unknown)| SvmExtra {
            fee_payer,
            memo,
            unknown,
        })
        .boxed()
}

/// `extra` of a requirement: absent (weighted), `{}`, an EVM or SVM view, or arbitrary JSON.
fn requirements_extra() -> impl Strategy<Value = Option<JsonObject>> {
    prop_oneof![
        3 => Just(None),
        2 => Just(Some(JsonObject::new())),
        3 => evm_extra().prop_map(|e| to_object(&e)),
        1 => svm_extra().prop_map(|e| to_object(&e)),
        2 => json_object(2).prop_map(Some),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// v2

/// A v2 [`ResourceInfo`]: URL, description and MIME type absent, empty or set, unknown fields.
pub fn resource_info() -> impl Strategy<Value = ResourceInfo> {
    let mime = option::of(prop_oneof![
        Just("application/json".to_owned()),
        Just(String::new()),
        json_string()
    ]);
    (
        token(),
        option::of(json_string()),
        mime,
        unknown_fields(RESOURCE_INFO_KEYS),
    )
        .prop_map(|(url, description, mime_type, unknown)| ResourceInfo {
            url,
            description,
            mime_type,
            unknown,
        })
        .boxed()
}

/// A v2 [`v2::PaymentRequirements`].
pub fn v2_requirements() -> impl Strategy<Value = v2::PaymentRequirements> {
    (
        scheme(),
        network(),
        amount(),
        address(),
        address(),
        timeout(),
        requirements_extra(),
        unknown_fields(V2_REQUIREMENTS_KEYS),
    )
        .prop_map(
            |(scheme, network, amount, asset, pay_to, max_timeout_seconds, extra, unknown)| {
                v2::PaymentRequirements {
                    scheme,
                    network,
                    amount,
                    asset,
                    pay_to,
                    max_timeout_seconds,
                    extra,
                    unknown,
                }
            },
        )
        .boxed()
}

/// `error` strings of a 402.
fn error_text() -> impl Strategy<Value = Option<String>> {
    option::of(prop_oneof![
        Just("Payment required".to_owned()),
        Just(String::new()),
        json_string()
    ])
}

/// A v2 [`v2::PaymentRequired`] with 1–3 `accepts` (canonical or non-canonical echoes).
pub fn v2_payment_required() -> impl Strategy<Value = v2::PaymentRequired> {
    (
        error_text(),
        resource_info(),
        vec(echoed(v2_requirements()), 1..4),
        option::of(extensions()),
        unknown_fields(V2_PAYMENT_REQUIRED_KEYS),
    )
        .prop_filter_map(
            "non-empty accepts",
            |(error, resource, accepts, extensions, unknown)| {
                Some(v2::PaymentRequired {
                    x402_version: v2::V2,
                    error,
                    resource,
                    accepts: NonEmpty::new(accepts)?,
                    extensions,
                    unknown,
                })
            },
        )
        .boxed()
}

/// A scheme `payload` object: one of the typed views, or arbitrary JSON.
fn payload_object() -> impl Strategy<Value = JsonObject> {
    prop_oneof![
        3 => eip3009_payload().prop_filter_map("object", |p| to_object(&p)),
        2 => permit2_payload().prop_filter_map("object", |p| to_object(&p)),
        1 => upto_payload().prop_filter_map("object", |p| to_object(&p)),
        2 => svm_payload().prop_filter_map("object", |p| to_object(&p)),
        2 => json_object(2),
    ]
    .boxed()
}

/// A v2 [`v2::PaymentPayload`]: `accepted` echoed canonically or from non-canonical text,
/// `resource` and `extensions` often absent.
pub fn v2_payment_payload() -> impl Strategy<Value = v2::PaymentPayload> {
    (
        option::of(resource_info()),
        echoed(v2_requirements()),
        payload_object(),
        option::of(extensions()),
        unknown_fields(V2_PAYMENT_PAYLOAD_KEYS),
    )
        .prop_map(
            |(resource, accepted, payload, extensions, unknown)| v2::PaymentPayload {
                x402_version: v2::V2,
                resource,
                accepted,
                payload,
                extensions,
                unknown,
            },
        )
        .boxed()
}

/// An [`ExtensionEnvelope`] with arbitrary `info` and `schema`.
pub fn extension_envelope() -> impl Strategy<Value = ExtensionEnvelope> {
    (
        json_object(2),
        option::of(json_value(2)),
        unknown_fields(ENVELOPE_KEYS),
    )
        .prop_map(|(info, schema, unknown)| ExtensionEnvelope {
            info,
            schema,
            unknown,
        })
        .boxed()
}

/// An `extensions` object: empty, or up to three entries drawn from the known extensions (typed,
/// valid) and unknown ones. Every entry is an envelope (an object with an object `info`), which
/// [`Extensions`] requires (v2 §5.1.2).
pub fn extensions() -> impl Strategy<Value = Extensions> {
    let entry = prop_oneof![
        1 => payment_identifier()
            .prop_filter_map("object", |e| to_object(&e))
            .prop_map(|o| (PAYMENT_IDENTIFIER.to_owned(), Value::Object(o))),
        1 => bazaar()
            .prop_filter_map("object", |e| to_object(&e))
            .prop_map(|o| (BAZAAR.to_owned(), Value::Object(o))),
        1 => eip2612_gas_sponsoring()
            .prop_filter_map("object", |e| to_object(&e))
            .prop_map(|o| (EIP2612_GAS_SPONSORING.to_owned(), Value::Object(o))),
        1 => erc20_approval_gas_sponsoring()
            .prop_filter_map("object", |e| to_object(&e))
            .prop_map(|o| (ERC20_APPROVAL_GAS_SPONSORING.to_owned(), Value::Object(o))),
        2 => (json_key(), extension_envelope())
            .prop_filter_map("object", |(k, e)| Some((k, Value::Object(to_object(&e)?)))),
    ];
    prop_oneof![
        1 => Just(Extensions::default()),
        3 => vec(entry, 1..4).prop_map(|kv| Extensions(kv.into_iter().collect())),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// v1

/// A v1 [`v1::PaymentRequirements`].
pub fn v1_requirements() -> impl Strategy<Value = v1::PaymentRequirements> {
    let mime = option::of(prop_oneof![
        Just("application/json".to_owned()),
        Just(String::new()),
        json_string()
    ]);
    let head = (
        scheme(),
        v1_network(),
        amount(),
        token(),
        json_string(),
        mime,
    );
    let tail = (
        option::of(json_object(2)),
        address(),
        timeout(),
        address(),
        requirements_extra(),
        unknown_fields(V1_REQUIREMENTS_KEYS),
    );
    (head, tail)
        .prop_map(
            |(
                (scheme, network, max_amount_required, resource, description, mime_type),
                (output_schema, pay_to, max_timeout_seconds, asset, extra, unknown),
            )| v1::PaymentRequirements {
                scheme,
                network,
                max_amount_required,
                resource,
                description,
                mime_type,
                output_schema,
                pay_to,
                max_timeout_seconds,
                asset,
                extra,
                unknown,
            },
        )
        .boxed()
}

/// A v1 [`v1::PaymentRequired`] (402 body) with 1–3 `accepts`.
pub fn v1_payment_required() -> impl Strategy<Value = v1::PaymentRequired> {
    (
        error_text(),
        vec(echoed(v1_requirements()), 1..4),
        unknown_fields(V1_PAYMENT_REQUIRED_KEYS),
    )
        .prop_filter_map("non-empty accepts", |(error, accepts, unknown)| {
            Some(v1::PaymentRequired {
                x402_version: v1::V1,
                error,
                accepts: NonEmpty::new(accepts)?,
                unknown,
            })
        })
        .boxed()
}

/// A v1 [`v1::PaymentPayload`] (`X-PAYMENT` content).
pub fn v1_payment_payload() -> impl Strategy<Value = v1::PaymentPayload> {
    (
        scheme(),
        v1_network(),
        payload_object(),
        unknown_fields(V1_PAYMENT_PAYLOAD_KEYS),
    )
        .prop_map(|(scheme, network, payload, unknown)| v1::PaymentPayload {
            x402_version: v1::V1,
            scheme,
            network,
            payload,
            unknown,
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Scheme payloads

/// An EIP-3009 authorization.
pub fn eip3009_authorization() -> impl Strategy<Value = Eip3009Authorization> {
    (
        evm_address(),
        evm_address(),
        amount(),
        unix_timestamp(),
        unix_timestamp(),
        hex32(),
        unknown_fields(EIP3009_AUTHORIZATION_KEYS),
    )
        .prop_map(
            |(from, to, value, valid_after, valid_before, nonce, unknown)| Eip3009Authorization {
                from,
                to,
                value,
                valid_after,
                valid_before,
                nonce,
                unknown,
            },
        )
        .boxed()
}

/// An `exact` EVM payload with an EIP-3009 authorization ([`ExactEip3009Payload`]).
pub fn eip3009_payload() -> impl Strategy<Value = ExactEip3009Payload> {
    (
        hex_bytes(),
        eip3009_authorization(),
        unknown_fields(EIP3009_PAYLOAD_KEYS),
    )
        .prop_map(|(signature, authorization, unknown)| ExactEip3009Payload {
            signature,
            authorization,
            unknown,
        })
        .boxed()
}

/// Permit2 `TokenPermissions`.
pub fn token_permissions() -> impl Strategy<Value = TokenPermissions> {
    (
        evm_address(),
        amount(),
        unknown_fields(TOKEN_PERMISSIONS_KEYS),
    )
        .prop_map(|(token, amount, unknown)| TokenPermissions {
            token,
            amount,
            unknown,
        })
        .boxed()
}

/// An `exact` Permit2 payload ([`ExactPermit2Payload`]).
pub fn permit2_payload() -> impl Strategy<Value = ExactPermit2Payload> {
    let witness = (
        evm_address(),
        unix_timestamp(),
        unknown_fields(EXACT_WITNESS_KEYS),
    )
        .prop_map(|(to, valid_after, unknown)| ExactWitness {
            to,
            valid_after,
            unknown,
        });
    let auth = (
        evm_address(),
        token_permissions(),
        evm_address(),
        amount(),
        unix_timestamp(),
        witness,
        unknown_fields(PERMIT2_AUTHORIZATION_KEYS),
    )
        .prop_map(
            |(from, permitted, spender, nonce, deadline, witness, unknown)| {
                ExactPermit2Authorization {
                    from,
                    permitted,
                    spender,
                    nonce,
                    deadline,
                    witness,
                    unknown,
                }
            },
        );
    (hex_bytes(), auth, unknown_fields(PERMIT2_PAYLOAD_KEYS))
        .prop_map(
            |(signature, permit2_authorization, unknown)| ExactPermit2Payload {
                signature,
                permit2_authorization,
                unknown,
            },
        )
        .boxed()
}

/// An `upto` Permit2 payload ([`UptoPermit2Payload`]).
pub fn upto_payload() -> impl Strategy<Value = UptoPermit2Payload> {
    let witness = (
        evm_address(),
        evm_address(),
        unix_timestamp(),
        unknown_fields(UPTO_WITNESS_KEYS),
    )
        .prop_map(|(to, facilitator, valid_after, unknown)| UptoWitness {
            to,
            facilitator,
            valid_after,
            unknown,
        });
    let auth = (
        evm_address(),
        token_permissions(),
        evm_address(),
        amount(),
        unix_timestamp(),
        witness,
        unknown_fields(PERMIT2_AUTHORIZATION_KEYS),
    )
        .prop_map(
            |(from, permitted, spender, nonce, deadline, witness, unknown)| {
                UptoPermit2Authorization {
                    from,
                    permitted,
                    spender,
                    nonce,
                    deadline,
                    witness,
                    unknown,
                }
            },
        );
    (hex_bytes(), auth, unknown_fields(PERMIT2_PAYLOAD_KEYS))
        .prop_map(
            |(signature, permit2_authorization, unknown)| UptoPermit2Payload {
                signature,
                permit2_authorization,
                unknown,
            },
        )
        .boxed()
}

/// An `exact` Solana payload ([`ExactSvmPayload`]): 1 to 1 232 bytes (the Solana packet size) of
/// standard padded base64, covering every padding length.
pub fn svm_payload() -> impl Strategy<Value = ExactSvmPayload> {
    (
        prop_oneof![
            3 => vec(any::<u8>(), 1..4),
            3 => vec(any::<u8>(), 4..400),
            1 => vec(any::<u8>(), 1232),
        ],
        unknown_fields(SVM_PAYLOAD_KEYS),
    )
        .prop_map(|(bytes, unknown)| ExactSvmPayload {
            transaction: Base64Blob::from_bytes(bytes),
            unknown,
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Extensions

/// A `payment-identifier` envelope.
pub fn payment_identifier() -> impl Strategy<Value = PaymentIdentifier> {
    let id = option::of(
        prop_oneof![
            Just("pay_0123456789abcdef".to_owned()),
            "[a-zA-Z0-9_-]{16}",
            "[a-zA-Z0-9_-]{16,128}",
            Just("a".repeat(128)),
        ]
        .prop_filter_map("valid id", |s| PaymentId::parse(&s).ok()),
    );
    let info = (
        any::<bool>(),
        id,
        unknown_fields(PAYMENT_IDENTIFIER_INFO_KEYS),
    )
        .prop_map(|(required, id, unknown)| PaymentIdentifierInfo {
            required,
            id,
            unknown,
        });
    (
        info,
        option::of(json_value(2)),
        unknown_fields(ENVELOPE_KEYS),
    )
        .prop_map(|(info, schema, unknown)| PaymentIdentifier {
            info,
            schema,
            unknown,
        })
        .boxed()
}

/// A bazaar `routeTemplate`.
pub fn route_template() -> impl Strategy<Value = RouteTemplate> {
    prop_oneof![
        Just("/users/:id".to_owned()),
        "/[a-zA-Z0-9_:-]{1,12}(/[a-zA-Z0-9_:.~%-]{1,8}){0,3}",
    ]
    .prop_filter_map("valid route template", |s| RouteTemplate::parse(&s).ok())
    .boxed()
}

/// Bazaar `info.input` of an HTTP resource; body methods always carry `bodyType`.
pub fn http_input() -> impl Strategy<Value = HttpInput> {
    let method = select(
        &[
            "GET", "HEAD", "DELETE", "POST", "PUT", "PATCH", "post", "OPTIONS",
        ][..],
    )
    .prop_filter_map("valid token", |m| Token::parse(m).ok());
    let body_type = select(&["json", "form-data", "text"][..])
        .prop_filter_map("valid token", |b| Token::parse(b).ok());
    (
        method,
        option::of(json_object(1)),
        option::of(json_object(1)),
        option::of(json_object(1)),
        option::of(body_type),
        option::of(json_value(2)),
        unknown_fields(HTTP_INPUT_KEYS),
    )
        .prop_filter_map(
            "body methods need bodyType",
            |(method, query_params, path_params, headers, body_type, body, unknown)| {
                let upper = method.as_str().to_ascii_uppercase();
                if ["POST", "PUT", "PATCH"].contains(&upper.as_str()) && body_type.is_none() {
                    return None;
                }
                Some(HttpInput {
                    method,
                    query_params,
                    path_params,
                    headers,
                    body_type,
                    body,
                    unknown,
                })
            },
        )
        .boxed()
}

/// Bazaar `info.input` of an MCP tool: `tool`, `toolName`, or both with the same value.
pub fn mcp_input() -> impl Strategy<Value = McpInput> {
    let transport = option::of(
        select(&["streamable-http", "sse"][..]).prop_filter_map("token", |t| Token::parse(t).ok()),
    );
    let tool = token_text().prop_filter_map("token", |t| Token::parse(&t).ok());
    (
        tool,
        0u8..3,
        option::of(json_string()),
        transport,
        json_value(2),
        option::of(json_value(2)),
        unknown_fields(MCP_INPUT_KEYS),
    )
        .prop_map(
            |(name, spelling, description, transport, input_schema, example, unknown)| {
                let (tool, tool_name_sdk) = match spelling {
                    0 => (Some(name), None),
                    1 => (None, Some(name)),
                    _ => (Some(name.clone()), Some(name)),
                };
                McpInput {
                    tool,
                    tool_name_sdk,
                    description,
                    transport,
                    input_schema,
                    example,
                    unknown,
                }
            },
        )
        .boxed()
}

/// A `bazaar` envelope.
pub fn bazaar() -> impl Strategy<Value = Bazaar> {
    let input = prop_oneof![
        http_input().prop_map(BazaarInput::Http),
        mcp_input().prop_map(BazaarInput::Mcp),
    ];
    let output = (
        option::of(json_string()),
        option::of(json_string()),
        option::of(json_value(2)),
        unknown_fields(BAZAAR_OUTPUT_KEYS),
    )
        .prop_map(|(kind, format, example, unknown)| BazaarOutput {
            kind,
            format,
            example,
            unknown,
        });
    let info = (input, option::of(output), unknown_fields(BAZAAR_INFO_KEYS)).prop_map(
        |(input, output, unknown)| BazaarInfo {
            input,
            output,
            unknown,
        },
    );
    (
        info,
        option::of(json_value(2)),
        option::of(route_template()),
        unknown_fields(BAZAAR_KEYS),
    )
        .prop_map(|(info, schema, route_template, unknown)| Bazaar {
            info,
            schema,
            route_template,
            unknown,
        })
        .boxed()
}

/// An extension version (`1`, `1.0`, `12.3.4`).
pub fn extension_version() -> impl Strategy<Value = ExtensionVersion> {
    prop_oneof![Just("1".to_owned()), "[0-9]{1,3}(\\.[0-9]{1,3}){0,2}"]
        .prop_filter_map("valid version", |s| ExtensionVersion::parse(&s).ok())
        .boxed()
}

/// A client-filled `eip2612GasSponsoring` envelope.
pub fn eip2612_gas_sponsoring() -> impl Strategy<Value = Eip2612GasSponsoring> {
    let info = (
        (evm_address(), evm_address(), evm_address()),
        (amount(), amount(), unix_timestamp()),
        hex_bytes(),
        extension_version(),
        unknown_fields(EIP2612_INFO_KEYS),
    )
        .prop_map(
            |((from, asset, spender), (amount, nonce, deadline), signature, version, unknown)| {
                Eip2612GasSponsoringInfo {
                    from,
                    asset,
                    spender,
                    amount,
                    nonce,
                    deadline,
                    signature,
                    version,
                    unknown,
                }
            },
        );
    (
        info,
        option::of(json_value(2)),
        unknown_fields(ENVELOPE_KEYS),
    )
        .prop_map(|(info, schema, unknown)| Eip2612GasSponsoring {
            info,
            schema,
            unknown,
        })
        .boxed()
}

/// A client-filled `erc20ApprovalGasSponsoring` envelope.
pub fn erc20_approval_gas_sponsoring() -> impl Strategy<Value = Erc20ApprovalGasSponsoring> {
    let info = (
        (evm_address(), evm_address(), evm_address()),
        amount(),
        hex_bytes(),
        extension_version(),
        unknown_fields(ERC20_APPROVAL_INFO_KEYS),
    )
        .prop_map(
            |((from, asset, spender), amount, signed_transaction, version, unknown)| {
                Erc20ApprovalGasSponsoringInfo {
                    from,
                    asset,
                    spender,
                    amount,
                    signed_transaction,
                    version,
                    unknown,
                }
            },
        );
    (
        info,
        option::of(json_value(2)),
        unknown_fields(ENVELOPE_KEYS),
    )
        .prop_map(|(info, schema, unknown)| Erc20ApprovalGasSponsoring {
            info,
            schema,
            unknown,
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// One step of a path into a JSON document.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every path in `doc` (the root first, then depth first in document order).
fn all_paths(doc: &Value) -> Vec<Vec<Step>> {
    fn walk(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(here.clone());
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    here.push(Step::Index(i));
                    walk(item, here, out);
                    here.pop();
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    here.push(Step::Key(k.clone()));
                    walk(item, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut Vec::new(), &mut out);
    out
}

/// The node at `path`.
fn node_mut<'a>(doc: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = doc;
    for step in path {
        cur = match (cur, step) {
            (Value::Object(m), Step::Key(k)) => m.get_mut(k)?,
            (Value::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// A value of a different JSON type than `v`, chosen by `seed`.
fn other_type(v: &Value, seed: u64) -> Value {
    let candidates = [
        Value::Null,
        Value::Bool(seed.is_multiple_of(2)),
        Value::from(seed),
        Value::String(seed.to_string()),
        Value::Array(vec![Value::from(seed)]),
        Value::Object(JsonObject::new()),
    ];
    let same = |c: &Value| std::mem::discriminant(c) == std::mem::discriminant(v);
    let options: Vec<Value> = candidates.into_iter().filter(|c| !same(c)).collect();
    let len = u64::try_from(options.len()).unwrap_or(1);
    let pick = usize::try_from(seed.checked_rem(len).unwrap_or(0)).unwrap_or(0);
    options.get(pick).cloned().unwrap_or(Value::Null)
}

/// Applies mutation `op` (see [`json_mutation`]) at `path`.
fn mutate(mut doc: Value, path: &[Step], op: u8, seed: u64) -> Value {
    // Deleting removes the node from its parent; at the root it changes the type instead.
    if let (0, Some((last, parent_path))) = (op, path.split_last()) {
        match (node_mut(&mut doc, parent_path), last) {
            (Some(Value::Object(m)), Step::Key(k)) => {
                m.shift_remove(k);
            }
            (Some(Value::Array(a)), Step::Index(i)) if *i < a.len() => {
                a.remove(*i);
            }
            _ => {}
        }
        return doc;
    }
    let Some(node) = node_mut(&mut doc, path) else {
        return doc;
    };
    let replacement = match (op, &*node) {
        // Number → float / string / negative / huge.
        (2, Value::Number(n)) => match seed % 4 {
            0 => n
                .as_f64()
                .and_then(|f| Number::from_f64(f + 0.5))
                .map_or(Value::Null, Value::Number),
            1 => Value::String(n.to_string()),
            2 => n.as_i64().map_or_else(
                || Value::from(-1),
                |i| Value::from(i.saturating_neg().saturating_sub(1)),
            ),
            _ => Number::from_f64(1e300).map_or(Value::Null, Value::Number),
        },
        // String → a strict prefix (character boundary).
        (3, Value::String(s)) if !s.is_empty() => {
            let chars = u64::try_from(s.chars().count()).unwrap_or(1);
            let keep = usize::try_from(seed.checked_rem(chars).unwrap_or(0)).unwrap_or(0);
            Value::String(s.chars().take(keep).collect())
        }
        // Set null.
        (4, v) if !v.is_null() => Value::Null,
        // Empty the container / string.
        (5, Value::Object(m)) if !m.is_empty() => Value::Object(JsonObject::new()),
        (5, Value::Array(a)) if !a.is_empty() => Value::Array(Vec::new()),
        (5, Value::String(s)) if !s.is_empty() => Value::String(String::new()),
        // Anything else: replace by a value of another JSON type.
        (_, v) => other_type(v, seed),
    };
    // A float plus 0.5 can round back to itself; a type change always differs.
    *node = if replacement == *node {
        other_type(node, seed)
    } else {
        replacement
    };
    doc
}

/// One random structural mutation of `doc`, at a node chosen uniformly among all nodes (the
/// root included):
///
/// - delete the node's key from its parent object (or its element from the parent array);
/// - replace the node by a value of a different JSON type;
/// - change a number into a float, a numeric string, a negative number or `1e300`;
/// - truncate a string to a strict prefix;
/// - set the node to `null`;
/// - empty an object, array or string.
///
/// A mutation that does not apply to the chosen node (truncating a number, say) falls back to a
/// type change, and so does a mutation that would leave the node unchanged: the result always
/// differs from `doc`. Duplicate keys cannot be produced (a [`serde_json::Value`] cannot represent
/// them).
pub fn json_mutation(doc: Value) -> impl Strategy<Value = Value> {
    let paths = all_paths(&doc);
    let count = paths.len().max(1);
    (any::<Index>(), 0u8..6, any::<u64>()).prop_map(move |(index, op, seed)| {
        let path = paths.get(index.index(count)).cloned().unwrap_or_default();
        mutate(doc.clone(), &path, op, seed)
    })
}

// ---------------------------------------------------------------------------------------------
// Version-agnostic documents

/// A [`crate::PaymentPayload`] of either version.
pub fn payment_payload() -> impl Strategy<Value = crate::PaymentPayload> {
    prop_oneof![
        v1_payment_payload().prop_map(crate::PaymentPayload::V1),
        v2_payment_payload().prop_map(crate::PaymentPayload::V2),
    ]
    .boxed()
}

/// A [`crate::PaymentRequired`] of either version.
pub fn payment_required() -> impl Strategy<Value = crate::PaymentRequired> {
    prop_oneof![
        v1_payment_required().prop_map(crate::PaymentRequired::V1),
        v2_payment_required().prop_map(crate::PaymentRequired::V2),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Facilitator

/// Known keys of [`RequestV1`] and [`RequestV2`].
pub const REQUEST_KEYS: &[&str] = &["x402Version", "paymentPayload", "paymentRequirements"];
/// Known keys of [`VerifyResponse`].
pub const VERIFY_RESPONSE_KEYS: &[&str] = &[
    "isValid",
    "invalidReason",
    "invalidMessage",
    "payer",
    "extensions",
];
/// Known keys of [`SettleResponse`].
pub const SETTLE_RESPONSE_KEYS: &[&str] = &[
    "success",
    "errorReason",
    "errorMessage",
    "payer",
    "transaction",
    "network",
    "amount",
    "extensions",
];
/// Known keys of [`SupportedKind`].
pub const SUPPORTED_KIND_KEYS: &[&str] = &["x402Version", "scheme", "network", "extra"];
/// Known keys of [`SupportedResponse`].
pub const SUPPORTED_RESPONSE_KEYS: &[&str] = &["kinds", "extensions", "signers"];
/// Known keys of [`Pagination`].
pub const PAGINATION_KEYS: &[&str] = &["limit", "offset", "total"];
/// Known keys of [`DiscoveryItem`].
pub const DISCOVERY_ITEM_KEYS: &[&str] = &[
    "resource",
    "type",
    "x402Version",
    "accepts",
    "lastUpdated",
    "metadata",
];
/// Known keys of [`DiscoveryResponse`].
pub const DISCOVERY_RESPONSE_KEYS: &[&str] = &["x402Version", "items", "pagination"];

/// A v1 `/verify` / `/settle` body ([`RequestV1`]).
pub fn request_v1() -> impl Strategy<Value = RequestV1> {
    (
        v1_payment_payload(),
        v1_requirements(),
        unknown_fields(REQUEST_KEYS),
    )
        .prop_map(
            |(payment_payload, payment_requirements, unknown)| RequestV1 {
                x402_version: v1::V1,
                payment_payload,
                payment_requirements,
                unknown,
            },
        )
        .boxed()
}

/// A v2 `/verify` / `/settle` body ([`RequestV2`]); `paymentRequirements` is often the
/// `accepted` requirement itself, as real servers send it.
pub fn request_v2() -> impl Strategy<Value = RequestV2> {
    (
        v2_payment_payload(),
        option::of(v2_requirements()),
        unknown_fields(REQUEST_KEYS),
    )
        .prop_map(|(payment_payload, other, unknown)| {
            let payment_requirements =
                other.unwrap_or_else(|| payment_payload.accepted.value().clone());
            RequestV2 {
                x402_version: v2::V2,
                payment_payload,
                payment_requirements,
                unknown,
            }
        })
        .boxed()
}

/// A `/verify` or `/settle` body of either version ([`FacilitatorRequest`]).
pub fn facilitator_request() -> impl Strategy<Value = FacilitatorRequest> {
    prop_oneof![
        request_v1().prop_map(FacilitatorRequest::V1),
        request_v2().prop_map(FacilitatorRequest::V2),
    ]
    .boxed()
}

/// A reason code as received: canonical codes, SDK-style composites, and arbitrary strings.
pub fn reason() -> impl Strategy<Value = Reason> {
    prop_oneof![
        3 => select(
            &[
                "invalid_payload",
                "invalid_payment_requirements",
                "invalid_x402_version",
                "insufficient_funds",
                "invalid_exact_evm_payload_signature",
                "invalid_exact_evm_transaction_failed: execution reverted",
                "unexpected_verify_error",
                "",
            ][..]
        )
        .prop_map(Reason::from_wire),
        1 => json_string().prop_map(Reason::from_wire),
    ]
    .boxed()
}

/// A `POST /verify` answer ([`VerifyResponse`]).
pub fn verify_response() -> impl Strategy<Value = VerifyResponse> {
    (
        any::<bool>(),
        option::of(reason()),
        option::of(json_string()),
        option::of(address()),
        option::of(json_object(2)),
        unknown_fields(VERIFY_RESPONSE_KEYS),
    )
        .prop_map(
            |(is_valid, invalid_reason, invalid_message, payer, extensions, unknown)| {
                VerifyResponse {
                    is_valid,
                    invalid_reason,
                    invalid_message,
                    payer,
                    extensions,
                    unknown,
                }
            },
        )
        .boxed()
}

/// A network as found in settle responses and `/supported` kinds: CAIP-2 or a v1 name.
pub fn any_network() -> impl Strategy<Value = AnyNetwork> {
    prop_oneof![
        network().prop_map(AnyNetwork::Caip2),
        v1_network().prop_map(AnyNetwork::V1),
    ]
    .boxed()
}

/// A `POST /settle` answer / `PAYMENT-RESPONSE` content ([`SettleResponse`]).
pub fn settle_response() -> impl Strategy<Value = SettleResponse> {
    let transaction = prop_oneof![
        Just(String::new()),
        any::<[u8; 32]>().prop_map(|b| format!("0x{}", alloy_primitives::hex::encode(b))),
        "[1-9A-HJ-NP-Za-km-z]{64,88}",
        json_string(),
    ];
    (
        (
            any::<bool>(),
            option::of(reason()),
            option::of(json_string()),
        ),
        (option::of(address()), transaction, any_network()),
        (option::of(amount()), option::of(json_object(2))),
        unknown_fields(SETTLE_RESPONSE_KEYS),
    )
        .prop_map(
            |(
                (success, error_reason, error_message),
                (payer, transaction, network),
                (amount, extensions),
                unknown,
            )| SettleResponse {
                success,
                error_reason,
                error_message,
                payer,
                transaction,
                network,
                amount,
                extensions,
                unknown,
            },
        )
        .boxed()
}

/// An `x402Version` of either version.
pub fn x402_version() -> impl Strategy<Value = X402Version> {
    prop_oneof![Just(X402Version::V1), Just(X402Version::V2)]
}

/// One `/supported` kind ([`SupportedKind`]).
pub fn supported_kind() -> impl Strategy<Value = SupportedKind> {
    (
        x402_version(),
        scheme(),
        any_network(),
        requirements_extra(),
        unknown_fields(SUPPORTED_KIND_KEYS),
    )
        .prop_map(
            |(x402_version, scheme, network, extra, unknown)| SupportedKind {
                x402_version,
                scheme,
                network,
                extra,
                unknown,
            },
        )
        .boxed()
}

/// `signers` of `/supported`: up to three distinct patterns, each with up to three addresses.
pub fn signers() -> impl Strategy<Value = Signers> {
    vec((network_pattern(), vec(address(), 0..4)), 0..4)
        .prop_map(|entries| {
            let mut out: Vec<(NetworkPattern, Vec<Address>)> = Vec::new();
            for (pattern, addresses) in entries {
                if !out.iter().any(|(p, _)| *p == pattern) {
                    out.push((pattern, addresses));
                }
            }
            Signers(out)
        })
        .boxed()
}

/// A `GET /supported` answer ([`SupportedResponse`]); `extensions` and `signers` are often
/// absent (v1 facilitators).
pub fn supported_response() -> impl Strategy<Value = SupportedResponse> {
    let extension_names = vec(
        prop_oneof![
            select(
                &[
                    BAZAAR,
                    EIP2612_GAS_SPONSORING,
                    ERC20_APPROVAL_GAS_SPONSORING,
                    PAYMENT_IDENTIFIER
                ][..]
            )
            .prop_map(str::to_owned),
            json_string(),
        ],
        0..4,
    );
    (
        vec(supported_kind(), 0..4),
        option::of(extension_names),
        option::of(signers()),
        unknown_fields(SUPPORTED_RESPONSE_KEYS),
    )
        .prop_map(|(kinds, extensions, signers, unknown)| SupportedResponse {
            kinds,
            extensions,
            signers,
            unknown,
        })
        .boxed()
}

/// `lastUpdated`: a unix time or an RFC 3339 date-time (with or without fraction, `Z`/`z` or an
/// offset).
pub fn last_updated() -> impl Strategy<Value = LastUpdated> {
    let iso = (
        (0u32..10_000, 1u32..=12, 1u32..=31),
        (0u32..24, 0u32..60, 0u32..=60),
        option::of("[0-9]{1,9}"),
        prop_oneof![
            Just("Z".to_owned()),
            Just("z".to_owned()),
            (select(&["+", "-"][..]), 0u32..24, 0u32..60)
                .prop_map(|(sign, h, m)| format!("{sign}{h:02}:{m:02}")),
        ],
        any::<bool>(),
    )
        .prop_map(|((y, mo, d), (h, mi, s), frac, zone, upper_t)| {
            let t = if upper_t { 'T' } else { 't' };
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            LastUpdated::Iso8601(format!(
                "{y:04}-{mo:02}-{d:02}{t}{h:02}:{mi:02}:{s:02}{frac}{zone}"
            ))
        });
    prop_oneof![
        any::<u64>().prop_map(LastUpdated::Unix),
        Just(LastUpdated::Unix(0)),
        iso,
    ]
    .boxed()
}

/// Discovery pagination.
pub fn pagination() -> impl Strategy<Value = Pagination> {
    (
        any::<u64>(),
        any::<u64>(),
        any::<u64>(),
        unknown_fields(PAGINATION_KEYS),
    )
        .prop_map(|(limit, offset, total, unknown)| Pagination {
            limit,
            offset,
            total,
            unknown,
        })
        .boxed()
}

/// One discovery item; its `accepts` are requirements of the item's own version, so
/// [`DiscoveryItem::accepts_v1`] / [`DiscoveryItem::accepts_v2`] decode them.
pub fn discovery_item() -> impl Strategy<Value = DiscoveryItem> {
    let accepts = prop_oneof![
        vec(v1_requirements(), 0..3).prop_map(|v| {
            (
                X402Version::V1,
                v.iter().filter_map(to_object).collect::<Vec<_>>(),
            )
        }),
        vec(v2_requirements(), 0..3).prop_map(|v| {
            (
                X402Version::V2,
                v.iter().filter_map(to_object).collect::<Vec<_>>(),
            )
        }),
    ];
    let kind = prop_oneof![
        select(&["http", "mcp"][..]).prop_map(str::to_owned),
        token_text()
    ]
    .prop_filter_map("token", |t| Token::parse(&t).ok());
    (
        token(),
        kind,
        accepts,
        last_updated(),
        option::of(json_object(2)),
        unknown_fields(DISCOVERY_ITEM_KEYS),
    )
        .prop_map(
            |(resource, kind, (x402_version, accepts), last_updated, metadata, unknown)| {
                DiscoveryItem {
                    resource,
                    kind,
                    x402_version,
                    accepts,
                    last_updated,
                    metadata,
                    unknown,
                }
            },
        )
        .boxed()
}

/// A `GET /discovery/resources` answer ([`DiscoveryResponse`]).
pub fn discovery_response() -> impl Strategy<Value = DiscoveryResponse> {
    (
        x402_version(),
        vec(discovery_item(), 0..3),
        pagination(),
        unknown_fields(DISCOVERY_RESPONSE_KEYS),
    )
        .prop_map(
            |(x402_version, items, pagination, unknown)| DiscoveryResponse {
                x402_version,
                items,
                pagination,
                unknown,
            },
        )
        .boxed()
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(p: &[&str]) -> Vec<Step> {
        p.iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key((*s).to_owned()),
            })
            .collect()
    }

    #[test]
    fn paths_cover_every_node_root_first() {
        let doc = json!({"a": [1, {"b": null}], "c": "x"});
        let all = all_paths(&doc);
        assert_eq!(all.len(), 6);
        assert!(all[0].is_empty());
    }

    #[test]
    fn each_mutation_does_what_it_says() {
        let doc = json!({"a": [1, 2], "s": "hello", "n": 7, "o": {"k": true}});
        // delete
        assert_eq!(
            mutate(doc.clone(), &path(&["s"]), 0, 0),
            json!({"a": [1, 2], "n": 7, "o": {"k": true}, })
        );
        assert_eq!(
            mutate(doc.clone(), &path(&["a", "0"]), 0, 0)["a"],
            json!([2])
        );
        // number → float, string, negative, huge
        assert_eq!(mutate(doc.clone(), &path(&["n"]), 2, 0)["n"], json!(7.5));
        assert_eq!(mutate(doc.clone(), &path(&["n"]), 2, 1)["n"], json!("7"));
        assert_eq!(mutate(doc.clone(), &path(&["n"]), 2, 2)["n"], json!(-8));
        assert_eq!(mutate(doc.clone(), &path(&["n"]), 2, 3)["n"], json!(1e300));
        // truncate
        assert_eq!(mutate(doc.clone(), &path(&["s"]), 3, 3)["s"], json!("hel"));
        // null, empty
        assert_eq!(mutate(doc.clone(), &path(&["o"]), 4, 0)["o"], Value::Null);
        assert_eq!(mutate(doc.clone(), &path(&["o"]), 5, 0)["o"], json!({}));
        // not applicable → type change
        let changed = mutate(doc.clone(), &path(&["s"]), 2, 9)["s"].clone();
        assert!(!changed.is_string());
        // the root cannot be deleted: its type changes
        assert!(!mutate(doc.clone(), &[], 0, 0).is_object());
    }

    #[test]
    fn a_mutation_never_leaves_the_node_unchanged() {
        // 1e20 + 0.5 == 1e20 in f64: the fallback must still change the value.
        let doc = json!({"f": 1e20});
        for seed in 0..8 {
            assert_ne!(mutate(doc.clone(), &path(&["f"]), 2, seed), doc);
        }
        let doc = json!(null);
        assert_ne!(mutate(doc.clone(), &[], 4, 0), doc);
    }

    #[test]
    fn rendering_keeps_the_value() {
        let doc = json!({"a/b": ["x\"y\\z\n", 1, -2, 0.5, null, true], "ü": {"": {}}});
        for seed in 0u8..64 {
            let mut r = Render {
                choices: Choices {
                    seed: vec![seed, seed.wrapping_mul(7), 3],
                    pos: 0,
                },
                out: String::new(),
            };
            r.value(&doc);
            let back: Value = serde_json::from_str(&r.out).unwrap();
            assert_eq!(back, doc, "{}", r.out);
        }
    }

    #[test]
    fn choices_are_total() {
        let mut c = Choices {
            seed: Vec::new(),
            pos: 0,
        };
        assert_eq!(c.next(), 0);
        assert_eq!(c.below(0), 0);
        let mut c = Choices {
            seed: vec![255, 255],
            pos: 0,
        };
        assert!(c.below(3) < 3);
    }
}
