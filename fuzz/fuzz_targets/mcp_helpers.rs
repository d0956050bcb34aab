//! The MCP transport helpers on arbitrary JSON: reading a `PaymentRequired` from a tool result,
//! a payment from `params._meta`, a receipt from a result's `_meta`; and what they read must
//! survive being attached again (`attach_payment` / `attach_receipt` / `tool_result_for_…`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use x402_spec::{PaymentRequired, mcp};

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    if let Ok(pr) = mcp::payment_required_from_tool_result(&v) {
        if let PaymentRequired::V2(pr2) = &pr {
            let result = mcp::tool_result_for_payment_required(pr2).expect("serializes");
            let again = mcp::payment_required_from_tool_result(&result).expect("own result reads");
            assert_eq!(
                serde_json::to_string(&again).ok(),
                serde_json::to_string(&pr).ok()
            );
        }
    }
    if let Ok(p) = mcp::payment_from_params(&v) {
        let mut params = json!({});
        mcp::attach_payment(&mut params, &p).expect("attaches to an object");
        let again = mcp::payment_from_params(&params).expect("own params read");
        assert_eq!(
            serde_json::to_string(&again).ok(),
            serde_json::to_string(&p).ok()
        );
        // Attaching to the fuzzed envelope itself works exactly when it is an object whose
        // `_meta` (if any) is an object.
        let mut envelope = v.clone();
        let _ = mcp::attach_payment(&mut envelope, &p);
    }
    if let Ok(r) = mcp::receipt_from_result(&v) {
        let mut result = json!({"content": []});
        mcp::attach_receipt(&mut result, &r).expect("attaches to an object");
        let again = mcp::receipt_from_result(&result).expect("own result reads");
        assert_eq!(
            serde_json::to_string(&again).ok(),
            serde_json::to_string(&r).ok()
        );
    }
});
