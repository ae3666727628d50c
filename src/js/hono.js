// tokenward/hono: a Hono middleware over tokenward/edge's gateway. A
// refusal answers with the gateway's response (401 / 403 / 400 / 503, its
// challenge and CORS headers); an allowed request continues with the
// verified identity on the context and the request the origin would get
// (identity headers set, spoofed ones stripped, the token removed unless
// its provider forwards it). No import of hono: a middleware is a function.
import { createGateway } from './edge.js';

/** The context key the identity is set under: `c.get('tokenward')`. */
export const IDENTITY_KEY = 'tokenward';

/** The execution context's waitUntil, where the runtime has one (Node has none). */
function waitUntilOf(c) {
  try {
    const ctx = c.executionCtx;
    return ctx?.waitUntil?.bind(ctx);
  } catch {
    return undefined;
  }
}

/**
 * The middleware for `config` (the edge configuration, as createGateway).
 * @throws {OptionsError} `invalid_options` at once for a refused configuration
 */
export function tokenward(config, options) {
  const gateway = createGateway(config, options);
  return async function tokenwardMiddleware(c, next) {
    const verdict = await gateway.handle(c.req.raw, { waitUntil: waitUntilOf(c) });
    if (verdict.action === 'respond') return verdict.response;
    // What the origin would receive is what the app reads.
    c.req.raw = verdict.request;
    c.set(IDENTITY_KEY, verdict.identity ?? null);
    await next();
    return undefined;
  };
}
