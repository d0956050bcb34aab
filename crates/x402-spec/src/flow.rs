//! Payment flows: in which order a resource server verifies, serves and settles
//! (docs/protocol/deployed.md §1).
//!
//! @x402/core 2.27.0 (`server/paymentFlow.ts` in `server/index.js`) reserves two `extra` keys of
//! a requirement: `assetTransferMethod` (how the asset moves: `eip3009`, `permit2`, …; absent is
//! the scheme's default) and `paymentFlow`. A flow fixes the phases: `authorization` verifies
//! before the handler and settles after it, `upfront` settles before the handler, `escrow`
//! settles before (opening the escrow) and after (closing it). Each scheme declares, per
//! transfer method, the flows it supports and a default, which is `authorization` for every
//! scheme but the Solana `upto` channel. On the wire, `paymentFlow` is written only when the
//! flow is not `authorization` (`applyPaymentFlowWireExtra`); a requirement whose method or
//! flow the scheme does not support is a configuration error, refused before any 402 is sent.

use std::fmt;

use crate::wire::JsonObject;

/// The reserved `extra` key naming the flow.
pub const PAYMENT_FLOW_KEY: &str = "paymentFlow";
/// The reserved `extra` key naming the asset transfer method.
pub const ASSET_TRANSFER_METHOD_KEY: &str = "assetTransferMethod";

/// A payment flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PaymentFlow {
    /// Verify → serve → settle (the default).
    Authorization,
    /// Settle → serve.
    Upfront,
    /// Settle (open) → serve → settle (close).
    Escrow,
}

impl PaymentFlow {
    /// The wire name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Authorization => "authorization",
            Self::Upfront => "upfront",
            Self::Escrow => "escrow",
        }
    }

    /// Parses a wire name.
    #[must_use]
    pub fn from_wire(s: &str) -> Option<Self> {
        match s {
            "authorization" => Some(Self::Authorization),
            "upfront" => Some(Self::Upfront),
            "escrow" => Some(Self::Escrow),
            _ => None,
        }
    }

    /// The phases of the flow (@x402/core 2.27.0 `PAYMENT_FLOWS`).
    #[must_use]
    pub const fn phases(self) -> FlowPhases {
        match self {
            Self::Authorization => FlowPhases {
                verify_before_handler: true,
                settle_before_handler: false,
                settle_after_handler: true,
            },
            Self::Upfront => FlowPhases {
                verify_before_handler: false,
                settle_before_handler: true,
                settle_after_handler: false,
            },
            Self::Escrow => FlowPhases {
                verify_before_handler: false,
                settle_before_handler: true,
                settle_after_handler: true,
            },
        }
    }
}

impl fmt::Display for PaymentFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a resource server does around its handler under a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlowPhases {
    /// `POST /verify` before the handler runs.
    pub verify_before_handler: bool,
    /// `POST /settle` before the handler runs.
    pub settle_before_handler: bool,
    /// `POST /settle` after the handler ran.
    pub settle_after_handler: bool,
}

/// The flows a scheme supports with one asset transfer method, and its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowSupport {
    /// The transfer method's name.
    pub method: &'static str,
    /// Supported flows.
    pub supported: &'static [PaymentFlow],
    /// The flow when `paymentFlow` is absent.
    pub default: PaymentFlow,
}

const AUTH_UPFRONT: &[PaymentFlow] = &[PaymentFlow::Authorization, PaymentFlow::Upfront];
const AUTH: &[PaymentFlow] = &[PaymentFlow::Authorization];
const ESCROW: &[PaymentFlow] = &[PaymentFlow::Escrow];

/// The transfer methods of `scheme` on `network` with their flows, the default method first,
/// as the 2.27.0 scheme servers declare them (`paymentFlows`, `defaultAssetTransferMethod` of
/// @x402/evm exact and upto, @x402/svm exact and upto). `None` for a scheme or family the table
/// does not know.
#[must_use]
pub fn scheme_flows(scheme: &str, network: &str) -> Option<&'static [FlowSupport]> {
    const EVM_EXACT: &[FlowSupport] = &[
        FlowSupport {
            method: "eip3009",
            supported: AUTH_UPFRONT,
            default: PaymentFlow::Authorization,
        },
        FlowSupport {
            method: "permit2",
            supported: AUTH_UPFRONT,
            default: PaymentFlow::Authorization,
        },
    ];
    const EVM_UPTO: &[FlowSupport] = &[FlowSupport {
        method: "permit2",
        supported: AUTH,
        default: PaymentFlow::Authorization,
    }];
    const SVM_EXACT: &[FlowSupport] = &[FlowSupport {
        method: "default",
        supported: AUTH_UPFRONT,
        default: PaymentFlow::Authorization,
    }];
    const SVM_UPTO: &[FlowSupport] = &[FlowSupport {
        method: "channel",
        supported: ESCROW,
        default: PaymentFlow::Escrow,
    }];
    let family = network.split(':').next().unwrap_or("");
    match (family, scheme) {
        ("eip155", "exact") => Some(EVM_EXACT),
        ("eip155", "upto") => Some(EVM_UPTO),
        ("solana", "exact") => Some(SVM_EXACT),
        ("solana", "upto") => Some(SVM_UPTO),
        _ => None,
    }
}

