//! The input buffer: where the JS side writes tokens before a call.
//!
//! Measured (`make bench-js`): passing a 1 KB `&str`
//! through wasm-bindgen costs ~3 µs (a JS loop over the string), while
//! `TextEncoder.encodeInto` into wasm memory costs ~0.1 µs. So the JS side
//! asks for the buffer's address once ([`input_buffer`]), encodes into it,
//! and passes only the byte length. Tokens longer than the buffer take the
//! ordinary `&str` path, so no length rule lives in the binding.

use core::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Capacity of the input buffer: a 16 KiB token (the core's default cap)
/// in the worst case of 3 UTF-8 bytes per UTF-16 unit, plus slack.
pub const INPUT_CAPACITY: usize = 3 * 16 * 1024 + 16;

/// The `len` that selects the token stored by [`set_long_input`].
pub const LONG_INPUT: usize = u32::MAX as usize;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = RefCell::new(vec![0; INPUT_CAPACITY]);
    static LONG: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Stores a token too long for the input buffer (the slow, copying path);
/// the next call with `len` = [`LONG_INPUT`] reads it.
#[wasm_bindgen(js_name = setLongInput)]
pub fn set_long_input(token: String) {
    LONG.with(|long| *long.borrow_mut() = token);
}

/// The address of the input buffer in wasm memory (valid until the module
/// is dropped; the buffer never moves because it never grows).
#[wasm_bindgen(js_name = inputBuffer)]
pub fn input_buffer() -> usize {
    INPUT.with(|input| input.borrow_mut().as_mut_ptr() as usize)
}

/// The buffer's capacity in bytes.
#[wasm_bindgen(js_name = inputCapacity)]
pub fn input_capacity() -> usize {
    INPUT_CAPACITY
}

/// Runs `f` on the first `len` bytes the JS side wrote, as UTF-8.
///
/// `TextEncoder` always writes valid UTF-8, so the fallback (an empty
/// string, refused by the core as malformed) is only reached by a caller
/// that wrote the buffer some other way.
pub fn with_input<R>(len: usize, f: impl FnOnce(&str) -> R) -> R {
    if len == LONG_INPUT {
        return LONG.with(|long| f(&long.borrow()));
    }
    INPUT.with(|input| {
        let input = input.borrow();
        let bytes = input.get(..len).unwrap_or_default();
        f(core::str::from_utf8(bytes).unwrap_or_default())
    })
}
