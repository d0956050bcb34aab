//! `headers.json`: the base64 header codec (x402-spec `header::decode_text`, then JSON).
//!
//! Reasons follow the format's vocabulary; x402-spec's `HeaderError` maps onto it one to one,
//! except that a misplaced `=` (which the base64 engine reports as an invalid byte) is a
//! padding error in the format's terms.

use base64::Engine as _;
use serde_json::{Value, json};
use x402_spec::header::{self, DecodeOptions, HeaderError};

use crate::VectorError;
use crate::format::{Case, Notes, Obj, Outcome, assemble, case, file as make_file, group, note};

const TOPIC: &str = "headers";

/// Outcome fields this topic computes.
pub(crate) const OUTCOME_KEYS: &[&str] = &["expected", "reason"];

/// Decodes `test.value` under the group's mode and size limit.
pub(crate) fn outcome(group: &Value, test: &Value) -> Result<Outcome, VectorError> {
    let mode = crate::format::str_field(group, "mode")?;
    let max = usize::try_from(crate::format::u64_field(group, "maxHeaderBytes")?)
        .map_err(|_| VectorError::Input("maxHeaderBytes does not fit usize".into()))?;
    let value = crate::format::str_field(test, "value")?;
    let opts = match mode {
        "strict" => DecodeOptions::strict(),
        "lenient" => DecodeOptions::lenient(),
        other => return Err(VectorError::Input(format!("unknown mode {other}"))),
    }
    .with_max_len(max);
    let primary = decode(value, opts, false)?;
    let mut fields = Obj::new();
    let accepted = primary.is_ok();
    // An acceptable test gives both sides: what an implementation that accepts must produce
    // (x402-spec's lenient decoder, or the text without its BOM) and the reason an implementation
    // that rejects should give (x402-spec's strict decoder).
    let (expected, reason) = match primary {
        Ok(obj) => {
            let alt = if crate::format::is_acceptable(test) {
                decode(value, DecodeOptions::strict().with_max_len(max), false)?.err()
            } else {
                None
            };
            (Some(obj), alt)
        }
        Err(r) => {
            let alt = if crate::format::is_acceptable(test) {
                decode(value, DecodeOptions::lenient().with_max_len(max), true)?.ok()
            } else {
                None
            };
            (alt, Some(r))
        }
    };
    if let Some(obj) = expected {
        fields.insert("expected".into(), json!({ "json": obj }));
    }
    if let Some(r) = reason {
        fields.insert("reason".into(), r.into());
    }
    Ok(Outcome { accepted, fields })
}

/// Decodes a header value to a JSON object, or the format's reason. With `strip_bom`, a
/// leading U+FEFF is removed before the JSON step (what TextDecoder does).
fn decode(
    value: &str,
    opts: DecodeOptions,
    strip_bom: bool,
) -> Result<Result<serde_json::Map<String, Value>, &'static str>, VectorError> {
    let text = match header::decode_text(value, opts) {
        Err(e) => return Ok(Err(reason_of(&e)?)),
        Ok(t) => t,
    };
    let text = if strip_bom {
        text.strip_prefix('\u{feff}').unwrap_or(&text)
    } else {
        &text
    };
    Ok(match serde_json::from_str::<Value>(text) {
        Err(_) => Err("invalid_json"),
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err("not_an_object"),
    })
}

fn reason_of(e: &HeaderError) -> Result<&'static str, VectorError> {
    Ok(match e {
        HeaderError::Empty => "empty",
        HeaderError::TooLarge { .. } => "too_large",
        // `=` is in the alphabet: an `=` the engine refuses is misplaced padding.
        HeaderError::InvalidCharacter { byte: b'=', .. } | HeaderError::Padding => {
            "base64_invalid_padding"
        }
        HeaderError::InvalidCharacter { .. } => "base64_invalid_character",
        HeaderError::NonCanonical => "base64_non_canonical",
        HeaderError::Utf8 => "invalid_utf8",
        other => return Err(VectorError::Crate(format!("unmapped header error {other}"))),
    })
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn b64_json(v: &Value) -> String {
    b64(v.to_string().as_bytes())
}

