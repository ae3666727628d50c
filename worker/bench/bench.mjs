// `make bench-worker`: wrk through one workerd process hosting the example
// worker (worker/dist/: src/index.mjs bundled with the packed package), the same worker shape with jose 6, and an origin worker. For each
// algorithm, a repeated token (verified-token cache hits for tokenward) and
// distinct tokens (every request a full verification), 1 s warm-up then
// BENCH_SECONDS (default 5) per run. Reports requests/s, p99 and workerd CPU
// per request (the whole process: origin worker included, for both sides),
// and a no-verification passthrough worker as the ceiling. tokenward runs
// twice: signatures by WebCrypto (the default) and by the core in wasm
// (TOKENWARD_SIGNATURE_BACKEND=wasm). A run whose answers are not all 2xx
// fails the benchmark: a refusal is not throughput.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import * as edge from "../../tests/edge/cases.mjs";
import { close, documentServer } from "../../tests/worker/servers.mjs";
import { WORKER_DIR, freePort, startWorkerd } from "../../tests/worker/workerd.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ALGS = (process.env.BENCH_ALGS ?? "ES256,RS256,EdDSA").split(",");
const DISTINCT = Number(process.env.BENCH_TOKENS ?? 3000);
const TICK_US = 1e6 / Number(execFileSync("getconf", ["CLK_TCK"]).toString());
const benchDir = join(WORKER_DIR, "bench");

const wasm = readFileSync(join(WORKER_DIR, "dist", "tokenward_bg.wasm"));
const sizes = { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length };

// Keys and the document server (fetched a handful of times: not measured).
const keys = edge.makeKeys();
const docs = await documentServer({ jwks: edge.jwks(keys.RS256, keys.ES256, keys.EdDSA), revocations: {} });
const jwksUri = `http://127.0.0.1:${docs.port}/jwks.json`;
const config = {
  providers: {
    main: { issuer: edge.ISSUER, audiences: [edge.AUDIENCE], algorithms: edge.ALGORITHMS, remote_jwks: { uri: jwksUri } },
  },
  rules: [{ match: { prefix: "/" }, requires: { provider_name: "main" } }],
};
const joseOptions = { issuer: edge.ISSUER, audiences: [edge.AUDIENCE], algorithms: edge.ALGORITHMS, jwks: jwksUri };

// One workerd: the two candidates on their sockets, and the origin worker
// they both reach through a service binding (no extra HTTP hop to measure).
const ports = { tokenward: await freePort(), tokenwardWasm: await freePort(), jose: await freePort(), passthrough: await freePort(), origin: await freePort() };
const capnp = join(benchDir, "bench.gen.capnp");
writeFileSync(capnp, benchConfig(ports));
const workerd = await startWorkerd({
  capnp, port: ports.tokenward,
  env: {
    TOKENWARD_CONFIG: JSON.stringify(config),
    TOKENWARD_ORIGIN: `http://127.0.0.1:${ports.origin}`,
    JOSE_OPTIONS: JSON.stringify(joseOptions),
  },
});

// Both candidates must forward a valid token before anything is measured.
const probe = edge.mint(keys.ES256, edge.claims(Math.floor(Date.now() / 1000)));
for (const name of ["tokenward", "tokenwardWasm", "jose"]) {
  const res = await fetch(`http://127.0.0.1:${ports[name]}/`, { headers: { authorization: `Bearer ${probe}` } });
  const body = await res.text();
  if (res.status !== 200) {
    await workerd.stop();
    await close(docs.server);
    throw new Error(`${name} answered ${res.status}: ${body}\n${workerd.log()}`);
  }
}

const rows = [];
try {
  for (const alg of ALGS) {
    const now = Math.floor(Date.now() / 1000);
    const mint = () => edge.mint(keys[alg], { ...edge.claims(now), exp: now + 3600 });
    const repeated = join(benchDir, `tokens-${alg}-repeated.gen.txt`);
    const distinct = join(benchDir, `tokens-${alg}-distinct.gen.txt`);
    writeFileSync(repeated, `${mint()}\n`);
    writeFileSync(distinct, `${Array.from({ length: DISTINCT }, mint).join("\n")}\n`);
    for (const [mode, file] of [["repeated", repeated], ["distinct", distinct]]) {
      const result = {};
      for (const name of ["tokenward", "tokenwardWasm", "jose", "passthrough"]) {
        const url = `http://127.0.0.1:${ports[name]}/`;
        await wrk(url, file, 1); // warm-up: key fetch, JIT, caches
        const cpuBefore = cpuTicks(workerd.pid);
        const run = await wrk(url, file, SECONDS);
        const cpuUs = (cpuTicks(workerd.pid) - cpuBefore) * TICK_US;
        if (run.non2xx || run.errors) {
          throw new Error(`${name} ${alg} ${mode}: ${run.non2xx} non-2xx answers, ${run.errors} errors of ${run.requests}: not throughput`);
        }
        result[name] = {
          rps: run.requests / (run.duration_us / 1e6),
          p99: run.p99_us / 1000,
          cpu: cpuUs / run.requests,
        };
      }
      rows.push({ alg, mode, ...result });
      console.error(`done: ${alg} ${mode}`);
    }
  }
} finally {
  await workerd.stop();
  await close(docs.server);
}

