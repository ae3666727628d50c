// `make bench-decide`: Gateway::decide in wasm under Node's V8 (the engine
// Envoy runs the filter in), with the configuration and the kind of token
// `make bench-envoy` uses: microseconds per cache hit and per uncached call,
// for RS256 and ES256. A profile aid for the filter's hot path, not a test.
// Build first: cargo build --release --locked -p tokenward-bench-wasm --bin decide --target wasm32-wasip1
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WASI } from "node:wasi";
import { ROOT } from "./envoy-process.mjs";
import { jwks, makeKey, mint } from "../../tests/edge/cases.mjs";

process.removeAllListeners("warning"); // node:wasi's ExperimentalWarning
const wasm = join(ROOT, "target/wasm32-wasip1/release/decide.wasm");
const module = await WebAssembly.compile(readFileSync(wasm));
const ISS = "https://bench.tokenward.test";
const now = Math.floor(Date.now() / 1000);
let failed = false;
for (const alg of ["RS256", "ES256"]) {
  const key = makeKey(alg, `bench-${alg}`);
  // The shape of bench.mjs's configuration (jwt_authn's JwtAuthentication).
  const config = {
    providers: {
      bench: {
        issuer: ISS, audiences: ["bench"],
        local_jwks: { inline_string: JSON.stringify(jwks(key)) },
        claim_to_headers: [{ header_name: "x-jwt-sub", claim_name: "sub" }],
        jwt_cache_config: { jwt_cache_size: 5000 },
      },
    },
    rules: [{ match: { prefix: "/" }, requires: { provider_name: "bench" } }],
  };
  const token = mint(key, { iss: ISS, aud: "bench", sub: "user-1", iat: now, exp: now + 3600, jti: `${alg}-1` });
  const wasi = new WASI({ version: "preview1", args: ["decide", JSON.stringify(config), token, String(now * 1000)], env: {}, returnOnExit: true });
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
  console.log(`${alg}:`);
  if (wasi.start(instance) !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
