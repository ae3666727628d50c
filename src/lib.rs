//! The npm binding of tokenward grows here (wasm-bindgen, issue 3).
//!
//! Until then the root package only re-exports the core, so the workspace keeps
//! the layout of DESIGN.md: the root package is the binding.
#![forbid(unsafe_code)]

pub use tokenward_core::*;
