//! Seeded misbehaviours of the reference client (`reference-client --defect NAME`), proving the client-role cases catch them.

use std::fmt;
use std::str::FromStr;

use crate::names::UnknownName;

/// A deliberate mistake of the reference client (`reference-client --defect NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ClientDefect {
    /// Sign for a wrong EIP-712 domain version.
    WrongDomain,
    /// Use the same nonce for every payment.
    ReuseNonce,
    /// Ignore the maximum amount.
    IgnoreMaxAmount,
    /// Pay again (up to four more times) after a failed payment.
    RetryAfterFailure,
    /// Send the payment in the other version's header.
    WrongHeader,
    /// Echo `accepted` with its keys re-ordered (and the unknown ones dropped).
    RewriteAccepted,
    /// Sign a validity window of an hour, whatever `maxTimeoutSeconds` says.
    LongValidity,
    /// Authorize one unit more than the price.
    Overpay,
    /// Pay the first offer, whatever its scheme or network.
    PayFirstOffer,
}

impl ClientDefect {
    /// Every defect.
    pub const ALL: [ClientDefect; 9] = [
        ClientDefect::WrongDomain,
        ClientDefect::ReuseNonce,
        ClientDefect::IgnoreMaxAmount,
        ClientDefect::RetryAfterFailure,
        ClientDefect::WrongHeader,
        ClientDefect::RewriteAccepted,
        ClientDefect::LongValidity,
        ClientDefect::Overpay,
        ClientDefect::PayFirstOffer,
    ];

    /// The kebab-case name.
    pub const fn name(self) -> &'static str {
        match self {
            ClientDefect::WrongDomain => "wrong-domain",
            ClientDefect::ReuseNonce => "reuse-nonce",
            ClientDefect::IgnoreMaxAmount => "ignore-max-amount",
            ClientDefect::RetryAfterFailure => "retry-after-failure",
            ClientDefect::WrongHeader => "wrong-header",
            ClientDefect::RewriteAccepted => "rewrite-accepted",
            ClientDefect::LongValidity => "long-validity",
            ClientDefect::Overpay => "overpay",
            ClientDefect::PayFirstOffer => "pay-first-offer",
        }
    }

    /// One-line description.
    pub const fn description(self) -> &'static str {
        match self {
            ClientDefect::WrongDomain => "sign EIP-3009 with EIP-712 domain version \"99\"",
            ClientDefect::ReuseNonce => "use the same nonce for every payment",
            ClientDefect::IgnoreMaxAmount => "pay whatever the price",
            ClientDefect::RetryAfterFailure => "pay again, up to four more times, after a refusal",
            ClientDefect::WrongHeader => {
                "send v2 payments in X-PAYMENT and v1 in PAYMENT-SIGNATURE"
            }
            ClientDefect::RewriteAccepted => "echo accepted re-serialized with sorted keys",
            ClientDefect::LongValidity => {
                "sign validBefore = now + 3600 whatever maxTimeoutSeconds"
            }
            ClientDefect::Overpay => "authorize the price plus one unit",
            ClientDefect::PayFirstOffer => "pay the first EVM-looking offer, whatever its scheme",
        }
    }

    /// The `--help` text listing every defect.
    pub fn help_text() -> String {
        let mut s = String::from("Client defects (repeat --defect for several):\n");
        for d in ClientDefect::ALL {
            s.push_str(&format!("  {:<20} {}\n", d.name(), d.description()));
        }
        s
    }
}

impl fmt::Display for ClientDefect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ClientDefect {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClientDefect::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .ok_or_else(|| UnknownName {
                what: "client defect",
                given: s.to_owned(),
                known: ClientDefect::ALL
                    .iter()
                    .map(|d| d.name().to_owned())
                    .collect(),
            })
    }
}
