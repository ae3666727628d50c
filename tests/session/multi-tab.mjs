// The browser-session test against the running demo (tests/session/run.sh
// starts it): Debian Chromium driven by playwright-core.
//   1. sign in (code + PKCE) in one tab;
//   2. three tabs open for TABS_SECONDS with 30 s access tokens: every tab
//      keeps a usable token and gets 200s from the API, one refresh per
//      period across all tabs (counted at the provider), zero invalid_grant,
//      no token in any URL, localStorage and document.cookie hold no token;
//   3. the provider goes down over a refresh point: backoff, then recovery;
//   4. every grant revoked at the provider: `reauthenticate` in every tab.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, EDGES, SPA, launchChromium, openDemoTab, screenshots, sleep, stats } from './demo-browser.mjs';

const TABS_SECONDS = Number(process.env.TABS_SECONDS ?? 125);
const SHOTS = screenshots({ fresh: true });

const admin = async (path) => (await fetch(`${ADMIN}${path}`, { method: 'POST' })).json();
const say = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

async function until(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

let browser;
let context;
const pageErrors = [];
let expectGrantError = false;
const tokenUrls = [];
before(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  context.on('request', (request) => {
    // No token or code may travel in a URL, except the one code the provider
    // hands back on the redirect (scrubbed from the address bar at once).
    const url = request.url();
    if (/eyJ[\w-]+\.[\w-]+\./.test(url) || /[?&#](access_token|refresh_token|id_token)=/.test(url)) tokenUrls.push(url);
  });
});
after(async () => {
  await browser?.close();
  console.log(`test-session: screenshots in ${SHOTS}/`);
});

const openTab = (name) => openDemoTab(context, SPA, {
  onError: (text) => pageErrors.push(`${name}: ${text}`),
  // Refused connections are the simulated outage, and the 400 from the
  // token endpoint the revoked grant: both on purpose.
  consoleErrorExpected: (message) => /ERR_CONNECTION_REFUSED/.test(message.text())
    || (expectGrantError && /status of 400/.test(message.text()) && /\/token$/.test(message.location()?.url ?? '')),
});

const probe = (page) =>
  page.evaluate(() => {
    const d = window.__demo;
    const tokenish = /eyJ[\w-]+\.[\w-]+|[\w-]{40,}/;
    const local = Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`);
    const session = Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k)}`);
    return {
      href: location.href,
      generation: d.session.generation,
      usable: d.session.accessToken !== null,
      state: d.session.state,
      counters: d.session.counters,
      counts: { ...d.counts },
      timeline: d.session.timeline(),
      localStorageTokens: local.filter((entry) => tokenish.test(entry)),
      sessionStorageTokens: session.filter((entry) => tokenish.test(entry)),
      cookieTokens: document.cookie.split(';').filter((c) => tokenish.test(c)),
    };
  });

const failures = [];
function check(condition, message) {
  if (!condition) failures.push(message);
}

test('three tabs share one session: one refresh per period, an outage, a revoked grant', async () => {
  // ---- 1. sign in --------------------------------------------------------------
  const first = await openTab('tab1');
  const beforeSignIn = await stats();
  await first.click('#sign-in');
  await first.waitForFunction(() => window.__demo?.counts.signedin === 1, null, { timeout: 60_000 });
  await first.waitForFunction(() => window.__demo.idTokenVerdict !== null, null, { timeout: 20_000 });
  const verdict = await first.evaluate(() => window.__demo.idTokenVerdict);
  assert.equal(verdict.ok, true, `ID token refused: ${JSON.stringify(verdict)}`);
  assert.ok(verdict.checks.includes('nonce'), 'nonce checked');
  const signedIn = await probe(first);
  assert.equal(new URL(signedIn.href).search, '', `code left in the address bar: ${signedIn.href}`);
  assert.equal((await stats()).codeExchanges, beforeSignIn.codeExchanges + 1);
  await first.screenshot({ path: `${SHOTS}/1-signed-in.png`, fullPage: true });
  say('signed in; ID token verified with', verdict.checks.join(', '));

  // ---- 1b. the API behind the Envoy filter and the edge worker -------------------
  // From the page, so CORS (preflight through the edge) is exercised too.
  for (const [via, url] of Object.entries(EDGES)) {
    const result = await first.evaluate((v) => window.__demo.callApi(v), via);
    assert.equal(result.status, 200, `via ${via}: ${JSON.stringify(result)}`);
    assert.equal(result.body.edge_headers['x-tokenward-sub'], 'alice', `via ${via}: ${JSON.stringify(result.body)}`);
    assert.equal(result.body.edge_headers['x-tokenward-kind'], 'user', `via ${via}: ${JSON.stringify(result.body)}`);
    const bare = await fetch(url);
    assert.equal(bare.status, 401, `via ${via} without a token`);
    assert.match(bare.headers.get('www-authenticate') ?? '', /^Bearer/, `via ${via} without a token`);
    const forged = await fetch(url, { headers: { authorization: 'Bearer not.a.token' } });
    assert.equal(forged.status, 401, `via ${via} with a garbage token`);
  }
  say('API via Envoy and via the worker: 200 as alice; 401 without or with a bad token');

  // ---- 2. three tabs ------------------------------------------------------------
  const tabs = [first, await openTab('tab2'), await openTab('tab3')];
  for (const tab of tabs) {
    await tab.waitForFunction(() => window.__demo.session.generation !== null, null, { timeout: 10_000 });
  }
  const start = await stats();
  const startedAt = Date.now();
  const tabRefreshesAtStart = (await Promise.all(tabs.map(probe))).map((p) => p.counters.refreshes);
  let apiCalls = 0;
  while (Date.now() - startedAt < TABS_SECONDS * 1000) {
    for (const [i, tab] of tabs.entries()) {
      const result = await tab.evaluate(() => window.__demo.callApi());
      apiCalls += 1;
      check(result.status === 200, `tab${i + 1} API call: ${JSON.stringify(result)}`);
      const p = await probe(tab);
      check(p.usable, `tab${i + 1} had no usable access token (state ${p.state})`);
      check(!/[?&#](code|state|access_token|id_token)=/.test(p.href), `tab${i + 1} URL ${p.href}`);
      check(p.localStorageTokens.length === 0, `tab${i + 1} localStorage: ${p.localStorageTokens}`);
      check(p.cookieTokens.length === 0, `tab${i + 1} document.cookie holds a token`);
      check(p.sessionStorageTokens.length === 0, `tab${i + 1} sessionStorage: ${p.sessionStorageTokens}`);
    }
    await sleep(4000);
  }
  const end = await stats();
  const seconds = (Date.now() - startedAt) / 1000;
  const probes = await Promise.all(tabs.map(probe));
  const refreshes = end.refreshes - start.refreshes;
  const byTabs = probes.map((p, i) => p.counters.refreshes - tabRefreshesAtStart[i]);
  const t = probes[0].timeline;
  const period = (t.refreshAt - t.issuedAt) / 1000;
  const gaps = end.refreshTimes.slice(start.refreshTimes.length).map((at, i, all) => (i ? (at - all[i - 1]) / 1000 : null)).slice(1);
  say(`${seconds.toFixed(0)} s, 3 tabs: ${refreshes} refreshes at the provider (by tab: ${byTabs.join('/')}), ` +
    `planned period ~${period.toFixed(1)} s, gaps ${gaps.map((g) => g.toFixed(1)).join(' ')} s, ` +
    `invalid_grant ${end.invalidGrant - start.invalidGrant}, API calls ${apiCalls}`);
  check(end.invalidGrant === start.invalidGrant, `invalid_grant during the multi-tab run: ${end.invalidGrant - start.invalidGrant}`);
  check(end.reuseDetected === start.reuseDetected, 'refresh-token reuse detected');
  // One refresh per period for all tabs together (not one per tab).
  const expected = seconds / period;
  check(refreshes >= Math.floor(expected) - 1 && refreshes <= Math.ceil(expected) + 1,
    `refreshes ${refreshes}, expected about ${expected.toFixed(1)} for one per period`);
  check(gaps.every((g) => g > period * 0.8), `two refreshes closer than a period: ${gaps}`);
  check(byTabs.reduce((a, b) => a + b, 0) === refreshes, `tabs did ${byTabs} refreshes, provider saw ${refreshes}`);
  check(new Set(probes.map((p) => p.generation)).size === 1, `tabs hold different token sets: ${probes.map((p) => p.generation)}`);
  check(tokenUrls.length === 0, `tokens in request URLs: ${tokenUrls.slice(0, 3)}`);
  await first.screenshot({ path: `${SHOTS}/2-three-tabs-after-${Math.round(seconds)}s.png`, fullPage: true });

  // ---- 3. provider down during a refresh ------------------------------------------
  const failedBefore = (await Promise.all(tabs.map(probe))).reduce((n, p) => n + p.counts.refreshfailed, 0);
  // Start the outage ~1 s before the earliest tab's refresh point of the token
  // set all tabs hold. Re-check after the wait: if a refresh landed meanwhile
  // (a tab's jittered point came first), the next point is a period away and
  // the outage would miss it, so plan again.
  let before;
  for (;;) {
    const all = await Promise.all(tabs.map(probe));
    before = all[0];
    const refreshAt = Math.min(...all.map((p) => p.timeline?.refreshAt ?? Infinity));
    const waitMs = refreshAt - Date.now() - 1000;
    if (waitMs <= 0) {
      await sleep(500); // a refresh is due or under way: wait for the next plan
      continue;
    }
    await sleep(waitMs);
    if ((await probe(first)).generation === before.generation) break;
  }
  await admin('/outage?ms=9000');
  say('provider down for 9 s around the refresh point');
  await until('a failed refresh', async () => {
    const all = await Promise.all(tabs.map(probe));
    return all.reduce((n, p) => n + p.counts.refreshfailed, 0) > failedBefore;
  }, 20_000);
  // The failed refresh must be followed by a retry scheduled later (the
  // planner's backoff): watched inside each page every 50 ms, since a
  // probe from here can miss a short backoff window. No tab backing off
  // within 10 s fails the run.
  const backoff = await Promise.any(tabs.map((tab) => tab.waitForFunction(() => {
    const t = window.__demo.session.timeline();
    return t?.retryAt > Date.now() ? { retryInMs: t.retryAt - Date.now() } : null;
  }, null, { polling: 50, timeout: 10_000 }).then((handle) => handle.jsonValue())))
    .catch(() => { throw new Error('no tab backed off after the failed refresh (timeline.retryAt never in the future)'); });
  say(`backing off: next attempt in ${(backoff.retryInMs / 1000).toFixed(1)} s`);
  await first.screenshot({ path: `${SHOTS}/3-provider-down-backing-off.png`, fullPage: true });
  const recovered = await until('recovery after the outage', async () => {
    const all = await Promise.all(tabs.map(probe));
    return all.every((p) => p.generation > before.generation && p.usable) ? all : null;
  }, 45_000);
  const afterOutage = await stats();
  say(`recovered: generation +${recovered[0].generation - before.generation}, failed attempts seen ` +
    `${recovered.reduce((n, p) => n + p.counts.refreshfailed, 0) - failedBefore}, invalid_grant ${afterOutage.invalidGrant - start.invalidGrant}`);
  check(afterOutage.invalidGrant === start.invalidGrant, 'invalid_grant after the outage');
  for (const [i, tab] of tabs.entries()) {
    const result = await tab.evaluate(() => window.__demo.callApi());
    check(result.status === 200, `tab${i + 1} API after recovery: ${JSON.stringify(result)}`);
  }
  await first.screenshot({ path: `${SHOTS}/4-recovered.png`, fullPage: true });

  // ---- 4. refresh token revoked -----------------------------------------------------
  expectGrantError = true;
  const revoked = await admin('/revoke-grants');
  say(`revoked ${revoked.revoked} grant(s) at the provider`);
  const reauth = await until('reauthenticate in every tab', async () => {
    const all = await Promise.all(tabs.map((tab) => tab.evaluate(() => ({
      count: window.__demo.counts.reauthenticate,
      detail: window.__demo.lastReauthenticate,
      usable: window.__demo.session.accessToken !== null,
    }))));
    return all.every((r) => r.count > 0) ? all : null;
  }, 40_000);
  for (const [i, r] of reauth.entries()) {
    check(r.detail.reason === 'invalid_grant' && r.detail.clearTokens, `tab${i + 1} reauthenticate: ${JSON.stringify(r.detail)}`);
    check(!r.usable, `tab${i + 1} still holds an access token after the grant died`);
  }
  const final = await stats();
  say(`reauthenticate in all tabs (${reauth[0].detail.reason}); invalid_grant at the provider: ${final.invalidGrant - afterOutage.invalidGrant} (the revoked token, once)`);
  check(final.invalidGrant - afterOutage.invalidGrant === 1, `the dead grant was presented ${final.invalidGrant - afterOutage.invalidGrant} times`);
  await first.screenshot({ path: `${SHOTS}/5-reauthenticate.png`, fullPage: true });
  check(pageErrors.length === 0, `page errors: ${pageErrors.slice(0, 5).join(' | ')}`);
  assert.deepEqual([...new Set(failures)], [], `${failures.length} failure(s)`);
});
