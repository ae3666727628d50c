// tokenward/hono with real Hono (4.x), from the packed package: in Node
// (app.request) and in real workerd (the same app bundled by esbuild with
// the workerd condition). A refusal is the gateway's response; an allowed
// request reaches the handler with the identity on the context and only
// verified identity headers.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as edge from "../edge/cases.mjs";
import { Hono } from "hono";
import { honoApp } from "./hono-app.mjs";
import { NODE_PATHS, importPacked } from "./packed.mjs";
import { close, documentServer } from "./servers.mjs";
import { startWorkerd } from "./workerd.mjs";
import { nowSeconds } from "./client.mjs";

/** The worker bundled for workerd (esbuild, the packed package first on the path). */
async function bundle(entry) {
  const { build } = await import("esbuild");
  const out = mkdtempSync(join(tmpdir(), "tokenward-hono-"));
  await build({
    entryPoints: { worker: new URL(entry, import.meta.url).pathname }, bundle: true, platform: "neutral", conditions: ["workerd"],
    format: "esm", outdir: out, loader: { ".wasm": "copy" }, assetNames: "[name]", logLevel: "warning", nodePaths: NODE_PATHS,
  });
  return out;
}

/** What every host must answer for `request(path, headers)`. */
async function checkVerdicts(request, keys) {
  const token = edge.mint(keys.ES256, edge.claims(nowSeconds()));
  const refused = await request("/api/me");
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get("www-authenticate"), `Bearer realm="${edge.REALM}"`);
  assert.equal((await refused.json()).error, "missing_token");

  const expired = await request("/api/me", { authorization: `Bearer ${edge.mint(keys.ES256, edge.claims(nowSeconds(), { exp: nowSeconds() - 600 }))}` });
  assert.equal(expired.status, 401);
  assert.equal((await expired.json()).error_description, "expired");

  const allowed = await request("/api/me", { authorization: `Bearer ${token}`, "x-tokenward-sub": "root" });
  assert.equal(allowed.status, 200);
  const seen = await allowed.json();
  assert.equal(seen.identity.subject, "alice");
  assert.equal(seen.identity.provider, "main");
  assert.equal(seen.subjectHeader, "alice", "the app reads the verified subject, never the spoofed one");
  assert.equal(seen.authorization, null, "the token stays at the edge");

  const open = await request("/health", { "x-tokenward-sub": "root" });
  assert.equal(open.status, 200);
  assert.deepEqual(await open.json(), { identity: null, subjectHeader: null });
}

let keys, docs, config;
before(async () => {
  keys = edge.makeKeys();
  docs = await documentServer({ jwks: edge.jwks(keys.ES256, keys.RS256), revocations: edge.revocationList(nowSeconds()) });
  config = edge.edgeConfig({
    jwksUri: `http://127.0.0.1:${docs.port}/jwks.json`,
    revocationUri: `http://127.0.0.1:${docs.port}/revocations.json`,
  });
});
after(() => close(docs.server));

describe("tokenward/hono", () => {
  test("in Node", async () => {
    const { tokenward } = await importPacked("tokenward/hono");
    const app = honoApp(config, { Hono, tokenward });
    await checkVerdicts((path, headers = {}) => app.request(path, { headers }), keys);
  });

  test("in real workerd", async () => {
    const out = await bundle("./hono-worker.mjs");
    const capnp = join(out, "hono.capnp");
    writeFileSync(capnp, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "app", worker = (
      modules = [(name = "worker.js", esModule = embed "worker.js"), (name = "tokenward_bg.wasm", wasm = embed "tokenward_bg.wasm")],
      compatibilityDate = "2026-11-17",
      bindings = [(name = "TOKENWARD_CONFIG", fromEnvironment = "TOKENWARD_CONFIG")],
      globalOutbound = "net",
    )),
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "app")],
);
`);
    const worker = await startWorkerd({ capnp, config });
    try {
      await checkVerdicts((path, headers = {}) => fetch(`${worker.url}${path}`, { headers }), keys);
    } finally {
      await worker.stop();
    }
  });
});
