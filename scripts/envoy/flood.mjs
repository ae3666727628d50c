// `make bench-envoy-flood`: a flood of tokens with random unknown `kid`s
// through a real Envoy (`--concurrency 2`) with the tokenward filter, while
// normal requests run beside it. A measurement, not a test.
//
// - Quiet run: normal requests alone (wrk, FLOOD_NORMAL_CONNECTIONS, each
//   pausing FLOOD_NORMAL_PAUSE_MS between requests), p99.
// - Flood run: the same normal requests, plus wrk over FLOOD_CONNECTIONS
//   connections sending a different unknown `kid` on every request (each
//   pausing FLOOD_PAUSE_MS between requests), for FLOOD_SECONDS. The JWKS endpoint answers in FLOOD_JWKS_DELAY_MS and the
//   cooldown is FLOOD_COOLDOWN_SECONDS, so several refetches (each holding
//   requests until it ends) happen during the flood.
// - Control run: the same, but the flood sends a malformed token
//   (`Bearer -`: 401 at once, nothing to wait for): what the same request
//   rate costs the normal requests on this machine, whatever the tokens.
// - Envoy's RSS (VmRSS) before, during (peak of 1 s samples) and after.
//
// Reports: flood median and p99 latency, normal p99 quiet vs flooded,
// RSS, JWKS fetches. TOKENWARD_WASM picks another filter build.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { bootstrap, cluster, listener, okListener, tokenwardFilter } from "./envoy-config.mjs";
import { ROOT, WASM, freePort, listen, startEnvoy, stats } from "./envoy-process.mjs";
import { jwks, makeKey, mint } from "../../tests/edge/cases.mjs";

const env = (name, fallback) => Number(process.env[name] || fallback);
const SECONDS = env("FLOOD_SECONDS", 20);
const CONNECTIONS = env("FLOOD_CONNECTIONS", 500);
const NORMAL_CONNECTIONS = env("FLOOD_NORMAL_CONNECTIONS", 8);
const COOLDOWN_S = env("FLOOD_COOLDOWN_SECONDS", 5);
const JWKS_DELAY_MS = env("FLOOD_JWKS_DELAY_MS", 150);
// Pauses between a connection's requests (wrk's `delay`): both loads are
// paced so the comparison shows held requests and memory, not two
// closed loops fighting over two CPU cores.
const FLOOD_PAUSE_MS = env("FLOOD_PAUSE_MS", 200);
const NORMAL_PAUSE_MS = env("FLOOD_NORMAL_PAUSE_MS", 10);
const ISS = "https://flood.tokenward.test";
const AUD = "flood";
const dir = join(ROOT, "target/bench-envoy-flood");
mkdirSync(dir, { recursive: true });
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Keys, 100 valid tokens (normal traffic), 50,000 unknown kids (flood).
const now = Math.floor(Date.now() / 1000);
const key = makeKey("ES256", "flood-es");
const stranger = makeKey("ES256", "stranger");
const claims = (sub) => ({ iss: ISS, aud: AUD, sub, iat: now, exp: now + 86_400 });
const normalTokens = Array.from({ length: 100 }, (_, i) => mint(key, claims(`user-${i}`)));
// One signature serves every flood token: the filter refuses them at the
// `kid` lookup, before any signature check.
const signed = mint(stranger, claims("flood")).split(".");
const b64url = (text) => Buffer.from(text).toString("base64url");
const floodTokens = Array.from({ length: 50_000 }, () => {
  const kid = `random-${Math.random().toString(36).slice(2)}`;
  return `${b64url(JSON.stringify({ alg: "ES256", typ: "JWT", kid }))}.${signed[1]}.${signed[2]}`;
});

// The JWKS endpoint (answers after JWKS_DELAY_MS) and its fetch count.
let fetches = 0;
const jwksText = JSON.stringify(jwks(key));
const docs = createServer((req, res) => {
  fetches++;
  setTimeout(() => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(jwksText);
  }, JWKS_DELAY_MS);
});
const docsPort = await listen(docs);

// One Envoy: the tokenward listener, and a direct_response upstream listener.
const port = await freePort();
const upstreamPort = await freePort();
const adminPort = await freePort();
const upstream = okListener("upstream", upstreamPort);
// jwt_authn's remote_jwks, plus tokenward's cooldown_seconds.
const remoteJwks = {
  http_uri: { uri: `http://127.0.0.1:${docsPort}/jwks.json`, cluster: "jwks", timeout: "5s" },
  cache_duration: "600s", cooldown_seconds: COOLDOWN_S,
};
if (process.env.FLOOD_MAX_WAITING) remoteJwks.max_waiting_requests = Number(process.env.FLOOD_MAX_WAITING);
const config = {
  providers: { main: { issuer: ISS, audiences: [AUD], remote_jwks: remoteJwks } },
  rules: [{ match: { prefix: "/" }, requires: { provider_name: "main" } }],
};
const envoy = await startEnvoy(bootstrap({
  adminPort,
  listeners: [listener("tokenward", port, [tokenwardFilter(WASM, config)]), upstream],
  clusters: [cluster("upstream", upstreamPort), cluster("jwks", docsPort)],
}), { adminPort, concurrency: 2 });

