// The demo's API origin: every request's access token is verified with the
// tokenward npm package (its Node entry, built into ../../pkg by `make pkg`)
// against the provider's key set, as an RFC 9068 JWT access token for this
// API's resource indicator. Answers JSON; refusals are RFC 6750 401s with
// tokenward's stable error code.
import http from 'node:http';
import { Verifier, RemoteKeySet, TokenError } from '../../pkg/node.js';
import { demo, ports, ready } from './config.mjs';

const discovery = await fetchDiscovery();
const verifier = new Verifier({
  jwks: new RemoteKeySet(discovery.jwks_uri, { cacheMaxAge: 300_000 }),
  issuer: demo.issuer,
  audience: demo.apiResource,
  algorithms: ['ES256', 'RS256'],
  profile: 'at+jwt',
  clockTolerance: 2,
});

const stats = { ok: 0, refused: {} };

async function fetchDiscovery() {
  // The provider may still be starting: retry for a while.
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(`${demo.issuer}/.well-known/openid-configuration`);
      if (response.ok) return response.json();
    } catch (error) {
      if (attempt > 120) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function cors(req) {
  // Only the demo SPA may call from a browser; the token is the credential,
  // so no cookies (no Access-Control-Allow-Credentials).
  return req.headers.origin === demo.spaOrigin
    ? {
        'access-control-allow-origin': demo.spaOrigin,
        'access-control-allow-headers': 'authorization',
        'access-control-expose-headers': 'www-authenticate',
        vary: 'origin',
      }
    : {};
}

async function handle(req, res) {
  const headers = { ...cors(req), 'cache-control': 'no-store', 'content-type': 'application/json' };
  const send = (status, body, extra = {}) =>
    res.writeHead(status, { ...headers, ...extra }).end(JSON.stringify(body));
  if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
  const url = new URL(req.url, demo.apiOrigin);
  if (url.pathname === '/stats') return send(200, stats);
  if (url.pathname !== '/api/hello') return send(404, { error: 'not_found' });

  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
  if (!match) {
    // RFC 6750 §3.1: no error code when no token was sent.
    return send(401, { error: 'missing_token' }, { 'www-authenticate': 'Bearer' });
  }
  try {
    const { claims, kind } = await verifier.verifyAsync(match[1]);
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
      edge_headers: edge,
    });
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    stats.refused[error.code] = (stats.refused[error.code] ?? 0) + 1;
    return send(
      401,
      { error: 'invalid_token', code: error.code },
      { 'www-authenticate': `Bearer error="invalid_token", error_description="${error.code}"` },
    );
  }
}

http
  .createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('api:', error);
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"server_error"}');
    });
  })
  .listen(ports.api, demo.host, () => ready('api', `${demo.apiOrigin}/api/hello`));
