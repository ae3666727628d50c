// Sign-in with the package's TokenSession against the real demo provider
// (tests/session/run.sh starts it), in headless Chromium (playwright-core):
//   1. a full sign-in: the redirect to oidc-provider, its login and consent
//      (automated by the demo's interaction), the callback, the code
//      exchange, the ID token verified by the core (nonce included), the
//      address bar scrubbed, the pending sign-in gone from sessionStorage;
//   2. sign-out revokes the refresh token (RFC 7009): the provider then
//      refuses it;
//   3. the same callback replayed in that tab: refused before the token
//      endpoint;
//   4. another sign-in's callback (login CSRF: a fresh code, another
//      state) loaded in a tab with its own sign-in under way: refused, no
//      exchange;
//   5. a provider error (prompt=none without a provider session): surfaced
//      as SessionError `authorization_error` with the provider's code;
//   6. discovery whose document names another issuer: refused.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ISSUER, SPA, demoReady, launchChromium, openDemoTab, sayer, stats } from './demo-browser.mjs';

const say = sayer('signin');

const browser = await launchChromium();
after(() => browser.close());

/** A fresh browser profile (no provider session) with the SPA loaded. */
async function freshTab() {
  const context = await browser.newContext();
  const page = await openDemoTab(context, SPA, { onError: (text) => say('page error:', text) });
  return { context, page };
}

const demoValue = (page, what) => page.evaluate((w) => window.__demo[w] ?? null, what);
/** After a sign-in that the SPA refuses: its page, loaded again, reports the error. */
const refusal = (page) => page.waitForFunction(() => window.__demo?.ready === true && window.__demo.signInError, null, { timeout: 60_000 });
const pendingKeys = (page) => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('pending-sign-in')));

