//! A proxy-wasm filter that does nothing: every request goes on at once.
//! `make bench-envoy` runs it beside tokenward to show what any wasm
//! filter costs per request in Envoy (context creation and the calls into
//! the VM), before a single rule runs.
//!
//! Built with `cargo build -p tokenward-envoy --release --target
//! wasm32-wasip1 --example noop` (the `make bench-envoy` target does it).

#[cfg(target_arch = "wasm32")]
use proxy_wasm::traits::{Context, HttpContext, RootContext};
#[cfg(target_arch = "wasm32")]
use proxy_wasm::types::ContextType;

#[cfg(target_arch = "wasm32")]
proxy_wasm::main! {{
    proxy_wasm::set_root_context(|_| Box::new(NoopRoot));
}}

/// Creates one [`Noop`] per request.
#[cfg(target_arch = "wasm32")]
struct NoopRoot;

#[cfg(target_arch = "wasm32")]
impl Context for NoopRoot {}

#[cfg(target_arch = "wasm32")]
impl RootContext for NoopRoot {
    fn create_http_context(&self, _context_id: u32) -> Option<Box<dyn HttpContext>> {
        Some(Box::new(Noop))
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }
}

/// Every callback keeps its default: continue.
#[cfg(target_arch = "wasm32")]
struct Noop;

#[cfg(target_arch = "wasm32")]
impl Context for Noop {}

#[cfg(target_arch = "wasm32")]
impl HttpContext for Noop {}
