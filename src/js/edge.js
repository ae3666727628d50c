// tokenward/edge: the edge gateway as a library. `createGateway(config)`
// takes the Envoy filter's configuration (jwt_authn's JwtAuthentication
// JSON plus tokenward's members); every rule is the core's, this file only
// translates between the Fetch API and its decisions.
import { OptionsError } from './errors.js';
import { EdgeDocuments } from './edge-documents.js';
import { EdgeEngine } from './edge-engine.js';
import { forwarded, refusal, tooLarge } from './edge-forward.js';
import { EdgeIntrospection } from './edge-introspection.js';
import { requestText } from './edge-request.js';
import { clientCertificate } from './edge-certificate.js';

/** The options of createGateway, besides the configuration. */
const OPTIONS = ['origin', 'fetch', 'signatures'];

function configText(config) {
  if (typeof config === 'string') return config;
  if (config === null || typeof config !== 'object') {
    throw new OptionsError(`config must be the edge configuration as an object or JSON text (got ${config === null ? 'null' : typeof config})`);
  }
  return JSON.stringify(config);
}

function readOptions(options) {
  if (options === null || typeof options !== 'object') throw new OptionsError('createGateway options must be an object');
  for (const name of Object.keys(options)) {
    if (!OPTIONS.includes(name)) throw new OptionsError(`createGateway options: unknown option ${name} (known: ${OPTIONS.join(', ')})`);
  }
  const { origin, fetch: fetchImpl, signatures = 'host' } = options;
  const isService = origin !== null && typeof origin === 'object' && typeof origin.fetch === 'function';
  if (origin !== undefined && typeof origin !== 'string' && !isService) {
    throw new OptionsError('origin must be a URL string or an object with fetch (a service binding)');
  }
  if (typeof origin === 'string' && URL.parse(origin) === null) throw new OptionsError(`origin ${origin}: not a URL`);
  if (fetchImpl !== undefined && typeof fetchImpl !== 'function') throw new OptionsError('fetch must be a function');
  if (signatures !== 'host' && signatures !== 'wasm') {
    throw new OptionsError(`signatures must be 'host' or 'wasm' (got ${String(signatures)})`);
  }
  return { origin, isService, fetchImpl, signatures };
}

/**
 * A gateway for `config`. Keep one per configuration (module scope in a
 * worker): it holds the key sets, the revocation list and the
 * verified-token cache.
 * @throws {OptionsError} `invalid_options`, naming the JSON path at fault
 */
export function createGateway(config, options = {}) {
  const { origin, isService, fetchImpl, signatures } = readOptions(options);
  const engine = new EdgeEngine(configText(config), signatures === 'host');
  const documents = new EdgeDocuments(engine, fetchImpl);
  const introspection = new EdgeIntrospection(engine, fetchImpl);

  async function decide(text, ctx, certificate) {
    await documents.ready(ctx);
    let decision = await engine.decide(text, certificate);
    if (decision.refetch !== null && engine.edge.park(decision.refetch, Date.now())) {
      // Unknown `kid` and the core lets this request wait (a refetch will
      // end soon, and fewer than `max_waiting_requests` wait): the keys may
      // have rotated, so fetch them and decide once more. Otherwise the
      // verdict stands at once (cooldown, backoff, or too many waiting).
      try {
        await documents.refetch(decision.refetch, ctx);
      } finally {
        engine.edge.unpark(decision.refetch);
      }
      decision = await engine.decide(text, certificate);
    }
    if (!decision.allow && decision.introspect) {
      // An opaque token (or a JWT with introspect_jwts) without a verdict
      // yet: ask the provider, then decide once more. Whatever the call
      // gives, the core judges it; a failure is a 503, never an allow.
      await introspection.resolve(decision.introspect, ctx);
      decision = await engine.decide(text);
    }
    return decision;
  }

  const gateway = {
    /**
     * The verdict on `request`: `{ action: 'forward', request, identity }`
     * or `{ action: 'respond', response }`.
     */
    async handle(request, { fetch: callFetch, waitUntil, certificateThumbprint } = {}) {
      const certificate = clientCertificate(engine, certificateThumbprint);
      const url = URL.parse(request.url);
      const text = requestText(request, url);
      if (engine.tooLarge(text)) return { action: 'respond', response: tooLarge() };
      const decision = await decide(text, { fetch: callFetch, waitUntil }, certificate);
      if (!decision.allow) return { action: 'respond', response: refusal(decision) };
      const base = typeof origin === 'string' ? origin : undefined;
      return { action: 'forward', request: forwarded(request, url, decision, base), identity: decision.identity };
    },

    /** A module worker's `fetch`: the refusal, or the origin's answer. */
    async fetch(request, env, ctx) {
      const waitUntil = ctx?.waitUntil?.bind(ctx);
      const verdict = await gateway.handle(request, { waitUntil });
      if (verdict.action === 'respond') return verdict.response;
      return isService ? origin.fetch(verdict.request) : fetch(verdict.request);
    },

    /** A module worker's `scheduled`: fetches every key set and revocation list that is due. */
    async scheduled(controller, env, ctx) {
      const done = documents.fetchDue({ waitUntil: ctx?.waitUntil?.bind(ctx) });
      ctx?.waitUntil?.(done);
      await done;
    },
  };
  return gateway;
}
