// CORS on refusals from the browser's side: a page in headless Chromium
// calls the example worker (real workerd, another origin) without a token.
// From a listed origin the page reads the 401, its challenge and its body;
// from any other origin the browser hides the answer (fetch rejects), as
// it did for every origin before `cors`.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as edge from "../edge/cases.mjs";
import { close, documentServer, echoServer, listen } from "./servers.mjs";
import { startWorkerd } from "./workerd.mjs";

const ROOT = join(import.meta.dirname, "..", "..");

/** A page server: any path answers an empty HTML page (an origin to call from). */
async function pageServer() {
  const server = createServer((req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>app</title>"));
  return { server, origin: `http://127.0.0.1:${await listen(server)}` };
}

let docs, origin, allowed, other, worker, browser, profile;
before(async () => {
  const keys = edge.makeKeys();
  docs = await documentServer({ jwks: edge.jwks(keys.ES256), revocations: edge.revocationList(Math.floor(Date.now() / 1000)) });
  origin = await echoServer();
  allowed = await pageServer();
  other = await pageServer();
  const config = {
    ...edge.edgeConfig({
      jwksUri: `http://127.0.0.1:${docs.port}/jwks.json`,
      revocationUri: `http://127.0.0.1:${docs.port}/revocations.json`,
    }),
    cors: { allow_origins: [allowed.origin] },
  };
  worker = await startWorkerd({ config, origin: `http://127.0.0.1:${origin.port}` });
  const { chromium } = await import(join(ROOT, "node_modules/playwright-core/index.mjs"));
  profile = mkdtempSync(join(tmpdir(), "tokenward-cors-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
});
after(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await worker?.stop();
  await Promise.all([docs, origin, allowed, other].filter(Boolean).map((s) => close(s.server)));
});

/** What a page on `pageOrigin` sees when it fetches the worker. */
async function fromPage(pageOrigin) {
  const page = await browser.newPage();
  try {
    await page.goto(`${pageOrigin}/`);
    return await page.evaluate(async (url) => {
      try {
        const res = await fetch(url);
        return { status: res.status, challenge: res.headers.get("www-authenticate"), body: await res.json() };
      } catch (error) {
        return { rejected: String(error) };
      }
    }, `${worker.url}/api/orders`);
  } finally {
    await page.close();
  }
}

test("a page on a listed origin reads the 401 and its challenge", async () => {
  const seen = await fromPage(allowed.origin);
  assert.equal(seen.status, 401, JSON.stringify(seen));
  assert.equal(seen.challenge, `Bearer realm="${edge.REALM}"`);
  assert.equal(seen.body.error, "missing_token");
});

test("a page on another origin gets no answer (the browser's network error)", async () => {
  const seen = await fromPage(other.origin);
  assert.match(seen.rejected ?? "", /TypeError/, JSON.stringify(seen));
});
