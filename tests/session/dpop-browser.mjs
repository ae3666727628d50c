// DPoP end to end in headless Chromium against the running demo
// (tests/session/run.sh starts it): the demo SPA as the provider's DPoP
// client (`?dpop=1`), TokenSession with `dpop: true`.
//   1. sign in: the code exchange carries a proof, the provider's nonce
//      challenge is answered once, the access token comes back bound:
//      `cnf.jkt` is the thumbprint of the public key of the pair kept in
//      IndexedDB, whose private half is not extractable;
//   2. three tabs: the same key in each; calls through session.fetch
//      succeed at the API (npm Verifier with `dpop`, nonces required: the
//      first call is challenged and retried once), behind real Envoy (two
//      worker threads) and behind real workerd (`tokenward/edge`), both
//      with the provider's `dpop` member;
//   3. refreshes with rotation across the tabs, proofs included: tokens
//      stay bound to the same key, no invalid_grant;
//   4. the bound token sent as `Bearer` is refused `dpop_proof_required`
//      by the API, Envoy and the worker.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { calculateJwkThumbprint, decodeJwt } from 'jose';
import { API, EDGES, SPA, launchChromium, openDemoTab, sayer, screenshots, sleep, stats } from './demo-browser.mjs';

const REFRESHES = Number(process.env.DPOP_REFRESHES ?? 2);
const SHOTS = screenshots();
const say = sayer('dpop');

const browser = await launchChromium();
after(() => browser.close());
const context = await browser.newContext({ viewport: { width: 1280, height: 1200 } });
const pageErrors = [];

const openTab = (name, url = SPA) => openDemoTab(context, url, {
  onError: (text) => pageErrors.push(`${name}: ${text}`),
  // The nonce challenges (401 from the API, 400 from the token endpoint)
  // are expected answers; the browser logs them as failed loads.
  consoleErrorExpected: (message) => /status of 40[01]/.test(message.text()),
});

/** What a tab holds: its session key (public JWK, thumbprint), the key pair read back from IndexedDB, the token's cnf. */
const keyOf = (page) =>
  page.evaluate(async () => {
    const { jwk, thumbprint } = await window.__demo.session.dpopKey();
    const pair = await new Promise((resolve, reject) => {
      const open = indexedDB.open('tokenward-dpop');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const get = open.result.transaction('keys').objectStore('keys').get('demo-dpop');
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      };
    });
    const stored = await crypto.subtle.exportKey('jwk', pair.publicKey);
    let privateExport = 'refused';
    try {
      await crypto.subtle.exportKey('jwk', pair.privateKey);
      privateExport = 'exported';
    } catch {
      // A non-extractable key: what DPoP in a browser relies on.
    }
    return {
      jwk,
      thumbprint,
      stored: { kty: stored.kty, crv: stored.crv, x: stored.x, y: stored.y },
      extractable: pair.privateKey.extractable,
      privateExport,
      curve: pair.privateKey.algorithm.namedCurve,
      accessToken: window.__demo.session.accessToken,
      generation: window.__demo.session.generation,
    };
  });

