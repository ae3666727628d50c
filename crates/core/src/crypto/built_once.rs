//! Precomputation built the first time it is needed, then shared.
//!
//! Key material that only speeds verification up (a curve key's table, an
//! RSA key's Montgomery constants) is built when the key first verifies,
//! not when it is loaded: a key set's unused keys then cost nothing, and
//! loading a set never stalls on them. `race::OnceBox` needs neither std
//! nor locks; threads that race both build and one copy is dropped.

use alloc::boxed::Box;
use once_cell::race::OnceBox;

/// The value in `cell`, built by `build` if nobody has yet. `None` only if
/// `build` fails (and then the next call tries again).
pub(crate) fn get_or_build<T>(cell: &OnceBox<T>, build: impl FnOnce() -> Option<T>) -> Option<&T> {
    cell.get_or_try_init(|| build().map(Box::new).ok_or(()))
        .ok()
}
