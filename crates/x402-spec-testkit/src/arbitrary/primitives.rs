//! Strategies for scalars (amounts, timestamps, addresses, networks, tokens) and arbitrary JSON.

use super::*;

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
/// lowercase `0x`). All three parse to `address` (docs/protocol/evm.md §4.6: SDKs compare addresses
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
pub(super) fn other_address_text() -> impl Strategy<Value = String> {
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
pub(super) fn token_text() -> impl Strategy<Value = String> {
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
pub(super) fn json_float() -> impl Strategy<Value = Number> {
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
pub(super) fn json_key() -> impl Strategy<Value = String> {
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
pub(super) fn to_object<T: Serialize>(value: &T) -> Option<JsonObject> {
    match serde_json::to_value(value) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}
