// `make bench-envoy`: tokenward vs Envoy's built-in jwt_authn, same Envoy,
// same keys, tokens and upstream (a second Envoy with a direct_response).
// wrk on loopback; proxy pinned to CPU 0, upstream and wrk to CPU 1.
// Beside them: the router alone and a no-op wasm filter
// (crates/envoy/examples/noop.rs), what any wasm filter costs.
//
// Token sets: (a) one token, (b) 1,000 tokens in rotation, (c) "unique":
// 12,000 tokens in rotation, more than any cache here holds, so with LRU
// caches every request is a miss (as with never-seen tokens).
// BENCH_SECONDS (default 5) per run after a 1 s warm-up; BENCH_ROUNDS
// (default 1) rounds, listeners alternating, medians reported.
// Every answer must be 200: a run with any other answer (or a socket
// error) is a FAIL row, and the script exits non-zero.
// DPoP rows (bench-dpop.mjs): a bound token with a fresh proof per request
// beside a bearer token of the same shape, on a listener whose provider
// has `dpop`; the cost of the proof over the bearer token.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { bootstrap, cluster, listener, tokenwardFilter } from "./envoy-config.mjs";
import { startOkUpstream } from "./ok-upstream.mjs";
import { WRK_SUMMARY_LUA } from "./wrk-summary.mjs";
import { ROOT, WASM, freePort, startEnvoy } from "./envoy-process.mjs";
import { jwks, makeKey, mint } from "../../tests/edge/cases.mjs";
import { DPOP_PROVIDER, dpopMaterial, dpopScripts } from "./bench-dpop.mjs";

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
const dpop = await dpopMaterial({ iss: ISS, aud: AUD, now, exp: now + 86_400 });

const { port: upstreamPort, envoy: upstream } = await startOkUpstream();

