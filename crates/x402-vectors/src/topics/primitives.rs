//! `primitives.json`: the scalar parsers of x402-spec (`primitives` module and the v1 network
//! table), with their typed errors mapped onto the format's reason vocabulary.

use serde_json::{Value, json};
use x402_spec::common::V1Network;
use x402_spec::primitives::{
    Address, AddressError, DecimalError, DecimalU256, EvmAddress, EvmAddressError, Network,
    NetworkError, NetworkPattern, SolanaAddress, SolanaAddressError, SolanaCluster, UnixTimestamp,
    V1_NETWORKS, v1_network,
};

use crate::VectorError;
use crate::fixtures::PAY_TO;
use crate::format::{
    Case, Notes, Obj, Outcome, assemble, case, file as make_file, group, hex, note,
};

const TOPIC: &str = "primitives";

/// Outcome fields this topic computes.
pub(crate) const OUTCOME_KEYS: &[&str] = &["expected", "reason"];

fn unmapped(what: &str, e: impl std::fmt::Display) -> VectorError {
    VectorError::Crate(format!("unmapped {what} error: {e}"))
}

fn decimal_reason(e: &DecimalError) -> Result<&'static str, VectorError> {
    Ok(match e {
        DecimalError::Empty => "empty",
        DecimalError::Sign { .. } => "sign",
        DecimalError::Whitespace { .. } => "whitespace",
        DecimalError::Hex { .. } => "hex",
        DecimalError::Exponent { .. } => "exponent",
        DecimalError::Fraction { .. } => "fraction",
        DecimalError::LeadingZero { .. } => "leading_zero",
        DecimalError::InvalidCharacter { .. } => "invalid_character",
        DecimalError::Overflow { .. } => "overflow",
        other => return Err(unmapped("decimal", other)),
    })
}

fn evm_reason(e: &EvmAddressError) -> Result<&'static str, VectorError> {
    Ok(match e {
        EvmAddressError::MissingPrefix { .. } => "missing_prefix",
        EvmAddressError::Length { .. } => "length",
        EvmAddressError::InvalidHex { .. } => "invalid_hex",
        EvmAddressError::BadChecksum { .. } => "bad_checksum",
        other => return Err(unmapped("EVM address", other)),
    })
}

fn address_reason(e: &AddressError) -> Result<&'static str, VectorError> {
    match e {
        AddressError::Empty => Ok("empty"),
        AddressError::Whitespace { .. } => Ok("whitespace"),
        AddressError::ControlCharacter { .. } => Ok("control_character"),
        AddressError::Evm(e) => evm_reason(e),
        other => Err(unmapped("address", other)),
    }
}

fn solana_reason(e: &SolanaAddressError) -> Result<&'static str, VectorError> {
    Ok(match e {
        SolanaAddressError::Empty => "empty",
        SolanaAddressError::Length { .. } | SolanaAddressError::DecodedLength { .. } => "length",
        SolanaAddressError::InvalidCharacter { .. } => "invalid_base58",
        other => return Err(unmapped("Solana address", other)),
    })
}

fn network_reason(e: &NetworkError) -> Result<&'static str, VectorError> {
    Ok(match e {
        NetworkError::Empty => "empty",
        NetworkError::V1Name { .. } | NetworkError::MissingSeparator { .. } => "missing_separator",
        NetworkError::NamespaceCharacter { .. } | NetworkError::NamespaceLength { .. } => {
            "bad_namespace"
        }
        NetworkError::ExtraSeparator { .. }
        | NetworkError::ReferenceCharacter { .. }
        | NetworkError::ReferenceLength { .. } => "bad_reference",
        other => return Err(unmapped("network", other)),
    })
}

fn cluster(c: Option<SolanaCluster>) -> Value {
    match c {
        None => Value::Null,
        Some(SolanaCluster::Mainnet) => "mainnet".into(),
        Some(SolanaCluster::Devnet) => "devnet".into(),
        Some(SolanaCluster::Testnet) => "testnet".into(),
    }
}

type Parsed = Result<Result<Value, &'static str>, VectorError>;

