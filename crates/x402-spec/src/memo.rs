//! Tiny per-thread memo tables for pure, repeated computations (EIP-55 checksum checks, EIP-712
//! domain separators). A facilitator sees the same `payTo`, asset and token domain on almost
//! every request; remembering the last few results saves a keccak each. Results are identical
//! with or without the table (a test asserts it); a table that is busy is simply bypassed.

use std::cell::RefCell;

/// Entries kept per table.
const SLOTS: usize = 8;

/// A fixed-size table with round-robin replacement.
#[derive(Debug)]
pub(crate) struct Memo<K, V> {
    entries: [Option<(K, V)>; SLOTS],
    next: usize,
}

impl<K: PartialEq, V: Clone> Memo<K, V> {
    pub(crate) const fn new() -> Self {
        Self {
            entries: [const { None }; SLOTS],
            next: 0,
        }
    }

    fn get_or_insert(
        &mut self,
        matches: impl Fn(&K) -> bool,
        make_key: impl FnOnce() -> K,
        compute: &mut dyn FnMut() -> V,
    ) -> V {
        if let Some((_, v)) = self.entries.iter().flatten().find(|(k, _)| matches(k)) {
            return v.clone();
        }
        let v = compute();
        if let Some(slot) = self.entries.get_mut(self.next) {
            *slot = Some((make_key(), v.clone()));
        }
        self.next = (self.next.wrapping_add(1)) % SLOTS;
        v
    }
}

/// Looks `matches` up in the thread's table, computing (and remembering) on a miss.
pub(crate) fn lookup<K: PartialEq + 'static, V: Clone + 'static>(
    table: &'static std::thread::LocalKey<RefCell<Memo<K, V>>>,
    matches: impl Fn(&K) -> bool,
    make_key: impl FnOnce() -> K,
    mut compute: impl FnMut() -> V,
) -> V {
    table
        .try_with(|cell| {
            cell.try_borrow_mut()
                .ok()
                .map(|mut memo| memo.get_or_insert(&matches, make_key, &mut compute))
        })
        .ok()
        .flatten()
        .unwrap_or_else(compute)
}