// One JwtAuthentication configuration for both filters: tokenward takes
// jwt_authn's as it is (crates/envoy/README.md, Configuration).
const CACHE = 5000;
const jwtAuthnConfig = (cache) => ({
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
});
const tokenward = tokenwardFilter(WASM, jwtAuthnConfig(CACHE));
// The DPoP listener: the same provider with its own keys and `dpop`, in a
// VM of its own (its replay record is proxy-wasm shared data).
const dpopConfig = jwtAuthnConfig(CACHE);
dpopConfig.providers.bench.local_jwks = { inline_string: JSON.stringify(dpop.jwks) };
dpopConfig.providers.bench.dpop = DPOP_PROVIDER;
const tokenwardDpop = tokenwardFilter(WASM, dpopConfig);
tokenwardDpop.typed_config.config.name = "tokenward_dpop";
tokenwardDpop.typed_config.config.vm_config.vm_id = "tokenward_dpop";
const NOOP_WASM = join(ROOT, "target/wasm32-wasip1/release/examples/noop.wasm");
const noop = tokenwardFilter(NOOP_WASM, {});
noop.typed_config.config.name = "noop";
noop.typed_config.config.root_id = "noop";
noop.typed_config.config.vm_config.vm_id = "noop";
const jwtAuthn = (cache) => ({
  name: "envoy.filters.http.jwt_authn",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
    ...jwtAuthnConfig(cache),
  },
});
const ports = {
  router: await freePort(), noop: await freePort(), tokenward: await freePort(),
  jwt_authn: await freePort(), jwt_authn_cache: await freePort(), tokenward_dpop: await freePort(),
};
const proxyAdmin = await freePort();
const proxy = await startEnvoy(bootstrap({
  adminPort: proxyAdmin,
  listeners: [
    listener("router", ports.router, []),
    listener("noop", ports.noop, [noop]),
    listener("tokenward", ports.tokenward, [tokenward]),
    listener("jwt_authn", ports.jwt_authn, [jwtAuthn(0)]),
    listener("jwt_authn_cache", ports.jwt_authn_cache, [jwtAuthn(5000)]),
    listener("tokenward_dpop", ports.tokenward_dpop, [tokenwardDpop]),
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
${WRK_SUMMARY_LUA}`);
  return script;
}

function wrk(port, script, seconds) {
  const args = ["-c", "1", "wrk", "-t1", "-c16", `-d${seconds}s`, "-s", script, `http://127.0.0.1:${port}/`];
  const out = spawnSync("taskset", args, { encoding: "utf8" });
  const rps = Number(out.stdout.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0);
  const total = Number(out.stdout.match(/(\d+) requests in/)?.[1] ?? 0);
  const p99 = Number(out.stdout.match(/P99_US (\d+)/)?.[1] ?? 0);
  // wrk's own count of answers that are not 2xx or 3xx; no 3xx here.
  const non2xx = Number(out.stdout.match(/NON2XX (\d+)/)?.[1] ?? 0);
  const socketErrors = Number(out.stdout.match(/SOCKET_ERRORS (\d+)/)?.[1] ?? 0);
  const ran = out.status === 0 && /P99_US/.test(out.stdout);
  return { rps, total, p99, non2xx, socketErrors, failed: !ran || non2xx > 0 || socketErrors > 0 || total === 0 };
}

/** A warm-up and a measured run; `script` is a path, or makes one per run (DPoP: fresh proofs). */
function run(port, script) {
  const scriptFor = (seconds) => (typeof script === "function" ? script(seconds) : script);
  const warm = wrk(port, scriptFor(1), 1);
  const measured = scriptFor(SECONDS);
  const before = cpuTicks(proxy.child.pid);
  const result = wrk(port, measured, SECONDS);
  const cpu = (cpuTicks(proxy.child.pid) - before) / TICKS;
  return {
    ...result,
    failed: warm.failed || result.failed,
    non2xx: warm.non2xx + result.non2xx,
    socketErrors: warm.socketErrors + result.socketErrors,
    cpuUs: result.total ? (cpu * 1e6) / result.total : 0,
  };
}

const failures = [];
/** Records a run with an answer other than 200 (or no answer). */
function check(label, r) {
  if (!r.failed) return;
  const why = `${r.non2xx} answers not 2xx, ${r.socketErrors} socket errors${r.total ? "" : ", no request completed"}`;
  failures.push(`${label}: ${why}`);
  console.log(`\nFAIL ${label}: ${why}`);
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
const floors = { router: "router only (no auth)", noop: "no-op wasm filter" };
const results = new Map();
const load = () => loadavg().map((x) => x.toFixed(2)).join(", ");
try {
  console.log(`${new Date().toISOString()}, load average ${load()}, ${SECONDS} s runs, ${ROUNDS} round(s)`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [who, label] of Object.entries(floors)) {
      const r = run(ports[who], sets[0].script);
      check(`${label}, round ${round + 1}`, r);
      results.set(who, [...(results.get(who) ?? []), r]);
    }
    for (const set of sets) {
      for (const who of round % 2 ? [...contenders].reverse() : contenders) {
        const r = run(ports[who], set.script);
        check(`${who} ${set.alg} ${set.name}, round ${round + 1}`, r);
        const key = `${set.alg} ${set.name} ${who}`;
        results.set(key, [...(results.get(key) ?? []), r]);
        process.stdout.write(".");
      }
    }
    for (const alg of ["RS256", "ES256"]) {
      const { bearer, bound } = dpop.tokens[alg];
      const plain = run(ports.tokenward_dpop, luaScript([bearer]));
      check(`tokenward ${alg} bearer (DPoP listener), round ${round + 1}`, plain);
      // Proofs for twice the bearer rate: a DPoP request is never cheaper.
      const rate = Math.max(2000, 2 * plain.rps);
      const proofRun = run(ports.tokenward_dpop, dpopScripts({ dir, client: dpop.client, port: ports.tokenward_dpop, token: bound, rate, label: `${alg}-${round}` }));
      check(`tokenward ${alg} DPoP, round ${round + 1}`, proofRun);
      results.set(`dpop ${alg} bearer`, [...(results.get(`dpop ${alg} bearer`) ?? []), plain]);
      results.set(`dpop ${alg} dpop`, [...(results.get(`dpop ${alg} dpop`) ?? []), proofRun]);
      process.stdout.write(".");
    }
  }
  console.log(`\n\nload average at the end: ${load()}\n`);
  const pick = (key, field) => median(results.get(key).map((r) => r[field]));
  const failedAny = (key) => results.get(key).some((r) => r.failed);
  console.log("| floor | req/s | p99 µs | CPU µs/req |");
  console.log("|---|---|---|---|");
  for (const [who, label] of Object.entries(floors)) {
    const cells = failedAny(who) ? "FAIL | FAIL | FAIL"
      : `${pick(who, "rps").toFixed(0)} | ${pick(who, "p99")} | ${pick(who, "cpuUs").toFixed(1)}`;
    console.log(`| ${label} | ${cells} |`);
  }
  console.log("");
  // Ratios: tokenward's req/s over jwt_authn's, and (CPU) jwt_authn's CPU
  // µs per request over tokenward's, the same ratio for a proxy with a core
  // of its own: on a shared machine the req/s of a run also depends on what
  // else ran on CPU 0 meanwhile, its CPU per request much less.
  const header = "| alg | tokens | tokenward req/s | p99 µs | CPU µs/req | jwt_authn (no cache) req/s | p99 µs | CPU µs/req | jwt_authn (cache 5000) req/s | p99 µs | CPU µs/req | ratio vs no cache | ratio vs cache | CPU ratio vs cache |";
  console.log(header);
  console.log(header.replace(/[^|]+/g, "---"));
  for (const set of sets) {
    const keys = contenders.map((who) => `${set.alg} ${set.name} ${who}`);
    if (keys.some(failedAny)) {
      console.log(`| ${set.alg} | ${set.name} | ${Array(12).fill("FAIL").join(" | ")} |`);
      continue;
    }
    const [tw, off, on] = keys.map((key) => [pick(key, "rps"), pick(key, "p99"), pick(key, "cpuUs")]);
    const fmt = ([rps, p99, cpu]) => `${rps.toFixed(0)} | ${p99} | ${cpu.toFixed(1)}`;
    console.log(`| ${set.alg} | ${set.name} | ${fmt(tw)} | ${fmt(off)} | ${fmt(on)} | ${(tw[0] / off[0]).toFixed(2)}× | ${(tw[0] / on[0]).toFixed(2)}× | ${(on[2] / tw[2]).toFixed(2)}× |`);
  }
  // DPoP: one token, through the DPoP listener, as bearer and with a fresh
  // ES256 proof per request; the proof's cost is the CPU difference.
  console.log("");
  const dpopHeader = "| token alg | bearer req/s | p99 µs | CPU µs/req | DPoP (fresh ES256 proof) req/s | p99 µs | CPU µs/req | req/s ratio DPoP/bearer | CPU µs/req over bearer |";
  console.log(dpopHeader);
  console.log(dpopHeader.replace(/[^|]+/g, "---"));
  for (const alg of ["RS256", "ES256"]) {
    const keys = [`dpop ${alg} bearer`, `dpop ${alg} dpop`];
    if (keys.some(failedAny)) {
      console.log(`| ${alg} | ${Array(8).fill("FAIL").join(" | ")} |`);
      continue;
    }
    const [plain, proof] = keys.map((key) => [pick(key, "rps"), pick(key, "p99"), pick(key, "cpuUs")]);
    const fmt = ([rps, p99, cpu]) => `${rps.toFixed(0)} | ${p99} | ${cpu.toFixed(1)}`;
    console.log(`| ${alg} | ${fmt(plain)} | ${fmt(proof)} | ${(proof[0] / plain[0]).toFixed(2)}× | +${(proof[2] - plain[2]).toFixed(1)} |`);
  }
} finally {
  await proxy.stop();
  await upstream.stop();
}
if (failures.length) {
  console.error(`\nbench-envoy: FAIL, ${failures.length} run(s) had answers other than 200:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
