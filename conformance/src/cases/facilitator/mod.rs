//! The facilitator role: `facilitator/supported/*` ([`supported`]), malformed `/verify` and
//! `/settle` bodies (`facilitator/{verify,settle}/<malformed body>/*`, [`malformed`]), and signed
//! payments (`facilitator/{verify,settle}/<mechanism>/*`, [`payments`]).

pub mod malformed;
pub mod payments;
pub mod supported;

use crate::case::Case;

/// The facilitator cases, in catalogue order.
pub fn cases() -> Vec<Case> {
    let mut all = supported::cases();
    all.extend(malformed::cases());
    all.extend(payments::cases());
    all
}
