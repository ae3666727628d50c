// The deployment examples in crates/envoy/README.md are the files in
// crates/envoy/examples/, verbatim; real Envoy 1.40 validates the bootstrap
// with the built filter, and runs the Istio WasmPlugin's pluginConfig as
// the filter's configuration.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { ENVOY, ROOT, WASM, freePort, startEnvoy } from "../../scripts/envoy/envoy-process.mjs";
import { echoServer } from "./servers.mjs";

const EXAMPLES = join(ROOT, "crates/envoy/examples");
const README = readFileSync(join(ROOT, "crates/envoy/README.md"), "utf8");
const example = (name) => readFileSync(join(EXAMPLES, name), "utf8");
/** The placeholder the bootstrap names the filter by. */
const PLACEHOLDER = "/etc/envoy/tokenward_envoy.wasm";

/** `envoy --mode validate` on `yaml` (written to a temporary file). */
function validate(yaml) {
  const path = join(mkdtempSync(join(tmpdir(), "tokenward-deploy-")), "envoy.yaml");
  writeFileSync(path, yaml);
  const run = spawnSync(ENVOY, ["--mode", "validate", "-c", path, "--disable-hot-restart", "-l", "error"], { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

test("the README shows envoy.yaml and wasmplugin.yaml verbatim", () => {
  for (const name of ["envoy.yaml", "wasmplugin.yaml"]) {
    assert.ok(README.includes("```yaml\n" + example(name) + "```\n"), `README differs from examples/${name}`);
  }
});

test("real Envoy validates the bootstrap with the built filter", () => {
  const yaml = example("envoy.yaml");
  assert.ok(yaml.includes(PLACEHOLDER));
  const { status, output } = validate(yaml.replaceAll(PLACEHOLDER, WASM));
  assert.equal(status, 0, output);
  assert.match(output, /OK/);
  // Validation runs the filter's on_configure: a typo fails it.
  const typo = validate(yaml.replaceAll(PLACEHOLDER, WASM).replace('"issuer"', '"isuer"'));
  assert.notEqual(typo.status, 0);
  assert.match(typo.output, /Unable to create Wasm plugin tokenward/);
});

test("the WasmPlugin is Istio's shape, and its pluginConfig runs in the filter", async () => {
  const plugin = parse(example("wasmplugin.yaml"));
  assert.equal(plugin.apiVersion, "extensions.istio.io/v1alpha1");
  assert.equal(plugin.kind, "WasmPlugin");
  assert.equal(plugin.spec.phase, "AUTHN");
  assert.match(plugin.spec.url, /^(oci|file):\/\//);
  assert.match(plugin.spec.sha256, /^[0-9a-f]{64}$/);
  assert.ok(Object.keys(plugin.spec.selector.matchLabels).length > 0);

  // As istiod does: pluginConfig as JSON in the filter's configuration,
  // the JWKS cluster under the name the configuration gives it.
  const config = plugin.spec.pluginConfig;
  const jwksCluster = config.providers.corp.remote_jwks.http_uri.cluster;
  const upstream = await echoServer();
  const [port, adminPort, deadPort] = [await freePort(), await freePort(), await freePort()];
  const envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener("ingress", port, [tokenwardFilter(WASM, config)], "upstream")],
    clusters: [cluster("upstream", upstream.port), cluster(jwksCluster, deadPort)],
  }), { adminPort, concurrency: 1 });
  try {
    const open = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(open.status, 200);
    const guarded = await fetch(`http://127.0.0.1:${port}/orders`);
    assert.equal(guarded.status, 401);
    assert.equal(guarded.headers.get("www-authenticate"), 'Bearer realm="api"');
  } finally {
    await envoy.stop();
    upstream.server.close();
  }
});
