// "Sign out everywhere" in headless Chromium against the running demo
// (tests/session/run.sh starts it), for the bearer client and for the DPoP
// client: the SPA signs in, its button ends the session at the real
// oidc-provider (RP-initiated logout in a popup, confirmed there), the
// provider's back-channel logout reaches the demo's receiver, and the
// access token the tab still holds is refused 401 `revoked` by real Envoy
// and by real workerd, both polling the receiver's revocation list, within
// the bound of docs/revocation.md (2 s). A DPoP token goes with a valid
// proof each time: the refusal is `revoked`, never a proof error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { REVOCATION_LIST, SPA, launchChromium, openDemoTab, screenshots, stats } from './demo-browser.mjs';

/** docs/revocation.md's bound for a 1 s refresh and a 1 s document max-age. */
const BOUND_MS = 2000;
const SHOTS = screenshots();

let browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

for (const mode of ['bearer', 'dpop']) {
  test(`${mode}: after "Sign out everywhere", Envoy and the worker refuse the held token 401 revoked within ${BOUND_MS} ms`, async () => {
    // A context per client: its own storage, its own provider session.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    const pageErrors = [];
    try {
      const page = await openDemoTab(context, `${SPA}?dpop=${mode === 'dpop' ? 1 : 0}`, { onError: (text) => pageErrors.push(text) });
      assert.equal(await page.evaluate(() => window.__demo.dpop), mode === 'dpop');
      await page.click('#sign-in');
      await page.waitForFunction(() => window.__demo?.counts.signedin === 1, null, { timeout: 60_000 });

      const token = await page.evaluate(() => window.__demo.session.accessToken);
      const claims = decodeJwt(token);
      assert.equal(typeof claims.sid, 'string', 'the access token carries the session id');
      if (mode === 'dpop') assert.equal(typeof claims.cnf?.jkt, 'string', 'the DPoP client\'s token is bound');
      // Both edges accept it now (and so hold a revocation list: they fail closed without one).
      for (const via of ['envoy', 'worker']) {
        const call = await page.evaluate((v) => window.__demo.callApi(v), via);
        assert.equal(call.status, 200, `before the sign-out, via ${via}: ${JSON.stringify(call)}`);
      }

      const before = await stats();
      const popupOpened = context.waitForEvent('page');
      await page.click('#sign-out-everywhere');
      const popup = await popupOpened;
      // The provider's own confirmation page (oidc-provider's logoutSource).
      await popup.waitForSelector('button[name="logout"][value="yes"]', { timeout: 30_000 });
      await popup.click('button[name="logout"][value="yes"]');
      await page.waitForFunction(() => window.__demo.signOutEverywhere !== undefined, null, { timeout: 60_000 });
      const result = await page.evaluate(() => window.__demo.signOutEverywhere);
      await page.screenshot({ path: `${SHOTS}/signout-everywhere-${mode}.png`, fullPage: true });

      assert.equal(result.error, undefined, JSON.stringify(result));
      assert.equal(result.token.sid, claims.sid);
      assert.equal(result.token.jti, claims.jti);
      assert.equal(result.sameToken, true, 'a refresh replaced the held token');
      const after = await stats();
      assert.ok(after.backchannelLogouts > before.backchannelLogouts, 'the provider delivered no back-channel logout');
      assert.equal(after.backchannelLogoutErrors, before.backchannelLogoutErrors, 'a back-channel logout failed');
      const list = await (await fetch(REVOCATION_LIST)).json();
      assert.ok(list.sid?.[claims.sid] >= claims.iat, `the receiver's list does not revoke sid ${claims.sid}: ${JSON.stringify(list)}`);
      for (const via of ['envoy', 'worker']) {
        const edge = result[via];
        assert.equal(edge.status, 401, `via ${via}: ${JSON.stringify(edge)}`);
        assert.equal(edge.code, 'revoked', `via ${via}: ${JSON.stringify(edge)}`);
        assert.ok(edge.ms <= BOUND_MS, `via ${via}: refused ${edge.ms} ms after the sign-out, beyond the ${BOUND_MS} ms bound`);
        // Before the refusal the edge may still accept (200) the token; nothing else.
        assert.deepEqual(Object.keys(edge.earlier).filter((seen) => seen !== '200'), [], `via ${via}: ${JSON.stringify(edge.earlier)}`);
        console.log(`signout-everywhere ${mode}: via ${via} 401 revoked ${edge.ms} ms after the provider's sign-out (accepted ${edge.earlier['200'] ?? 0}× before; bound ${BOUND_MS} ms)`);
      }
      // The demonstration ends with the usual sign-out.
      assert.equal(await page.evaluate(() => window.__demo.session.generation), null);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
}
