// The benchmark's reference: the same worker shape as tokenward's (verify
// a bearer token, strip spoofed identity headers, forward to the origin
// with the subject, or 401), with jose 6 doing the verification through
// WebCrypto and its own remote JWKS cache.
import { createRemoteJWKSet, jwtVerify } from "../../node_modules/jose/dist/webapi/index.js";

let keys = null;

export default {
  async fetch(request, env) {
    const { issuer, audiences, algorithms, jwks } = JSON.parse(env.JOSE_OPTIONS);
    keys ??= createRemoteJWKSet(new URL(jwks));
    const auth = request.headers.get("authorization") ?? "";
    const token = auth.slice(0, 7).toLowerCase() === "bearer " ? auth.slice(7).trim() : "";
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer, audience: audiences, algorithms }));
    } catch (error) {
      return new Response(JSON.stringify({ error: "invalid_token", error_description: error.code }), {
        status: 401,
        headers: { "www-authenticate": 'Bearer error="invalid_token"', "content-type": "application/json" },
      });
    }
    const headers = new Headers(request.headers);
    for (const name of ["authorization", "x-tokenward-sub", "x-tokenward-kind", "x-tokenward-provider"]) headers.delete(name);
    headers.set("x-tokenward-sub", String(payload.sub));
    const url = new URL(request.url);
    return env.ORIGIN.fetch(new URL(`${url.pathname}${url.search}`, env.TOKENWARD_ORIGIN), { headers });
  },
};
