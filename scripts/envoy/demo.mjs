// `make envoy-demo`: a real Envoy with the tokenward filter in front of an
// echo upstream (200 with the request headers as JSON).
//
//   TOKENWARD_ISSUER     expected `iss`
//   TOKENWARD_AUDIENCE   expected `aud` (optional with a JWKS file)
//   TOKENWARD_JWKS_FILE  a JWK Set file, served to the filter as a remote key set
//   TOKENWARD_PORT       the listener (default 8080)
//   TOKENWARD_PROFILE    optional: `access_token` for RFC 9068 access tokens
//   TOKENWARD_DPOP       optional: `1` checks DPoP proofs (the provider's `dpop`)
//   TOKENWARD_UPSTREAM_PORT  a loopback upstream instead of the echo server
//                        (`make demo` sets it to the demo API). The token is
//                        then forwarded (the API verifies it again), and CORS
//                        preflights (which never carry a token) pass to the
//                        API's CORS handling (`bypass_cors_preflight`).
//
// Without TOKENWARD_JWKS_FILE it generates a demo key set and prints a token
// and a curl command that work. Runs until interrupted; Ctrl-C stops everything.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { bootstrap, cluster, listener, tokenwardFilter } from "./envoy-config.mjs";
import { WASM, freePort, listen, startEnvoy } from "./envoy-process.mjs";
import { claims, jwks, makeKey, mint } from "../../tests/edge/cases.mjs";

const env = process.env;
const port = Number(env.TOKENWARD_PORT || 8080);
let issuer = env.TOKENWARD_ISSUER;
let audience = env.TOKENWARD_AUDIENCE;
let readJwks;
let sample;

if (env.TOKENWARD_JWKS_FILE) {
  if (!issuer) {
    console.error("envoy-demo: TOKENWARD_ISSUER is required with TOKENWARD_JWKS_FILE");
    process.exit(2);
  }
  const file = env.TOKENWARD_JWKS_FILE;
  readJwks = () => readFileSync(file); // read per fetch: edit the file to rotate keys
  JSON.parse(readJwks()); // fail early on a broken file
} else {
  issuer ??= "https://demo.tokenward.test";
  audience ??= "tokenward-demo";
  const key = makeKey("ES256", "demo-1");
  const set = Buffer.from(JSON.stringify(jwks(key)));
  readJwks = () => set;
  const now = Math.floor(Date.now() / 1000);
  sample = mint(key, claims(now, { iss: issuer, aud: audience, sub: "demo-user", exp: now + 3600 }));
}

const echo = createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }, null, 2) + "\n");
});
const keys = createServer((req, res) => {
  try {
    const body = readJwks();
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=60" });
    res.end(body);
  } catch (error) {
    res.writeHead(503);
    res.end(String(error));
  }
});
const upstreamPort = env.TOKENWARD_UPSTREAM_PORT ? Number(env.TOKENWARD_UPSTREAM_PORT) : await listen(echo);
const keysPort = await listen(keys);
const adminPort = await freePort();

const config = {
  realm: "tokenward-demo",
  providers: {
    demo: {
      issuer,
      ...(audience ? { audiences: [audience] } : {}),
      ...(env.TOKENWARD_PROFILE ? { profile: env.TOKENWARD_PROFILE } : {}),
      // jwt_authn's form; cooldown_seconds is tokenward's own.
      remote_jwks: {
        http_uri: { uri: `http://127.0.0.1:${keysPort}/jwks.json`, cluster: "jwks", timeout: "5s" },
        cache_duration: "60s",
        cooldown_seconds: 5,
      },
      ...(env.TOKENWARD_UPSTREAM_PORT ? { forward: true } : {}),
      ...(env.TOKENWARD_DPOP === "1" ? { dpop: {} } : {}),
    },
  },
  rules: [{ match: { prefix: "/" }, requires: { provider_name: "demo" } }],
  ...(env.TOKENWARD_UPSTREAM_PORT ? { bypass_cors_preflight: true } : {}),
};

let envoy;
const stop = async () => {
  await envoy?.stop();
  echo.close();
  keys.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

try {
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener("tokenward", port, [tokenwardFilter(WASM, config)])],
    clusters: [cluster("upstream", upstreamPort), cluster("jwks", keysPort)],
  }), { adminPort, concurrency: 2 });
} catch (error) {
  console.error(`envoy-demo: ${error.message}\n${error.output?.slice(-3000) ?? ""}`);
  process.exit(1);
}
envoy.exited.then((code) => {
  console.error(`envoy-demo: envoy exited (${code})`);
  stop();
});

// Ready means keys fetched, so the first curl works.
for (let i = 0; i < 100; i++) {
  const stats = await (await fetch(`http://127.0.0.1:${adminPort}/stats?filter=tokenward.demo.jwks_fetch`)).text();
  if (/jwks_fetch_success: [1-9]/.test(stats)) break;
  if (i === 99) console.error("envoy-demo: no key set fetched yet; is the JWKS file valid?");
  await new Promise((ok) => setTimeout(ok, 100));
}
console.log(`tokenward Envoy demo on http://127.0.0.1:${port}/ (admin http://127.0.0.1:${adminPort}/stats?filter=tokenward)`);
console.log(`issuer ${issuer}${audience ? `, audience ${audience}` : ""}; keys served from http://127.0.0.1:${keysPort}/jwks.json`);
if (env.TOKENWARD_UPSTREAM_PORT) console.log(`upstream http://127.0.0.1:${upstreamPort} (token forwarded; token-less requests pass to it)`);
if (sample) {
  console.log(`\nA demo token (valid for one hour):\n\n  ${sample}\n`);
  console.log(`Try:\n\n  curl -s -H "Authorization: Bearer ${sample}" http://127.0.0.1:${port}/\n`);
  console.log(`  curl -si http://127.0.0.1:${port}/     # 401 without a token\n`);
}
console.log("Ctrl-C to stop.");
