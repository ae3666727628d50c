#![doc = include_str!("../README.md")]
// A trap would fail the request that hit it and leave the module-scope
// state of the isolate poisoned: no panicking shortcuts in the adapter.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod decision;
mod edge;
mod remote;
mod step;
mod wire;

pub use edge::Edge;
pub use step::Step;