const SPEC_PR: &str = "eyJ4NDAyVmVyc2lvbiI6MiwiZXJyb3IiOiJQQVlNRU5ULVNJR05BVFVSRSBoZWFkZXIgaXMgcmVxdWlyZWQiLCJyZXNvdXJjZSI6eyJ1cmwiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbS9wcmVtaXVtLWRhdGEiLCJkZXNjcmlwdGlvbiI6IkFjY2VzcyB0byBwcmVtaXVtIG1hcmtldCBkYXRhIiwibWltZVR5cGUiOiJhcHBsaWNhdGlvbi9qc29uIn0sImFjY2VwdHMiOlt7InNjaGVtZSI6ImV4YWN0IiwibmV0d29yayI6ImVpcDE1NTo4NDUzMiIsImFtb3VudCI6IjEwMDAwIiwiYXNzZXQiOiIweDAzNkNiRDUzODQyYzU0MjY2MzRlNzkyOTU0MWVDMjMxOGYzZENGN2UiLCJwYXlUbyI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsIm1heFRpbWVvdXRTZWNvbmRzIjo2MCwiZXh0cmEiOnsibmFtZSI6IlVTREMiLCJ2ZXJzaW9uIjoiMiJ9fV19";
pub(crate) const SPEC_PS: &str = "eyJ4NDAyVmVyc2lvbiI6MiwicmVzb3VyY2UiOnsidXJsIjoiaHR0cHM6Ly9hcGkuZXhhbXBsZS5jb20vcHJlbWl1bS1kYXRhIiwiZGVzY3JpcHRpb24iOiJBY2Nlc3MgdG8gcHJlbWl1bSBtYXJrZXQgZGF0YSIsIm1pbWVUeXBlIjoiYXBwbGljYXRpb24vanNvbiJ9LCJhY2NlcHRlZCI6eyJzY2hlbWUiOiJleGFjdCIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJhbW91bnQiOiIxMDAwMCIsImFzc2V0IjoiMHgwMzZDYkQ1Mzg0MmM1NDI2NjM0ZTc5Mjk1NDFlQzIzMThmM2RDRjdlIiwicGF5VG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJtYXhUaW1lb3V0U2Vjb25kcyI6NjAsImV4dHJhIjp7Im5hbWUiOiJVU0RDIiwidmVyc2lvbiI6IjIifX0sInBheWxvYWQiOnsic2lnbmF0dXJlIjoiMHgyZDZhNzU4OGQ2YWNjYTUwNWNiZjBkOWE0YTIyN2UwYzUyYzZjMzQwMDhjOGU4OTg2YTEyODMyNTk3NjQxNzM2MDhhMmNlNjQ5NjY0MmUzNzdkNmRhOGRiYmY1ODM2ZTliZDE1MDkyZjllY2FiMDVkZWQzZDYyOTNhZjE0OGI1NzFjIiwiYXV0aG9yaXphdGlvbiI6eyJmcm9tIjoiMHg4NTdiMDY1MTlFOTFlM0E1NDUzODc5MWJEYmIwRTIyMzczZTM2YjY2IiwidG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJ2YWx1ZSI6IjEwMDAwIiwidmFsaWRBZnRlciI6IjE3NDA2NzIwODkiLCJ2YWxpZEJlZm9yZSI6IjE3NDA2NzIxNTQiLCJub25jZSI6IjB4ZjM3NDY2MTNjMmQ5MjBiNWZkYWJjMDg1NmYyYWViMmQ0Zjg4ZWU2MDM3YjhjYzVkMDRhNzFhNDQ2MmYxMzQ4MCJ9fX0=";
const SPEC_RESP_OK: &str = "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9";
const SPEC_RESP_FAIL: &str = "eyJzdWNjZXNzIjpmYWxzZSwiZXJyb3JSZWFzb24iOiJpbnN1ZmZpY2llbnRfZnVuZHMiLCJuZXR3b3JrIjoiZWlwMTU1Ojg0NTMyIn0=";
const SPEC_V1_XP: &str = "eyJ4NDAyVmVyc2lvbiI6MSwic2NoZW1lIjoiZXhhY3QiLCJuZXR3b3JrIjoiYmFzZS1zZXBvbGlhIiwicGF5bG9hZCI6eyJzaWduYXR1cmUiOiIweDJkNmE3NTg4ZDZhY2NhNTA1Y2JmMGQ5YTRhMjI3ZTBjNTJjNmMzNDAwOGM4ZTg5ODZhMTI4MzI1OTc2NDE3MzYwOGEyY2U2NDk2NjQyZTM3N2Q2ZGE4ZGJiZjU4MzZlOWJkMTUwOTJmOWVjYWIwNWRlZDNkNjI5M2FmMTQ4YjU3MWMiLCJhdXRob3JpemF0aW9uIjp7ImZyb20iOiIweDg1N2IwNjUxOUU5MWUzQTU0NTM4NzkxYkRiYjBFMjIzNzNlMzZiNjYiLCJ0byI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsInZhbHVlIjoiMTAwMDAiLCJ2YWxpZEFmdGVyIjoiMTc0MDY3MjA4OSIsInZhbGlkQmVmb3JlIjoiMTc0MDY3MjE1NCIsIm5vbmNlIjoiMHhmMzc0NjYxM2MyZDkyMGI1ZmRhYmMwODU2ZjJhZWIyZDRmODhlZTYwMzdiOGNjNWQwNGE3MWE0NDYyZjEzNDgwIn19fQ==";
const SPEC_V1_XPR: &str = "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJiYXNlLXNlcG9saWEiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9";

