// Header values that are not UTF-8, in a real Envoy 1.40 (one worker
// thread, so a trapped VM would answer every later request). Envoy forwards
// any byte but NUL, CR and LF in a value; the filter reads values as bytes
// (one Latin-1 character each, as workerd does) instead of the SDK's
// UTF-8 `get_map`, which traps on them.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { bootstrap, cluster, listener, tokenwardFilter } from "../../scripts/envoy/envoy-config.mjs";
import { WASM, freePort, listen, startEnvoy } from "../../scripts/envoy/envoy-process.mjs";
import { jwks, makeKey, mint } from "../edge/cases.mjs";
import { echoServer } from "./servers.mjs";
import { now, send as sendTo } from "./client.mjs";

const ISS = "https://issuer.test";
const key = makeKey("ES256", "k1");
const token = () => mint(key, { iss: ISS, sub: "alice", iat: now(), exp: now() + 600 });
/** `café` with é as the single byte 0xE9 (Node writes header strings as Latin-1). */
const LATIN1 = "caf\u00e9";
let echo, jwksServer, envoy, port;

const send = (headers) => sendTo(port, "/", headers);

before(async () => {
  echo = await echoServer();
  // The key set's answer carries a header value that is not UTF-8 either.
  jwksServer = createServer((_, res) => {
    res.writeHead(200, { "content-type": "application/json", etag: `"${LATIN1}"`, "x-note": LATIN1 });
    res.end(JSON.stringify(jwks(key)));
  });
  const jwksPort = await listen(jwksServer);
  port = await freePort();
  const adminPort = await freePort();
  const config = {
    providers: {
      main: {
        issuer: ISS,
        remote_jwks: { http_uri: { uri: `http://127.0.0.1:${jwksPort}/jwks.json`, cluster: "jwks", timeout: "5s" } },
        from_headers: [{ name: "authorization", value_prefix: "Bearer " }],
        from_cookies: ["session"],
      },
    },
    rules: [{ match: { prefix: "/" }, requires: { provider_name: "main" } }],
  };
  envoy = await startEnvoy(bootstrap({
    adminPort,
    listeners: [listener("tokenward", port, [tokenwardFilter(WASM, config)])],
    clusters: [cluster("upstream", echo.port), cluster("jwks", jwksPort)],
  }), { adminPort, concurrency: 1 });
  for (let i = 0; ; i++) {
    if ((await send({ authorization: `Bearer ${token()}` })).status === 200) break;
    if (i > 150) throw new Error("no keys after 15 s: the key set's answer was not read");
    await new Promise((ok) => setTimeout(ok, 100));
  }
});

after(async () => {
  await envoy?.stop();
  echo?.server.close();
  jwksServer?.close();
});

test("a request header value that is not UTF-8 passes as sent, and the VM lives on", async () => {
  const res = await send({ authorization: `Bearer ${token()}`, "x-note": LATIN1 });
  assert.equal(res.status, 200, res.body);
  const seen = JSON.parse(res.body).headers;
  assert.equal(seen["x-note"], LATIN1);
  assert.equal(seen["x-tokenward-sub"], "alice");
  // The same worker's VM still decides: a token passes, none is refused.
  assert.equal((await send({ authorization: `Bearer ${token()}` })).status, 200);
  assert.equal((await send({})).status, 401);
});

test("a refused request with such a value gets the filter's 401, not a trapped VM's 503", async () => {
  assert.equal((await send({ "x-note": LATIN1 })).status, 401);
  assert.equal((await send({ authorization: "Bearer nope", "x-note": LATIN1 })).status, 401);
  assert.equal((await send({ authorization: `Bearer ${token()}` })).status, 200);
});

test("a cookie token taken out leaves the other cookies' bytes as they were", async () => {
  const res = await send({ cookie: `a=${LATIN1}; session=${token()}; b=2` });
  assert.equal(res.status, 200, res.body);
  assert.equal(JSON.parse(res.body).headers.cookie, `a=${LATIN1}; b=2`);
});
