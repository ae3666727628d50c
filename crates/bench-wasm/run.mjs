// Runs the wasm signature benchmark under Node's V8 (the engine of Envoy's
// wasm, workerd and Chromium) through node:wasi, then times node:crypto's
// native verify on the same fixture for reference and prints one table.
//
// usage: node crates/bench-wasm/run.mjs [--wasm PATH] [--no-native] [bench args...]
//   bench args go to the wasm binary: --rounds N --round-ms MS --only NAMES
// Build first: cargo build --release --locked -p tokenward-bench-wasm --target wasm32-wasip1
// (`make bench-wasm` does both). Exits non-zero if any side disagreed.
import { constants, createPublicKey, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { argv, env, exit } from "node:process";
import { WASI } from "node:wasi";

// node:wasi prints an ExperimentalWarning on every run; it is noise here.
process.removeAllListeners("warning");

const targetDir = env.CARGO_TARGET_DIR ?? new URL("../../target", import.meta.url).pathname;
let wasmPath = join(targetDir, "wasm32-wasip1/release/tokenward-bench-wasm.wasm");
let native = true;
const benchArgs = [];
for (let i = 2; i < argv.length; i++) {
  if (argv[i] === "--wasm") wasmPath = argv[++i];
  else if (argv[i] === "--no-native") native = false;
  else benchArgs.push(argv[i]);
}

const scratch = mkdtempSync(join(tmpdir(), "tokenward-bench-wasm-"));
let results;
try {
  const wasi = new WASI({
    version: "preview1",
    args: ["tokenward-bench-wasm", ...benchArgs, "--json", "/out/results.json"],
    env: {},
    preopens: { "/out": scratch },
    returnOnExit: true,
  });
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const code = wasi.start(instance);
  if (code !== 0) exit(code);
  results = JSON.parse(readFileSync(join(scratch, "results.json"), "utf8"));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (!native) exit(0);

const fixture = JSON.parse(readFileSync(new URL("./fixtures/signatures.json", import.meta.url), "utf8"));
const problems = [];
const rows = results.cases.map((row) => {
  const nativeUs = timeNative(fixture.cases.find((c) => c.name === row.name));
  return { ...row, nativeUs };
});

console.log();
console.log(`Same run, with node:crypto's native (OpenSSL, not wasm) verify for reference:`);
console.log(
  ["case".padEnd(11), "tokenward us", "crate us", "ratio", "native us", "tokenward/native"]
    .map((h, i) => (i === 0 ? h : h.padStart(i === 5 ? 17 : 13)))
    .join(" "),
);
for (const row of rows) {
  console.log(
    [
      row.name.padEnd(11),
      row.tokenward.verify_us.toFixed(1).padStart(13),
      row.rustcrypto.verify_us.toFixed(1).padStart(13),
      `${row.ratio.toFixed(2)}x`.padStart(13),
      row.nativeUs.toFixed(1).padStart(13),
      `${(row.tokenward.verify_us / row.nativeUs).toFixed(2)}x`.padStart(17),
    ].join(" "),
  );
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`DISAGREEMENT ${problem}`);
  exit(1);
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
    const start = process.hrtime.bigint();
    let ops = 0;
    let refused = 0;
    let elapsed;
    do {
      for (const m of messages) {
        if (!check(m)) refused++;
        ops++;
      }
      elapsed = process.hrtime.bigint() - start;
    } while (elapsed < budgetNs);
    if (refused > 0) problems.push(`${fixtureCase.name}: node:crypto refused ${refused} valid signatures`);
    samples.push(Number(elapsed) / 1000 / ops);
  }
  samples.sort((a, b) => a - b);
  const mid = samples.length >> 1;
  return samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
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