fn ht(id: &str, comment: &str, header_name: &str, value: impl Into<String>) -> Case {
    case(format!("headers/{id}"), comment)
        .input("header", header_name)
        .input("value", value.into())
}

/// A settle-response document whose standard encoding contains both `+` and `/` (so that its
/// URL-safe spelling differs), found deterministically.
fn url_doc() -> Result<Value, VectorError> {
    for i in 0..2000usize {
        let tildes = "~".repeat(i % 7);
        let qs = "?".repeat(i % 5);
        let d = json!({
            "success": true, "transaction": "", "network": "eip155:84532",
            "errorMessage": format!("??>>{tildes}{qs}")
        });
        let s = b64_json(&d);
        if s.contains('+') && s.contains('/') {
            return Ok(d);
        }
    }
    Err(VectorError::Case(
        "no document with + and / in its base64".into(),
    ))
}

/// A `{"x402Version":2,"pad":"aaa…"}` document whose base64 is exactly `len` characters.
fn padded(len: usize) -> Result<String, VectorError> {
    let bytes = len
        .checked_div(4)
        .and_then(|q| q.checked_mul(3))
        .ok_or_else(|| VectorError::Case("size".into()))?;
    let pre = "{\"x402Version\":2,\"pad\":\"";
    let suf = "\"}";
    let fill = bytes
        .checked_sub(pre.len().saturating_add(suf.len()))
        .ok_or_else(|| VectorError::Case("size too small".into()))?;
    let s = b64(format!("{pre}{}{suf}", "a".repeat(fill)).as_bytes());
    if s.len() == len {
        Ok(s)
    } else {
        Err(VectorError::Case(format!("padded({len}) gave {}", s.len())))
    }
}

fn finish(group_fields: &Value, cases: Vec<Case>) -> Result<Value, VectorError> {
    let mut tests = Vec::new();
    for c in cases {
        let o = outcome(group_fields, &c.probe())?;
        tests.push(assemble(TOPIC, c, o)?);
    }
    Ok(group(group_fields.clone(), tests))
}

