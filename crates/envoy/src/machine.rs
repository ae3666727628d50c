//! The fetch machines (key sets, revocation list) behind one interface,
//! from the core, so the adapter drives both with the same code.

pub use tokenward_core::remote::FetchMachine as Machine;
