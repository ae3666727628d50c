// Test-only main module: the example worker (the bundle's worker.js) with crypto.subtle's
// importKey and verify counted, so a test can tell which backend checked
// the signatures. GET /__signature_probe answers the counts (verify calls
// also per algorithm name and, for ECDSA, per named curve).
import worker from "./worker.js";

const counts = { importKey: 0, verify: 0, verified: {} };
const subtle = globalThis.crypto.subtle;
const importKey = subtle.importKey.bind(subtle);
const verify = subtle.verify.bind(subtle);
subtle.importKey = (...args) => { counts.importKey += 1; return importKey(...args); };
subtle.verify = (params, key, ...rest) => {
  counts.verify += 1;
  counts.verified[params.name] = (counts.verified[params.name] ?? 0) + 1;
  const curve = key?.algorithm?.namedCurve;
  if (curve) counts.verified[curve] = (counts.verified[curve] ?? 0) + 1;
  return verify(params, key, ...rest);
};

export default {
  fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === "/__signature_probe") return Response.json(counts);
    if (pathname === "/__scheduled") {
      return worker.scheduled({ cron: "*/5 * * * *", scheduledTime: Date.now() }, env, ctx).then(() => new Response("ran"));
    }
    return worker.fetch(request, env, ctx);
  },
};