fn notes() -> Notes {
    let mut n = Notes::default();
    n.add(
        "SpecExample",
        note(
            "SPEC_EXAMPLE",
            "Header value copied from an example of the x402 transport specification.",
        )
        .clause("transports-v2/http.md, transports-v1/http.md"),
    );
    n.add(
        "Utf8Text",
        note(
            "ENCODING",
            "JSON text with non-ASCII characters: base64 covers its UTF-8 bytes.",
        )
        .sdk(&[(
            "legacy",
            "btoa(data) on the JSON string: Latin-1 only, throws on other characters",
        )]),
    );
    n.add("Base64UrlSafe", note("SDK_SDK_DISAGREEMENT", "URL-safe base64 alphabet (RFC 4648 §5) instead of the standard one every encoder uses. Strict decoders refuse it; x402-spec's lenient decoder accepts a value written entirely in the URL-safe alphabet (some proxies re-encode headers that way), which no reference SDK does, so that lenient test is acceptable.").disagreement(11)
        .sdk(&[("ts", "rejects (Base64EncodedRegex)"), ("go", "rejects (StdEncoding)"), ("py", "silently drops '-' and '_' (base64.b64decode without validate) and decodes the rest")])
        .effect("A lenient decoder may decode different bytes than were sent."));
    n.add(
        "Base64MissingPadding",
        note(
            "SDK_SDK_DISAGREEMENT",
            "Standard alphabet without '=' padding.",
        )
        .disagreement(11)
        .sdk(&[
            ("ts", "accepts (atob is forgiving)"),
            ("go", "rejects"),
            ("py", "rejects (binascii.Error: Incorrect padding)"),
        ]),
    );
    n.add("Base64NonZeroPadBits", note("CANONICALIZATION", "The unused low bits of the last base64 character are not zero, so two spellings decode to the same bytes.").clause("RFC 4648 §3.5")
        .sdk(&[("ts", "accepts"), ("go", "accepts (StdEncoding is not Strict)"), ("py", "accepts")]));
    n.add("Base64Malformed", note("MALFORMED_INPUT", "Not base64 at all: misplaced or surplus padding, impossible length or foreign characters."));
    n.add("Base64Whitespace", note("ENCODING", "Whitespace inside the value (line wrapping, spaces, tabs). HTTP only strips it around the value.")
        .sdk(&[("ts", "rejects"), ("go", "rejects"), ("py", "silently drops it")]));
    n.add(
        "EmptyValue",
        note(
            "MALFORMED_INPUT",
            "The header is present but its value is empty.",
        ),
    );
    n.add(
        "NotJson",
        note("MALFORMED_INPUT", "The decoded text is not a JSON text."),
    );
    n.add(
        "JsonNonStandardLiteral",
        note(
            "PARSER_DIFFERENTIAL",
            "NaN / Infinity are not JSON; Python's json module accepts them.",
        )
        .sdk(&[("py", "json.loads accepts NaN")]),
    );
    n.add(
        "NotAnObject",
        note(
            "MALFORMED_INPUT",
            "Every x402 header carries a JSON object; other JSON values are rejected by the codec.",
        )
        .sdk(&[
            ("ts", "returns the value (JSON.parse + cast)"),
            ("py", "json.loads returns it; the typed decoders then fail"),
        ]),
    );
    n.add(
        "InvalidUtf8",
        note("ENCODING", "The decoded bytes are not valid UTF-8.").sdk(&[
            (
                "ts",
                "TextDecoder replaces the bytes with U+FFFD and decoding succeeds",
            ),
            ("py", "rejects (UnicodeDecodeError)"),
        ]),
    );
    n.add(
        "Utf8Bom",
        note(
            "PARSER_DIFFERENTIAL",
            "A UTF-8 byte-order mark before the JSON text.",
        )
        .clause("RFC 8259 §8.1")
        .sdk(&[
            ("ts", "TextDecoder strips the BOM: accepts"),
            ("go", "encoding/json rejects"),
            ("py", "json.loads rejects (Unexpected UTF-8 BOM)"),
        ]),
    );
    n.add("JsonDuplicateKey", note("PARSER_DIFFERENTIAL", "A key appears twice in one object (RFC 8259 §4: names SHOULD be unique). Rejecting is safest; accepting must keep the last value as the reference SDKs and x402-spec's JSON reader do (x402-spec's typed parsers then reject the document, see the wire topic).")
        .effect("Two parsers that pick different duplicates see different documents (e.g. a facilitator and a resource server)."));
    n.add("SizeLimit", note("RESOURCE_LIMIT", "Header size limit of the group (maxHeaderBytes), enforced before decoding. No reference SDK limits the value itself (HTTP servers limit total header size; Node's default for all headers is 16 KiB, x402-spec's default limit)."));
    n
}