fn parse(kind: &str, s: &str) -> Parsed {
    Ok(match kind {
        "amount" => match DecimalU256::parse(s) {
            Ok(v) => Ok(json!({ "value": v.to_string() })),
            Err(e) => Err(decimal_reason(&e)?),
        },
        "unixTimestamp" => match UnixTimestamp::parse(s) {
            Ok(v) => Ok(json!({ "value": v.as_secs().to_string() })),
            Err(e) => Err(decimal_reason(&e)?),
        },
        "evmAddress" => match EvmAddress::parse(s) {
            Ok(a) => Ok(json!({ "checksummed": a.to_string(), "lowercase": hex(a.as_bytes()) })),
            Err(e) => Err(evm_reason(&e)?),
        },
        "address" => match Address::parse(s) {
            Ok(a) => {
                let kind = match &a {
                    Address::Evm(_) => "evm",
                    Address::Solana(_) => "solana",
                    _ => "other",
                };
                Ok(json!({ "kind": kind, "normalized": a.to_string() }))
            }
            Err(e) => Err(address_reason(&e)?),
        },
        "solanaAddress" => match SolanaAddress::parse(s) {
            Ok(a) => Ok(json!({ "normalized": a.to_string(), "bytes": hex(a.as_bytes()) })),
            Err(e) => Err(solana_reason(&e)?),
        },
        "caip2Network" => match Network::parse(s) {
            Ok(n) => Ok(json!({
                "normalized": n.to_string(),
                "namespace": n.namespace(),
                "reference": n.reference(),
                "evmChainId": n.evm_chain_id(),
                "solanaCluster": cluster(n.solana_cluster()),
            })),
            Err(e) => Err(network_reason(&e)?),
        },
        "networkPattern" => match NetworkPattern::parse(s) {
            Ok(p) => {
                let kind = match &p {
                    NetworkPattern::Exact(_) => "exact",
                    _ => "namespace",
                };
                Ok(json!({ "kind": kind, "normalized": p.to_string(), "namespace": p.namespace() }))
            }
            Err(e) => Err(network_reason(&e)?),
        },
        "v1Network" => match V1Network::parse(s) {
            Err(_) if s.is_empty() => Err("empty"),
            Err(_) => Err("unknown_network"),
            Ok(name) => match v1_network(name.as_str()) {
                None => Err("unknown_network"),
                Some(info) => {
                    let mut m = Obj::new();
                    m.insert("caip2".into(), info.caip2.into());
                    m.insert("chainId".into(), json!(info.chain_id));
                    if let Some(py) = info.python_chain_id {
                        m.insert("pythonChainId".into(), py.into());
                    }
                    Ok(Value::Object(m))
                }
            },
        },
        other => {
            return Err(VectorError::Input(format!(
                "unknown primitive type {other}"
            )));
        }
    })
}

/// Parses `test.input` with the group type's parser. A non-string input is offered to the
/// type's serde deserializer, which refuses it (`invalid_type`).
pub(crate) fn outcome(group: &Value, test: &Value) -> Result<Outcome, VectorError> {
    let kind = crate::format::str_field(group, "type")?;
    let input = test
        .get("input")
        .ok_or_else(|| VectorError::Input("missing `input`".into()))?;
    let parsed = match input.as_str() {
        Some(s) => parse(kind, s)?,
        None => {
            let refused = match kind {
                "amount" => serde_json::from_value::<DecimalU256>(input.clone()).is_err(),
                "unixTimestamp" => serde_json::from_value::<UnixTimestamp>(input.clone()).is_err(),
                "evmAddress" => serde_json::from_value::<EvmAddress>(input.clone()).is_err(),
                "address" => serde_json::from_value::<Address>(input.clone()).is_err(),
                "solanaAddress" => serde_json::from_value::<SolanaAddress>(input.clone()).is_err(),
                "caip2Network" => serde_json::from_value::<Network>(input.clone()).is_err(),
                "networkPattern" => {
                    serde_json::from_value::<NetworkPattern>(input.clone()).is_err()
                }
                "v1Network" => serde_json::from_value::<V1Network>(input.clone()).is_err(),
                other => {
                    return Err(VectorError::Input(format!(
                        "unknown primitive type {other}"
                    )));
                }
            };
            if !refused {
                return Err(VectorError::Crate(format!(
                    "{kind} accepted a non-string {input}"
                )));
            }
            Err("invalid_type")
        }
    };
    let mut fields = Obj::new();
    let accepted = parsed.is_ok();
    match parsed {
        Ok(v) => {
            fields.insert("expected".into(), v);
        }
        Err(r) => {
            fields.insert("reason".into(), r.into());
        }
    }
    Ok(Outcome { accepted, fields })
}

