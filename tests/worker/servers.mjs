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
 * `state.delayMs` delays every JWKS answer.
 */
export async function documentServer({ jwks, revocations = {} }, port = 0) {
  const state = { jwks, revocations, mode: "ok", fetches: 0, revocationFetches: 0, maxAge: null, delayMs: 0 };
  const server = createServer((req, res) => {
    const send = (status, body) => {
      const headers = { "content-type": "application/json" };
      if (state.maxAge !== null) headers["cache-control"] = `max-age=${state.maxAge}`;
      const answer = () => {
        res.writeHead(status, headers);
        res.end(body);
      };
      if (state.delayMs > 0 && req.url === "/jwks.json") setTimeout(answer, state.delayMs);
      else answer();
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

/**
 * A shared cache for workerd's Cache API (`cacheApiOutbound`), in memory:
 * `put` arrives as PUT with the serialized HTTP response as body; `match`
 * as GET, answered with that response and `cf-cache-status: HIT`, or
 * `cf-cache-status: MISS`. Enough for several workerd processes to share
 * snapshots the way isolates share Cloudflare's cache.
 */
export async function cacheServer(port = 0) {
  const entries = new Map();
  const state = { puts: 0, hits: 0, misses: 0, entries };
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    if (req.method === "PUT") {
      entries.set(req.url, Buffer.concat(chunks));
      state.puts++;
      res.writeHead(204).end();
      return;
    }
    const stored = entries.get(req.url);
    if (req.method !== "GET" || !stored) {
      state.misses++;
      res.writeHead(504, { "cf-cache-status": "MISS" }).end();
      return;
    }
    // Serialized as `HTTP/1.1 200 OK\r\nname: value\r\n...\r\n\r\nbody`.
    const split = stored.indexOf("\r\n\r\n");
    const [statusLine, ...headerLines] = stored.subarray(0, split).toString("latin1").split("\r\n");
    const headers = { "cf-cache-status": "HIT" };
    for (const line of headerLines) {
      const at = line.indexOf(":");
      const name = line.slice(0, at).trim().toLowerCase();
      if (name !== "content-length" && name !== "transfer-encoding") headers[name] = line.slice(at + 1).trim();
    }
    state.hits++;
    res.writeHead(Number(statusLine.split(" ")[1]), headers).end(stored.subarray(split + 4));
  });
  return { server, state, port: await listen(server, port) };
}