fn strict_cases() -> Result<Vec<Case>, VectorError> {
    let url = url_doc()?;
    let url_std = b64_json(&url);
    let url_safe = url_std.replace('+', "-").replace('/', "_");
    let unpadded = json!({"success": true, "transaction": "", "network": "eip155:84532"});
    let unp = b64_json(&unpadded);
    let unp_stripped = unp.trim_end_matches('=').to_owned();
    let wrapped = format!(
        "{}\r\n{}",
        SPEC_PS.get(..76).unwrap_or_default(),
        SPEC_PS.get(76..).unwrap_or_default()
    );
    let utf8 = json!({"success": false, "errorReason": "insufficient_funds", "errorMessage": "Café ☕ — solde insuffisant", "transaction": "", "network": "eip155:84532"});
    let spec = |c: Case| c.flag("SpecExample");
    Ok(vec![
        spec(ht("strict/spec-payment-required", "The PAYMENT-REQUIRED example of transports-v2/http.md.", "PAYMENT-REQUIRED", SPEC_PR)).clause("transports-v2/http.md"),
        spec(ht("strict/spec-payment-signature", "The PAYMENT-SIGNATURE example of transports-v2/http.md (padded, one '=').", "PAYMENT-SIGNATURE", SPEC_PS)).clause("transports-v2/http.md"),
        spec(ht("strict/spec-payment-response-success", "The successful PAYMENT-RESPONSE example of transports-v2/http.md.", "PAYMENT-RESPONSE", SPEC_RESP_OK)).clause("transports-v2/http.md"),
        spec(ht("strict/spec-payment-response-failure", "The failed PAYMENT-RESPONSE example of transports-v2/http.md.", "PAYMENT-RESPONSE", SPEC_RESP_FAIL)).clause("transports-v2/http.md"),
        spec(ht("strict/spec-v1-x-payment", "The X-PAYMENT example of transports-v1/http.md (padded, '==').", "X-PAYMENT", SPEC_V1_XP)).clause("transports-v1/http.md"),
        spec(ht("strict/spec-v1-x-payment-response", "The X-PAYMENT-RESPONSE success example of transports-v1/http.md.", "X-PAYMENT-RESPONSE", SPEC_V1_XPR)).clause("transports-v1/http.md"),
        ht("strict/utf8-non-ascii", "Non-ASCII text is UTF-8 before base64 (a Latin-1 btoa encoder could not produce this).", "PAYMENT-RESPONSE", b64_json(&utf8)).flag("Utf8Text"),
        ht("strict/empty-object", "The shortest well-formed value: base64 of {}.", "PAYMENT-RESPONSE", "e30="),
        ht("strict/json-surrounding-whitespace", "JSON whitespace around the object is part of a valid JSON text (RFC 8259 §2).", "PAYMENT-RESPONSE", b64(b" {\"success\":true} \n")),
        ht("strict/url-safe-alphabet", "The URL-safe alphabet ('-' and '_' instead of '+' and '/') is not the header encoding.", "PAYMENT-RESPONSE", url_safe.clone()).flag("Base64UrlSafe"),
        ht("strict/url-safe-character-dropped", "A '-' inside otherwise standard base64: decoders that skip unknown characters read {} from it.", "PAYMENT-RESPONSE", "e3-0=").flag("Base64UrlSafe"),
        ht("strict/missing-padding", "The same bytes without the trailing '=' padding.", "PAYMENT-RESPONSE", unp_stripped.clone()).flag("Base64MissingPadding"),
        ht("strict/missing-double-padding", "A value that needs '==' given without it.", "X-PAYMENT", SPEC_V1_XP.trim_end_matches('=')).flag("Base64MissingPadding"),
        ht("strict/excess-padding", "One '=' too many.", "PAYMENT-RESPONSE", "e30==").flag("Base64Malformed"),
        ht("strict/padding-in-middle", "Two padded blocks concatenated: '=' inside the value.", "PAYMENT-RESPONSE", "e30=e30=").flag("Base64Malformed"),
        ht("strict/impossible-length", "Length 4k+1 without padding: no encoder produces it.", "PAYMENT-RESPONSE", "e30=e").flag("Base64Malformed"),
        ht("strict/padding-only", "A value made of padding alone.", "PAYMENT-RESPONSE", "====").flag("Base64Malformed"),
        ht("strict/line-wrapped", "MIME-style line break (CR LF) inside the value.", "PAYMENT-SIGNATURE", wrapped).flag("Base64Whitespace"),
        ht("strict/inner-space", "A space inside the value.", "PAYMENT-RESPONSE", "e3 0=").flag("Base64Whitespace"),
        ht("strict/inner-tab", "A tab inside the value.", "PAYMENT-RESPONSE", "e3\t0=").flag("Base64Whitespace"),
        ht("strict/trailing-space", "A space after the padding (the HTTP layer strips it; a decoder must not see it).", "PAYMENT-RESPONSE", "e30= ").flag("Base64Whitespace"),
        ht("strict/non-alphabet-character", "A character outside every base64 alphabet ('*').", "PAYMENT-RESPONSE", "e3*0").flag("Base64Malformed"),
        ht("strict/non-ascii-character", "A non-ASCII character ('é') inside the value.", "PAYMENT-RESPONSE", "e3é0=").flag("Base64Malformed"),
        ht("strict/non-zero-pad-bits", "\"e31=\" decodes to {} but its two pad bits are not zero (RFC 4648 §3.5 lets decoders reject it).", "PAYMENT-RESPONSE", "e31=").flag("Base64NonZeroPadBits").acceptable(),
        ht("strict/empty-value", "An empty header value.", "PAYMENT-SIGNATURE", "").flag("EmptyValue"),
        ht("strict/not-json", "Well-formed base64 of text that is not JSON.", "PAYMENT-SIGNATURE", b64(b"hello x402")).flag("NotJson"),
        ht("strict/json-trailing-garbage", "A JSON object followed by more text.", "PAYMENT-RESPONSE", b64(b"{\"success\":true} x")).flag("NotJson"),
        ht("strict/json-truncated", "A JSON object cut in the middle.", "PAYMENT-SIGNATURE", b64(b"{\"x402Version\":2,")).flag("NotJson"),
        ht("strict/json-single-quotes", "JavaScript-style single-quoted strings are not JSON.", "PAYMENT-RESPONSE", b64(b"{'success':true}")).flag("NotJson"),
        ht("strict/json-nan", "NaN is not JSON (RFC 8259) although some parsers accept it.", "PAYMENT-RESPONSE", b64(b"{\"success\":true,\"amount\":NaN}")).flag("JsonNonStandardLiteral"),
        ht("strict/json-array", "Valid JSON whose top level is an array, not an object.", "PAYMENT-SIGNATURE", b64(b"[{\"x402Version\":2}]")).flag("NotAnObject"),
        ht("strict/json-string", "Valid JSON whose top level is a string.", "PAYMENT-SIGNATURE", b64(b"\"x402\"")).flag("NotAnObject"),
        ht("strict/json-null", "The JSON literal null.", "PAYMENT-SIGNATURE", b64(b"null")).flag("NotAnObject"),
        ht("strict/json-number", "A bare JSON number.", "PAYMENT-REQUIRED", b64(b"402")).flag("NotAnObject"),
        ht("strict/invalid-utf8", "Decoded bytes are not UTF-8 (a lone 0xff inside a JSON string).", "PAYMENT-RESPONSE", b64(b"{\"errorMessage\":\"\xff\"}")).flag("InvalidUtf8"),
        ht("strict/utf8-overlong", "An overlong UTF-8 encoding of '/' (0xc0 0xaf) inside a JSON string.", "PAYMENT-RESPONSE", b64(b"{\"errorMessage\":\"\xc0\xaf\"}")).flag("InvalidUtf8"),
        ht("strict/utf8-bom", "Decoded text starts with a UTF-8 byte-order mark (RFC 8259 §8.1: senders MUST NOT add it, parsers MAY ignore it).", "PAYMENT-RESPONSE", b64(b"\xef\xbb\xbf{\"success\":true}")).flag("Utf8Bom").acceptable(),
        ht("strict/json-duplicate-key", "The object has the key \"success\" twice (false, then true); accepted values take the last one, as JavaScript, Go and Python do.", "PAYMENT-RESPONSE", b64(b"{\"success\":false,\"success\":true}")).flag("JsonDuplicateKey").acceptable(),
    ])
}