fn pt(id: &str, comment: &str, input: impl Into<Value>) -> Case {
    case(format!("primitives/{id}"), comment).input("input", input)
}

fn finish(kind: &str, cases: Vec<Case>) -> Result<Value, VectorError> {
    let g = json!({ "type": kind });
    let mut tests = Vec::new();
    for c in cases {
        let o = outcome(&g, &c.probe())?;
        tests.push(assemble(TOPIC, c, o)?);
    }
    Ok(group(g, tests))
}

const MAX_U256: &str =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";
const TWO_256: &str =
    "115792089237316195423570985008687907853269984665640564039457584007913129639936";
const USDC_MINT: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";

fn amounts() -> Vec<Case> {
    let lp = "LenientNumberParsing";
    vec![
        pt("amount/ten-thousand", "A plain atomic amount.", "10000"),
        pt("amount/zero", "Zero is a valid amount spelling (whether a zero payment is allowed is another matter).", "0").flag("EdgeValue"),
        pt("amount/one", "The smallest non-zero amount.", "1").flag("EdgeValue"),
        pt("amount/max-uint256", "2^256 - 1, the largest uint256.", MAX_U256).flag("EdgeValue"),
        pt("amount/above-2-pow-53", "2^53 + 1: exact as a string, not representable as a JavaScript number.", "9007199254740993").flag("EdgeValue"),
        pt("amount/eighteen-decimals", "One whole token of an 18-decimals asset (MegaUSD).", "1000000000000000000"),
        pt("amount/overflow", "2^256 does not fit uint256.", TWO_256).flag("EdgeValue"),
        pt("amount/overflow-79-digits", "A 79-digit value is over the uint256 range whatever its digits.", format!("1{}", "0".repeat(78))).flag("EdgeValue"),
        pt("amount/json-number", "A JSON number where a decimal string is required.", 10000).flag("WrongJsonType"),
        pt("amount/json-null", "null where a decimal string is required.", Value::Null).flag("WrongJsonType"),
        pt("amount/json-bool", "A JSON boolean.", true).flag("WrongJsonType"),
        pt("amount/empty", "The empty string is not zero.", "").flag(lp),
        pt("amount/leading-zero", "Leading zeros are not canonical.", "010").flag(lp),
        pt("amount/double-zero", "\"00\" is not the canonical zero.", "00").flag(lp),
        pt("amount/minus", "Negative sign.", "-1").flag(lp),
        pt("amount/plus", "Explicit plus sign.", "+10000").flag(lp),
        pt("amount/minus-zero", "\"-0\" is not zero.", "-0").flag(lp),
        pt("amount/surrounding-space", "Whitespace around the digits (Python int() and JS BigInt() accept it).", " 10000").flag(lp),
        pt("amount/trailing-newline", "A trailing newline.", "10000\n").flag(lp),
        pt("amount/inner-space", "A space between digits.", "10 000").flag(lp),
        pt("amount/hex", "Hex spelling (JS BigInt() accepts it).", "0x2710").flag(lp),
        pt("amount/hex-upper-x", "Hex spelling with 0X.", "0X2710").flag(lp),
        pt("amount/exponent", "Exponent notation.", "1e4").flag(lp),
        pt("amount/exponent-upper", "Exponent notation with E.", "1E4").flag(lp),
        pt("amount/fraction", "A decimal point.", "10000.0").flag(lp),
        pt("amount/fraction-leading-dot", "A leading decimal point.", ".5").flag(lp),
        pt("amount/underscore", "Digit separator (Python int() accepts \"10_000\").", "10_000").flag(lp),
        pt("amount/comma", "A thousands separator.", "10,000").flag(lp),
        pt("amount/non-ascii-digits", "Arabic-Indic digits (Python int() accepts them).", "١٠٠٠٠").flag(lp),
        pt("amount/fullwidth-digits", "Fullwidth digits (Python int() accepts them).", "１０").flag(lp),
    ]
}

