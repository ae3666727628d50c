// Profile aid: builds of the filter side by side in one Envoy worker, one
// listener each (plus the router alone), wrk sending one token again and
// again (the cache-hit path); rounds alternate the listeners and the
// median CPU µs per request of each is printed. Not a test.
// usage: node scripts/envoy/variants.mjs NAME=PATH.wasm ... 
//   env: ALG (RS256|ES256), SECONDS (per run, default 3), ROUNDS (default 5).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { bootstrap, cluster, listener, tokenwardFilter } from "./envoy-config.mjs";
import { startOkUpstream } from "./ok-upstream.mjs";
import { freePort, startEnvoy } from "./envoy-process.mjs";
import { jwks, makeKey, mint } from "../../tests/edge/cases.mjs";

const SECONDS = Number(process.env.SECONDS || 3);
const ROUNDS = Number(process.env.ROUNDS || 5);
const variants = process.argv.slice(2).map((arg) => arg.split("="));
const ISS = "https://bench.tokenward.test";
const key = makeKey(process.env.ALG ?? "RS256", "k");
const now = Math.floor(Date.now() / 1000);
const token = mint(key, { iss: ISS, aud: "bench", sub: "user-1", iat: now, exp: now + 3600 });
const config = {
  providers: { bench: {
    issuer: ISS, audiences: ["bench"], local_jwks: { inline_string: JSON.stringify(jwks(key)) },
    claim_to_headers: [{ header_name: "x-jwt-sub", claim_name: "sub" }],
    jwt_cache_config: { jwt_cache_size: 5000 },
  } },
  rules: [{ match: { prefix: "/" }, requires: { provider_name: "bench" } }],
};
const { port: upstreamPort, envoy: upstream } = await startOkUpstream();
const ports = { router: await freePort() };
const listeners = [listener("router", ports.router, [])];
for (const [name, path] of variants) {
  ports[name] = await freePort();
  const filter = tokenwardFilter(path, config);
  Object.assign(filter.typed_config.config, { name, root_id: "tokenward" });
  filter.typed_config.config.vm_config.vm_id = name;
  listeners.push(listener(name, ports[name], [filter]));
}
const admin = await freePort();
const proxy = await startEnvoy(bootstrap({ adminPort: admin, listeners, clusters: [cluster("upstream", upstreamPort)] }),
  { adminPort: admin, concurrency: 1, cpus: "0" });
const script = "/tmp/tokenward-variants.lua";
writeFileSync(script, `wrk.headers["Authorization"] = "Bearer ${token}"\n`);
const cpu = () => {
  const f = readFileSync(`/proc/${proxy.child.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(f[11]) + Number(f[12]);
};
const wrk = (port, seconds) => spawnSync("taskset", ["-c", "1", "wrk", "-t1", "-c16", `-d${seconds}s`, "-s", script, `http://127.0.0.1:${port}/`], { encoding: "utf8" }).stdout;
const results = new Map();
try {
  const names = Object.keys(ports);
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      wrk(ports[name], 1);
      const before = cpu();
      const out = wrk(ports[name], SECONDS);
      const ticks = cpu() - before;
      const total = Number(out.match(/(\d+) requests in/)?.[1] ?? 0);
      if (/Non-2xx/.test(out) || !total) throw new Error(`${name}: answers other than 200\n${out}`);
      results.set(name, [...(results.get(name) ?? []), (ticks * 1e6) / 100 / total]);
    }
    process.stdout.write(".");
  }
  console.log("");
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const router = median(results.get("router"));
  for (const [name, xs] of results) {
    const m = median(xs);
    console.log(`${name.padEnd(12)} ${m.toFixed(1)} CPU µs/req (+${(m - router).toFixed(1)} over the router)  [${xs.map((x) => x.toFixed(0)).join(" ")}]`);
  }
} finally {
  await proxy.stop();
  await upstream.stop();
}
