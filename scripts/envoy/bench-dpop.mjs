// The DPoP rows of `make bench-envoy` (scripts/envoy/bench.mjs): a
// DPoP-bound token with a fresh proof on every request, beside a bearer
// token of the same shape through the same listener and provider.
//
// A proof is accepted once (the replay record), so each wrk run gets its own
// proofs, signed just before it with distinct `jti`s, enough for the run at
// `rate` requests per second; the Lua script sends them in order, and one
// that ran out would send a proof again, which is refused (401) and fails the
// row like any other non-2xx answer. The proofs' `iat` is the time they are
// signed, inside the default 60 s window (max_age) for the whole run.
import { createHash, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { calculateJwkThumbprint } from "jose";
import { jwks, makeKey, mint } from "../../tests/edge/cases.mjs";
import { WRK_SUMMARY_LUA } from "./wrk-summary.mjs";

const b64url = (bytes) => Buffer.from(bytes).toString("base64url");

/**
 * The DPoP provider's keys and tokens: per algorithm a bound token
 * (`cnf.jkt` of the client key) and a bearer token with the same claims.
 */
export async function dpopMaterial({ iss, aud, now, exp }) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const clientJwk = publicKey.export({ format: "jwk" });
  const jkt = await calculateJwkThumbprint(clientJwk);
  const keys = [makeKey("RS256", "dpop-rs"), makeKey("ES256", "dpop-es")];
  const tokens = {};
  for (const key of keys) {
    const claims = { iss, aud, sub: "user-dpop", iat: now, exp, jti: `${key.alg}-dpop` };
    tokens[key.alg] = { bearer: mint(key, claims), bound: mint(key, { ...claims, cnf: { jkt } }) };
  }
  return { client: { privateKey, jwk: clientJwk }, jwks: jwks(...keys), tokens };
}

/** The provider's `dpop` member: ES256 proofs, replay record large enough for a minute of proofs. */
export const DPOP_PROVIDER = { algorithms: ["ES256"], replay_cache_size: 1_000_000 };

/** `count` proofs by `client` for GET `htu` with `token`, each with its own jti. */
function proofs(client, htu, token, count) {
  const header = b64url(JSON.stringify({ typ: "dpop+jwt", alg: "ES256", jwk: client.jwk }));
  const ath = b64url(createHash("sha256").update(token).digest());
  const iat = Math.floor(Date.now() / 1000);
  const prefix = randomUUID();
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const input = `${header}.${b64url(JSON.stringify({ jti: `${prefix}-${i}`, htm: "GET", htu, iat, ath }))}`;
    const signature = sign("sha256", Buffer.from(input), { key: client.privateKey, dsaEncoding: "ieee-p1363" });
    out[i] = `${input}.${b64url(signature)}`;
  }
  return out;
}

/**
 * A script maker for `run`: each call (one wrk run of `seconds`) signs
 * `rate × (seconds + 1)` new proofs and writes a Lua script sending
 * `Authorization: DPoP <token>` with the next one on every request.
 */
export function dpopScripts({ dir, client, port, token, rate, label }) {
  let runs = 0;
  return (seconds) => {
    runs += 1;
    const count = Math.ceil(rate * (seconds + 1));
    const file = join(dir, `dpop-${label}-${runs}.txt`);
    writeFileSync(file, proofs(client, `http://127.0.0.1:${port}/`, token, count).join("\n") + "\n");
    const script = join(dir, `dpop-${label}-${runs}.lua`);
    writeFileSync(script, `
local proofs = {}
local i = 0
local token = "${token}"
function init(args)
  for line in io.lines("${file}") do proofs[#proofs + 1] = line end
end
function request()
  i = i + 1
  if i > #proofs then
    if i == #proofs + 1 then io.stderr:write("out of DPoP proofs: the next ones are replays\\n") end
    i = 1
  end
  return wrk.format("GET", "/", { ["Authorization"] = "DPoP " .. token, ["DPoP"] = proofs[i] })
end
${WRK_SUMMARY_LUA}`);
    return script;
  };
}
