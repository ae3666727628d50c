// DPoP proofs (RFC 9449) for the edge tests, made with jose: one client
// key, its thumbprint for `cnf.jkt`, and a proof builder whose every member
// a case may override or break (another key, `alg: none`, HS256, a private
// `jwk`). Shared by the Envoy and workerd tests.
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { SignJWT, calculateJwkThumbprint, exportJWK } from "jose";

export const NONCE_SECRET = "an edge secret of at least 32 bytes, shared by every instance";

/** A client key pair: `privateKey` (KeyObject), public and private JWKs. */
export async function clientKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  return { privateKey, jwk, privateJwk, jkt: await calculateJwkThumbprint(jwk) };
}

const b64url = (bytes) => Buffer.from(bytes).toString("base64url");

/** `ath`: base64url SHA-256 of the access token. */
export const ath = (token) => b64url(createHash("sha256").update(token).digest());

/**
 * A proof by `key` for `htm` `htu` and `token`. `claims` overrides the
 * claims, `header` the protected header; `signer` signs with another key;
 * `alg: "none"` gives an unsigned proof, `alg: "HS256"` one with a secret.
 */
export async function proof(key, { htm, htu, token, claims = {}, header = {}, signer } = {}) {
  const body = { htm, htu, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ath: ath(token), ...claims };
  const protectedHeader = { typ: "dpop+jwt", alg: "ES256", jwk: key.jwk, ...header };
  if (protectedHeader.alg === "none") {
    return `${b64url(JSON.stringify(protectedHeader))}.${b64url(JSON.stringify(body))}.`;
  }
  const signingKey = protectedHeader.alg === "HS256" ? new TextEncoder().encode(NONCE_SECRET) : (signer ?? key).privateKey;
  return new SignJWT(body).setProtectedHeader(protectedHeader).sign(signingKey);
}

/**
 * The refusal cases every host answers alike: each gives the headers of a
 * request (`authorization`, `dpop`) for `send(method, path, headers)` and
 * the code the 401's challenge names. `base` is `scheme://host` as the
 * proxy sees the request; `mintBound()` a fresh token bound to `key`.
 */
export function refusalCases({ key, other, base, path, mintBound }) {
  const htu = `${base}${path}`;
  const dpop = async (overrides) => {
    const token = await mintBound();
    return { authorization: `DPoP ${token}`, dpop: await proof(key, { htm: "GET", htu, token, ...overrides(token) }) };
  };
  const now = () => Math.floor(Date.now() / 1000);
  return [
    { name: "another method", code: "invalid_dpop_proof", headers: () => dpop(() => ({ htm: "POST" })) },
    { name: "another URL", code: "invalid_dpop_proof", headers: () => dpop(() => ({ htu: `${base}/elsewhere` })) },
    { name: "a stale iat", code: "invalid_dpop_proof", headers: () => dpop(() => ({ claims: { iat: now() - 3600 } })) },
    { name: "a future iat", code: "invalid_dpop_proof", headers: () => dpop(() => ({ claims: { iat: now() + 3600 } })) },
    { name: "its own exp passed", code: "invalid_dpop_proof", headers: () => dpop(() => ({ claims: { exp: now() - 600 } })) },
    { name: "its own nbf ahead", code: "invalid_dpop_proof", headers: () => dpop(() => ({ claims: { nbf: now() + 600 } })) },
    { name: "a wrong ath", code: "invalid_dpop_proof", headers: () => dpop(() => ({ claims: { ath: ath("another token") } })) },
    { name: "signed by another key than its jwk", code: "invalid_dpop_proof", headers: () => dpop(() => ({ signer: other })) },
    { name: "alg none", code: "invalid_dpop_proof", headers: () => dpop(() => ({ header: { alg: "none" } })) },
    { name: "HS256", code: "invalid_dpop_proof", headers: () => dpop(() => ({ header: { alg: "HS256" } })) },
    { name: "a private key in its jwk", code: "invalid_dpop_proof", headers: () => dpop(() => ({ header: { jwk: key.privateJwk } })) },
    {
      name: "a bound token sent as Bearer",
      code: "dpop_proof_required",
      headers: async () => {
        const token = await mintBound();
        return { authorization: `Bearer ${token}`, dpop: await proof(key, { htm: "GET", htu, token }) };
      },
    },
  ];
}
