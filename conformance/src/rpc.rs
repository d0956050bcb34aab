//! A minimal JSON-RPC client for `eth_call` and `eth_getCode`, used to confirm settlements on
//! chain and to read the environment of a run (`--rpc-url`). Its exchanges are never recorded in reports: RPC URLs often embed API keys.

use std::fmt;
use std::time::Duration;

use alloy_primitives::{Address, B256, U256, hex};
use serde_json::{Value, json};
use x402_spec::evm::calls::{self, EthCall};

use crate::http::HttpClient;

/// Why an RPC read failed (messages never contain the URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError(pub String);

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RpcError {}

/// A JSON-RPC endpoint.
#[derive(Debug, Clone)]
pub struct Rpc {
    client: HttpClient,
}

impl Rpc {
    /// A client for `url` with the per-request `timeout`.
    pub fn new(url: &str, timeout: Duration) -> Result<Rpc, RpcError> {
        HttpClient::new(url, timeout, 1024 * 1024)
            .map(|client| Rpc { client })
            .map_err(|e| RpcError(e.to_string()))
    }

    /// `eth_call` at the latest block; the returned bytes.
    pub async fn call(&self, call: &EthCall) -> Result<Vec<u8>, RpcError> {
        let body = json!({
            "jsonrpc": "2.0", "id": 1, "method": "eth_call",
            "params": [{ "to": call.to.to_string(), "data": hex::encode_prefixed(&call.data) }, "latest"],
        });
        let result = self.request(&body, "eth_call").await?;
        hex::decode(result).map_err(|e| RpcError(format!("eth_call result is not hex: {e}")))
    }

    /// `eth_getCode` at the latest block: the account's runtime code (empty for an account
    /// without code).
    pub async fn code_at(&self, account: Address) -> Result<Vec<u8>, RpcError> {
        let body = json!({
            "jsonrpc": "2.0", "id": 1, "method": "eth_getCode",
            "params": [account.to_string(), "latest"],
        });
        let result = self.request(&body, "eth_getCode").await?;
        hex::decode(result).map_err(|e| RpcError(format!("eth_getCode result is not hex: {e}")))
    }

    /// Sends one JSON-RPC request; its string `result`.
    async fn request(&self, body: &Value, method: &str) -> Result<String, RpcError> {
        let bytes = serde_json::to_vec(body).map_err(|e| RpcError(e.to_string()))?;
        let ex = self.client.post_json("", bytes).await;
        let r = ex
            .response
            .map_err(|e| RpcError(format!("the JSON-RPC endpoint did not answer: {}", e.kind)))?;
        let v: Value = r
            .json()
            .map_err(|m| RpcError(format!("JSON-RPC answer (HTTP {}): {m}", r.status)))?;
        if let Some(err) = v.get("error") {
            return Err(RpcError(format!("{method} failed: {err}")));
        }
        v.get("result")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| RpcError("JSON-RPC answer without a string `result`".to_owned()))
    }

    /// ERC-20 `balanceOf`.
    pub async fn balance_of(&self, token: Address, owner: Address) -> Result<U256, RpcError> {
        let out = self.call(&calls::balance_of(token, owner)).await?;
        calls::decode_balance_of(&out).map_err(|e| RpcError(e.to_string()))
    }

    /// EIP-3009 `authorizationState` (true once used or cancelled).
    pub async fn authorization_state(
        &self,
        token: Address,
        from: Address,
        nonce: B256,
    ) -> Result<bool, RpcError> {
        let out = self
            .call(&calls::authorization_state(token, from, nonce))
            .await?;
        calls::decode_authorization_state(&out).map_err(|e| RpcError(e.to_string()))
    }
}
