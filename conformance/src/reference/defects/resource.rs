//! Seeded misbehaviours of the reference resource server (`serve-resource --defect NAME`), proving the server-role cases catch them.

use std::fmt;
use std::str::FromStr;

use crate::names::UnknownName;

/// A deliberate defect of the reference resource server (`server --defect NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ResourceDefect {
    /// Answer 500 to a `PAYMENT-SIGNATURE` that does not decode.
    Garbage500,
    /// Verify but never settle: grant access with a made-up `PAYMENT-RESPONSE` (replays work).
    SkipSettlement,
    /// Leave `PAYMENT-RESPONSE` out of the successful answer.
    NoPaymentResponse,
    /// Offer `payTo` and `asset` in lowercase (not EIP-55).
    LowercaseAddresses,
    /// Offer an EIP-3009 asset without `extra.name`/`extra.version`.
    MissingEip712Domain,
    /// Grant access to a payment whose `accepted` matches no offer (pays the first offer).
    IgnoreMatching,
    /// Leak the internal `Settlement-Overrides` header on the paid answer.
    LeakSettlementOverrides,
    /// Send no `Access-Control-Expose-Headers`.
    NoCorsExpose,
    /// Forward the facilitator's `EXTENSION-RESPONSES` side channel to the buyer (the header and
    /// an `extensionResponses` member in `PAYMENT-RESPONSE`).
    LeakExtensionResponses,
    /// Send no `Cache-Control` on the 402 and on the paid answer.
    Cacheable,
    /// Offer EIP-3009 `exact` with `extra.paymentFlow: "escrow"`, a flow the scheme lacks.
    UnsupportedFlow,
    /// Fail open: when the facilitator errs (an error status, an unreadable answer, no answer),
    /// serve the resource anyway.
    FailOpen,
    /// Treat `settlement_pending` as settled: serve at once, without retrying.
    ServeOnPending,
    /// Treat `settlement_pending` as a failure: answer 402 without retrying.
    NoPendingRetry,
    /// Send the same `/settle` again after it succeeded.
    SettleTwice,
    /// Settle without calling `/verify` first.
    SettleWithoutVerify,
    /// Declare a bazaar extension whose schema `$ref`s a document on another host.
    ExternalSchemaRef,
}

impl ResourceDefect {
    /// Every defect.
    pub const ALL: [ResourceDefect; 17] = [
        ResourceDefect::Garbage500,
        ResourceDefect::SkipSettlement,
        ResourceDefect::NoPaymentResponse,
        ResourceDefect::LowercaseAddresses,
        ResourceDefect::MissingEip712Domain,
        ResourceDefect::IgnoreMatching,
        ResourceDefect::LeakSettlementOverrides,
        ResourceDefect::NoCorsExpose,
        ResourceDefect::LeakExtensionResponses,
        ResourceDefect::Cacheable,
        ResourceDefect::UnsupportedFlow,
        ResourceDefect::FailOpen,
        ResourceDefect::ServeOnPending,
        ResourceDefect::NoPendingRetry,
        ResourceDefect::SettleTwice,
        ResourceDefect::SettleWithoutVerify,
        ResourceDefect::ExternalSchemaRef,
    ];

    /// The kebab-case name used on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            ResourceDefect::Garbage500 => "garbage-500",
            ResourceDefect::SkipSettlement => "skip-settlement",
            ResourceDefect::NoPaymentResponse => "no-payment-response",
            ResourceDefect::LowercaseAddresses => "lowercase-addresses",
            ResourceDefect::MissingEip712Domain => "missing-eip712-domain",
            ResourceDefect::IgnoreMatching => "ignore-matching",
            ResourceDefect::LeakSettlementOverrides => "leak-settlement-overrides",
            ResourceDefect::NoCorsExpose => "no-cors-expose",
            ResourceDefect::LeakExtensionResponses => "leak-extension-responses",
            ResourceDefect::Cacheable => "cacheable",
            ResourceDefect::UnsupportedFlow => "unsupported-flow",
            ResourceDefect::FailOpen => "fail-open",
            ResourceDefect::ServeOnPending => "serve-on-pending",
            ResourceDefect::NoPendingRetry => "no-pending-retry",
            ResourceDefect::SettleTwice => "settle-twice",
            ResourceDefect::SettleWithoutVerify => "settle-without-verify",
            ResourceDefect::ExternalSchemaRef => "external-schema-ref",
        }
    }

    /// One-line description.
    pub const fn description(self) -> &'static str {
        match self {
            ResourceDefect::Garbage500 => "answer 500 to an undecodable PAYMENT-SIGNATURE",
            ResourceDefect::SkipSettlement => {
                "verify but never settle, and answer 200 with a made-up PAYMENT-RESPONSE"
            }
            ResourceDefect::NoPaymentResponse => "omit PAYMENT-RESPONSE from the paid answer",
            ResourceDefect::LowercaseAddresses => "offer payTo and asset in lowercase",
            ResourceDefect::MissingEip712Domain => "offer USDC without extra.name/version",
            ResourceDefect::IgnoreMatching => {
                "settle a payment whose accepted matches no offer against the first offer"
            }
            ResourceDefect::LeakSettlementOverrides => {
                "send the internal Settlement-Overrides header to the client"
            }
            ResourceDefect::NoCorsExpose => "send no Access-Control-Expose-Headers",
            ResourceDefect::LeakExtensionResponses => {
                "forward the facilitator's EXTENSION-RESPONSES to the client"
            }
            ResourceDefect::Cacheable => "send no Cache-Control on the 402 and on the paid answer",
            ResourceDefect::UnsupportedFlow => "offer exact EIP-3009 with paymentFlow escrow",
            ResourceDefect::FailOpen => "serve the resource when the facilitator errs or hangs",
            ResourceDefect::ServeOnPending => "serve on settlement_pending without retrying",
            ResourceDefect::NoPendingRetry => "answer 402 to settlement_pending without retrying",
            ResourceDefect::SettleTwice => "send the same /settle again after it succeeded",
            ResourceDefect::SettleWithoutVerify => "settle without calling /verify first",
            ResourceDefect::ExternalSchemaRef => {
                "declare a bazaar schema that $refs a document on another host"
            }
        }
    }

    /// The `--help` text listing every defect.
    pub fn help_text() -> String {
        let mut s = String::from("Resource-server defects (repeat --defect for several):\n");
        for d in ResourceDefect::ALL {
            s.push_str(&format!("  {:<26} {}\n", d.name(), d.description()));
        }
        s
    }
}

impl fmt::Display for ResourceDefect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ResourceDefect {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResourceDefect::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .ok_or_else(|| UnknownName {
                what: "resource-server defect",
                given: s.to_owned(),
                known: ResourceDefect::ALL
                    .iter()
                    .map(|d| d.name().to_owned())
                    .collect(),
            })
    }
}
