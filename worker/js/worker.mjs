// tokenward edge worker: an ES module `fetch` handler (WinterCG style) in
// front of an origin. Every rule lives in the wasm core; this file only
// translates between the Fetch API and the core's decisions.
//
// Bindings (env):
//   TOKENWARD_CONFIG  the edge configuration JSON (the Envoy filter's schema)
//   TOKENWARD_ORIGIN  optional origin URL to forward to (scheme://host:port);
//                     without it the request goes to its own URL, as a
//                     worker routed in front of its origin does.
//   ORIGIN            optional service binding to forward through instead
//                     of the network (workerd / Cloudflare service bindings).
//   TOKENWARD_SIGNATURE_BACKEND
//                     "webcrypto" (default where crypto.subtle exists):
//                     signatures checked by the runtime's native crypto;
//                     "wasm": by the core in wasm. Same rules, same verdicts.
import { Gateway, requestText, unparsableRequestText } from "./gateway.mjs";
import { hasWebCrypto } from "./signatures.mjs";
import { Documents } from "./documents.mjs";
import { denyResponse, forward } from "./proxy.mjs";

// Module scope: one gateway per configuration text, kept across requests
// (key sets, verified-token cache). A changed binding builds a new one.
let current = null;

function gatewayFor(env) {
  const configText = typeof env.TOKENWARD_CONFIG === "string"
    ? env.TOKENWARD_CONFIG
    : JSON.stringify(env.TOKENWARD_CONFIG ?? null);
  if (current?.configText !== configText) {
    const gateway = new Gateway(configText);
    current = { configText, gateway, documents: new Documents(gateway) };
  }
  return current;
}

/** Whether signatures go to WebCrypto (see TOKENWARD_SIGNATURE_BACKEND). */
function useWebCrypto(env) {
  const backend = env.TOKENWARD_SIGNATURE_BACKEND;
  if (backend === "wasm") return false;
  return hasWebCrypto();
}

export default {
  async fetch(request, env, ctx) {
    let state;
    try {
      state = gatewayFor(env);
    } catch (error) {
      // A broken configuration fails closed, loudly.
      console.error(`tokenward: ${error.message}`);
      return new Response('{"error":"misconfigured"}', {
        status: 500, headers: { "content-type": "application/json", "cache-control": "no-store" },
      });
    }
    const { gateway, documents } = state;
    // workerd builds request.url from the Host header and the raw target; a
    // target such as `*` after a port does not parse. The core then judges
    // it as the target `*`, which it refuses (400 invalid_path) as it
    // refuses every target that is not a path.
    const url = URL.parse(request.url);
    const text = url === null ? unparsableRequestText(request) : requestText(request, url);
    if (text.length * 3 > gateway.maxInput) {
      return new Response('{"error":"request_header_fields_too_large"}', {
        status: 431, headers: { "content-type": "application/json" },
      });
    }
    await documents.ready(ctx);
    const decide = useWebCrypto(env)
      ? () => gateway.decideWithWebCrypto(text, Date.now())
      : () => gateway.decide(text, Date.now());
    let decision = await decide();
    if (decision.refetch !== null && gateway.edge.park(decision.refetch, Date.now())) {
      // Unknown `kid` and the core lets this request wait (a refetch will
      // end soon, and fewer than `max_waiting_requests` wait): the keys may
      // have rotated, so fetch them and decide once more. Otherwise the
      // verdict stands at once (cooldown, backoff, or too many waiting).
      try {
        await documents.refetch(decision.refetch, ctx);
      } finally {
        gateway.edge.unpark(decision.refetch);
      }
      decision = await decide();
    }
    if (!decision.allow) return denyResponse(decision);
    return forward(request, url, decision, env.TOKENWARD_ORIGIN, env.ORIGIN);
  },
};
