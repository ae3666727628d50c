// tokenward's answer on one DPoP differential case, from the packed
// package, through its two server surfaces:
//
// - `tokenward/edge` (createGateway's `handle`), given the very Request
//   oauth4webapi is given: it reads the Authorization scheme, the token
//   and every DPoP header itself;
// - the npm `Verifier`, `verify` and `verifyAsync`, given what a Node
//   service hands it (docs/dpop.md): `dpopRequest` over the request's
//   `Authorization` and `DPoP` headers, its method and URL (the scheme and
//   the token by the core's parser, the DPoP values as received); where it
//   finds no token (null) the Verifier has no say.
//
// Each surface gets a fresh Verifier / gateway per case (a `repeat` case
// sends its request that many times to the same one) and the fixture's time.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { atTime, requestOf } from './oauth4webapi-verdict.mjs';
import { AUDIENCE, ISSUER, PROFILES } from './profiles.mjs';

/** The package's entries: the node build of `tokenward` and `tokenward/edge`. */
export async function loadPackage(dir) {
  const tokenward = await import(pathToFileURL(join(dir, 'node.js')).href);
  const edge = await import(pathToFileURL(join(dir, 'edge-node.js')).href);
  return { tokenward, edge };
}

const outcome = (err) => ({ ok: false, code: err.code ?? err.name, reason: err.reason });

/** The Verifier's call for the case's request, as a Node service makes it; null without a token. */
function verifierCall(tokenward, c, now) {
  const request = requestOf(c);
  const input = tokenward.dpopRequest({
    authorization: request.headers.get('authorization') ?? undefined,
    dpop: request.headers.get('dpop') ?? undefined,
    method: request.method,
    url: request.url,
  });
  return input && { token: input.token, options: { now, dpop: input.dpop } };
}

async function viaVerifier(tokenward, c, jwks, now, method) {
  const verifier = new tokenward.Verifier({ jwks, issuer: ISSUER, audience: AUDIENCE, profile: 'at+jwt', ...PROFILES[c.profile].verifier });
  const call = verifierCall(tokenward, c, now);
  if (call === null) return null;
  const { token, options } = call;
  let answer;
  for (let i = 0; i < (c.repeat ?? 1); i++) {
    try {
      await verifier[method](token, options);
      answer = { ok: true };
    } catch (err) {
      answer = outcome(err);
    }
  }
  return answer;
}

function edgeConfig(c, jwks) {
  const { dpop, ...provider } = PROFILES[c.profile].edge;
  return {
    realm: 'api',
    providers: {
      api: { issuer: ISSUER, audiences: [AUDIENCE], local_jwks: { inline_string: JSON.stringify(jwks) }, ...provider, dpop },
    },
    rules: [{ match: { prefix: '/' }, requires: { provider_name: 'api' } }],
  };
}

async function viaEdge(edge, c, jwks, now) {
  const gateway = edge.createGateway(edgeConfig(c, jwks));
  let answer;
  for (let i = 0; i < (c.repeat ?? 1); i++) {
    const verdict = await atTime(now, () => gateway.handle(requestOf(c)));
    if (verdict.action === 'forward') {
      answer = { ok: true };
    } else {
      const body = await verdict.response.text();
      let code;
      try {
        code = JSON.parse(body).error_description;
      } catch {
        code = `status ${verdict.response.status}`;
      }
      answer = { ok: false, code: code ?? `status ${verdict.response.status}` };
    }
  }
  return answer;
}

/**
 * tokenward's answer per surface: `{ verify, verifyAsync, edge }`, each
 * `{ ok: true }` or `{ ok: false, code, reason? }`; `verify` and
 * `verifyAsync` are left out (null) where `verifierSays` is false.
 */
export async function tokenwardVerdicts({ tokenward, edge }, c, jwks, now, verifierSays = true) {
  return {
    verify: verifierSays ? await viaVerifier(tokenward, c, jwks, now, 'verify') : null,
    verifyAsync: verifierSays ? await viaVerifier(tokenward, c, jwks, now, 'verifyAsync') : null,
    edge: await viaEdge(edge, c, jwks, now),
  };
}
