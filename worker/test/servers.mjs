// Loopback servers for the worker's tests, demo and benchmark: an echo
// origin (200 with the request's headers as JSON) and a document server for
// the JWKS and the revocation list whose behaviour a test can switch.
import { createServer } from "node:http";

/** Listens on a free loopback port; resolves to the port. */
export function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server.address().port));
  });
}

export async function echoServer(port = 0) {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
  });
  server.keepAliveTimeout = 1000;
  return { server, port: await listen(server, port) };
}

/**
 * Serves `/jwks.json` and `/revocations.json` from `state`. `state.mode`
 * (JWKS only): `ok`, `down` (500), `garbage`, `oversized` (300 KiB > the
 * 256 KiB cap), `hang` (never answers). Counts fetches per document.
 */
export async function documentServer({ jwks, revocations = {} }, port = 0) {
  const state = { jwks, revocations, mode: "ok", fetches: 0, revocationFetches: 0, maxAge: null };
  const server = createServer((req, res) => {
    const send = (status, body) => {
      const headers = { "content-type": "application/json" };
      if (state.maxAge !== null) headers["cache-control"] = `max-age=${state.maxAge}`;
      res.writeHead(status, headers);
      res.end(body);
    };
    if (req.url === "/revocations.json") {
      state.revocationFetches++;
      return send(200, JSON.stringify(state.revocations));
    }
    if (req.url !== "/jwks.json") return send(404, "{}");
    state.fetches++;
    switch (state.mode) {
      case "down": return send(500, "{}");
      case "garbage": return send(200, "<html>not json</html>");
      case "oversized": return send(200, JSON.stringify({ keys: [], pad: "x".repeat(300 * 1024) }));
      case "hang": return undefined;
      default: return send(200, JSON.stringify(state.jwks));
    }
  });
  server.keepAliveTimeout = 100;
  return { server, state, port: await listen(server, port) };
}

export function close(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}
