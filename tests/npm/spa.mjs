// `tokenward/spa`, the smaller build for single-page apps (pkg/spa/): the
// same verdicts as the full build for every algorithm it keeps, and a clear
// refusal, never a silent pass, for what it leaves out.
//
//   SPA_HOST=node|webcrypto|chromium node --test tests/npm/spa.mjs   (pkg/, or TOKENWARD_PKG)
//
// One host per process: an entry installs its host crypto for the process.
//
// Hosts: the node entry (node:crypto); the browser entry in Node
// (WebCrypto); the browser entry as native ES modules in headless Chromium.
// Checked (tests/npm/spa-checks.js):
//   1. every case of the differential fixture that does not need what the
//      build leaves out gives the fixture's verdict with verify and
//      verifyAsync (tests/npm/packaging/app/verdicts.js), the left-out
//      algorithms dropped from its allowlist;
//   2. a Verifier allowing an algorithm the build leaves out (EdDSA,
//      Ed25519, HS256) is refused with `invalid_options` naming it;
//   3. lint and RevocationList are not exported; RemoteKeySet is there.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { refusals, spaFixture } from './spa-checks.js';
import { verdicts } from './packaging/app/verdicts.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'tests/differential/cases.json');
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** The page: the spa browser entry as the README says (`await init()`). */
const PAGE = `<!doctype html><script type="module">
import * as tokenward from '/pkg/browser.js';
import { refusals, spaFixture } from '/tests/spa-checks.js';
import { verdicts } from '/tests/packaging/app/verdicts.js';
try {
  await tokenward.init();
  const fixture = spaFixture(await (await fetch('/fixture.json')).json());
  const result = await verdicts(tokenward, fixture);
  result.failures.push(...refusals(tokenward, fixture.jwks.main));
  window.__result = result;
} catch (error) {
  window.__result = { total: 0, failures: ['page error: ' + (error?.stack ?? error)] };
}
</script>`;

async function inNode(host, dir) {
  let tokenward;
  if (host === 'node') {
    tokenward = await import(pathToFileURL(join(dir, 'node.js')).href);
  } else {
    tokenward = await import(pathToFileURL(join(dir, 'browser.js')).href);
    await tokenward.init(readFileSync(join(dir, 'tokenward_bg.wasm')));
  }
  const fixture = spaFixture(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  const result = await verdicts(tokenward, fixture);
  result.failures.push(...refusals(tokenward, fixture.jwks.main));
  return result;
}

/** Serves the page, pkg/spa under /pkg/, tests/npm under /tests/. */
function serve(dir) {
  const roots = { '/pkg/': dir, '/tests/': join(ROOT, 'tests/npm') };
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    try {
      let body;
      if (path === '/') body = PAGE;
      else if (path === '/fixture.json') body = readFileSync(FIXTURE);
      else {
        const prefix = Object.keys(roots).find((p) => path.startsWith(p));
        const file = normalize(join(roots[prefix], path.slice(prefix.length)));
        if (!file.startsWith(roots[prefix])) throw new Error('outside');
        body = readFileSync(file);
      }
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
}

async function inChromium(dir) {
  const server = serve(dir);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { chromium } = await import(join(ROOT, 'node_modules/playwright-core/index.mjs'));
  const profile = mkdtempSync(join(tmpdir(), 'tokenward-spa-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 120_000 });
    const result = await page.evaluate(() => window.__result);
    result.failures.push(...errors);
    return result;
  } finally {
    await browser.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const host = process.env.SPA_HOST;
const dir = join(process.env.TOKENWARD_PKG ?? join(ROOT, 'pkg'), 'spa');

test(`spa (${host}): the fixture's verdicts (verify and verifyAsync); left-out parts refused`, async (t) => {
  assert.ok(['node', 'webcrypto', 'chromium'].includes(host), `SPA_HOST is node, webcrypto or chromium, not ${host}`);
  const { total, failures } = host === 'chromium' ? await inChromium(dir) : await inNode(host, dir);
  assert.deepEqual(failures, [], `${failures.length} failures over ${total} cases`);
  assert.ok(total > 0, 'no fixture case ran');
  t.diagnostic(`${total} fixture cases agree`);
});
