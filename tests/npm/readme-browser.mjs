// A README browser block (the SPA sign-in) run in headless Chromium: the
// block is the page's module, the installed package is loaded unbundled
// (its `browser` entry, through an import map), and the provider at
// `https://issuer.example` is played by route handlers: discovery, the
// authorization endpoint (redirects back with a code), the token endpoint
// (checks PKCE, issues an ID token signed with the fixture key), the key
// set, revocation and logout. The test clicks the block's buttons and
// checks what reached the provider: a full sign-in, then a sign-out that
// revoked the refresh token it was given.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { serveStatic } from './packaging/browser.mjs';
import { ROOT } from './packaging/harness.mjs';
import { ISSUER, SUBJECT } from './readme-fixtures.mjs';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const page = (entry) => `<!doctype html>
<script type="importmap">{ "imports": { "tokenward": "/node_modules/tokenward/${entry}" } }</script>
<button id="sign-in">Sign in</button> <button id="sign-out">Sign out</button>
<script type="module" src="/readme-block.js"></script>
`;

/** The provider's side of the flow; `seen` records what reached it. */
function provider(fixtures, clientOrigin) {
  const seen = { authorize: null, exchanges: 0, revoked: [], logout: null, issued: {} };
  const json = (route, body, status = 200) => route.fulfill({
    status, contentType: 'application/json', body: JSON.stringify(body),
    headers: { 'access-control-allow-origin': clientOrigin },
  });
  const handlers = {
    '/.well-known/openid-configuration': (route) => json(route, {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      revocation_endpoint: `${ISSUER}/revoke`,
      end_session_endpoint: `${ISSUER}/logout`,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
    }),
    '/.well-known/jwks.json': (route) => json(route, fixtures.jwks),
    '/authorize': (route, url) => {
      seen.authorize = Object.fromEntries(url.searchParams);
      const back = new URL(seen.authorize.redirect_uri);
      back.search = new URLSearchParams({ code: 'code-1', state: seen.authorize.state, iss: ISSUER }).toString();
      return route.fulfill({ status: 302, headers: { location: back.href } });
    },
    '/token': async (route) => {
      const form = new URLSearchParams(route.request().postData());
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (form.get('code') !== 'code-1' || challenge !== seen.authorize?.code_challenge) return json(route, { error: 'invalid_grant' }, 400);
      seen.exchanges += 1;
      const now = Math.floor(Date.now() / 1000);
      seen.issued = {
        access_token: 'access-1',
        refresh_token: 'refresh-1',
        id_token: await new SignJWT({ nonce: seen.authorize.nonce })
          .setProtectedHeader({ alg: 'ES256', kid: fixtures.jwks.keys[0].kid })
          .setIssuer(ISSUER).setAudience(seen.authorize.client_id).setSubject(SUBJECT)
          .setIssuedAt(now).setExpirationTime(now + 600)
          .sign(fixtures.privateKey),
      };
      return json(route, { ...seen.issued, token_type: 'Bearer', expires_in: 600 });
    },
    '/revoke': (route) => {
      seen.revoked.push(Object.fromEntries(new URLSearchParams(route.request().postData())));
      return route.fulfill({ status: 200, headers: { 'access-control-allow-origin': clientOrigin } });
    },
    '/logout': (route, url) => {
      seen.logout = Object.fromEntries(url.searchParams);
      return route.fulfill({ status: 302, headers: { location: seen.logout.post_logout_redirect_uri } });
    },
  };
  const handle = (route) => {
    const url = new URL(route.request().url());
    const handler = handlers[url.pathname];
    return handler ? handler(route, url) : route.fulfill({ status: 404 });
  };
  return { seen, handle };
}

/** Runs `code` as the page's module; signs in and out through its buttons. */
export async function runBrowserBlock(app, code, fixtures) {
  writeFileSync(join(app, 'readme-block.js'), code);
  // The file the package's `browser` condition names (a build of its own).
  const manifest = JSON.parse(readFileSync(join(app, 'node_modules/tokenward/package.json'), 'utf8'));
  writeFileSync(join(app, 'index.html'), page(manifest.exports['.'].browser.slice(2)));
  const server = await serveStatic(app);
  const origin = `http://127.0.0.1:${server.port}`;
  const { chromium } = await import(join(ROOT, 'node_modules/playwright-core/index.mjs'));
  const profile = mkdtempSync(join(tmpdir(), 'tokenward-readme-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const problems = [];
  try {
    const { seen, handle } = provider(fixtures, origin);
    await browser.route(`${ISSUER}/**`, handle);
    const tab = await browser.newPage();
    tab.on('pageerror', (error) => problems.push(`page error: ${error}`));
    tab.on('console', (message) => {
      if (['warning', 'error'].includes(message.type())) problems.push(`console ${message.type()}: ${message.text()}`);
    });
    await tab.goto(`${origin}/`);
    await tab.waitForLoadState('networkidle');

    await tab.click('#sign-in');
    await tab.waitForURL(`${origin}/`, { timeout: 20_000 });
    await tab.waitForFunction(() => !location.search, null, { timeout: 20_000 });
    await tab.waitForLoadState('networkidle');
    assert.deepEqual(problems, [], 'the sign-in ran without errors or warnings');
    assert.equal(seen.exchanges, 1, 'the code was exchanged once, with the PKCE verifier');
    assert.equal(seen.authorize.code_challenge_method, 'S256');
    assert.equal(seen.authorize.redirect_uri, `${origin}/`);

    await tab.click('#sign-out');
    const deadline = Date.now() + 20_000;
    while (seen.logout === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(problems, [], 'the sign-out ran without errors or warnings');
    assert.deepEqual(seen.revoked.map((r) => [r.token, r.token_type_hint]), [['refresh-1', 'refresh_token']], 'sign-out revoked the refresh token');
    assert.ok(seen.logout, 'the browser went to the provider\'s logout');
    assert.equal(seen.logout.id_token_hint, seen.issued.id_token);
    assert.equal(seen.logout.post_logout_redirect_uri, `${origin}/`);
  } finally {
    await browser.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
