//! The root context: configuration, ticks, outgoing calls, and resuming
//! requests that waited for a refetch.

use crate::filter::{Filter, Next};
use crate::host::Host;
use crate::http::Http;
use crate::introspector::Introspector;
use crate::proxy_host::{ProxyHost, ProxyRequest};
use core::cell::RefCell;
use core::time::Duration;
use proxy_wasm::hostcalls;
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{BufferType, ContextType};
use std::rc::Rc;

/// How often machines and waiters are looked at.
const TICK: Duration = Duration::from_millis(200);

/// The first tick after `on_configure`, which starts the first fetches:
/// as soon as the worker thread's event loop runs.
const FIRST_TICK: Duration = Duration::from_millis(1);

/// One per VM (per worker thread, plus the main thread's).
///
/// Fetches start on ticks only, never in `on_configure`: Envoy checks a
/// plugin's configuration on a throwaway VM (proxy-wasm's "configuration
/// canary"), started and configured on the main thread and killed right
/// after. A fetch it started would never complete, and the lease it took
/// would hold every worker thread off for the fetch timeout plus a second.
/// Only VMs that live get ticks, and a ticking VM completes its calls.
#[derive(Debug)]
pub struct Root {
    context_id: u32,
    host: Rc<ProxyHost>,
    filter: Option<Rc<RefCell<Filter>>>,
    /// Whether the tick period is [`TICK`] yet (it starts at [`FIRST_TICK`]).
    steady: bool,
}

impl Root {
    /// A root context before configuration.
    pub fn new(context_id: u32) -> Root {
        Root {
            context_id,
            host: Rc::new(ProxyHost::default()),
            filter: None,
            steady: false,
        }
    }

    fn resume_waiters(&self, filter: &Rc<RefCell<Filter>>) {
        resume_ready(&self.host, filter, self.context_id);
    }
}

/// Decides again the requests whose wait is over (their refetch or
/// introspection answered, or their deadline passed), then makes
/// `own_context` the effective context again.
pub(crate) fn resume_ready(host: &Rc<ProxyHost>, filter: &Rc<RefCell<Filter>>, own_context: u32) {
    let now = host.now_ms();
    let ready = match filter.try_borrow_mut() {
        Ok(mut f) => f.ready_waiters(now),
        Err(_) => return,
    };
    for context_id in ready {
        if hostcalls::set_effective_context(context_id).is_err() {
            continue; // the request is gone
        }
        let next = match filter.try_borrow_mut() {
            Ok(mut f) => f.handle(host.as_ref(), &ProxyRequest, context_id, false),
            Err(_) => Next::Stop,
        };
        if next == Next::Continue {
            let _ = hostcalls::resume_http_request();
        }
    }
    let _ = hostcalls::set_effective_context(own_context);
}

/// Takes the answer to call `token_id` when it is an introspection (sent
/// from a request's context, so Envoy reports it there), records it and
/// resumes the requests it releases. `false`: not an introspection.
pub(crate) fn introspection_answer(
    host: &Rc<ProxyHost>,
    filter: &Rc<RefCell<Filter>>,
    token_id: u32,
    body_size: usize,
    own_context: u32,
) -> bool {
    let Ok(mut f) = filter.try_borrow_mut() else {
        return false;
    };
    let Filter {
        introspector,
        gateway,
        ..
    } = &mut *f;
    let Some(introspector) = introspector.as_mut().filter(|i| i.owns(token_id)) else {
        return false;
    };
    let response = host.call_response(body_size, Introspector::body_limit());
    introspector.on_response(host.as_ref(), gateway, token_id, &response);
    drop(f);
    resume_ready(host, filter, own_context);
    true
}

impl Context for Root {
    fn on_http_call_response(
        &mut self,
        token_id: u32,
        _num_headers: usize,
        body_size: usize,
        _num_trailers: usize,
    ) {
        let Some(filter) = &self.filter else { return };
        let Ok(mut f) = filter.try_borrow_mut() else {
            return;
        };
        if f.introspector.as_ref().is_some_and(|i| i.owns(token_id)) {
            let response = self
                .host
                .call_response(body_size, Introspector::body_limit());
            let Filter {
                introspector,
                gateway,
                ..
            } = &mut *f;
            if let Some(introspector) = introspector {
                introspector.on_response(self.host.as_ref(), gateway, token_id, &response);
            }
            drop(f);
            self.resume_waiters(filter);
            return;
        }
        if !f.fetcher.owns(token_id) {
            return;
        }
        let limit = f.fetcher.body_limit(token_id);
        let response = self.host.call_response(body_size, limit);
        let Filter {
            fetcher, sources, ..
        } = &mut *f;
        fetcher.on_response(self.host.as_ref(), sources, token_id, &response);
        drop(f);
        self.resume_waiters(filter);
    }
}

impl RootContext for Root {
    fn on_configure(&mut self, _size: usize) -> bool {
        let config = hostcalls::get_buffer(BufferType::PluginConfiguration, 0, usize::MAX)
            .ok()
            .flatten()
            .unwrap_or_default();
        match Filter::from_json(&config) {
            Ok(mut filter) => {
                // Every thread's gateway records DPoP proofs in shared data.
                let host: Rc<dyn Host> = self.host.clone();
                filter.share_dpop_replay(host.clone());
                // And introspection answers, so a token is introspected
                // once per proxy, not once per thread.
                filter.share_introspection(host);
                self.filter = Some(Rc::new(RefCell::new(filter)));
                // No fetch here (see `Root`): the first tick starts them.
                self.steady = false;
                let _ = hostcalls::set_tick_period(FIRST_TICK);
                true
            }
            Err(error) => {
                self.host
                    .warn(&format!("tokenward: invalid plugin configuration: {error}"));
                false
            }
        }
    }

    fn on_tick(&mut self) {
        if !self.steady {
            self.steady = hostcalls::set_tick_period(TICK).is_ok();
        }
        let Some(filter) = &self.filter else { return };
        if let Ok(mut f) = filter.try_borrow_mut() {
            let Filter {
                fetcher, sources, ..
            } = &mut *f;
            fetcher.tick(self.host.as_ref(), sources);
        }
        self.resume_waiters(filter);
    }

    fn create_http_context(&self, context_id: u32) -> Option<Box<dyn HttpContext>> {
        let filter = self.filter.clone()?;
        Some(Box::new(Http::new(context_id, filter, self.host.clone())))
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }
}
