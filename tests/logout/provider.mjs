// A real OpenID provider for the logout suite: npm oidc-provider (the demo's
// dependency, a workspace package), in this process, with Back-Channel
// Logout on and one client whose backchannel_logout_uri is the receiver.
// Its own configuration, apart from the demo's (www/server/provider.mjs):
// JWT access tokens (RFC 9068) that carry the session's `sid`, as
// providers that support back-channel logout commonly issue them, living
// 10 minutes: long enough that only revocation can stop them in the test.
// Keys, errors and sign-in are the demo's (www/server/provider-common.mjs).
import http from 'node:http';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { fixedUserInteraction, jwtAccessTokensFor, renderJsonError, signingKeys } from '../../www/server/provider-common.mjs';

// oidc-provider as the demo workspace resolves it.
const demoRequire = createRequire(new URL('../../www/package.json', import.meta.url));
const { default: Provider, errors } = await import(pathToFileURL(demoRequire.resolve('oidc-provider')).href);

export const CLIENT_ID = 'logout-rp';
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';
export const API = 'https://api.logout.test';
export const USER = 'user-logout-1';

/**
 * Starts the provider on `port` (loopback) with the receiver's logout URI.
 * @returns {Promise<{ issuer: string, events: object[], close: () => Promise<void> }>}
 */
export async function startProvider({ port, backchannelLogoutUri }) {
  const issuer = `http://127.0.0.1:${port}`;
  const events = [];
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [REDIRECT_URI],
        backchannel_logout_uri: backchannelLogoutUri,
        backchannel_logout_session_required: true,
      },
    ],
    jwks: signingKeys('op'),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'api'],
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    // The provider's outgoing fetch refuses special-use addresses (its SSRF
    // guard, a dispatcher it passes in); the receiver here is on loopback.
    fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
    extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' && token.sid ? { sid: token.sid } : undefined),
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: jwtAccessTokensFor(API, errors),
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: renderJsonError,
  });
  provider.on('backchannel.success', (_ctx, client, accountId, sid) => {
    events.push({ event: 'backchannel.success', clientId: client.clientId, accountId, sid, at: Date.now() });
  });
  provider.on('backchannel.error', (_ctx, error, client, accountId, sid) => {
    events.push({ event: 'backchannel.error', clientId: client.clientId, accountId, sid, error: String(error?.message ?? error) });
  });

  const interaction = fixedUserInteraction(provider, USER);

  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(req, res).catch((error) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`interaction failed: ${error.message}`);
      });
      return;
    }
    callback(req, res);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    events,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}