/// The flow a requirement resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedFlow {
    /// The transfer method (named or the scheme's default).
    pub method: &'static str,
    /// The flow.
    pub flow: PaymentFlow,
}

/// Why a requirement's flow does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlowError {
    /// The flow table does not know the scheme on this network family.
    UnknownScheme {
        /// The scheme.
        scheme: String,
        /// The network.
        network: String,
    },
    /// `extra.assetTransferMethod` is not a string.
    MethodNotString,
    /// The scheme has no such transfer method.
    UnsupportedMethod {
        /// The method named.
        method: String,
    },
    /// `extra.paymentFlow` is not a string (nor null).
    FlowNotString,
    /// `extra.paymentFlow` names no flow of the protocol.
    UnknownFlow {
        /// The name.
        flow: String,
    },
    /// The transfer method does not support the flow.
    UnsupportedFlow {
        /// The transfer method.
        method: &'static str,
        /// The flow.
        flow: PaymentFlow,
    },
    /// A non-default flow is not written in `extra.paymentFlow`: a client could not tell the
    /// flow from the wire.
    FlowNotWritten {
        /// The flow the requirement has.
        flow: PaymentFlow,
    },
}

impl FlowError {
    /// The JSON pointer (inside the requirement) the error is about.
    #[must_use]
    pub const fn pointer(&self) -> &'static str {
        match self {
            Self::UnknownScheme { .. } => "/scheme",
            Self::MethodNotString | Self::UnsupportedMethod { .. } => "/extra/assetTransferMethod",
            Self::FlowNotString
            | Self::UnknownFlow { .. }
            | Self::UnsupportedFlow { .. }
            | Self::FlowNotWritten { .. } => "/extra/paymentFlow",
        }
    }
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownScheme { scheme, network } => {
                write!(f, "no flow table for scheme {scheme:?} on {network:?}")
            }
            Self::MethodNotString => f.write_str("extra.assetTransferMethod is not a string"),
            Self::UnsupportedMethod { method } => {
                write!(f, "the scheme has no asset transfer method {method:?}")
            }
            Self::FlowNotString => f.write_str("extra.paymentFlow is not a string"),
            Self::UnknownFlow { flow } => write!(
                f,
                "extra.paymentFlow {flow:?} is none of authorization, upfront, escrow"
            ),
            Self::UnsupportedFlow { method, flow } => {
                write!(
                    f,
                    "asset transfer method {method:?} does not support flow {flow}"
                )
            }
            Self::FlowNotWritten { flow } => write!(
                f,
                "the flow is {flow} but extra.paymentFlow is absent (only authorization may be implicit)"
            ),
        }
    }
}

impl std::error::Error for FlowError {}

/// Resolves the flow of a requirement of `scheme` on `network` with `extra` (@x402/core 2.27.0
/// `resolvePaymentFlow`): the transfer method is `extra.assetTransferMethod` or the scheme's
/// default, the flow is `extra.paymentFlow` (absent or `null`: the method's default), and the
/// pair must be one the scheme supports. A server must refuse to offer a requirement this
/// rejects.
///
/// # Errors
/// [`FlowError`] naming the member.
pub fn resolve(
    scheme: &str,
    network: &str,
    extra: Option<&JsonObject>,
) -> Result<ResolvedFlow, FlowError> {
    let table = scheme_flows(scheme, network).ok_or_else(|| FlowError::UnknownScheme {
        scheme: scheme.to_owned(),
        network: network.to_owned(),
    })?;
    let support = match extra.and_then(|e| e.get(ASSET_TRANSFER_METHOD_KEY)) {
        None => table.first(),
        Some(serde_json::Value::String(m)) => {
            let found = table.iter().find(|s| s.method == m);
            if found.is_none() {
                return Err(FlowError::UnsupportedMethod { method: m.clone() });
            }
            found
        }
        Some(_) => return Err(FlowError::MethodNotString),
    };
    let Some(support) = support else {
        return Err(FlowError::UnknownScheme {
            scheme: scheme.to_owned(),
            network: network.to_owned(),
        });
    };
    let flow = match extra.and_then(|e| e.get(PAYMENT_FLOW_KEY)) {
        None | Some(serde_json::Value::Null) => support.default,
        Some(serde_json::Value::String(f)) => {
            PaymentFlow::from_wire(f).ok_or_else(|| FlowError::UnknownFlow { flow: f.clone() })?
        }
        Some(_) => return Err(FlowError::FlowNotString),
    };
    if !support.supported.contains(&flow) {
        return Err(FlowError::UnsupportedFlow {
            method: support.method,
            flow,
        });
    }
    Ok(ResolvedFlow {
        method: support.method,
        flow,
    })
}

