// `make bench-envoy`: tokenward vs Envoy's built-in jwt_authn, same Envoy,
// same keys, tokens and upstream (a second Envoy with a direct_response).
// wrk on loopback; proxy pinned to CPU 0, upstream and wrk to CPU 1.
//
// Token sets: (a) one token, (b) 1,000 tokens in rotation, (c) "unique":
// 12,000 tokens in rotation, more than any cache here holds, so with LRU
// caches every request is a miss (as with never-seen tokens).
// BENCH_SECONDS (default 5) per run after a 1 s warm-up; BENCH_ROUNDS
// (default 1) rounds, listeners alternating, medians reported.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bootstrap, cluster, listener, tokenwardFilter } from "./envoy-config.mjs";
import { ROOT, WASM, freePort, startEnvoy } from "./envoy-process.mjs";
import { jwks, makeKey, mint } from "../../tests/edge/cases.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 1);
const ISS = "https://bench.tokenward.test";
const AUD = "bench";
const UNIQUE = 12_000;
const dir = join(ROOT, "target/bench-envoy");
mkdirSync(dir, { recursive: true });

// Keys and tokens are cached between runs (RSA signing is slow here).
const now = Math.floor(Date.now() / 1000);
const keyFile = join(dir, "keys.json");
let material = existsSync(keyFile) ? JSON.parse(readFileSync(keyFile)) : null;
if (!material || material.exp < now + 3600) {
  console.log(`bench-envoy: minting tokens (${UNIQUE} per algorithm; RSA signing takes a while)...`);
  const exp = now + 86_400;
  material = { exp, jwks: null, tokens: {} };
  const keys = [makeKey("RS256", "bench-rs"), makeKey("ES256", "bench-es")];
  material.jwks = jwks(...keys);
  for (const key of keys) {
    const tokens = [];
    for (let i = 0; i < UNIQUE; i++) {
      tokens.push(mint(key, { iss: ISS, aud: AUD, sub: `user-${i}`, iat: now, exp, jti: `${key.alg}-${i}` }));
    }
    material.tokens[key.alg] = tokens;
  }
  writeFileSync(keyFile, JSON.stringify(material));
}
const jwksText = JSON.stringify(material.jwks);

const upstreamPort = await freePort();
const upstreamAdmin = await freePort();
const upstream = await startEnvoy(bootstrap({
  adminPort: upstreamAdmin,
  listeners: [{
    ...listener("upstream", upstreamPort, []),
    filter_chains: [{
      filters: [{
        name: "envoy.filters.network.http_connection_manager",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
          stat_prefix: "upstream",
          route_config: { virtual_hosts: [{ name: "all", domains: ["*"], routes: [{ match: { prefix: "/" }, direct_response: { status: 200, body: { inline_string: "ok" } } }] }] },
          http_filters: [{ name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }],
        },
      }],
    }],
  }],
  clusters: [],
}), { adminPort: upstreamAdmin, concurrency: 1, cpus: "1" });

const tokenward = tokenwardFilter(WASM, {
  providers: {
    bench: { issuer: ISS, audiences: [AUD], algorithms: ["RS256", "ES256"], local_jwks: material.jwks },
  },
  rules: [{ match: { prefix: "/" }, requires: { provider_name: "bench" } }],
  cache_size: 2000,
});
const jwtAuthn = (cache) => ({
  name: "envoy.filters.http.jwt_authn",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
    providers: {
      bench: {
        issuer: ISS, audiences: [AUD],
        local_jwks: { inline_string: jwksText },
        claim_to_headers: [{ header_name: "x-jwt-sub", claim_name: "sub" }],
        // Absent: jwt_authn's cache is off.
        ...(cache ? { jwt_cache_config: { jwt_cache_size: cache } } : {}),
      },
    },
    rules: [{ match: { prefix: "/" }, requires: { provider_name: "bench" } }],
  },
});
const ports = {
  router: await freePort(), tokenward: await freePort(),
  jwt_authn: await freePort(), jwt_authn_cache: await freePort(),
};
const proxyAdmin = await freePort();
const proxy = await startEnvoy(bootstrap({
  adminPort: proxyAdmin,
  listeners: [
    listener("router", ports.router, []),
    listener("tokenward", ports.tokenward, [tokenward]),
    listener("jwt_authn", ports.jwt_authn, [jwtAuthn(0)]),
    listener("jwt_authn_cache", ports.jwt_authn_cache, [jwtAuthn(5000)]),
  ],
  clusters: [cluster("upstream", upstreamPort)],
}), { adminPort: proxyAdmin, concurrency: 1, cpus: "0" });

const cpuTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime
};
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

function luaScript(tokens) {
  const file = join(dir, `tokens-${tokens.length}-${tokens[0].slice(-8)}.txt`);
  if (!existsSync(file)) writeFileSync(file, tokens.join("\n") + "\n");
  const script = join(dir, `rotate-${tokens.length}-${tokens[0].slice(-8)}.lua`);
  writeFileSync(script, `
local requests = {}
local i = 0
function init(args)
  for line in io.lines("${file}") do
    requests[#requests + 1] = wrk.format("GET", "/", { ["Authorization"] = "Bearer " .. line })
  end
end
function request()
  i = i % #requests + 1
  return requests[i]
end
done = function(summary, latency, requests)
  io.write(string.format("P99_US %d\\nNON2XX %d\\n", latency:percentile(99), summary.errors.status))
end
`);
  return script;
}

function wrk(port, script, seconds) {
  const args = ["-c", "1", "wrk", "-t1", "-c16", `-d${seconds}s`, "-s", script, `http://127.0.0.1:${port}/`];
  const out = spawnSync("taskset", args, { encoding: "utf8" });
  const rps = Number(out.stdout.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0);
  const total = Number(out.stdout.match(/(\d+) requests in/)?.[1] ?? 0);
  const p99 = Number(out.stdout.match(/P99_US (\d+)/)?.[1] ?? 0);
  const non2xx = Number(out.stdout.match(/NON2XX (\d+)/)?.[1] ?? 0) + Number(out.stdout.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  return { rps, total, p99, non2xx };
}

function run(port, script) {
  wrk(port, script, 1); // warm-up
  const before = cpuTicks(proxy.child.pid);
  const result = wrk(port, script, SECONDS);
  const cpu = (cpuTicks(proxy.child.pid) - before) / TICKS;
  return { ...result, cpuUs: result.total ? (cpu * 1e6) / result.total : 0 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sets = [];
for (const alg of ["RS256", "ES256"]) {
  const tokens = material.tokens[alg];
  sets.push({ alg, name: "(a) one token", script: luaScript(tokens.slice(0, 1)) });
  sets.push({ alg, name: "(b) 1,000 tokens", script: luaScript(tokens.slice(0, 1000)) });
  sets.push({ alg, name: "(c) unique", script: luaScript(tokens) });
}
const contenders = ["tokenward", "jwt_authn", "jwt_authn_cache"];
const results = new Map();
try {
  const routerOnly = run(ports.router, sets[0].script);
  console.log(`router only (no auth): ${routerOnly.rps.toFixed(0)} req/s, p99 ${routerOnly.p99} µs, ${routerOnly.cpuUs.toFixed(1)} CPU µs/req`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const set of sets) {
      for (const who of round % 2 ? [...contenders].reverse() : contenders) {
        const r = run(ports[who], set.script);
        if (r.non2xx) console.log(`  warning: ${who} ${set.alg} ${set.name}: ${r.non2xx} non-2xx answers`);
        const key = `${set.alg} ${set.name} ${who}`;
        results.set(key, [...(results.get(key) ?? []), r]);
        process.stdout.write(".");
      }
    }
  }
  console.log("\n");
  const pick = (key, field) => median(results.get(key).map((r) => r[field]));
  const header = "| alg | tokens | tokenward req/s | p99 µs | CPU µs/req | jwt_authn (no cache) req/s | p99 µs | CPU µs/req | jwt_authn (cache 5000) req/s | p99 µs | CPU µs/req | ratio vs no cache | ratio vs cache |";
  console.log(header);
  console.log(header.replace(/[^|]+/g, "---"));
  for (const set of sets) {
    const cells = contenders.map((who) => {
      const key = `${set.alg} ${set.name} ${who}`;
      return [pick(key, "rps"), pick(key, "p99"), pick(key, "cpuUs")];
    });
    const [tw, off, on] = cells;
    const fmt = ([rps, p99, cpu]) => `${rps.toFixed(0)} | ${p99} | ${cpu.toFixed(1)}`;
    console.log(`| ${set.alg} | ${set.name} | ${fmt(tw)} | ${fmt(off)} | ${fmt(on)} | ${(tw[0] / off[0]).toFixed(2)}× | ${(tw[0] / on[0]).toFixed(2)}× |`);
  }
} finally {
  await proxy.stop();
  await upstream.stop();
}
