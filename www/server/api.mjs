// The demo's API origin: every request's access token is verified with the
// tokenward npm package (its Node entry, built into ../../pkg by `make pkg`)
// against the provider's key set, as an RFC 9068 JWT access token for this
// API's resource indicator. A DPoP-bound token (the SPA's DPoP client)
// needs `Authorization: DPoP` and a proof of the request with this API's
// nonce (RFC 9449). Answers JSON; refusals are RFC 6750 / RFC 9449 401s
// with tokenward's stable error code. A second port serves the edges.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Verifier, RemoteKeySet, TokenError } from '../../pkg/node.js';
import { demo, fetchDiscovery, ports, ready } from './config.mjs';

const discovery = await fetchDiscovery();
const keys = new RemoteKeySet(discovery.jwks_uri, { cacheMaxAge: 300_000 });
const common = {
  jwks: keys,
  issuer: demo.issuer,
  audience: demo.apiResource,
  algorithms: ['ES256', 'RS256'],
  profile: 'at+jwt',
  clockTolerance: 2,
};
// Direct calls: bearer tokens as before, DPoP-bound ones (cnf.jkt) only
// with a proof of this request, which must carry a nonce of this API.
const verifier = new Verifier({
  ...common,
  dpop: { requireNonce: true, nonceSecret: randomBytes(32).toString('base64url') },
});
// Calls forwarded by the Envoy filter or the worker (on their own port):
// the edge checked the proof against the URL it received, and dropped it.
const behindEdge = new Verifier({ ...common, acceptSenderConstrainedAsBearer: true });

const stats = { ok: 0, refused: {} };
function cors(req) {
  // Only the demo SPA may call from a browser; the token is the credential,
  // so no cookies (no Access-Control-Allow-Credentials).
  return req.headers.origin === demo.spaOrigin
    ? {
        'access-control-allow-origin': demo.spaOrigin,
        'access-control-allow-headers': 'authorization, dpop',
        'access-control-expose-headers': 'www-authenticate, dpop-nonce',
        vary: 'origin',
      }
    : {};
}

/** `Authorization: Bearer <token>` or `DPoP <token>`, or null. */
function credentials(header = '') {
  const match = /^(Bearer|DPoP) ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  return match ? { scheme: match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer', token: match[2] } : null;
}

async function handle(req, res, { viaEdge }) {
  const headers = { ...cors(req), 'cache-control': 'no-store', 'content-type': 'application/json' };
  const send = (status, body, extra = {}) =>
    res.writeHead(status, { ...headers, ...extra }).end(JSON.stringify(body));
  if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
  const url = new URL(req.url, demo.apiOrigin);
  if (url.pathname === '/stats') return send(200, stats);
  if (url.pathname !== '/api/hello') return send(404, { error: 'not_found' });

  const given = credentials(req.headers.authorization);
  if (!given) {
    // RFC 6750 §3.1: no error code when no token was sent.
    return send(401, { error: 'missing_token' }, { 'www-authenticate': 'Bearer, DPoP algs="ES256"' });
  }
  try {
    const proof = req.headers.dpop;
    // A proof counts only with the DPoP scheme: a bound token sent as
    // Bearer is dpop_proof_required whatever else came along.
    const call = viaEdge
      ? {}
      : { dpop: { proof: given.scheme === 'DPoP' ? proof : undefined, method: req.method, url: url.href } };
    const { claims, kind } = await (viaEdge ? behindEdge : verifier).verifyAsync(given.token, call);
    stats.ok += 1;
    // Set by tokenward's Envoy filter or edge worker when the call came
    // through one of them (they drop any such header a client sends).
    const edge = Object.fromEntries(
      ['x-tokenward-sub', 'x-tokenward-kind', 'x-tokenward-provider']
        .filter((name) => req.headers[name] !== undefined)
        .map((name) => [name, req.headers[name]]),
    );
    return send(200, {
      message: `hello ${claims.sub}`,
      kind,
      sub: claims.sub,
      client_id: claims.client_id,
      scope: claims.scope,
      jti: claims.jti,
      expires_in: Math.round(claims.exp - Date.now() / 1000),
      scheme: given.scheme,
      cnf: claims.cnf ?? null,
      // Who checked the DPoP proof: this API, or the edge in front of it.
      proof_checked_by: claims.cnf?.jkt === undefined ? null : viaEdge ? 'edge' : 'api',
      edge_headers: edge,
    });
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    stats.refused[error.code] = (stats.refused[error.code] ?? 0) + 1;
    const extra = {
      // A DPoP refusal is a DPoP challenge (RFC 9449 §7.1): `use_dpop_nonce`
      // with the nonce to put in the next proof, or `invalid_dpop_proof`.
      'www-authenticate': error.dpopChallenge
        ? `DPoP error="${error.dpopChallenge}", error_description="${error.code}", algs="ES256"`
        : `Bearer error="invalid_token", error_description="${error.code}"`,
    };
    if (error.dpopNonce) extra['dpop-nonce'] = error.dpopNonce;
    return send(401, { error: 'invalid_token', code: error.code }, extra);
  }
}

for (const [port, viaEdge, name] of [[ports.api, false, 'api'], [ports.apiBehindEdge, true, 'api-behind-edge']]) {
  http
    .createServer((req, res) => {
      handle(req, res, { viaEdge }).catch((error) => {
        console.error('api:', error);
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"server_error"}');
      });
    })
    .listen(port, demo.host, () => ready(name, `http://${demo.host}:${port}/api/hello`));
}
