// DPoP-bound tokens through the example worker in real workerd, over the
// packed package's tokenward/edge: the same proofs and verdicts as the
// Envoy filter (tests/edge/dpop-cases.mjs). The proof's `htu` is the URL
// workerd received the request at; the replay record is per isolate (one
// isolate here), with server nonces for what one isolate cannot see.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { clientKey, proof, refusalCases } from "../edge/dpop-cases.mjs";
import { boundTo, dpopEdgeConfig } from "../edge/dpop-setup.mjs";
import { close, echoServer } from "./servers.mjs";
import { startWorkerd } from "./workerd.mjs";

let origin, worker, key, other;

const bound = async () => boundTo(key);
const send = (method, path, headers) => fetch(`${worker.url}${path}`, { method, headers });

before(async () => {
  key = await clientKey();
  other = await clientKey();
  origin = await echoServer();
  const config = dpopEdgeConfig();
  worker = await startWorkerd({ config, origin: `http://127.0.0.1:${origin.port}` });
});

after(async () => {
  await worker?.stop();
  if (origin) await close(origin.server);
});

test("a DPoP-bound token with its proof passes; the origin gets identity and no DPoP header", async () => {
  const token = await bound();
  const res = await send("GET", "/api/orders?page=2", {
    authorization: `DPoP ${token}`,
    dpop: await proof(key, { htm: "GET", htu: `${worker.url}/api/orders`, token }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const seen = JSON.parse(text).headers;
  assert.equal(seen["x-tokenward-sub"], "alice");
  assert.equal(seen.dpop, undefined);
  assert.equal(seen.authorization, undefined);
});

test("a replayed proof is refused", async () => {
  const token = await bound();
  const headers = { authorization: `DPoP ${token}`, dpop: await proof(key, { htm: "GET", htu: `${worker.url}/api/r`, token }) };
  assert.equal((await send("GET", "/api/r", headers)).status, 200);
  const res = await send("GET", "/api/r", headers);
  assert.equal(res.status, 401, await res.text());
  assert.match(res.headers.get("www-authenticate"), /^DPoP .*error="invalid_dpop_proof".*error_description="dpop_replay"/);
});

test("each broken proof is refused with a DPoP challenge naming its code", async () => {
  const cases = refusalCases({ key, other, base: worker.url, path: "/api/x", mintBound: bound });
  for (const c of cases) {
    const res = await send("GET", "/api/x", await c.headers());
    const text = await res.text();
    assert.equal(res.status, 401, `${c.name}: ${text}`);
    const challenge = res.headers.get("www-authenticate");
    assert.match(challenge, /^DPoP /, c.name);
    assert.ok(challenge.includes(`error_description="${c.code}"`), `${c.name}: ${challenge}`);
    assert.ok(challenge.includes('algs="ES256 EdDSA"'), `${c.name}: ${challenge}`);
    assert.equal(JSON.parse(text).error_description, c.code, c.name);
  }
});

test("a missing nonce is asked for with DPoP-Nonce; the retry with it passes", async () => {
  const token = await bound();
  const htu = `${worker.url}/nonced/a`;
  const first = await send("GET", "/nonced/a", { authorization: `DPoP ${token}`, dpop: await proof(key, { htm: "GET", htu, token }) });
  assert.equal(first.status, 401, await first.text());
  assert.match(first.headers.get("www-authenticate"), /error="use_dpop_nonce"/);
  const nonce = first.headers.get("dpop-nonce");
  assert.ok(nonce, "DPoP-Nonce");
  const retry = await send("GET", "/nonced/a", {
    authorization: `DPoP ${token}`,
    dpop: await proof(key, { htm: "GET", htu, token, claims: { nonce } }),
  });
  const text = await retry.text();
  assert.equal(retry.status, 200, text);
  assert.equal(JSON.parse(text).headers.dpop, undefined);
});
