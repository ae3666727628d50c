//! A host-agnostic view of the request line and headers.

/// What the edge sees of a request. Header names compare case-insensitively.
#[derive(Debug, Clone, Copy)]
pub struct Request<'r> {
    /// The method (`GET`, ...).
    pub method: &'r str,
    /// The path with its query string, as sent (Envoy `:path`).
    pub path: &'r str,
    /// Every header, in order, repeats included.
    pub headers: &'r [(&'r str, &'r str)],
}

impl<'r> Request<'r> {
    /// The path without the query string.
    pub fn path_only(&self) -> &'r str {
        self.path.split(['?', '#']).next().unwrap_or(self.path)
    }

    /// The query string without `?` (empty when absent).
    pub fn query(&self) -> &'r str {
        let query = self.path.split_once('?').map_or("", |(_, q)| q);
        query.split('#').next().unwrap_or(query)
    }

    /// Whether this is a CORS preflight (Fetch standard §3.2.2): `OPTIONS`
    /// with `Origin` and `Access-Control-Request-Method`. A plain `OPTIONS`
    /// is not one.
    pub fn is_cors_preflight(&self) -> bool {
        self.method == "OPTIONS"
            && self.header_entry("origin").is_some()
            && self.header_entry("access-control-request-method").is_some()
    }

    /// The first header called `name` (its name as sent, and its value).
    pub fn header_entry(&self, name: &str) -> Option<(&'r str, &'r str)> {
        self.headers
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(name))
            .copied()
    }
}
