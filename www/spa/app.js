// The demo SPA: sign in with the package's TokenSession (discovery, code +
// PKCE, the ID token verified by the core: signature, issuer, audience,
// expiry, nonce), keep the tokens fresh across tabs, show what tokenward
// knows about them, call the API, sign out (revocation, then the provider's
// logout). With DPoP (the default of `make demo`; `?dpop=0` / `?dpop=1`
// switches, for every tab of the origin) the tokens are bound to a
// non-extractable key of this browser, and each API call shows its proof.
import {
  init, Verifier, RemoteKeySet, TokenSession, TokenError, decodeUnverified, lint, redact,
} from 'tokenward';
import { drawTimeline } from './timeline.js';

const $ = (id) => document.getElementById(id);
// Debug mode: lint findings and storage decisions in the console (a demo is for developers).
const debug = true;

// What the browser tests read (window.__demo): counts, never tokens.
const demo = { events: [], counts: { signedin: 0, refreshed: 0, adopted: 0, expiring: 0, reauthenticate: 0, refreshfailed: 0, apiOk: 0, apiFailed: 0 }, idTokenVerdict: null };
window.__demo = demo;

function log(type, detail = '') {
  const line = `${new Date().toISOString().slice(11, 23)} ${type} ${redact(typeof detail === 'string' ? detail : JSON.stringify(detail))}`;
  demo.events.push(line);
  const item = document.createElement('li');
  item.textContent = line;
  $('events').prepend(item);
}

function json(value) {
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify(value, null, 2);
  return pre;
}

await init();
const config = await (await fetch('/config.json')).json();

// The mode is the origin's, so that every tab joins the same session: a
// `?dpop=` parameter sets it (kept in localStorage: a switch, no token).
const asked = new URL(location.href).searchParams.get('dpop');
if (asked === '0' || asked === '1') localStorage.setItem('tokenward-demo-dpop', asked);
const dpop = (localStorage.getItem('tokenward-demo-dpop') ?? (config.dpopByDefault ? '1' : '0')) === '1';
demo.dpop = dpop;

const session = new TokenSession({
  name: dpop ? 'demo-dpop' : 'demo',
  issuer: config.issuer,
  clientId: dpop ? config.dpopClientId : config.clientId,
  redirectUri: config.redirectUri,
  dpop,
  signIn: {
    // offline_access + prompt=consent: the provider issues a refresh token.
    scope: config.scope,
    resource: config.apiResource,
    params: { prompt: 'consent' },
    clockTolerance: 5,
  },
  storage: { rotation: true, refreshTokenLifetime: 30 * 60 },
  debug,
});
demo.session = session;

// A tab that got its tokens from another tab verifies the ID token itself
// (without a nonce: the signing-in tab checked it), with the keys of the
// discovery document the session checked.
const idTokenVerifier = new Verifier({
  jwks: new RemoteKeySet((await session.discovery()).jwksUri),
  issuer: config.issuer,
  audience: config.clientId,
  clientId: config.clientId,
  algorithms: ['RS256', 'ES256'],
  clockTolerance: 5,
});

// ---- token timeline history (for the picture) -------------------------------
const history = [];
function recordTimeline() {
  const timeline = session.timeline();
  if (timeline === null || session.generation === null) return;
  const last = history.at(-1);
  if (last?.generation === session.generation) {
    last.timeline = timeline;
    return;
  }
  if (last) last.replacedAt = Date.now();
  history.push({ generation: session.generation, timeline });
  if (history.length > 4) history.shift();
}

// ---- events ----------------------------------------------------------------
session.addEventListener('signedin', () => {
  demo.counts.signedin += 1;
  log('signed in');
  render();
});
session.addEventListener('refreshed', ({ detail }) => {
  if (detail.origin === 'refresh') demo.counts.refreshed += 1;
  else demo.counts.adopted += 1;
  log(detail.origin === 'refresh' ? 'refreshed (this tab)' : `new token set (${detail.origin})`, `generation ${detail.generation}`);
  render();
});
session.addEventListener('expiring', ({ detail }) => {
  demo.counts.expiring += 1;
  log('expiring', `at ${new Date(detail.expiresAt).toISOString()}`);
});
session.addEventListener('refreshfailed', ({ detail }) => {
  demo.counts.refreshfailed += 1;
  log('refresh failed', detail);
});
session.addEventListener('reauthenticate', ({ detail }) => {
  demo.counts.reauthenticate += 1;
  demo.lastReauthenticate = detail;
  log('reauthenticate', detail);
  render();
});
session.addEventListener('signedout', () => {
  log('signed out');
  history.length = 0;
  render();
});

