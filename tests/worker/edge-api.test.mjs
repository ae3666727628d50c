// tokenward/edge's API from the packed package: createGateway's
// configuration and options (refused with the JSON path or the option's
// name), handle()'s two verdicts with the verified identity, in Node; CORS
// headers on refusals and the scheduled refresh in real workerd (the
// example worker), and from the browser side in Chromium.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import * as edge from "../edge/cases.mjs";
import { importPacked } from "./packed.mjs";
import { close, documentServer, echoServer, listen } from "./servers.mjs";
import { WORKER_DIR, startWorkerd, withProbe } from "./workerd.mjs";
import { createServer } from "node:http";
import { nowSeconds } from "./client.mjs";

const APP = "https://app.example";

async function documents(keys) {
  return documentServer({ jwks: edge.jwks(keys.RS256, keys.ES256, keys.ES512, keys.EdDSA), revocations: edge.revocationList(nowSeconds()) });
}

function configFor(docs, extra = {}) {
  return {
    ...edge.edgeConfig({
      jwksUri: `http://127.0.0.1:${docs.port}/jwks.json`,
      revocationUri: `http://127.0.0.1:${docs.port}/revocations.json`,
    }),
    ...extra,
  };
}

describe("createGateway in Node (the packed package)", () => {
  let keys, docs, createGateway;
  before(async () => {
    ({ createGateway } = await importPacked("tokenward/edge"));
    keys = edge.makeKeys();
    docs = await documents(keys);
  });
  after(() => close(docs.server));

  test("a configuration the core refuses throws invalid_options naming its JSON path", () => {
    const config = configFor(docs);
    config.providers.main.remote_jwks.http_uri.timeoutt = "1s";
    assert.throws(() => createGateway(config), (error) => {
      assert.equal(error.code, "invalid_options");
      assert.match(error.message, /providers\.main\.remote_jwks\.http_uri\.timeoutt/);
      return true;
    });
    assert.throws(() => createGateway({ ...configFor(docs), cors: { allow_origins: ["*"], allow_credentials: true } }), /cors\.allow_origins/);
  });

  test("an unknown or mistyped option is refused, never ignored", () => {
    assert.throws(() => createGateway(configFor(docs), { orgin: "https://x.example" }), (error) => error.code === "invalid_options" && /orgin/.test(error.message));
    assert.throws(() => createGateway(configFor(docs), { signatures: "webcrypto" }), /signatures/);
    assert.throws(() => createGateway(configFor(docs), { origin: 42 }), /origin/);
  });

  for (const signatures of ["host", "wasm"]) {
    test(`handle(): forward with the identity, respond with the challenge (${signatures})`, async () => {
      const gateway = createGateway(configFor(docs), { signatures });
      const token = edge.mint(keys.ES256, edge.claims(nowSeconds(), { roles: ["admin"] }));
      const forward = await gateway.handle(new Request("http://edge.example/api?a=1", {
        headers: { authorization: `Bearer ${token}`, "x-tokenward-sub": "root" },
      }));
      assert.equal(forward.action, "forward");
      assert.equal(forward.identity.subject, "alice");
      assert.equal(forward.identity.provider, "main");
      assert.equal(forward.identity.headers["x-tokenward-roles"], '["admin"]');
      assert.equal(forward.request.headers.get("x-tokenward-sub"), "alice", "the spoofed header is replaced");
      assert.equal(forward.request.headers.get("authorization"), null, "the token stays at the edge");
      assert.equal(forward.request.url, "http://edge.example/api?a=1");

      const refused = await gateway.handle(new Request("http://edge.example/api"));
      assert.equal(refused.action, "respond");
      assert.equal(refused.response.status, 401);
      assert.equal(refused.response.headers.get("www-authenticate"), `Bearer realm="${edge.REALM}"`);
    });
  }

  test("a public path forwards without identity", async () => {
    const gateway = createGateway(configFor(docs));
    const verdict = await gateway.handle(new Request("http://edge.example/health", { headers: { "x-tokenward-sub": "root" } }));
    assert.equal(verdict.action, "forward");
    assert.equal(verdict.identity, null);
    assert.equal(verdict.request.headers.get("x-tokenward-sub"), null);
  });
});

/** The example worker in workerd with `config` (+ the probe module: /__scheduled). */
async function workerStack(config, docs) {
  const origin = await echoServer();
  const worker = await startWorkerd({
    config, origin: `http://127.0.0.1:${origin.port}`, capnp: withProbe(join(WORKER_DIR, "worker.capnp")),
  });
  return {
    worker,
    docs,
    async stop() {
      await worker.stop();
      await close(origin.server);
    },
  };
}

describe("CORS on refusals (real workerd)", () => {
  let keys, docs, s;
  before(async () => {
    keys = edge.makeKeys();
    docs = await documents(keys);
    s = await workerStack(configFor(docs, { cors: { allow_origins: [APP] } }), docs);
  });
  after(async () => {
    await s?.stop();
    await close(docs.server);
  });

  test("a refusal seen from an allowed origin carries Access-Control-Allow-Origin and Vary", async () => {
    for (const [headers, status] of [
      [{}, 401],
      [{ authorization: `Bearer ${edge.mint(keys.ES256, edge.claims(nowSeconds(), { exp: nowSeconds() - 600 }))}` }, 401],
    ]) {
      const res = await fetch(`${s.worker.url}/api`, { headers: { origin: APP, ...headers } });
      await res.arrayBuffer();
      assert.equal(res.status, status);
      assert.equal(res.headers.get("access-control-allow-origin"), APP);
      assert.equal(res.headers.get("vary"), "origin");
      assert.match(res.headers.get("access-control-expose-headers"), /www-authenticate/);
      assert.ok(res.headers.get("www-authenticate").startsWith("Bearer "));
    }
  });

  test("another origin gets no CORS header; an allowed request reaches the origin untouched", async () => {
    const other = await fetch(`${s.worker.url}/api`, { headers: { origin: "https://evil.example" } });
    await other.arrayBuffer();
    assert.equal(other.status, 401);
    assert.equal(other.headers.get("access-control-allow-origin"), null);
    const token = edge.mint(keys.ES256, edge.claims(nowSeconds()));
    const ok = await fetch(`${s.worker.url}/api`, { headers: { origin: APP, authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("access-control-allow-origin"), null, "the origin answers CORS for what it serves");
    assert.equal((await ok.json()).headers["x-tokenward-sub"], "alice");
  });
});

describe("scheduled (real workerd)", () => {
  test("fetches key sets and the revocation list with no request, so the first one is warm", async () => {
    const keys = edge.makeKeys();
    const docs = await documents(keys);
    const s = await workerStack(configFor(docs), docs);
    try {
      assert.equal(docs.state.fetches, 0);
      const ran = await fetch(`${s.worker.url}/__scheduled`);
      assert.equal(await ran.text(), "ran");
      assert.equal(docs.state.fetches, 1, "the JWKS fetched by the scheduled handler");
      assert.equal(docs.state.revocationFetches, 1);
      const token = edge.mint(keys.RS256, edge.claims(nowSeconds()));
      const res = await fetch(`${s.worker.url}/`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, await res.text());
      assert.equal(docs.state.fetches, 1, "the request used the keys already held");
      // Past the 2 s refresh interval, a tick refreshes without traffic.
      await new Promise((r) => setTimeout(r, 2100));
      await (await fetch(`${s.worker.url}/__scheduled`)).text();
      assert.equal(docs.state.fetches, 2);
    } finally {
      await s.stop();
      await close(docs.server);
    }
  });
});
