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

/**
 * A listener on `port` sending everything to cluster `upstream` through
 * `filters`. `underscores` is the connection manager's
 * `headers_with_underscores_action`: `REJECT_REQUEST` unless a test needs
 * Envoy's default (`ALLOW`) to show what the filter does on its own.
 */
export function listener(name, port, filters, upstream = "upstream", { underscores = "REJECT_REQUEST" } = {}) {
  return {
    name, address: address(port),
    filter_chains: [{
      filters: [{
        name: "envoy.filters.network.http_connection_manager",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
          stat_prefix: name,
          // Rules match path prefixes: match them on the normalised path.
          normalize_path: true,
          merge_slashes: true,
          // CGI-style upstreams (WSGI, Rack, PHP) read `x_tokenward_sub` as
          // `x-tokenward-sub`: refuse such names before any filter runs.
          common_http_protocol_options: { headers_with_underscores_action: underscores },
          route_config: {
            virtual_hosts: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: upstream } }] }],
          },
          http_filters: [...filters, router],
        },
      }],
    }],
  };
}

export function bootstrap({ adminPort, listeners, clusters }) {
  return {
    admin: { address: address(adminPort) },
    static_resources: { listeners, clusters },
  };
}
