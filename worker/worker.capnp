# workerd configuration for the tokenward edge worker.
#
#   workerd serve worker/worker.capnp --socket-addr http=127.0.0.1:8787
#
# The edge configuration (the Envoy filter's JSON schema) comes from the
# environment variable TOKENWARD_CONFIG; the origin to forward to from
# TOKENWARD_ORIGIN (e.g. http://127.0.0.1:9000). Build worker/dist first
# (`make worker`: src/index.mjs bundled with the packed npm package, for
# workerd); the bundle imports the wasm as ./tokenward_bg.wasm.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "tokenward", worker = .tokenward),
    # Loopback and private addresses too: the demo's and tests' JWKS server
    # and origin live on 127.0.0.1 (workerd's default allows public only).
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:8787", http = (), service = "tokenward"),
  ],
);

const tokenward :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "tokenward_bg.wasm", wasm = embed "dist/tokenward_bg.wasm"),
  ],
  # No later than the workerd binary's own date (npm workerd 1.20261117.1).
  compatibilityDate = "2026-11-17",
  bindings = [
    (name = "TOKENWARD_CONFIG", fromEnvironment = "TOKENWARD_CONFIG"),
    (name = "TOKENWARD_ORIGIN", fromEnvironment = "TOKENWARD_ORIGIN"),
    (name = "TOKENWARD_SIGNATURE_BACKEND", fromEnvironment = "TOKENWARD_SIGNATURE_BACKEND"),
  ],
  globalOutbound = "net",
);
