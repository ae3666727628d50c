// Runs the wasm signature benchmark under Node's V8 (the engine of Envoy's
// wasm, workerd and Chromium) through node:wasi, then times node:crypto's
// native verify on the same fixture for reference and prints one table.
//
// usage: node crates/bench-wasm/run.mjs [--wasm PATH] [--clock cpu|wall] [--no-native] [--json PATH] [bench args...]
//   bench args go to the wasm binary: --rounds N --round-ms MS --only NAMES
//   --clock cpu (the default) times with this thread's CPU time, wall with
//   the monotonic clock. The machine is shared: other processes stretch
//   wall time, not the CPU time this thread spends.
//   --json saves every figure, the per-round samples too.
// Build first: cargo build --release --locked -p tokenward-bench-wasm --target wasm32-wasip1
// (`make bench-wasm` does both). Exits non-zero if any side disagreed.
import { constants, createPublicKey, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { argv, env, exit } from "node:process";
import { WASI } from "node:wasi";

// node:wasi prints an ExperimentalWarning on every run; it is noise here.
process.removeAllListeners("warning");

const targetDir = env.CARGO_TARGET_DIR ?? new URL("../../target", import.meta.url).pathname;
let wasmPath = join(targetDir, "wasm32-wasip1/release/tokenward-bench-wasm.wasm");
let native = true;
let clock = "cpu";
let jsonPath = null;
const benchArgs = [];
for (let i = 2; i < argv.length; i++) {
  if (argv[i] === "--wasm") wasmPath = argv[++i];
  else if (argv[i] === "--clock") clock = argv[++i];
  else if (argv[i] === "--json") jsonPath = argv[++i];
  else if (argv[i] === "--no-native") native = false;
  else benchArgs.push(argv[i]);
}

if (clock !== "cpu" && clock !== "wall") {
  console.error(`--clock wants cpu or wall, not ${clock}`);
  exit(2);
}
console.log(`clock: ${clock === "cpu" ? "this thread's CPU time (--clock wall for wall time)" : "wall time (monotonic)"}`);

const scratch = mkdtempSync(join(tmpdir(), "tokenward-bench-wasm-"));
let results;
let code;
try {
  const wasi = new WASI({
    version: "preview1",
    args: ["tokenward-bench-wasm", ...benchArgs, "--json", "/out/results.json"],
    env: {},
    preopens: { "/out": scratch },
    returnOnExit: true,
  });
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  const instance = await WebAssembly.instantiate(module, importObject(wasi));
  code = wasi.start(instance);
  if (code === 0) results = JSON.parse(readFileSync(join(scratch, "results.json"), "utf8"));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (code !== 0) exit(code);
results.clock = clock;
if (!native) {
  save();
  exit(0);
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/signatures.json", import.meta.url), "utf8"));
const problems = [];
for (const row of results.cases) {
  row.native = timeNative(fixture.cases.find((c) => c.name === row.name));
}
save();

console.log();
console.log(`Same run, with node:crypto's native (OpenSSL, not wasm) verify for reference:`);
console.log(
  ["case".padEnd(11), "tokenward us", "crate us", "ratio", "native us", "tokenward/native"]
    .map((h, i) => (i === 0 ? h : h.padStart(i === 5 ? 17 : 13)))
    .join(" "),
);
for (const row of results.cases) {
  console.log(
    [
      row.name.padEnd(11),
      row.tokenward.verify_us.toFixed(1).padStart(13),
      row.rustcrypto.verify_us.toFixed(1).padStart(13),
      `${row.ratio.toFixed(2)}x`.padStart(13),
      row.native.verify_us.toFixed(1).padStart(13),
      `${(row.tokenward.verify_us / row.native.verify_us).toFixed(2)}x`.padStart(17),
    ].join(" "),
  );
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`DISAGREEMENT ${problem}`);
  exit(1);
}

// WASI preview1 clock ids: 1 is the monotonic clock (Rust's Instant), 3 the
// calling thread's CPU time. With --clock cpu, Instant reads the latter.
function importObject(wasi) {
  const imports = wasi.getImportObject();
  if (clock === "wall") return imports;
  const preview1 = imports.wasi_snapshot_preview1;
  const clockTimeGet = preview1.clock_time_get;
  const MONOTONIC = 1;
  const THREAD_CPUTIME = 3;
  return {
    ...imports,
    wasi_snapshot_preview1: {
      ...preview1,
      clock_time_get: (id, precision, out) => clockTimeGet(id === MONOTONIC ? THREAD_CPUTIME : id, precision, out),
    },
  };
}

// The process's CPU time (node:crypto verifies on this thread, nothing else
// runs meanwhile) or the wall clock, in nanoseconds.
function now() {
  if (clock === "wall") return process.hrtime.bigint();
  const { user, system } = process.cpuUsage();
  return BigInt(user + system) * 1000n;
}

// node:crypto's verify of every fixture signature, in rounds of the same
// length as the wasm ones; every result is checked.
function timeNative(fixtureCase) {
  const key = createPublicKey({ key: fixtureCase.jwk, format: "jwk" });
  const { hash, options } = scheme(fixtureCase.alg);
  const messages = fixtureCase.messages.map((m) => ({
    data: Buffer.from(m.signing_input),
    signature: Buffer.from(m.signature, "base64url"),
  }));
  const check = (m) => verify(hash, m.data, { key, ...options }, m.signature);
  const altered = Buffer.from(messages[0].signature);
  altered[altered.length >> 1] ^= 1;
  if (check({ data: messages[0].data, signature: altered })) {
    problems.push(`${fixtureCase.name}: node:crypto accepted an altered signature`);
  }
  const budgetNs = BigInt(results.round_ms) * 1_000_000n;
  const samples = [];
  for (let round = 0; round < results.rounds; round++) {
    const start = now();
    let ops = 0;
    let refused = 0;
    let elapsed;
    do {
      for (const m of messages) {
        if (!check(m)) refused++;
        ops++;
      }
      elapsed = now() - start;
    } while (elapsed < budgetNs);
    if (refused > 0) problems.push(`${fixtureCase.name}: node:crypto refused ${refused} valid signatures`);
    samples.push(Number(elapsed) / 1000 / ops);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { verify_us: median, verify_rounds_us: samples };
}

function save() {
  if (jsonPath) writeFileSync(jsonPath, JSON.stringify(results, null, 1) + "\n");
}

function scheme(alg) {
  const hash = { 256: "sha256", 384: "sha384", 512: "sha512" }[alg.slice(2)];
  switch (alg.slice(0, 2)) {
    case "RS":
      return { hash, options: {} };
    case "PS":
      return { hash, options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 } };
    case "ES":
      return { hash, options: { dsaEncoding: "ieee-p1363" } };
    default:
      return { hash: null, options: {} }; // EdDSA
  }
}