fn lenient_cases() -> Result<Vec<Case>, VectorError> {
    let url = url_doc()?;
    let url_safe = b64_json(&url).replace('+', "-").replace('/', "_");
    let unpadded = json!({"success": true, "transaction": "", "network": "eip155:84532"});
    let unp_stripped = b64_json(&unpadded).trim_end_matches('=').to_owned();
    Ok(vec![
        ht("lenient/spec-payment-signature", "The padded spec example also decodes in lenient mode.", "PAYMENT-SIGNATURE", SPEC_PS).flag("SpecExample").clause("transports-v2/http.md"),
        ht("lenient/missing-padding", "Lenient mode accepts the value without its '=' padding.", "PAYMENT-RESPONSE", unp_stripped).flag("Base64MissingPadding"),
        ht("lenient/missing-double-padding", "Lenient mode accepts a value that needs '==' without it.", "X-PAYMENT", SPEC_V1_XP.trim_end_matches('=')).flag("Base64MissingPadding"),
        ht("lenient/non-zero-pad-bits", "Lenient mode ignores non-zero pad bits.", "PAYMENT-RESPONSE", "e31=").flag("Base64NonZeroPadBits"),
        ht("lenient/non-zero-pad-bits-unpadded", "Non-zero pad bits and no padding together.", "PAYMENT-RESPONSE", "e31").flag("Base64NonZeroPadBits").flag("Base64MissingPadding"),
        ht("lenient/url-safe-alphabet", "A value written entirely in the URL-safe alphabet: no SDK decoder accepts it, x402-spec's lenient decoder does.", "PAYMENT-RESPONSE", url_safe).flag("Base64UrlSafe").acceptable(),
        ht("lenient/mixed-alphabets", "'+' and '-' in one value: no alphabet has both.", "PAYMENT-RESPONSE", "+-8=").flag("Base64UrlSafe"),
        ht("lenient/inner-space", "Lenient mode still rejects whitespace.", "PAYMENT-RESPONSE", "e3 0=").flag("Base64Whitespace"),
        ht("lenient/line-wrapped", "Lenient mode still rejects a line break.", "PAYMENT-RESPONSE", "e30\n=").flag("Base64Whitespace"),
        ht("lenient/non-alphabet-character", "Lenient mode still rejects foreign characters.", "PAYMENT-RESPONSE", "e3*0").flag("Base64Malformed"),
        ht("lenient/impossible-length", "Length 4k+1 cannot be decoded in any mode.", "PAYMENT-RESPONSE", "eyJhIjoxfQABC").flag("Base64Malformed"),
        ht("lenient/excess-padding", "Padding, when present, must still be right.", "PAYMENT-RESPONSE", "e30==").flag("Base64Malformed"),
        ht("lenient/padding-in-middle", "'=' inside the value is wrong in any mode.", "PAYMENT-RESPONSE", "e30=e30=").flag("Base64Malformed"),
        ht("lenient/empty-value", "An empty value is rejected in any mode.", "PAYMENT-SIGNATURE", "").flag("EmptyValue"),
        ht("lenient/invalid-utf8", "UTF-8 is checked in any mode.", "PAYMENT-RESPONSE", b64(b"{\"errorMessage\":\"\xff\"}")).flag("InvalidUtf8"),
        ht("lenient/json-array", "The object rule holds in any mode.", "PAYMENT-SIGNATURE", b64(b"[]")).flag("NotAnObject"),
    ])
}

