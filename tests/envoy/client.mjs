// The client side the Envoy end-to-end tests share: one request on a fresh
// connection (so requests spread over Envoy's two workers), polling for a
// state, and the clock in seconds as tokens read it.
import { request } from "node:http";

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
export const now = () => Math.floor(Date.now() / 1000);
/** The Authorization header for `token`; none without one. */
export const bearer = (token) => (token ? { authorization: `Bearer ${token}` } : {});

/** One request to 127.0.0.1:`port` on a fresh connection: its status, headers and body (text). */
export function send(port, path = "/", headers = {}, method = "GET") {
  return new Promise((ok, fail) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

/** Polls `check` every 100 ms until it gives a truthy value, which it returns; fails after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