fn stamps() -> Vec<Case> {
    vec![
        pt(
            "timestamp/spec-valid-before",
            "validBefore of the spec example.",
            "1740672154",
        ),
        pt("timestamp/zero", "The epoch.", "0").flag("EdgeValue"),
        pt(
            "timestamp/max-u64",
            "2^64 - 1 seconds.",
            "18446744073709551615",
        )
        .flag("EdgeValue"),
        pt(
            "timestamp/overflow",
            "2^64 does not fit u64.",
            "18446744073709551616",
        )
        .flag("EdgeValue"),
        pt(
            "timestamp/json-number",
            "A JSON number where a decimal string is required.",
            1_740_672_154u64,
        )
        .flag("WrongJsonType"),
        pt("timestamp/leading-zero", "Leading zero.", "01740672154").flag("LenientNumberParsing"),
        pt("timestamp/minus", "A negative time.", "-1").flag("LenientNumberParsing"),
        pt("timestamp/fraction", "Fractional seconds.", "1740672154.5")
            .flag("LenientNumberParsing"),
        pt("timestamp/exponent", "Exponent notation.", "17e8").flag("LenientNumberParsing"),
        pt("timestamp/empty", "Empty string.", "").flag("LenientNumberParsing"),
    ]
}

fn evm() -> Vec<Case> {
    let lower = PAY_TO.to_ascii_lowercase();
    let upper = format!(
        "0x{}",
        PAY_TO.get(2..).unwrap_or_default().to_ascii_uppercase()
    );
    vec![
        pt(
            "evm-address/eip55-example-1",
            "EIP-55 test vector (mixed case, valid checksum).",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        )
        .clause("EIP-55"),
        pt(
            "evm-address/eip55-example-2",
            "EIP-55 test vector.",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        )
        .clause("EIP-55"),
        pt(
            "evm-address/eip55-example-3",
            "EIP-55 test vector.",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        )
        .clause("EIP-55"),
        pt(
            "evm-address/eip55-example-4",
            "EIP-55 test vector.",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        )
        .clause("EIP-55"),
        pt(
            "evm-address/all-lowercase",
            "All-lowercase hex carries no checksum and is accepted.",
            lower.clone(),
        )
        .flag("AddressCase"),
        pt(
            "evm-address/all-uppercase",
            "All-uppercase hex digits carry no checksum and are accepted.",
            upper,
        )
        .flag("AddressCase"),
        pt(
            "evm-address/zero",
            "The zero address parses (whether it may be paid is another matter).",
            "0x0000000000000000000000000000000000000000",
        )
        .flag("EdgeValue"),
        pt(
            "evm-address/permit2",
            "Canonical Permit2.",
            "0x000000000022D473030F116dDEE9F6B43aC78BA3",
        ),
        pt(
            "evm-address/bad-checksum",
            "Mixed case with one letter's case flipped: a broken checksum.",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        )
        .flag("AddressChecksum"),
        pt(
            "evm-address/missing-prefix",
            "40 hex digits without 0x.",
            PAY_TO.get(2..).unwrap_or_default(),
        ),
        pt(
            "evm-address/upper-x-prefix",
            "\"0X\" prefix (an early exact-EVM scheme table allowed it; no SDK emits it).",
            format!("0X{}", PAY_TO.get(2..).unwrap_or_default()),
        )
        .flag("UpperCaseHexPrefix"),
        pt(
            "evm-address/empty",
            "The empty string has no 0x prefix.",
            "",
        ),
        pt(
            "evm-address/too-short",
            "39 hex digits.",
            PAY_TO.get(..41).unwrap_or_default(),
        ),
        pt(
            "evm-address/too-long",
            "41 hex digits.",
            format!("{lower}0"),
        ),
        pt(
            "evm-address/bytes32",
            "A 32-byte value is not an address.",
            "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480",
        ),
        pt(
            "evm-address/non-hex",
            "A 'g' among the digits.",
            format!("0xg{}", PAY_TO.get(3..).unwrap_or_default()),
        ),
        pt("evm-address/json-number", "A JSON number.", 0).flag("WrongJsonType"),
    ]
}

