//! The instruction layouts of the reference `exact` payment (`specs/schemes/exact/scheme_exact_svm.md`,
//! §Facilitator Verification Rules, items 1, 3 and 4): Compute Budget `SetComputeUnitLimit`
//! (discriminator 2, `u32` LE units) and `SetComputeUnitPrice` (discriminator 3, `u64` LE
//! micro-lamports), SPL Token / Token-2022 `TransferChecked` (discriminator 12, `u64` LE amount,
//! `u8` decimals; accounts source, mint, destination, authority), and Memo (raw UTF-8, no accounts).
//!
//! Parsers take the data bytes and refuse any other length, as the program decoders the
//! @x402/svm 2.27.0 facilitator calls do (`@solana-program/compute-budget` 0.11,
//! `@solana-program/token` 0.9, `@solana-program/token-2022` 0.6).

/// `SetComputeUnitLimit` discriminator.
pub const SET_COMPUTE_UNIT_LIMIT: u8 = 2;
/// `SetComputeUnitPrice` discriminator.
pub const SET_COMPUTE_UNIT_PRICE: u8 = 3;
/// `TransferChecked` discriminator (SPL Token and Token-2022).
pub const TRANSFER_CHECKED: u8 = 12;
/// The price cap of the reference facilitator: 5 000 000 micro-lamports per compute unit
/// (`@x402/svm 2.27.0 dist/esm/chunk-YHVO7YOO.mjs`, `MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS`).
pub const MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS: u64 = 5_000_000;
/// The unit limit the reference client sets (`DEFAULT_COMPUTE_UNIT_LIMIT`, same file).
pub const DEFAULT_COMPUTE_UNIT_LIMIT: u32 = 20_000;
/// The unit price the reference client sets (`DEFAULT_COMPUTE_UNIT_PRICE_MICROLAMPORTS`).
pub const DEFAULT_COMPUTE_UNIT_PRICE_MICROLAMPORTS: u64 = 1;
/// Most instructions of the reference layout: limit, price, transfer and up to four
/// Lighthouse/Memo instructions (the 2.27.0 static path accepts 3..=7).
pub const MAX_INSTRUCTIONS: usize = 7;
/// Fewest instructions (limit, price, transfer).
pub const MIN_INSTRUCTIONS: usize = 3;

/// A decoded `TransferChecked`'s data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransferChecked {
    /// Atomic units.
    pub amount: u64,
    /// The decimals the payer asserts for the mint (the program fails when they differ).
    pub decimals: u8,
}

/// Data of `SetComputeUnitLimit`.
#[must_use]
pub fn compute_unit_limit_data(units: u32) -> Vec<u8> {
    let mut d = vec![SET_COMPUTE_UNIT_LIMIT];
    d.extend_from_slice(&units.to_le_bytes());
    d
}

/// Data of `SetComputeUnitPrice`.
#[must_use]
pub fn compute_unit_price_data(micro_lamports: u64) -> Vec<u8> {
    let mut d = vec![SET_COMPUTE_UNIT_PRICE];
    d.extend_from_slice(&micro_lamports.to_le_bytes());
    d
}

/// Data of `TransferChecked`.
#[must_use]
pub fn transfer_checked_data(t: TransferChecked) -> Vec<u8> {
    let mut d = vec![TRANSFER_CHECKED];
    d.extend_from_slice(&t.amount.to_le_bytes());
    d.push(t.decimals);
    d
}

/// The units of a `SetComputeUnitLimit`, if `data` is exactly one.
#[must_use]
pub fn parse_compute_unit_limit(data: &[u8]) -> Option<u32> {
    match data.split_first() {
        Some((&SET_COMPUTE_UNIT_LIMIT, rest)) => {
            <[u8; 4]>::try_from(rest).ok().map(u32::from_le_bytes)
        }
        _ => None,
    }
}

/// The price of a `SetComputeUnitPrice`, if `data` is exactly one.
#[must_use]
pub fn parse_compute_unit_price(data: &[u8]) -> Option<u64> {
    match data.split_first() {
        Some((&SET_COMPUTE_UNIT_PRICE, rest)) => {
            <[u8; 8]>::try_from(rest).ok().map(u64::from_le_bytes)
        }
        _ => None,
    }
}

/// A `TransferChecked`, if `data` is exactly one.
#[must_use]
pub fn parse_transfer_checked(data: &[u8]) -> Option<TransferChecked> {
    let (&TRANSFER_CHECKED, rest) = data.split_first()? else {
        return None;
    };
    let (amount, decimals) = rest.split_at_checked(8)?;
    let amount = u64::from_le_bytes(<[u8; 8]>::try_from(amount).ok()?);
    match decimals {
        [d] => Some(TransferChecked {
            amount,
            decimals: *d,
        }),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn layouts_round_trip_and_refuse_other_lengths() {
        assert_eq!(
            parse_compute_unit_limit(&compute_unit_limit_data(20_000)),
            Some(20_000)
        );
        assert_eq!(
            parse_compute_unit_price(&compute_unit_price_data(7)),
            Some(7)
        );
        let t = TransferChecked {
            amount: 1_000_000,
            decimals: 6,
        };
        assert_eq!(parse_transfer_checked(&transfer_checked_data(t)), Some(t));
        let mut long = transfer_checked_data(t);
        long.push(0);
        assert_eq!(parse_transfer_checked(&long), None);
        assert_eq!(parse_transfer_checked(&[12, 0, 0]), None);
        assert_eq!(parse_compute_unit_limit(&compute_unit_price_data(7)), None);
        assert_eq!(parse_compute_unit_price(&[3, 1, 2, 3]), None);
        assert_eq!(compute_unit_limit_data(20_000), vec![2, 0x20, 0x4e, 0, 0]);
    }
}