// ---- panels ----------------------------------------------------------------
let idTokenShown = false;
async function showIdToken(idToken, call = {}) {
  if (!idToken) return;
  idTokenShown = true;
  const box = $('id-token');
  try {
    const { header, claims } = await idTokenVerifier.verifyAsync(idToken, call);
    const checks = ['signature', 'iss', 'aud', 'exp'];
    if (call.nonce) checks.push('nonce');
    if (call.accessToken) checks.push('at_hash');
    demo.idTokenVerdict = { ok: true, checks };
    box.replaceChildren(verdict(true, `verified: ${checks.join(', ')}${call.nonce ? '' : ' (nonce was checked by the tab that signed in)'}`), json({ header, claims }));
  } catch (error) {
    demo.idTokenVerdict = { ok: false, code: error.code };
    box.replaceChildren(verdict(false, `refused: ${error instanceof TokenError ? error.code : error.message}`));
  }
  box.classList.remove('muted');
}

function verdict(ok, text) {
  const p = document.createElement('p');
  p.className = `verdict ${ok ? 'ok' : 'bad'}`;
  p.textContent = text;
  return p;
}

function showAccessToken() {
  const token = session.accessToken;
  if (token === null) return;
  const { header, claims } = decodeUnverified(token);
  $('access-token').replaceChildren(json({ header, claims }));
  $('cnf').replaceChildren(json(claims.cnf ?? null));
  $('cnf').classList.toggle('muted', claims.cnf === undefined);
  $('access-token').classList.remove('muted');
  const report = lint(token);
  const list = document.createElement('div');
  const idReport = session.idToken ? lint(session.idToken) : { findings: [] };
  for (const [label, r] of [['access token', report], ['ID token', idReport]]) {
    for (const finding of r.findings) {
      const p = document.createElement('p');
      p.className = `finding sev-${finding.severity}`;
      p.innerHTML = `<code></code> `;
      p.firstChild.textContent = finding.code;
      p.append(`${label}: ${finding.message}`);
      list.append(p);
    }
  }
  if (list.childElementCount === 0) list.textContent = `no findings (${report.tokenLength} bytes, header ${report.headerBytes} B)`;
  $('lint').replaceChildren(list);
  $('lint').classList.remove('muted');
}

function showStorage() {
  const box = document.createElement('div');
  for (const [kind, decision] of Object.entries(session.storageDecisions)) {
    const d = document.createElement('div');
    d.className = 'decision';
    d.innerHTML = `<div>${kind}: <b></b></div>`;
    d.querySelector('b').textContent = decision.location;
    for (const [notes, cls] of [[decision.reasons, 'reason'], [decision.warnings, 'warning']]) {
      for (const note of notes) {
        const p = document.createElement('div');
        p.className = `note ${cls}`;
        p.innerHTML = '<code></code> ';
        p.firstChild.textContent = note.code;
        p.append(`${note.message} — ${note.source}`);
        d.append(p);
      }
    }
    box.append(d);
  }
  $('storage').replaceChildren(box);
}

/** Back to placeholders: after sign-out, or when a dead grant cleared the tokens. */
function clearPanels(why) {
  idTokenShown = false;
  for (const id of ['id-token', 'access-token', 'lint']) {
    $(id).replaceChildren(why);
    $(id).classList.add('muted');
  }
}

function render() {
  const signedIn = session.generation !== null;
  if (!signedIn) clearPanels(session.state === 'reauthentication-required' ? 'tokens cleared: sign in again' : 'not signed in');
  // A tab that got its tokens from another tab verifies the ID token too.
  else if (session.idToken && $('id-token').classList.contains('muted') && !idTokenShown) {
    idTokenShown = true;
    showIdToken(session.idToken);
  }
  $('sign-in').hidden = signedIn;
  $('sign-out').hidden = !signedIn;
  $('call-api').hidden = !signedIn;
  $('call-api-envoy').hidden = !signedIn || !config.apiViaEnvoy;
  $('call-api-worker').hidden = !signedIn || !config.apiViaWorker;
  const state = session.state;
  $('status').textContent = signedIn ? `signed in · ${state}${dpop ? ' · DPoP' : ''}` : state === 'reauthentication-required' ? 'sign-in required' : 'signed out';
  $('status').className = `status ${signedIn ? 'ok' : state === 'reauthentication-required' ? 'bad' : ''}`;
  recordTimeline();
  showAccessToken();
}

function tick() {
  recordTimeline();
  drawTimeline($('timeline'), session.generation === null ? [] : history, Date.now());
  const c = session.counters;
  const t = session.timeline();
  const entries = {
    state: session.state,
    'refreshes by this tab': c.refreshes,
    'sets from other tabs': c.adopted,
    'failures in a row': c.failuresInARow,
    'expires in': t ? `${Math.max(0, Math.round((t.expiresAt - Date.now()) / 1000))} s` : '—',
    'next refresh in': t ? `${Math.round(((t.retryAt ?? t.refreshAt) - Date.now()) / 1000)} s${t.retryAt ? ' (retry)' : ''}` : '—',
    'clock skew': t ? `${t.skewMs} ms (${t.skewSource})` : '—',
  };
  $('counters').replaceChildren(...Object.entries(entries).map(([k, v]) => {
    const div = document.createElement('div');
    div.innerHTML = '<dt></dt><dd></dd>';
    div.firstChild.textContent = k;
    div.lastChild.textContent = String(v);
    return div;
  }));
  $('status').textContent = session.generation !== null ? `signed in · ${session.state}${dpop ? ' · DPoP' : ''}` : $('status').textContent;
}

