// Test servers on loopback: an echo upstream (200 with the request headers
// as JSON) and a JWKS + revocation-list server whose behaviour tests switch.
import { createServer } from "node:http";
import { listen } from "../../scripts/envoy/envoy-process.mjs";

export async function echoServer() {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
  });
  return { server, port: await listen(server) };
}

/**
 * Serves `/jwks.json` and `/revocations.json`. `state.mode`: `ok`, `down`
 * (500), `slow` (answers after 3 s), `garbage`, `oversized` (300 KiB).
 * `state.fetches` counts JWKS requests, `state.lastFetchAt` is when the
 * last one came (ms); `state.delayMs` delays every JWKS answer.
 */
export async function documentServer({ jwks, revocations }) {
  const state = { jwks, revocations, mode: "ok", fetches: 0, revocationFetches: 0, lastFetchAt: 0, delayMs: 0 };
  const server = createServer((req, res) => {
    if (req.url === "/revocations.json") {
      state.revocationFetches++;
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(state.revocations));
    }
    if (req.url !== "/jwks.json") {
      res.writeHead(404);
      return res.end();
    }
    state.fetches++;
    state.lastFetchAt = Date.now();
    const send = (status, body) => {
      const answer = () => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body);
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    };
    switch (state.mode) {
      case "down": return send(500, "{}");
      case "slow": return void setTimeout(() => send(200, JSON.stringify(state.jwks)), 3000);
      case "garbage": return send(200, "<html>not json</html>");
      case "oversized": return send(200, JSON.stringify({ keys: [], pad: "x".repeat(300 * 1024) }));
      default: return send(200, JSON.stringify(state.jwks));
    }
  });
  // A slow answer must not keep the server (and the test) alive at the end.
  server.keepAliveTimeout = 100;
  return { server, state, port: await listen(server) };
}
