// The tokenward edge worker: an ES module worker in front of an origin,
// over the npm package's edge gateway. Every rule lives in tokenward's
// core; this file only reads the bindings.
//
// Bindings (env):
//   TOKENWARD_CONFIG  the edge configuration (the Envoy filter's JSON schema),
//                     as JSON text or an object
//   TOKENWARD_ORIGIN  optional origin URL to forward to (scheme://host:port);
//                     without it the request goes to its own URL, as a
//                     worker routed in front of its origin does
//   ORIGIN            optional service binding to forward through instead
//                     of the network (workerd / Cloudflare service bindings)
//   TOKENWARD_SIGNATURE_BACKEND
//                     "webcrypto" (default): signatures checked by the
//                     runtime's WebCrypto where the core allows it; "wasm":
//                     by the core in wasm. Same rules, same verdicts.
import { createGateway } from "tokenward/edge";

// Module scope: one gateway per configuration, kept across requests (key
// sets, verified-token cache). A changed binding builds a new one.
let current = null;

function gatewayFor(env) {
  const config = typeof env.TOKENWARD_CONFIG === "string"
    ? env.TOKENWARD_CONFIG
    : JSON.stringify(env.TOKENWARD_CONFIG ?? null);
  const key = `${config}\n${env.TOKENWARD_ORIGIN ?? ""}\n${env.TOKENWARD_SIGNATURE_BACKEND ?? ""}`;
  if (current?.key !== key) {
    const gateway = createGateway(config, {
      origin: env.ORIGIN ?? env.TOKENWARD_ORIGIN,
      signatures: env.TOKENWARD_SIGNATURE_BACKEND === "wasm" ? "wasm" : "host",
    });
    current = { key, gateway };
  }
  return current.gateway;
}

/** A broken configuration fails closed, loudly. */
function misconfigured(error) {
  console.error(`tokenward: ${error.message}`);
  return new Response('{"error":"misconfigured"}', {
    status: 500, headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

export default {
  fetch(request, env, ctx) {
    let gateway;
    try {
      gateway = gatewayFor(env);
    } catch (error) {
      return misconfigured(error);
    }
    return gateway.fetch(request, env, ctx);
  },

  // A Cron Trigger (wrangler.toml's [triggers]): key sets and revocation
  // lists refresh ahead of requests, so a quiet worker never starts cold.
  async scheduled(controller, env, ctx) {
    await gatewayFor(env).scheduled(controller, env, ctx);
  },
};