/// [`resolve`], plus the wire rule for what a server sends: a flow other than `authorization`
/// is written in `extra.paymentFlow` (@x402/core 2.27.0 `applyPaymentFlowWireExtra`), so that
/// the client and the facilitator see it.
///
/// # Errors
/// [`FlowError`] naming the member.
pub fn check_offered(
    scheme: &str,
    network: &str,
    extra: Option<&JsonObject>,
) -> Result<ResolvedFlow, FlowError> {
    let resolved = resolve(scheme, network, extra)?;
    let written = extra.is_some_and(|e| {
        e.get(PAYMENT_FLOW_KEY)
            .is_some_and(serde_json::Value::is_string)
    });
    if resolved.flow != PaymentFlow::Authorization && !written {
        return Err(FlowError::FlowNotWritten {
            flow: resolved.flow,
        });
    }
    Ok(resolved)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    fn extra(v: serde_json::Value) -> JsonObject {
        match v {
            serde_json::Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn defaults_and_supported_pairs() {
        let base = "eip155:84532";
        let r = resolve("exact", base, None).unwrap();
        assert_eq!((r.method, r.flow), ("eip3009", PaymentFlow::Authorization));
        let e = extra(json!({"assetTransferMethod": "permit2", "paymentFlow": "upfront"}));
        let r = resolve("exact", base, Some(&e)).unwrap();
        assert_eq!((r.method, r.flow), ("permit2", PaymentFlow::Upfront));
        let e = extra(json!({"paymentFlow": null}));
        assert_eq!(
            resolve("exact", base, Some(&e)).unwrap().flow,
            PaymentFlow::Authorization
        );
        let upto = resolve("upto", base, None).unwrap();
        assert_eq!(upto.method, "permit2");
        let svm = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
        assert_eq!(
            resolve("upto", svm, None).unwrap().flow,
            PaymentFlow::Escrow
        );
    }

    #[test]
    fn refusals_name_the_member() {
        let base = "eip155:84532";
        let e = extra(json!({"paymentFlow": "escrow"}));
        let err = resolve("exact", base, Some(&e)).unwrap_err();
        assert_eq!(
            err,
            FlowError::UnsupportedFlow {
                method: "eip3009",
                flow: PaymentFlow::Escrow
            }
        );
        assert_eq!(err.pointer(), "/extra/paymentFlow");
        let e = extra(json!({"paymentFlow": "upfront"}));
        assert!(matches!(
            resolve("upto", base, Some(&e)),
            Err(FlowError::UnsupportedFlow { .. })
        ));
        let e = extra(json!({"assetTransferMethod": "eip2612"}));
        let err = resolve("exact", base, Some(&e)).unwrap_err();
        assert_eq!(err.pointer(), "/extra/assetTransferMethod");
        let e = extra(json!({"paymentFlow": "later"}));
        assert!(matches!(
            resolve("exact", base, Some(&e)),
            Err(FlowError::UnknownFlow { .. })
        ));
        let e = extra(json!({"paymentFlow": 1}));
        assert_eq!(
            resolve("exact", base, Some(&e)),
            Err(FlowError::FlowNotString)
        );
        assert!(matches!(
            resolve("exact", "cosmos:hub", None),
            Err(FlowError::UnknownScheme { .. })
        ));
    }

    #[test]
    fn only_authorization_may_be_implicit() {
        let svm = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
        assert_eq!(
            check_offered("upto", svm, None),
            Err(FlowError::FlowNotWritten {
                flow: PaymentFlow::Escrow
            })
        );
        let e = extra(json!({"paymentFlow": "escrow"}));
        assert!(check_offered("upto", svm, Some(&e)).is_ok());
        assert!(check_offered("exact", "eip155:8453", None).is_ok());
        let phases = PaymentFlow::Upfront.phases();
        assert!(phases.settle_before_handler && !phases.settle_after_handler);
    }
}