test('sign-in with TokenSession at the real provider: the full flow, sign-out, replay, foreign state, provider error, issuer mismatch', async () => {
  // ---- 1. full sign-in ----------------------------------------------------------
  const { context, page } = await freshTab();
  const callbacks = [];
  const tokenResponses = [];
  context.on('request', (request) => {
    if (request.url().startsWith(SPA) && /[?&]code=/.test(request.url())) callbacks.push(request.url());
  });
  // The test reads the refresh token off the wire, to try it at the provider
  // after sign-out: the token endpoint's answer passes through the test
  // unchanged, its body read before the page gets it (a response event's
  // body may be read too late, or be gone, on a slow machine).
  await context.route(`${ISSUER}/token`, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (response.ok()) tokenResponses.push(JSON.parse(body));
    await route.fulfill({ response, body });
  });
  const before = await stats();
  await page.click('#sign-in');
  await page.waitForURL((url) => url.href.startsWith(SPA), { timeout: 30_000 });
  await demoReady(page);
  await page.waitForFunction(() => window.__demo.counts.signedin === 1, null, { timeout: 30_000 });
  const verdict = await demoValue(page, 'idTokenVerdict');
  assert.equal(verdict?.ok, true, `ID token: ${JSON.stringify(verdict)}`);
  assert.ok(verdict.checks.includes('nonce'), 'nonce checked');
  assert.equal(callbacks.length, 1, 'one redirect back with a code');
  const callback = new URL(callbacks[0]);
  assert.equal(callback.searchParams.get('iss'), ISSUER, 'the provider sends iss (RFC 9207)');
  assert.equal(new URL(page.url()).search, '', `address bar not scrubbed: ${page.url()}`);
  assert.deepEqual(await pendingKeys(page), [], 'the pending sign-in is deleted once used');
  assert.equal((await stats()).codeExchanges, before.codeExchanges + 1);
  assert.equal(await page.evaluate(() => window.__demo.session.accessToken !== null), true);
  say('full sign-in: redirect, consent, callback, code exchanged, ID token verified with', verdict.checks.join(', '));

  // ---- 2. sign-out revokes the refresh token ------------------------------------------
  const refreshTokens = tokenResponses.map((body) => body.refresh_token).filter(Boolean);
  assert.ok(refreshTokens.length > 0, `a refresh token was issued (${tokenResponses.length} token responses seen)`);
  await page.evaluate(() => { window.__demo.stayAfterSignOut = true; });
  await page.click('#sign-out');
  await page.waitForFunction(() => window.__demo.revoked !== undefined, null, { timeout: 10_000 });
  assert.equal(await demoValue(page, 'revoked'), true, 'the provider confirmed the revocation');
  assert.equal(await page.evaluate(() => window.__demo.session.accessToken), null);
  const latest = refreshTokens.at(-1);
  const reuse = await fetch(`${ISSUER}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: latest, client_id: 'tokenward-demo-spa' }),
  });
  const reuseBody = await reuse.json();
  assert.equal(reuse.status, 400, `refresh token after sign-out: HTTP ${reuse.status} ${JSON.stringify(reuseBody)}`);
  assert.equal(reuseBody.error, 'invalid_grant');
  say('sign-out revoked the refresh token: the provider now answers invalid_grant');
  // ---- 3. replayed callback -------------------------------------------------------
  // The very URL the provider redirected to, loaded again in the tab that
  // signed in (its sessionStorage is the one that held the pending sign-in).
  await page.goto(callbacks[0]);
  await demoReady(page);
  assert.equal((await demoValue(page, 'signInError'))?.code, 'no_pending_sign_in');
  assert.equal((await stats()).codeExchanges, before.codeExchanges + 1, 'a replay never reaches the token endpoint');
  assert.equal(await page.evaluate(() => window.__demo.session.accessToken), null);
  say('replayed callback refused (no_pending_sign_in), no second exchange');

  await context.close();

  // ---- 4. a callback with another state ---------------------------------------------
  {
    // Login CSRF: an attacker signs in with their own account and has the
    // victim's tab load the callback (a fresh, unused code, another state).
    const attacker = await freshTab();
    const start = await attacker.page.evaluate(() => window.__demo.session.authorizationUrl());
    // The attacker's tab never runs the SPA on the way back: its code stays unused.
    await attacker.context.route(`${SPA}app.js`, (route) => route.abort());
    await attacker.page.goto(start);
    await attacker.page.waitForURL((url) => url.href.startsWith(SPA) && url.searchParams.has('code'), { timeout: 30_000 });
    const foreign = attacker.page.url();
    await attacker.context.close();

    const { context: ctx, page: tab } = await freshTab();
    // The victim's tab has a sign-in of its own under way.
    const own = new URL(await tab.evaluate(() => window.__demo.session.authorizationUrl())).searchParams.get('state');
    assert.notEqual(new URL(foreign).searchParams.get('state'), own);
    const exchangesBefore = (await stats()).codeExchanges;
    await tab.goto(foreign);
    await refusal(tab);
    assert.equal((await demoValue(tab, 'signInError'))?.code, 'state_mismatch');
    assert.equal((await stats()).codeExchanges, exchangesBefore, 'no exchange for a foreign state');
    assert.equal(await tab.evaluate(() => window.__demo.session.accessToken), null);
    assert.deepEqual(await pendingKeys(tab), [], 'the pending sign-in is gone: one callback per sign-in');
    say('a callback with another state refused (state_mismatch), no exchange');
    await ctx.close();
  }

  // ---- 5. the provider's error -------------------------------------------------------------
  {
    const { context: ctx, page: tab } = await freshTab();
    // The same session name as the demo's, asking for prompt=none: the
    // provider has no session in this profile and answers login_required.
    await tab.evaluate(async () => {
      const { TokenSession } = await import('tokenward');
      const config = await (await fetch('/config.json')).json();
      const silent = new TokenSession({
        name: 'demo', issuer: config.issuer, clientId: config.clientId, redirectUri: config.redirectUri,
        signIn: { scope: config.scope, params: { prompt: 'none' } },
      });
      silent.signIn();
    });
    await refusal(tab);
    const error = await demoValue(tab, 'signInError');
    assert.equal(error?.name, 'SessionError', JSON.stringify(error));
    assert.equal(error.code, 'authorization_error');
    assert.equal(error.error, 'login_required');
    say(`provider error surfaced: ${error.code} (${error.error})`);
    await ctx.close();
  }

  // ---- 6. discovery naming another issuer --------------------------------------------------
  {
    const { context: ctx, page: tab } = await freshTab();
    // `localhost` reaches the same provider, whose document says 127.0.0.1.
    const refused = await tab.evaluate(async (issuer) => {
      const { TokenSession } = await import('tokenward');
      const s = new TokenSession({ name: 'mismatch', issuer, clientId: 'tokenward-demo-spa', redirectUri: location.origin + '/' });
      try {
        await s.signIn();
        return { navigated: true };
      } catch (error) {
        return { name: error.name, code: error.code, href: location.href };
      }
    }, ISSUER.replace('127.0.0.1', 'localhost'));
    assert.equal(refused.name, 'SessionError', JSON.stringify(refused));
    assert.equal(refused.code, 'issuer_mismatch');
    assert.equal(refused.href, SPA, 'no navigation');
    say('discovery naming another issuer refused (issuer_mismatch)');
    await ctx.close();
  }
});
