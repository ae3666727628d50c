// The worker's transport rules for remote documents (JWKS, revocation
// list) in real workerd: a redirect fails the fetch and its target is never
// fetched; a huge body is abandoned one byte past the 256 KiB cap instead
// of being read whole.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import * as edge from "../edge/cases.mjs";
import { close, echoServer, listen } from "./servers.mjs";
import { startWorkerd } from "./workerd.mjs";
import { nowSeconds, sleep } from "./client.mjs";

const MiB = 1024 * 1024;

/** A loopback server answering with `handle`; resolves to it and its port. */
async function serve(handle) {
  const server = createServer(handle);
  server.keepAliveTimeout = 100;
  return { server, port: await listen(server) };
}

/** workerd in front of an echo origin, its documents at `docsPort`. */
async function gateway(docsPort) {
  const origin = await echoServer();
  const config = edge.edgeConfig({
    jwksUri: `http://127.0.0.1:${docsPort}/jwks.json`,
    revocationUri: `http://127.0.0.1:${docsPort}/revocations.json`,
  });
  const worker = await startWorkerd({ config, origin: `http://127.0.0.1:${origin.port}` });
  return {
    worker,
    get: (token) => fetch(`${worker.url}/`, { headers: { authorization: `Bearer ${token}` } }),
    async stop() {
      await worker.stop();
      await close(origin.server);
    },
  };
}

describe("remote documents are not fetched through redirects", () => {
  for (const status of [302, 307]) {
    test(`a ${status} to another origin: 503 jwks_unavailable, the target never fetched`, async () => {
      const keys = edge.makeKeys();
      const hits = { target: 0, jwks: 0 };
      // The attacker's origin serves a valid-looking key set.
      const target = await serve((req, res) => {
        hits.target++;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(req.url.includes("revocations") ? edge.revocationList(nowSeconds()) : edge.jwks(keys.ES256)));
      });
      const docs = await serve((req, res) => {
        if (req.url === "/jwks.json") hits.jwks++;
        res.writeHead(status, { location: `http://localhost:${target.port}${req.url}` });
        res.end();
      });
      const s = await gateway(docs.port);
      try {
        const res = await s.get(edge.mint(keys.ES256, edge.claims(nowSeconds())));
        const body = await res.json();
        assert.equal(res.status, 503, JSON.stringify(body));
        assert.equal(body.error_description, "jwks_unavailable");
        assert.ok(hits.jwks > 0, "the JWKS URL was fetched");
        assert.equal(hits.target, 0, "the redirect target was fetched");
        assert.match(s.worker.log(), /redirect_refused: HTTP \d+ to http:\/\/localhost/);
      } finally {
        await s.stop();
        await Promise.all([close(docs.server), close(target.server)]);
      }
    });
  }
});

describe("a 64 MiB document", () => {
  test("is abandoned near the cap: 503 jwks_unavailable, a few MiB sent at most", async () => {
    const keys = edge.makeKeys();
    const chunk = Buffer.alloc(MiB, 0x20);
    let written = 0;
    const docs = await serve(async (req, res) => {
      if (req.url !== "/jwks.json") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(edge.revocationList(nowSeconds())));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      while (written < 64 * MiB && !res.destroyed) {
        if (!res.write(chunk)) await new Promise((ok) => { res.once("drain", ok); res.once("close", ok); });
        if (!res.destroyed) written += chunk.length;
      }
      res.end();
    });
    const s = await gateway(docs.port);
    try {
      const res = await s.get(edge.mint(keys.ES256, edge.claims(nowSeconds())));
      const body = await res.json();
      assert.equal(res.status, 503, JSON.stringify(body));
      assert.equal(body.error_description, "jwks_unavailable");
      await sleep(300);
      assert.ok(written <= 8 * MiB, `the server wrote ${written} bytes before the worker stopped reading`);
      console.log(`# 64 MiB JWKS: the server wrote ${(written / MiB).toFixed(0)} MiB before workerd stopped`);
    } finally {
      await s.stop();
      await close(docs.server);
    }
  });
});