fn size_cases() -> Result<Vec<Case>, VectorError> {
    Ok(vec![
        ht("size/at-limit", "A value of exactly maxHeaderBytes (1024) bytes.", "PAYMENT-SIGNATURE", padded(1024)?).flag("SizeLimit"),
        ht("size/one-under-limit", "A value of 1020 bytes (the largest multiple of 4 below the limit).", "PAYMENT-SIGNATURE", padded(1020)?).flag("SizeLimit"),
        ht("size/over-limit", "A value 4 bytes over maxHeaderBytes is rejected before decoding.", "PAYMENT-SIGNATURE", padded(1028)?).flag("SizeLimit"),
        ht("size/one-over-limit-malformed", "A 1025-byte value is too large, whatever its base64 validity: the size is checked first.", "PAYMENT-SIGNATURE", format!("{}A", padded(1024)?)).flag("SizeLimit"),
    ])
}

fn default_size_cases() -> Result<Vec<Case>, VectorError> {
    Ok(vec![
        ht(
            "default-size/at-limit",
            "A value of exactly 16 KiB, x402-spec's default limit.",
            "PAYMENT-SIGNATURE",
            padded(16_384)?,
        )
        .flag("SizeLimit"),
        ht(
            "default-size/over-limit",
            "A value of 16 KiB + 4 bytes.",
            "PAYMENT-SIGNATURE",
            padded(16_388)?,
        )
        .flag("SizeLimit"),
    ])
}

/// Builds `headers.json`.
pub(crate) fn file() -> Result<Value, VectorError> {
    let groups = vec![
        finish(
            &json!({"mode": "strict", "maxHeaderBytes": 16384}),
            strict_cases()?,
        )?,
        finish(
            &json!({"mode": "lenient", "maxHeaderBytes": 16384}),
            lenient_cases()?,
        )?,
        finish(
            &json!({"mode": "strict", "maxHeaderBytes": 1024}),
            size_cases()?,
        )?,
        finish(
            &json!({"mode": "lenient", "maxHeaderBytes": 16384}),
            default_size_cases()?,
        )?,
    ];
    make_file(
        TOPIC,
        &[
            "Base64 header codec of the x402 HTTP transport: value -> base64 -> UTF-8 -> JSON object.",
            "Compare decoded JSON as values, never the base64 text: SDKs serialise keys in different orders.",
        ],
        notes(),
        groups,
    )
}
