#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// A trap kills the VM, and every request on its thread then fails.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod counters;
pub mod fetch;
pub mod filter;
pub mod host;
pub mod introspector;
pub mod lease;
pub mod machine;
pub mod shared_introspection;
pub mod shared_replay;

pub mod http;
pub mod latin1;
pub mod proxy_host;
pub mod root;

#[cfg(test)]
mod tests;

#[cfg(target_arch = "wasm32")]
proxy_wasm::main! {{
    proxy_wasm::set_log_level(proxy_wasm::types::LogLevel::Info);
    proxy_wasm::set_root_context(|context_id| Box::new(root::Root::new(context_id)));
}}
