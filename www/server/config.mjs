// The demo's addresses, shared by its three servers. Always 127.0.0.1,
// never `localhost`: the issuer must match exactly, oidc-provider refuses
// `localhost` redirect URIs, and sessionStorage (the PKCE verifier) is per
// origin, so a mixed host would lose it.
const HOST = '127.0.0.1';
const base = Number(process.env.DEMO_PORT_BASE ?? 8400);

export const ports = {
  spa: base,
  provider: base + 1,
  api: base + 2,
  admin: base + 3,
  // The edge paths in front of the API (started by scripts/demo/run.sh).
  envoy: base + 4,
  worker: base + 5,
  // The API's listener for its edges (Envoy, the worker): they checked the
  // DPoP proof, which names their URL and cannot be checked again here. In
  // a deployment only the proxy reaches it.
  apiBehindEdge: base + 6,
  // The back-channel logout receiver: the provider POSTs its logout tokens
  // here, and both edges poll the revocation list it publishes.
  logoutReceiver: base + 7,
};

export const demo = {
  host: HOST,
  spaOrigin: `http://${HOST}:${ports.spa}`,
  issuer: `http://${HOST}:${ports.provider}`,
  apiOrigin: `http://${HOST}:${ports.api}`,
  adminOrigin: `http://${HOST}:${ports.admin}`,
  envoyOrigin: `http://${HOST}:${ports.envoy}`,
  workerOrigin: `http://${HOST}:${ports.worker}`,
  logoutReceiverOrigin: `http://${HOST}:${ports.logoutReceiver}`,
  // Where the provider sends a tab after RP-initiated logout when the SPA
  // signs out everywhere (a popup: the SPA's own tab keeps its memory).
  signedOutPage: `http://${HOST}:${ports.spa}/signed-out.html`,
  clientId: 'tokenward-demo-spa',
  // The same SPA as a DPoP client (RFC 9449): its access tokens are bound to
  // the browser's key (`cnf.jkt`), and the provider wants a DPoP nonce.
  dpopClientId: 'tokenward-demo-spa-dpop',
  // Whether the SPA signs in as the DPoP client unless the page says
  // otherwise (`?dpop=0` / `?dpop=1`).
  dpopByDefault: process.env.DEMO_DPOP !== '0',
  // RFC 8707 resource indicator of the API: access tokens for it are RFC 9068
  // JWTs with this audience.
  apiResource: `http://${HOST}:${ports.api}/`,
  apiScope: 'api:read',
  // How often the edges poll the receiver's revocation list, and the
  // document's max-age: together the propagation bound of
  // docs/revocation.md, 2 s.
  revocationRefreshSeconds: 1,
  accessTokenTtl: Number(process.env.DEMO_ACCESS_TOKEN_TTL ?? 30),
  // Absolute lifetime of a rotated refresh-token family, from sign-in.
  refreshTokenLifetime: Number(process.env.DEMO_REFRESH_TOKEN_TTL ?? 30 * 60),
  user: { sub: 'alice', name: 'Alice Example', email: 'alice@example.com' },
};

/** The receiver's endpoint for `clientId`'s logout tokens (one per client: a logout token's `aud` is its client). */
export function backchannelLogoutUri(clientId) {
  return `${demo.logoutReceiverOrigin}/backchannel-logout/${clientId}`;
}

/** Writes `line` once the server listens: the demo script waits for it. */
export function ready(name, url) {
  console.log(`${name}: ready ${url}`);
}

/** The provider's discovery document; the provider may still be starting, so this retries for a minute. */
export async function fetchDiscovery() {
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