fn generic() -> Vec<Case> {
    vec![
        pt(
            "address/evm",
            "An EVM payTo is classified as EVM and normalised to EIP-55.",
            PAY_TO.to_ascii_lowercase(),
        ),
        pt(
            "address/evm-checksummed",
            "An EIP-55 payTo is kept.",
            PAY_TO,
        ),
        pt(
            "address/solana",
            "A Solana mint is classified as Solana.",
            USDC_MINT,
        ),
        pt(
            "address/role-constant",
            "A role constant is passed through verbatim (spec v2 §5.1.2).",
            "merchant",
        )
        .clause("x402 v2 §5.1.2"),
        pt(
            "address/iso-4217",
            "An ISO 4217 currency code as asset.",
            "USD",
        )
        .clause("x402 v2 §5.1.2"),
        pt(
            "address/aptos-style",
            "0x + 64 hex digits is not EVM-shaped: another chain family's address, kept verbatim.",
            "0x0000000000000000000000000000000000000000000000000000000000000001",
        ),
        pt(
            "address/evm-bad-checksum",
            "An EVM-shaped string with a bad checksum is an error, never silently 'other'.",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        )
        .flag("AddressChecksum"),
        pt(
            "address/evm-upper-x-prefix",
            "0X + 40 hex digits is EVM-shaped and must pass the EVM rules.",
            format!("0X{}", PAY_TO.get(2..).unwrap_or_default()),
        )
        .flag("UpperCaseHexPrefix"),
        pt("address/empty", "Empty payTo.", ""),
        pt(
            "address/surrounding-space",
            "Leading whitespace.",
            " merchant",
        ),
        pt(
            "address/inner-space",
            "Prose is not an address.",
            "the merchant",
        ),
        pt(
            "address/control-character",
            "A NUL character inside the value.",
            "merch\u{0}ant",
        ),
        pt("address/json-number", "A JSON number.", 1).flag("WrongJsonType"),
    ]
}