test('DPoP in the browser: a bound sign-in, one key for three tabs, the API and both edges check proofs', async () => {
  // ---- 1. sign in as the DPoP client ---------------------------------------------
  const first = await openTab('tab1', `${SPA}?dpop=1`);
  assert.equal(await first.evaluate(() => window.__demo.dpop), true, 'the SPA runs in DPoP mode');
  const before = await stats();
  await first.click('#sign-in');
  await first.waitForFunction(() => window.__demo?.counts.signedin === 1, null, { timeout: 60_000 });
  const signedIn = await stats();
  assert.equal(signedIn.codeExchanges, before.codeExchanges + 1);
  const nonceChallenges = (signedIn.grantErrors.use_dpop_nonce ?? 0) - (before.grantErrors.use_dpop_nonce ?? 0);
  assert.equal(nonceChallenges, 1, 'the code exchange was challenged for a nonce once, and retried once');
  const key1 = await keyOf(first);
  assert.deepEqual(key1.stored, key1.jwk, 'the session key is the pair in IndexedDB');
  assert.equal(key1.extractable, false);
  assert.equal(key1.privateExport, 'refused');
  assert.equal(key1.curve, 'P-256');
  const jkt = await calculateJwkThumbprint(key1.stored);
  assert.equal(key1.thumbprint, jkt);
  const claims = decodeJwt(key1.accessToken);
  assert.equal(claims.cnf?.jkt, jkt, `cnf ${JSON.stringify(claims.cnf)} is not the key's thumbprint ${jkt}`);
  say(`signed in; access token bound: cnf.jkt ${jkt} = thumbprint of the IndexedDB key (private half not extractable)`);

  // ---- 2. three tabs, one key; the API direct and behind both edges ------------------
  const tabs = [first, await openTab('tab2'), await openTab('tab3')];
  for (const tab of tabs) {
    await tab.waitForFunction(() => window.__demo.session.generation !== null, null, { timeout: 10_000 });
  }
  const keys = await Promise.all(tabs.map(keyOf));
  for (const [i, key] of keys.entries()) {
    assert.equal(key.thumbprint, jkt, `tab${i + 1} uses another key`);
    assert.deepEqual(key.stored, key1.stored, `tab${i + 1} reads another key from IndexedDB`);
  }
  const firstCall = await first.evaluate(() => window.__demo.callApi());
  assert.equal(firstCall.status, 200, JSON.stringify(firstCall));
  assert.equal(firstCall.proofs, 2, 'the API asked for its nonce: one retry');
  assert.equal(firstCall.body.scheme, 'DPoP');
  assert.equal(firstCall.body.cnf.jkt, jkt);
  assert.equal(firstCall.body.proof_checked_by, 'api');
  const secondCall = await first.evaluate(() => window.__demo.callApi());
  assert.equal(secondCall.status, 200, JSON.stringify(secondCall));
  assert.equal(secondCall.proofs, 1, 'the remembered nonce needs no retry');
  for (const [i, tab] of tabs.entries()) {
    for (const via of ['direct', 'envoy', 'worker']) {
      const result = await tab.evaluate((v) => window.__demo.callApi(v), via);
      assert.equal(result.status, 200, `tab${i + 1} via ${via}: ${JSON.stringify(result)}`);
      assert.equal(result.body.cnf?.jkt, jkt, `tab${i + 1} via ${via}`);
      if (via !== 'direct') {
        assert.equal(result.body.proof_checked_by, 'edge', `tab${i + 1} via ${via}`);
        assert.equal(result.body.edge_headers['x-tokenward-sub'], 'alice', `tab${i + 1} via ${via}`);
      }
    }
  }
  await first.screenshot({ path: `${SHOTS}/dpop-1-proof-panel.png`, fullPage: true });
  say('3 tabs, one key; 200 from the API (nonce retry once), via Envoy and via the worker');

  // ---- 3. refreshes with rotation, with proofs -------------------------------------------
  const start = await stats();
  const generation0 = keys[0].generation;
  const deadline = Date.now() + 40_000 * REFRESHES;
  let calls = 0;
  while ((await first.evaluate(() => window.__demo.session.generation)) < generation0 + REFRESHES) {
    assert.ok(Date.now() < deadline, `fewer than ${REFRESHES} refreshes in time`);
    for (const [i, tab] of tabs.entries()) {
      const via = ['direct', 'envoy', 'worker'][calls % 3];
      const result = await tab.evaluate((v) => window.__demo.callApi(v), via);
      calls += 1;
      assert.equal(result.status, 200, `tab${i + 1} via ${via} during refreshes: ${JSON.stringify(result)}`);
    }
    await sleep(3000);
  }
  await sleep(500);
  const end = await stats();
  const after = await Promise.all(tabs.map(keyOf));
  assert.ok(end.refreshes - start.refreshes >= REFRESHES, `refreshes at the provider: ${end.refreshes - start.refreshes}`);
  assert.equal(end.invalidGrant, start.invalidGrant, 'invalid_grant during the DPoP refreshes');
  assert.equal(end.reuseDetected, start.reuseDetected, 'refresh-token reuse detected');
  assert.equal(new Set(after.map((k) => k.generation)).size, 1, `tabs hold different sets: ${after.map((k) => k.generation)}`);
  for (const [i, key] of after.entries()) {
    assert.equal(key.thumbprint, jkt, `tab${i + 1} changed key`);
    assert.equal(decodeJwt(key.accessToken).cnf?.jkt, jkt, `tab${i + 1}: the refreshed token is bound to the same key`);
  }
  assert.notEqual(after[0].accessToken, key1.accessToken);
  say(`${end.refreshes - start.refreshes} refreshes across 3 tabs (rotation, proofs), ${calls} API calls, invalid_grant 0`);

  // ---- 4. the bound token as Bearer ---------------------------------------------------------
  const token = after[0].accessToken;
  const bearer = { authorization: `Bearer ${token}` };
  const direct = await fetch(API, { headers: bearer });
  assert.equal(direct.status, 401);
  assert.equal((await direct.json()).code, 'dpop_proof_required');
  for (const [via, url] of Object.entries(EDGES)) {
    const refused = await fetch(url, { headers: bearer });
    assert.equal(refused.status, 401, `via ${via}`);
    assert.match(refused.headers.get('www-authenticate') ?? '', /dpop_proof_required/, `via ${via}`);
  }
  say('the bound token as Bearer: 401 dpop_proof_required at the API, Envoy and the worker');
  assert.deepEqual(pageErrors, []);
});