// ---- actions -----------------------------------------------------------------
// `via` names the path: the API directly, or through tokenward's Envoy
// filter or edge worker (the API then reports the x-tokenward-* headers it
// received). A refusal by the edge itself has no CORS headers, so the
// browser reports it as a network error.
// session.fetch adds the token: `Authorization: DPoP` with a fresh proof
// (and one retry when the API asks for a nonce) or `Authorization: Bearer`.
let lastProof = null;
session.addEventListener('dpopproof', ({ detail }) => {
  lastProof = detail;
});
async function callApi(via = 'direct') {
  const url = { direct: config.api, envoy: config.apiViaEnvoy, worker: config.apiViaWorker }[via];
  try {
    lastProof = null;
    const response = await session.fetch(url, { credentials: 'omit' });
    const body = await response.json();
    showProof(lastProof);
    if (response.ok) demo.counts.apiOk += 1;
    else demo.counts.apiFailed += 1;
    const edge = body.edge_headers ?? {};
    const seen = via === 'direct' ? '' : `\nvia ${via}: x-tokenward-sub=${edge['x-tokenward-sub'] ?? '—'} x-tokenward-kind=${edge['x-tokenward-kind'] ?? '—'}`;
    $('api').textContent = `HTTP ${response.status}${seen}\n${JSON.stringify(body, null, 2)}`;
    $('api').classList.remove('muted');
    return { status: response.status, body, proofs: lastProof?.proofs.length ?? 0 };
  } catch (error) {
    demo.counts.apiFailed += 1;
    $('api').textContent = `${via === 'direct' ? '' : `via ${via}: `}${error.name}: ${error.message}`;
    return { status: 0, error: error.message };
  }
}
demo.callApi = callApi;

/** The DPoP header of the last call, decoded: one proof per attempt (a nonce retry makes two). */
function showProof(detail) {
  if (detail === null) {
    $('proof').replaceChildren(dpop ? 'no proof' : 'bearer mode: no proof (open ?dpop=1)');
    $('proof').classList.add('muted');
    return;
  }
  const parts = detail.proofs.map(({ header, claims }, i) => {
    const label = document.createElement('p');
    label.textContent = `${detail.method} ${detail.url} → HTTP ${detail.status} · proof ${i + 1} of ${detail.proofs.length}${claims.nonce ? ' (with the server nonce)' : ''}`;
    return [label, json({ header, claims })];
  });
  $('proof').replaceChildren(...parts.flat());
  $('proof').classList.remove('muted');
}

$('sign-in').addEventListener('click', () => session.signIn().catch((error) => log('error', `${error.code ?? error.name}: ${error.message}`)));
$('call-api').addEventListener('click', () => callApi());
$('call-api-envoy').addEventListener('click', () => callApi('envoy'));
$('call-api-worker').addEventListener('click', () => callApi('worker'));
$('sign-out').addEventListener('click', async () => {
  // Ends the provider's own session too (RP-initiated logout): its URL
  // carries the ID token as a hint, so it is built before signOut().
  const logout = await session.endSessionUrl({ postLogoutRedirectUri: config.redirectUri });
  const revoked = await session.signOut();
  demo.revoked = revoked;
  log('refresh token revoked at the provider', String(revoked));
  if (logout !== null && !demo.stayAfterSignOut) location.assign(logout);
});

// ---- start -------------------------------------------------------------------
showStorage();
try {
  // The redirect back from the provider: handleCallback scrubs the address
  // bar, checks state and iss, exchanges the code and has the core verify
  // the ID token (nonce included) before any token is kept.
  idTokenShown = true;
  const idToken = await session.handleCallback();
  idTokenShown = false;
  if (idToken !== null) {
    idTokenShown = true;
    const checks = ['signature', 'iss', 'aud', 'exp', 'nonce', ...(idToken.claims.at_hash ? ['at_hash'] : [])];
    demo.idTokenVerdict = { ok: true, checks };
    $('id-token').replaceChildren(verdict(true, `verified at sign-in: ${checks.join(', ')}`), json(idToken));
    $('id-token').classList.remove('muted');
  } else {
    await session.start();
  }
} catch (error) {
  idTokenShown = false;
  // What the browser tests read: the stable code of a refused sign-in.
  demo.signInError = { name: error.name, code: error.code, error: error.error };
  log('error', `${error.code ?? error.name}: ${error.message}`);
}
render();
setInterval(tick, 250);
demo.ready = true;
log('ready', `tab with ${session.generation === null ? 'no tokens' : 'a shared token set'}`);
