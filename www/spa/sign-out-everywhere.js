// "Sign out everywhere": the provider ends the session, and the edges stop
// accepting its access tokens long before they expire.
//
// 1. RP-initiated logout at the provider, in a popup (so this tab keeps its
//    memory); its post-logout page (signed-out.html) tells this tab when
//    the provider is done. oidc-provider answers only after its back-channel
//    calls returned: by then the demo's receiver has recorded the session's
//    `sid` in the revocation list Envoy and the worker poll.
// 2. With the access token this tab still holds — kept for the
//    demonstration only: a real app drops it at sign-out — the API is called
//    through Envoy and through the worker (session.fetch: a DPoP token goes
//    with a valid proof) until each answers 401 `revoked`; the time from the
//    provider's sign-out to that refusal is what the demo shows.
// 3. Then the usual local sign-out (session.signOut()) in every tab.
// Closing the provider's window before confirming cancels it all.

/** Set (in localStorage: every tab refreshes for all) while a sign-out everywhere is under way. */
const UNDER_WAY = 'tokenward-demo-signing-out-everywhere';
/** The channel signed-out.html reports on. */
export const SIGNED_OUT_CHANNEL = 'tokenward-demo-signed-out';
/** How long the edges get before the demonstration gives up (ms): far beyond the bound. */
const GIVE_UP_MS = 15_000;
const POLL_MS = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The TokenSession's `fetch`: the browser's, except that while a sign-out
 * everywhere is under way, a refresh the provider refuses `invalid_grant`
 * (the logout revoked the grant) reaches the session as a network error.
 * The session then keeps the access token it holds, for the demonstration,
 * instead of clearing it; the demonstration ends with signOut() anyway.
 */
export async function sessionFetch(input, init) {
  const response = await fetch(input, init);
  const isRefresh = init?.body instanceof URLSearchParams && init.body.get('grant_type') === 'refresh_token';
  if (!isRefresh || !underWay() || response.status !== 400) return response;
  const body = await response.clone().json().catch(() => null);
  if (body?.error === 'invalid_grant') throw new TypeError('refresh refused during the sign-out demonstration; the held token stays');
  return response;
}

function underWay() {
  return Number(localStorage.getItem(UNDER_WAY) ?? 0) > Date.now();
}

/** The stable code of an edge's refusal: its JSON body's, else its challenge's `error_description`. */
async function refusalCode(response) {
  const body = await response.json().catch(() => null);
  if (typeof body?.error_description === 'string') return body.error_description;
  return /error_description="([^"]*)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1] ?? null;
}

/** Calls `url` with the held token until it is refused `revoked` (or GIVE_UP_MS pass). */
async function untilRevoked(session, url, signedOutAt) {
  // The answers before the refusal, by status (200) or refusal code.
  const earlier = {};
  for (;;) {
    const response = await session.fetch(url, { credentials: 'omit' });
    const code = response.status === 200 ? null : await refusalCode(response);
    const ms = Date.now() - signedOutAt;
    if (response.status === 401 && code === 'revoked') return { status: 401, code, ms, earlier };
    if (response.status === 200) await response.body?.cancel();
    // Still accepted (the edge has not polled the list since the logout), or refused for another reason.
    const seen = code ?? String(response.status);
    earlier[seen] = (earlier[seen] ?? 0) + 1;
    if (ms > GIVE_UP_MS) return { status: response.status, code, ms, earlier, gaveUp: true };
    await sleep(POLL_MS);
  }
}

/** Resolves the time (Unix ms) signed-out.html reports, or null when the popup closes first. */
function providerSignOut(popup) {
  return new Promise((resolve) => {
    const channel = new BroadcastChannel(SIGNED_OUT_CHANNEL);
    const closed = setInterval(() => {
      if (popup.closed) finish(null);
    }, 250);
    function finish(at) {
      clearInterval(closed);
      channel.close();
      resolve(at);
    }
    channel.onmessage = ({ data }) => finish(typeof data?.at === 'number' ? data.at : Date.now());
  });
}

/**
 * The whole demonstration. `popup` is a window opened in the click handler
 * (a popup opened later would be blocked). `report(step)` shows progress.
 * @returns {Promise<object>} what happened: the token's `sid` and `jti`, each edge's refusal and its time
 */
export async function signOutEverywhere({ session, config, popup, report }) {
  const token = session.accessToken;
  if (token === null) {
    popup.close();
    return { error: 'no usable access token in this tab' };
  }
  localStorage.setItem(UNDER_WAY, String(Date.now() + 5 * 60_000));
  let signedOutAt = null;
  try {
    const logout = await session.endSessionUrl({ postLogoutRedirectUri: config.signedOutUri });
    if (logout === null) {
      popup.close();
      return { error: 'the provider announces no end_session_endpoint' };
    }
    popup.location.href = logout;
    report({ step: 'provider', text: 'confirm the sign-out in the provider\'s window…' });
    signedOutAt = await providerSignOut(popup);
    if (signedOutAt === null) return { error: 'the provider\'s window was closed before the sign-out' };
    report({ step: 'edges', text: 'signed out at the provider; calling the API with the held token via Envoy and via the worker…' });
    const [envoy, worker] = await Promise.all([
      untilRevoked(session, config.apiViaEnvoy, signedOutAt),
      untilRevoked(session, config.apiViaWorker, signedOutAt),
    ]);
    // The held token was the one used throughout (no refresh replaced it).
    const sameToken = session.accessToken === token;
    return { envoy, worker, sameToken, boundMs: config.revocationBoundMs };
  } finally {
    // Signed out at the provider: now here too, in every tab. A sign-out
    // the user cancelled (the popup closed first) leaves the session be.
    if (signedOutAt !== null) await session.signOut().catch(() => false);
    localStorage.removeItem(UNDER_WAY);
  }
}
