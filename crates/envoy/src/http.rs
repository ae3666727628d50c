//! The HTTP context: hands the request headers to the core's edge rules.

use crate::filter::{Filter, Next};
use crate::host::Host;
use crate::proxy_host::{ProxyHost, ProxyRequest};
use core::cell::RefCell;
use proxy_wasm::traits::{Context, HttpContext};
use proxy_wasm::types::Action;
use std::rc::Rc;

/// One per request.
#[derive(Debug)]
pub struct Http {
    context_id: u32,
    filter: Rc<RefCell<Filter>>,
    host: Rc<ProxyHost>,
    waiting: bool,
}

impl Http {
    /// A context for request `context_id`.
    pub fn new(context_id: u32, filter: Rc<RefCell<Filter>>, host: Rc<ProxyHost>) -> Http {
        Http {
            context_id,
            filter,
            host,
            waiting: false,
        }
    }
}

impl Context for Http {
    // An introspection sent while handling this request is answered here
    // (Envoy reports a call to the context that made it).
    fn on_http_call_response(
        &mut self,
        token_id: u32,
        _num_headers: usize,
        body_size: usize,
        _num_trailers: usize,
    ) {
        crate::root::introspection_answer(
            &self.host,
            &self.filter,
            token_id,
            body_size,
            self.context_id,
        );
    }

    fn on_done(&mut self) -> bool {
        if self.waiting
            && let Ok(mut f) = self.filter.try_borrow_mut()
        {
            f.forget(self.context_id);
        }
        true
    }
}

impl HttpContext for Http {
    fn on_http_request_headers(&mut self, _num_headers: usize, _end_of_stream: bool) -> Action {
        let Ok(mut filter) = self.filter.try_borrow_mut() else {
            self.host.warn("tokenward: filter state busy; refusing");
            ProxyRequest.respond_error();
            return Action::Pause;
        };
        match filter.handle(self.host.as_ref(), &ProxyRequest, self.context_id, true) {
            Next::Continue => Action::Continue,
            Next::Stop => Action::Pause,
            Next::Wait => {
                self.waiting = true;
                Action::Pause
            }
        }
    }
}