const f = (n, d = 0) => n.toFixed(d);
console.log(`\nwasm: ${sizes.raw} bytes raw, ${sizes.gzip} bytes gzip (limit 3 MB compressed)`);
console.log(`${SECONDS} s per run after 1 s warm-up, wrk -t2 -c16, distinct = ${DISTINCT} tokens cycled\n`);
console.log("tokenward = WebCrypto signatures (default); tw wasm = TOKENWARD_SIGNATURE_BACKEND=wasm\n");
console.log("| alg | tokens | tokenward req/s | tw wasm req/s | jose req/s | ratio | wasm ratio | tokenward p99 ms | tw wasm p99 ms | jose p99 ms | tokenward CPU µs/req | tw wasm CPU µs/req | jose CPU µs/req | no-verify ceiling req/s |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const w = r.tokenwardWasm;
  console.log(`| ${r.alg} | ${r.mode} | ${f(r.tokenward.rps)} | ${f(w.rps)} | ${f(r.jose.rps)} | ${f(r.tokenward.rps / r.jose.rps, 2)}× | ${f(w.rps / r.jose.rps, 2)}× | ${f(r.tokenward.p99, 2)} | ${f(w.p99, 2)} | ${f(r.jose.p99, 2)} | ${f(r.tokenward.cpu)} | ${f(w.cpu)} | ${f(r.jose.cpu)} | ${f(r.passthrough.rps)} |`);
}

/** Runs wrk asynchronously: the JWKS server lives in this process and must keep answering. */
async function wrk(url, tokensFile, seconds) {
  const child = spawn("wrk", ["-t2", "-c16", `-d${seconds}s`, "-s", join(benchDir, "tokens.lua"), url], {
    env: { ...process.env, TOKENS_FILE: tokensFile },
  });
  let out = "";
  child.stdout.on("data", (d) => { out += d; });
  child.stderr.on("data", (d) => { out += d; });
  await new Promise((resolve) => child.once("close", resolve));
  const line = out.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`wrk failed: ${out}`);
  return JSON.parse(line.slice(7));
}

/** User + system CPU ticks of process `pid` (fields 14 and 15 of /proc/pid/stat). */
function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

function benchConfig({ tokenward, tokenwardWasm, jose, passthrough, origin }) {
  const rel = (p) => relative(benchDir, p);
  const module = (name, path, kind = "esModule") => `(name = "${name}", ${kind} = embed "${rel(path)}")`;
  const joseRoot = join(WORKER_DIR, "..", "node_modules", "jose", "dist", "webapi");
  const joseModules = walk(joseRoot).map((p) => module(relative(join(WORKER_DIR, ".."), p), p));
  const tw = [module("worker.js", join(WORKER_DIR, "dist", "worker.js"))];
  // The example worker as a service; `extra` bindings after the shared ones
  // (the two tokenward rows differ only by the signature backend).
  const tokenwardService = (name, extra = []) => `(name = "${name}", worker = (
      modules = [
        ${tw.join(",\n        ")},
        ${module("tokenward_bg.wasm", join(WORKER_DIR, "dist", "tokenward_bg.wasm"), "wasm")},
      ],
      compatibilityDate = "2026-11-17",
      bindings = [
        ${[
          '(name = "TOKENWARD_CONFIG", fromEnvironment = "TOKENWARD_CONFIG")',
          '(name = "TOKENWARD_ORIGIN", fromEnvironment = "TOKENWARD_ORIGIN")',
          '(name = "ORIGIN", service = "origin")',
          ...extra,
        ].join(",\n        ")},
      ],
      globalOutbound = "net",
    ))`;
  return `# Generated by worker/bench/bench.mjs.
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    ${tokenwardService("tokenward")},
    ${tokenwardService("tokenward-wasm", ['(name = "TOKENWARD_SIGNATURE_BACKEND", text = "wasm")'])},
    (name = "jose", worker = (
      modules = [
        ${module("worker/bench/jose-worker.mjs", join(benchDir, "jose-worker.mjs"))},
        ${joseModules.join(",\n        ")},
      ],
      compatibilityDate = "2026-11-17",
      bindings = [
        (name = "JOSE_OPTIONS", fromEnvironment = "JOSE_OPTIONS"),
        (name = "TOKENWARD_ORIGIN", fromEnvironment = "TOKENWARD_ORIGIN"),
        (name = "ORIGIN", service = "origin"),
      ],
      globalOutbound = "net",
    )),
    (name = "passthrough", worker = (
      modules = [${module("bench/passthrough-worker.mjs", join(benchDir, "passthrough-worker.mjs"))}],
      compatibilityDate = "2026-11-17",
      bindings = [(name = "ORIGIN", service = "origin")],
    )),
    (name = "origin", worker = (
      modules = [${module("bench/origin-worker.mjs", join(benchDir, "origin-worker.mjs"))}],
      compatibilityDate = "2026-11-17",
    )),
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:${tokenward}", http = (), service = "tokenward"),
    (name = "tokenward-wasm", address = "127.0.0.1:${tokenwardWasm}", http = (), service = "tokenward-wasm"),
    (name = "jose", address = "127.0.0.1:${jose}", http = (), service = "jose"),
    (name = "passthrough", address = "127.0.0.1:${passthrough}", http = (), service = "passthrough"),
    (name = "origin", address = "127.0.0.1:${origin}", http = (), service = "origin"),
  ],
);
`;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith(".js") ? [path] : [];
  });
}
