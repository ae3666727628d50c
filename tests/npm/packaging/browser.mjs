// Browser pages in one headless Chromium (Debian's, through playwright-core):
// each page runs its entry's cases and leaves the verdicts in
// window.__result. A static server serves <app>/dist.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { ROOT, check } from './harness.mjs';

const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** Serves `dir` on a free loopback port; resolves to { port, close }. */
export async function serveStatic(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = readFileSync(join(dir, path.endsWith('/') ? `${path}index.html` : path));
      res.writeHead(200, { 'content-type': MIME[extname(path)] ?? 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  // Port 0, read back: no other process can take it between pick and bind.
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => server.close() };
}

/** Loads each `{ name, url }` in turn in one browser; checks its verdicts. */
export async function runPages(pages) {
  const { chromium } = await import(join(ROOT, 'node_modules/playwright-core/index.mjs'));
  const profile = mkdtempSync(join(tmpdir(), 'tokenward-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    for (const { name, url } of pages) {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('response', (response) => {
        if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(url);
      try {
        await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 });
      } catch (error) {
        throw new Error(`${name}: no verdicts from ${url} (${errors.join('; ') || error.message})`);
      }
      const result = await page.evaluate(() => window.__result);
      result.failures.push(...errors);
      check(name, result);
      await page.close();
    }
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
