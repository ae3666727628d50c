// `make worker-demo`: real workerd running the tokenward worker in front of
// an echo origin (200 with the request's headers as JSON).
//
//   TOKENWARD_ISSUER     issuer the tokens must carry
//   TOKENWARD_AUDIENCE   audience the tokens must carry (optional)
//   TOKENWARD_JWKS_FILE  a JWK Set file, served by a local JWKS server
//                        (re-read on every fetch: edit it to rotate keys)
//   TOKENWARD_PORT       the worker's port (default 8787)
//   TOKENWARD_PROFILE    optional: `access_token` for RFC 9068 access tokens
//   TOKENWARD_DPOP       optional: `1` checks DPoP proofs (the provider's `dpop`)
//   TOKENWARD_ORIGIN     an origin URL instead of the echo server (`make demo`
//                        sets it to the demo API). The token is then
//                        forwarded (the API verifies it again), and CORS
//                        preflights (which never carry a token) pass to the
//                        API's CORS handling (`bypass_cors_preflight`).
//
// Without TOKENWARD_JWKS_FILE a demo key pair is generated and a sample
// curl command with a signed token is printed. Ctrl-C stops everything.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { close, echoServer, listen } from "../tests/worker/servers.mjs";
import { startWorkerd } from "../tests/worker/workerd.mjs";

const env = process.env;
const issuer = env.TOKENWARD_ISSUER ?? "https://demo.tokenward.test";
const audience = env.TOKENWARD_AUDIENCE ?? (env.TOKENWARD_JWKS_FILE ? undefined : "api://tokenward-demo");
const port = Number(env.TOKENWARD_PORT ?? 8787);

// The key set: from the file, or a fresh demo key pair.
let jwksText;
let sampleToken;
if (env.TOKENWARD_JWKS_FILE) {
  jwksText = () => readFileSync(env.TOKENWARD_JWKS_FILE, "utf8");
  jwksText(); // fail now, not at the first request, if the file is missing
} else {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "demo-1", alg: "ES256", use: "sig" };
  jwksText = () => JSON.stringify({ keys: [jwk] });
  sampleToken = await new SignJWT({ name: "Ada Demo" })
    .setProtectedHeader({ alg: "ES256", kid: "demo-1", typ: "JWT" })
    .setIssuer(issuer).setAudience(audience).setSubject("ada")
    .setIssuedAt().setExpirationTime("1h")
    .sign(privateKey);
}

const jwksServer = createServer((req, res) => {
  if (req.url !== "/jwks.json") {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = jwksText();
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=60" }).end(body);
  } catch (error) {
    res.writeHead(500).end(String(error.message));
  }
});
const jwksPort = await listen(jwksServer);
const origin = env.TOKENWARD_ORIGIN ? null : await echoServer();
const originUrl = env.TOKENWARD_ORIGIN ?? `http://127.0.0.1:${origin.port}`;

// The shared edge configuration schema (the Envoy filter's).
const config = {
  realm: "tokenward-demo",
  providers: {
    demo: {
      issuer,
      ...(audience ? { audiences: [audience] } : {}),
      ...(env.TOKENWARD_PROFILE ? { profile: env.TOKENWARD_PROFILE } : {}),
      remote_jwks: { http_uri: { uri: `http://127.0.0.1:${jwksPort}/jwks.json`, timeout: "5s" } },
      ...(env.TOKENWARD_ORIGIN ? { forward: true } : {}),
      ...(env.TOKENWARD_DPOP === "1" ? { dpop: {} } : {}),
      claim_to_headers: [{ header_name: "x-tokenward-name", claim_name: "name" }],
    },
  },
  rules: [
    { match: { prefix: "/health" } },
    {
      match: { prefix: "/" },
      requires: { provider_name: "demo" },
    },
  ],
  ...(env.TOKENWARD_ORIGIN ? { bypass_cors_preflight: true } : {}),
};
const worker = await startWorkerd({ config, origin: originUrl, port, quiet: false });

console.log(`tokenward worker (workerd pid ${worker.pid}) on ${worker.url}`);
console.log(`  issuer ${issuer}${audience ? `, audience ${audience}` : ""}`);
console.log(`  JWKS   http://127.0.0.1:${jwksPort}/jwks.json${env.TOKENWARD_JWKS_FILE ? ` (from ${env.TOKENWARD_JWKS_FILE})` : " (generated demo key)"}`);
console.log(`  origin ${originUrl}${origin ? " (echoes the request headers)" : " (token forwarded; token-less requests pass to it)"}`);
if (sampleToken) {
  console.log("\nTry (the origin sees x-tokenward-sub: ada):\n");
  console.log(`  curl -s -H 'Authorization: Bearer ${sampleToken}' ${worker.url}/hello\n`);
  console.log(`  curl -si ${worker.url}/hello     # 401 with WWW-Authenticate\n`);
}
console.log("Ctrl-C stops everything.");

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await Promise.all([close(jwksServer), origin && close(origin.server)]);
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
