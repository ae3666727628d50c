// The demo's OpenID provider: npm oidc-provider (certified), configured as
// a browser-based app's provider should be:
// - a public SPA client: authorization code + PKCE S256, no client secret;
// - RFC 9068 JWT access tokens (typ at+jwt) for the API resource, 30 s TTL;
// - refresh tokens (offline_access + prompt=consent) rotated on every use,
//   with reuse detection (a used refresh token revokes the whole grant) and
//   an absolute lifetime counted from sign-in;
// - RFC 7009 revocation; RP-initiated logout;
// - Back-Channel Logout for both clients: ending the provider's session
//   POSTs a logout token to the demo's receiver (server/logout-receiver.mjs),
//   whose revocation list both edges poll; access tokens carry the
//   session's `sid` so that list reaches them ("Sign out everywhere");
// - a second client for the same SPA with DPoP (RFC 9449): its access
//   tokens are bound to the browser's key (`cnf.jkt`), its refresh tokens
//   too (a public client's are), and its token requests need a DPoP nonce.
// Sign-in is a custom interaction that signs in one fixed user and grants
// what was asked: the demo and its tests are about tokens, not login forms.
//
// A second, loopback-only admin port serves what tests need: event counts
// (refreshes, invalid_grant, reuse), a simulated outage of the provider, and
// revocation of every grant.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';
import { backchannelLogoutUri, demo, ports, ready } from './config.mjs';
import { fixedUserInteraction, renderJsonError, signingKeys } from './provider-common.mjs';

const { user } = demo;

// What tests count: every token-endpoint outcome, from the provider's own events.
const stats = {
  refreshes: 0,
  refreshTimes: [],
  codeExchanges: 0,
  grantErrors: {},
  invalidGrant: 0,
  reuseDetected: 0,
  revocations: 0,
  backchannelLogouts: 0,
  backchannelLogoutErrors: 0,
};
const grantIds = new Set();

/** A client's Back-Channel Logout registration: the receiver's URL for it, logout tokens with the `sid`. */
function backchannelLogout(clientId) {
  return { backchannel_logout_uri: backchannelLogoutUri(clientId), backchannel_logout_session_required: true };
}

/** The SPA as a public client (code + PKCE, refresh tokens, back-channel logout); the DPoP one differs by `extra`. */
function spaClient(clientId, name, extra = {}) {
  return {
    client_id: clientId,
    client_name: name,
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [`${demo.spaOrigin}/`],
    post_logout_redirect_uris: [`${demo.spaOrigin}/`, demo.signedOutPage],
    ...backchannelLogout(clientId),
    ...extra,
  };
}