fn solana() -> Vec<Case> {
    vec![
        pt(
            "solana-address/usdc-mint",
            "The USDC mint on Solana mainnet.",
            USDC_MINT,
        ),
        pt(
            "solana-address/usdc-devnet-mint",
            "The USDC mint on devnet and testnet.",
            "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU",
        ),
        pt(
            "solana-address/system-program",
            "32 zero bytes: 32 '1' characters.",
            "11111111111111111111111111111111",
        )
        .flag("EdgeValue"),
        pt(
            "solana-address/token-program",
            "The SPL Token program id.",
            "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        ),
        pt(
            "solana-address/zero-char",
            "'0' is not in the base58 alphabet.",
            format!("0{}", USDC_MINT.get(1..).unwrap_or_default()),
        ),
        pt(
            "solana-address/capital-o",
            "'O' is not in the base58 alphabet.",
            format!("O{}", USDC_MINT.get(1..).unwrap_or_default()),
        ),
        pt(
            "solana-address/too-short",
            "Decodes to fewer than 32 bytes.",
            USDC_MINT.get(..40).unwrap_or_default(),
        ),
        pt(
            "solana-address/too-long",
            "45 characters cannot be 32 bytes.",
            format!("{USDC_MINT}1"),
        ),
        pt("solana-address/empty", "Empty string.", ""),
    ]
}

fn caip2() -> Vec<Case> {
    let g = "Caip2Grammar";
    vec![
        pt("caip2/base", "Base mainnet.", "eip155:8453"),
        pt("caip2/base-sepolia", "Base Sepolia.", "eip155:84532"),
        pt("caip2/ethereum", "Ethereum mainnet.", "eip155:1"),
        pt(
            "caip2/skale-base-sepolia",
            "A large chain id (324705682).",
            "eip155:324705682",
        ),
        pt(
            "caip2/solana-mainnet",
            "Solana mainnet by genesis hash prefix.",
            "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp",
        ),
        pt(
            "caip2/solana-devnet",
            "Solana devnet.",
            "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1",
        ),
        pt(
            "caip2/solana-testnet",
            "Solana testnet.",
            "solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z",
        ),
        pt(
            "caip2/solana-unknown-cluster",
            "A grammatical solana id that is none of the three clusters.",
            "solana:devnet",
        ),
        pt(
            "caip2/other-family",
            "Another chain family: grammatical, no EVM chain id.",
            "stellar:testnet",
        ),
        pt(
            "caip2/eip155-leading-zero",
            "Valid CAIP-2, but \"01\" is not a canonical EVM chain id.",
            "eip155:01",
        )
        .flag("NonCanonicalChainId"),
        pt(
            "caip2/eip155-hex-reference",
            "Valid CAIP-2, but a hex reference is not an EVM chain id.",
            "eip155:0x2105",
        )
        .flag("NonCanonicalChainId"),
        pt(
            "caip2/eip155-u64-overflow",
            "Valid CAIP-2 whose decimal reference exceeds u64.",
            "eip155:18446744073709551616",
        )
        .flag("NonCanonicalChainId"),
        pt("caip2/empty", "Empty string.", "").flag(g),
        pt(
            "caip2/empty-reference",
            "\"eip155:\" has no reference (TS zod accepts it: length >= 3 and contains ':').",
            "eip155:",
        )
        .flag(g),
        pt("caip2/empty-namespace", "\":1\" has no namespace.", ":1").flag(g),
        pt(
            "caip2/upper-case-namespace",
            "Namespaces are lower case.",
            "EIP155:1",
        )
        .flag(g),
        pt(
            "caip2/short-namespace",
            "A namespace has at least 3 characters.",
            "ab:1",
        )
        .flag(g),
        pt(
            "caip2/long-namespace",
            "A namespace has at most 8 characters.",
            "abcdefghi:1",
        )
        .flag(g),
        pt(
            "caip2/long-reference",
            "A reference has at most 32 characters.",
            format!("eip155:{}", "1".repeat(33)),
        )
        .flag(g),
        pt(
            "caip2/reference-character",
            "'.' is not allowed in a reference.",
            "eip155:84.532",
        )
        .flag(g),
        pt(
            "caip2/extra-segment",
            "A second ':' (Go Network.Parse rejects it too).",
            "eip155:8453:extra",
        )
        .flag(g),
        pt(
            "caip2/v1-name",
            "A v1 network name is not a CAIP-2 id.",
            "base",
        )
        .flag(g),
        pt("caip2/no-separator", "Some text without ':'.", "mainnet").flag(g),
        pt("caip2/json-number", "A JSON number.", 8453).flag("WrongJsonType"),
    ]
}

fn patterns() -> Vec<Case> {
    vec![
        pt(
            "network-pattern/eip155-wildcard",
            "Namespace wildcard used as a signers key in GET /supported.",
            "eip155:*",
        ),
        pt(
            "network-pattern/solana-wildcard",
            "Solana namespace wildcard.",
            "solana:*",
        ),
        pt(
            "network-pattern/exact",
            "An exact CAIP-2 id is also a pattern.",
            "eip155:84532",
        ),
        pt(
            "network-pattern/wildcard-namespace",
            "The namespace cannot be a wildcard.",
            "*:*",
        )
        .flag("Caip2Grammar"),
        pt(
            "network-pattern/bare-wildcard",
            "A lone '*' is not a pattern.",
            "*",
        )
        .flag("Caip2Grammar"),
        pt(
            "network-pattern/partial-wildcard",
            "Only a whole reference can be a wildcard.",
            "eip155:84*",
        )
        .flag("Caip2Grammar"),
        pt(
            "network-pattern/upper-case",
            "Namespaces are lower case in patterns too.",
            "EIP155:*",
        )
        .flag("Caip2Grammar"),
    ]
}

fn v1_names() -> Vec<Case> {
    let mut out: Vec<Case> = V1_NETWORKS
        .iter()
        .map(|info| {
            let c = pt(
                &format!("v1-network/{}", info.name),
                &format!(
                    "The v1 name {} and its CAIP-2 id (docs/protocol/networks.md §5.1).",
                    info.name
                ),
                info.name,
            )
            .clause("docs/protocol/networks.md §5.1");
            if info.python_chain_id.is_some() {
                c.flag("PythonV1ChainIds")
            } else {
                c
            }
        })
        .collect();
    out.extend([
        pt(
            "v1-network/unknown",
            "kairos-testnet (used by an old spec example) is in no SDK table.",
            "kairos-testnet",
        )
        .flag("UnknownV1Network"),
        pt("v1-network/wrong-case", "Names are case-sensitive.", "Base").flag("UnknownV1Network"),
        pt(
            "v1-network/caip2-id",
            "A CAIP-2 id is not a v1 name.",
            "eip155:8453",
        )
        .flag("UnknownV1Network"),
        pt("v1-network/empty", "Empty string.", "").flag("UnknownV1Network"),
    ]);
    out
}

fn notes() -> Notes {
    let mut n = Notes::default();
    n.add(
        "EdgeValue",
        note(
            "EDGE_CASE",
            "Smallest or largest value of the type, or one past it.",
        ),
    );
    n.add("WrongJsonType", note("MALFORMED_INPUT", "The value has the wrong JSON type: amounts, timestamps, addresses and networks are JSON strings (precision is lost above 2^53 in JavaScript numbers).").clause("docs/protocol/wire.md §1"));
    n.add("LenientNumberParsing", note("AMOUNT_CONFUSION", "Spellings that a lenient integer parser accepts: JS BigInt() takes hex and whitespace, Python int() takes '_', whitespace and non-ASCII digits. Only ^(0|[1-9][0-9]*)$ is accepted.")
        .sdk(&[("ts", "BigInt(s): accepts 0x hex and surrounding whitespace"), ("go", "big.Int.SetString(s, 10): decimal only, accepts leading zeros and a sign"), ("py", "int(s): accepts '_', whitespace, signs and Unicode digits")])
        .effect("Two components can read different amounts from the same document."));
    n.add(
        "AddressCase",
        note(
            "CANONICALIZATION",
            "Single-case hex carries no EIP-55 checksum; it is accepted and normalised to EIP-55.",
        ),
    );
    n.add(
        "AddressChecksum",
        note(
            "RECIPIENT_CONFUSION",
            "Mixed-case address whose EIP-55 checksum is wrong: likely a typo, must be rejected.",
        )
        .clause("EIP-55")
        .sdk(&[
            ("ts", "getAddress throws"),
            ("go", "strings.EqualFold comparison ignores case"),
            ("py", ".lower() comparison ignores case"),
        ]),
    );
    n.add("UpperCaseHexPrefix", note("SPEC_SDK_DISAGREEMENT", "An early exact-EVM scheme table allowed a \"0X\" prefix; current specs, SDK encoders and EIP-55 use \"0x\"."));
    n.add("NonCanonicalChainId", note("NETWORK_CONFUSION", "A CAIP-2 reference that is grammatical but not the canonical decimal chain id; it must not be mapped to an EVM chain.")
        .sdk(&[("ts", "parseInt(\"01\") = 1, parseInt(\"0x2105\") = 0"), ("go", "big.Int SetString(\"01\", 10) = 1")]));
    n.add("Caip2Grammar", note("NETWORK_CONFUSION", "Violates the CAIP-2 grammar (namespace [-a-z0-9]{3,8} ':' reference [-_a-zA-Z0-9]{1,32}), or the pattern grammar (namespace ':*').").disagreement(32)
        .sdk(&[("ts", "zod: length >= 3 and contains ':'"), ("go", "Network.Parse: exactly one ':'"), ("py", "no check")]));
    n.add("PythonV1ChainIds", note("SDK_SDK_DISAGREEMENT", "The Python SDK maps this v1 name to a different chain id than TS, Go and the legacy package (pythonChainId), giving a different EIP-712 domain.").disagreement(28));
    n.add(
        "UnknownV1Network",
        note(
            "NETWORK_CONFUSION",
            "Not a v1 network name of any SDK table (names are case-sensitive).",
        ),
    );
    n
}

/// Builds `primitives.json`.
pub(crate) fn file() -> Result<Value, VectorError> {
    let groups = vec![
        finish("amount", amounts())?,
        finish("unixTimestamp", stamps())?,
        finish("evmAddress", evm())?,
        finish("address", generic())?,
        finish("solanaAddress", solana())?,
        finish("caip2Network", caip2())?,
        finish("networkPattern", patterns())?,
        finish("v1Network", v1_names())?,
    ];
    make_file(
        TOPIC,
        &[
            "Scalar values inside x402 documents. `input` is the JSON value as it appears in a document.",
        ],
        notes(),
        groups,
    )
}
