// worker/wrangler.toml deploys: in the example as a user's project (src/,
// wrangler.toml, the packed npm package installed: target/worker-example/app,
// which `make worker` prepares), `wrangler deploy --dry-run --outdir` builds
// what wrangler would upload, and real workerd runs exactly that upload
// with the shared edge configuration (and with the example's own) as the
// bindings wrangler would set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as edge from "../edge/cases.mjs";
import { close, documentServer, echoServer } from "./servers.mjs";
import { startWorkerd } from "./workerd.mjs";
import { EXAMPLE_APP } from "../../worker/build.mjs";
import { nowSeconds } from "./client.mjs";

const WRANGLER = join(EXAMPLE_APP, "..", "..", "..", "node_modules", ".bin", "wrangler");
const WRANGLER_TOML = join(EXAMPLE_APP, "wrangler.toml");

/** `wrangler deploy --dry-run --outdir`, offline, with a throwaway home. */
function dryRun() {
  const home = mkdtempSync(join(tmpdir(), "tokenward-wrangler-"));
  const out = join(home, "out");
  const run = spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", out, "--config", WRANGLER_TOML], {
    cwd: EXAMPLE_APP, encoding: "utf8",
    env: { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false", HOME: home, XDG_CONFIG_HOME: join(home, ".config") },
  });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  return { out, output: `${run.stdout}${run.stderr}` };
}

/**
 * A workerd config for the upload in `out`: its modules (the bundle first,
 * as its main module, then the wasm it imports by file name) and the two
 * vars as bindings read from the environment (startWorkerd sets them).
 */
function capnpFor(out) {
  const wasm = readdirSync(out).filter((f) => f.endsWith(".wasm"));
  const modules = [`(name = "index.js", esModule = embed "index.js")`,
    ...wasm.map((f) => `(name = ${JSON.stringify(f)}, wasm = embed ${JSON.stringify(f)})`)];
  const path = join(out, "deploy.capnp");
  writeFileSync(path, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "tokenward", worker = .tokenward),
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "tokenward")],
);
const tokenward :Workerd.Worker = (
  modules = [${modules.join(", ")}],
  compatibilityDate = "2026-11-17",
  bindings = [
    (name = "TOKENWARD_CONFIG", fromEnvironment = "TOKENWARD_CONFIG"),
    (name = "TOKENWARD_ORIGIN", fromEnvironment = "TOKENWARD_ORIGIN"),
  ],
  globalOutbound = "net",
);
`);
  return { path, wasm };
}

/** The TOKENWARD_CONFIG var of wrangler.toml (a ''' literal string). */
function exampleConfig() {
  const match = readFileSync(WRANGLER_TOML, "utf8").match(/^TOKENWARD_CONFIG = '''\n([\s\S]*?)'''$/m);
  assert.ok(match, "wrangler.toml sets TOKENWARD_CONFIG");
  return JSON.parse(match[1]);
}

let upload, origin, docs;
before(async () => {
  upload = dryRun();
  origin = await echoServer();
  docs = await documentServer({ jwks: null });
});
after(async () => {
  await Promise.all([close(origin.server), close(docs.server)]);
});

test("wrangler uploads the bundle, the wasm and both vars", () => {
  const { wasm } = capnpFor(upload.out);
  assert.equal(wasm.length, 1);
  assert.match(readFileSync(join(upload.out, "index.js"), "utf8"), new RegExp(`from "\\./${wasm[0].replace(".", "\\.")}"`));
  assert.match(upload.output, /env\.TOKENWARD_ORIGIN/);
  assert.match(upload.output, /env\.TOKENWARD_CONFIG/);
});

test("the upload gives the shared verdicts in real workerd", async () => {
  const keys = edge.makeKeys();
  docs.state.jwks = edge.jwks(keys.RS256, keys.ES256);
  docs.state.revocations = edge.revocationList(nowSeconds());
  const config = edge.edgeConfig({
    jwksUri: `http://127.0.0.1:${docs.port}/jwks.json`,
    revocationUri: `http://127.0.0.1:${docs.port}/revocations.json`,
  });
  const { path } = capnpFor(upload.out);
  const worker = await startWorkerd({ capnp: path, config, origin: `http://127.0.0.1:${origin.port}` });
  try {
    const token = edge.mint(keys.RS256, edge.claims(nowSeconds()));
    const valid = await fetch(`${worker.url}/api/orders`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(valid.status, 200, await valid.clone().text());
    const seen = await valid.json();
    assert.equal(seen.url, "/api/orders");
    assert.equal(seen.headers["x-tokenward-sub"], "alice");
    assert.equal(seen.headers.authorization, undefined);

    const missing = await fetch(`${worker.url}/api/orders`);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get("www-authenticate"), `Bearer realm="${edge.REALM}"`);
  } finally {
    await worker.stop();
  }
});

test("wrangler.toml's own TOKENWARD_CONFIG is accepted", async () => {
  const { path } = capnpFor(upload.out);
  const worker = await startWorkerd({ capnp: path, config: exampleConfig(), origin: `http://127.0.0.1:${origin.port}` });
  try {
    // A configuration the core refuses answers 500 misconfigured.
    const open = await fetch(`${worker.url}/healthz`);
    assert.equal(open.status, 200, await open.clone().text());
    assert.equal((await open.json()).url, "/healthz");
  } finally {
    await worker.stop();
  }
});