/** The end-session confirmation: oidc-provider's form and buttons, without its web font. */
function logoutSource(ctx, form) {
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out of the demo provider</title></head>
<body style="font: 15px system-ui, sans-serif; margin: 2rem">
<h1 style="font-size: 1.2rem">Sign out of the demo provider?</h1>
<p>This ends your session here and sends a back-channel logout to each client you are signed in to.</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>
</body></html>`;
}

const provider = new Provider(demo.issuer, {
  clients: [
    spaClient(demo.clientId, 'tokenward demo SPA'),
    // Tokens only with a proof: a request without one is refused.
    spaClient(demo.dpopClientId, 'tokenward demo SPA (DPoP)', { dpop_bound_access_tokens: true }),
  ],
  jwks: signingKeys('demo'),
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'offline_access', 'profile', 'email', demo.apiScope],
  claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, name: user.name, email: user.email }),
  }),
  pkce: { required: () => true },
  // The session's `sid` in the access tokens too (a refreshed one inherits
  // it), so a session's back-channel logout reaches them at the edges.
  extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' && token.sid ? { sid: token.sid } : undefined),
  // oidc-provider's outgoing fetch refuses special-use addresses (its SSRF
  // guard, a dispatcher it passes in); the demo's receiver is on loopback.
  fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
  // Browser-based apps get rotated refresh tokens (the default for public
  // clients); said here so the demo reads as its configuration.
  rotateRefreshToken: true,
  issueRefreshToken: (_ctx, client, code) =>
    client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
  ttl: {
    AccessToken: demo.accessTokenTtl,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 600,
    Session: 3600,
    Grant: demo.refreshTokenLifetime,
    // An absolute lifetime: a rotated token inherits what its family has left.
    RefreshToken: (ctx) =>
      ctx?.oidc?.entities?.RotatedRefreshToken?.remainingTTL ?? demo.refreshTokenLifetime,
  },
  clientBasedCORS: (_ctx, origin, client) =>
    client.redirectUris.some((uri) => new URL(uri).origin === origin),
  features: {
    devInteractions: { enabled: false },
    // DPoP for the DPoP client, with server nonces (RFC 9449 §8): its first
    // token request is answered `use_dpop_nonce`. The bearer client is as before.
    dPoP: {
      enabled: true,
      nonceSecret: randomBytes(32),
      requireNonce: (ctx) => (ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id) === demo.dpopClientId,
    },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource },
    backchannelLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => demo.apiResource,
      // A refresh without `resource` keeps the granted resource (otherwise it
      // would return an opaque userinfo token).
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator !== demo.apiResource) throw new errors.InvalidTarget();
        return {
          scope: demo.apiScope,
          audience: demo.apiResource,
          accessTokenTTL: demo.accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: renderJsonError,
});

provider.on('grant.success', (ctx) => {
  const grantType = ctx.oidc.params?.grant_type;
  if (grantType === 'refresh_token') {
    stats.refreshes += 1;
    stats.refreshTimes.push(Date.now());
  } else if (grantType === 'authorization_code') {
    stats.codeExchanges += 1;
  }
});
provider.on('grant.error', (_ctx, error) => {
  const code = error.error ?? 'server_error';
  stats.grantErrors[code] = (stats.grantErrors[code] ?? 0) + 1;
  if (code === 'invalid_grant') stats.invalidGrant += 1;
  // The client only sees "grant request is invalid"; the detail says why.
  if (/reuse|already used|consumed/i.test(error.error_detail ?? '')) stats.reuseDetected += 1;
  console.log(`provider: grant error ${code}: ${error.error_detail ?? ''}`);
});
provider.on('grant.revoked', () => {
  stats.revocations += 1;
});
provider.on('backchannel.success', (_ctx, client) => {
  stats.backchannelLogouts += 1;
  console.log(`provider: back-channel logout delivered for ${client.clientId}`);
});
provider.on('backchannel.error', (_ctx, error, client) => {
  stats.backchannelLogoutErrors += 1;
  console.log(`provider: back-channel logout for ${client.clientId} failed: ${error?.message ?? error}`);
});
provider.on('refresh_token.saved', (token) => grantIds.add(token.grantId));

const interaction = fixedUserInteraction(provider, user.sub);

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      console.error('provider: interaction failed', error);
      res.writeHead(500, { 'content-type': 'text/plain' }).end('interaction failed');
    });
    return;
  }
  callback(req, res);
});

function listen() {
  return new Promise((resolve) => server.listen(ports.provider, demo.host, resolve));
}

// ---- loopback admin for tests ---------------------------------------------

let outageTimer = null;

/** Stops answering at all (connection refused) for `ms`, then listens again. */
function outage(ms) {
  clearTimeout(outageTimer);
  if (server.listening) {
    server.close();
    server.closeAllConnections();
  }
  console.log(`provider: outage for ${ms} ms`);
  outageTimer = setTimeout(async () => {
    await listen();
    console.log('provider: back');
  }, ms);
}

/** Revokes every grant that has refresh tokens: their next use is invalid_grant. */
async function revokeAllGrants() {
  let revoked = 0;
  for (const grantId of grantIds) {
    await provider.RefreshToken.adapter.revokeByGrantId(grantId);
    await provider.AccessToken.adapter.revokeByGrantId(grantId);
    await provider.Grant.adapter.destroy(grantId);
    revoked += 1;
  }
  grantIds.clear();
  return revoked;
}

const admin = http.createServer(async (req, res) => {
  const url = new URL(req.url, demo.adminOrigin);
  const reply = (status, body) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method === 'GET' && url.pathname === '/stats') return reply(200, stats);
  if (req.method === 'POST' && url.pathname === '/outage') {
    outage(Number(url.searchParams.get('ms') ?? 10_000));
    return reply(200, { ok: true });
  }
  if (req.method === 'POST' && url.pathname === '/revoke-grants') {
    return reply(200, { revoked: await revokeAllGrants() });
  }
  return reply(404, { error: 'not_found' });
});

await listen();
await new Promise((resolve) => admin.listen(ports.admin, demo.host, resolve));
ready('provider', `${demo.issuer}/.well-known/openid-configuration`);
ready('provider-admin', `${demo.adminOrigin}/stats`);
