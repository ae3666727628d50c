// Envoy bootstrap (JSON) with the tokenward filter in front of one upstream.
// Used by the end-to-end tests, the demo and the benchmark.

const address = (port) => ({ socket_address: { address: "127.0.0.1", port_value: port } });

export function cluster(name, port) {
  return {
    name, type: "STATIC", connect_timeout: "1s",
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: address(port) } }] }] },
  };
}

export const router = {
  name: "envoy.filters.http.router",
  typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
};

/** The proxy-wasm filter entry for `http_filters`. */
export function tokenwardFilter(wasmPath, edgeConfig) {
  return {
    name: "envoy.filters.http.wasm",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
      config: {
        name: "tokenward",
        root_id: "tokenward",
        configuration: {
          "@type": "type.googleapis.com/google.protobuf.StringValue",
          value: JSON.stringify(edgeConfig),
        },
        vm_config: {
          vm_id: "tokenward",
          runtime: "envoy.wasm.runtime.v8",
          code: { local: { filename: wasmPath } },
        },
      },
    },
  };
}

/** A listener on `port` whose one filter is Envoy's HTTP connection manager with `config` (stats under `name`). */
function httpListener(name, port, config) {
  return {
    name, address: address(port),
    filter_chains: [{
      filters: [{
        name: "envoy.filters.network.http_connection_manager",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
          stat_prefix: name,
          ...config,
        },
      }],
    }],
  };
}

/**
 * A listener on `port` sending everything to cluster `upstream` through
 * `filters`. `underscores` is the connection manager's
 * `headers_with_underscores_action`: `REJECT_REQUEST` unless a test needs
 * Envoy's default (`ALLOW`) to show what the filter does on its own.
 * `normalize: false` leaves out Envoy's path normalisation (its default),
 * so the filter alone turns the path into the one rules match.
 */
export function listener(name, port, filters, upstream = "upstream", { underscores = "REJECT_REQUEST", normalize = true } = {}) {
  // Rules match path prefixes: Envoy resolves dot-segments (`..;` too) and
  // merges slashes as the filter does, and leaves `%2F` / `%5C` for the
  // filter to refuse (400 invalid_path), as the edge worker does.
  const paths = normalize
    ? { normalize_path: true, merge_slashes: true, path_with_escaped_slashes_action: "KEEP_UNCHANGED" }
    : {};
  return httpListener(name, port, {
    ...paths,
    // CGI-style upstreams (WSGI, Rack, PHP) read `x_tokenward_sub` as
    // `x-tokenward-sub`: refuse such names before any filter runs.
    common_http_protocol_options: { headers_with_underscores_action: underscores },
    route_config: {
      virtual_hosts: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: upstream } }] }],
    },
    http_filters: [...filters, router],
  });
}

/**
 * A listener on `port` that answers every request 200 `ok` itself
 * (`direct_response`): the benchmarks' upstream, so that what they time is
 * the filter, not an origin server.
 */
export function okListener(name, port) {
  return httpListener(name, port, {
    route_config: { virtual_hosts: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, direct_response: { status: 200, body: { inline_string: "ok" } } }] }] },
    http_filters: [router],
  });
}

/**
 * Envoy refuses a request target with a `#fragment` (400) by default;
 * workerd drops the fragment before the worker runs. With this runtime
 * value Envoy drops it too (the route and the filter see the path without
 * it), so both hosts give the same verdict.
 */
export const STRIP_FRAGMENT = { "envoy.reloadable_features.http_reject_path_with_fragment": false };

export function bootstrap({ adminPort, listeners, clusters }) {
  return {
    admin: { address: address(adminPort) },
    static_resources: { listeners, clusters },
    layered_runtime: { layers: [{ name: "static", static_layer: STRIP_FRAGMENT }] },
  };
}