function rssMiB() {
  const status = readFileSync(`/proc/${envoy.child.pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
}

function luaScript(name, tokens, pauseMs) {
  const file = join(dir, `${name}.txt`);
  writeFileSync(file, tokens.join("\n") + "\n");
  const script = join(dir, `${name}.lua`);
  writeFileSync(script, `
local requests = {}
local i = 0
function init(args)
  for line in io.lines("${file}") do
    requests[#requests + 1] = wrk.format("GET", "/", { ["Authorization"] = "Bearer " .. line })
  end
  i = math.random(#requests)
end
function request()
  i = i % #requests + 1
  return requests[i]
end
function delay()
  return ${pauseMs}
end
done = function(summary, latency, requests)
  io.write(string.format("P50_US %d\\nP99_US %d\\nMAX_US %d\\nSTATUS_ERRORS %d\\nTIMEOUTS %d\\n",
    latency:percentile(50), latency:percentile(99), latency.max, summary.errors.status, summary.errors.timeout))
end
`);
  return script;
}

/** Runs wrk; resolves with its figures. */
function wrk(script, connections, seconds) {
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "20s", "-s", script, `http://127.0.0.1:${port}/`];
  return new Promise((ok) => {
    const child = spawn("wrk", args);
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.on("exit", () => {
      const num = (re) => Number(out.match(re)?.[1] ?? 0);
      ok({
        total: num(/(\d+) requests in/),
        rps: num(/Requests\/sec:\s+([\d.]+)/),
        p50: num(/P50_US (\d+)/) / 1000,
        p99: num(/P99_US (\d+)/) / 1000,
        max: num(/MAX_US (\d+)/) / 1000,
        non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
        timeouts: num(/TIMEOUTS (\d+)/),
      });
    });
  });
}

try {
  for (let i = 0; fetches === 0 || i < 10; i++) await sleep(100); // first keys
  const normal = luaScript("normal", normalTokens, NORMAL_PAUSE_MS);
  const flood = luaScript("flood", floodTokens, FLOOD_PAUSE_MS);
  await wrk(normal, NORMAL_CONNECTIONS, 2); // warm-up
  const quiet = await wrk(normal, NORMAL_CONNECTIONS, SECONDS);
  const [controlled, controlRun] = await Promise.all([
    wrk(normal, NORMAL_CONNECTIONS, SECONDS),
    wrk(luaScript("control", ["-"], FLOOD_PAUSE_MS), CONNECTIONS, SECONDS),
  ]);
  const rssBefore = rssMiB();
  const fetchesBefore = fetches;
  const samples = [];
  const sampler = setInterval(() => samples.push(rssMiB()), 1000);
  const [flooded, floodRun] = await Promise.all([
    wrk(normal, NORMAL_CONNECTIONS, SECONDS),
    wrk(flood, CONNECTIONS, SECONDS),
  ]);
  clearInterval(sampler);
  const rssEnd = rssMiB();
  await sleep(5000);
  const rssAfter = rssMiB();
  const counters = await stats(adminPort);
  const denied = counters["wasmcustom.tokenward.main.denied.unknown_kid"] ?? 0;
  const f = (x) => x.toFixed(1);
  console.log(`bench-envoy-flood: Envoy --concurrency 2, ${CONNECTIONS} flood connections, ${NORMAL_CONNECTIONS} normal, ${SECONDS} s, pauses ${FLOOD_PAUSE_MS} / ${NORMAL_PAUSE_MS} ms, cooldown ${COOLDOWN_S} s, JWKS answers in ${JWKS_DELAY_MS} ms`);
  console.log(`flood:  ${floodRun.total} requests (${f(floodRun.rps)}/s), median ${f(floodRun.p50)} ms, p99 ${f(floodRun.p99)} ms, max ${f(floodRun.max)} ms, non-401 or errors ${floodRun.total - floodRun.non2xx}, timeouts ${floodRun.timeouts}; ${denied} unknown_kid refusals counted`);
  console.log(`normal: quiet p99 ${f(quiet.p99)} ms (${f(quiet.rps)}/s), beside the flood p99 ${f(flooded.p99)} ms (${f(flooded.rps)}/s): ${f(flooded.p99 / quiet.p99)}x; non-2xx ${quiet.non2xx + flooded.non2xx}`);
  console.log(`control: normal p99 beside a malformed-token flood at the same pace ${f(controlled.p99)} ms (${f(controlled.rps)}/s; flood ${f(controlRun.rps)}/s, median ${f(controlRun.p50)} ms)`);
  const rssPeak = Math.max(rssBefore, ...samples);
  console.log(`rss:    before ${f(rssBefore)} MiB, after 2 s of flood ${f(samples[1] ?? 0)} MiB, peak ${f(rssPeak)} MiB, at the end ${f(rssEnd)} MiB, 5 s after ${f(rssAfter)} MiB`);
  console.log(`jwks:   ${fetches - fetchesBefore} fetches during the flood`);
} finally {
  await envoy.stop();
  docs.close();
}
