// Shared edge cases for request paths (see docs/edge-paths.md), run with
// the configuration of cases.mjs (`/health` no requirement, `/public` a
// token optional, `/` a token required) by the Envoy filter's tests
// (tests/envoy/envoy.test.mjs: with the recommended path settings, and with
// none, the filter alone) and by the edge worker's (worker/test/worker.test.mjs).
// Paths are sent byte for byte as written (node:http, never fetch(), whose
// URL parser would resolve them before sending).
import { REALM, claims, mint } from "./cases.mjs";

const missing = { status: 401, challenge: `Bearer realm="${REALM}"`, code: "missing" };
const invalidPath = {
  status: 400,
  challenge: `Bearer realm="${REALM}", error="invalid_request", error_description="invalid_path"`,
  code: "invalid_path",
};

/**
 * `{ name, path, headers, status, challenge?, code?, url?, sub?, hidden?, alone? }`: like
 * tokenCases; `url` is the path the upstream must receive (the one rules
 * matched). `alone` overrides the expectation for Envoy without its path
 * settings, where the filter sees the path as sent.
 */
export function pathCases(keys, now) {
  const good = mint(keys.ES256, claims(now));
  return [
    // Tomcat, Jetty and Spring read `/x/..;/admin` as `/admin`: so do the rules.
    { name: "..; out of a path without a rule", path: "/health/..;/admin", headers: {}, ...missing },
    { name: "..; out of a path where a token is optional", path: "/public/..;/admin", headers: {}, ...missing },
    { name: "..;params count as ..", path: "/public/..;a=b/health", headers: {}, status: 200, url: "/health" },
    { name: ".; counts as .", path: "/public/.;/health", headers: {}, status: 200, url: "/public/health" },
    { name: "..; into a public path is forwarded as matched", path: "/x/..;/public/y", headers: {}, status: 200, url: "/public/y" },
    { name: "..", path: "/health/../admin", headers: {}, ...missing },
    { name: "escaped dots", path: "/health/%2e%2e/admin", headers: {}, ...missing },
    { name: "escaped dots, upper case", path: "/public/%2E%2E/admin", headers: {}, ...missing },
    { name: "half-escaped dots", path: "/health/.%2e/admin", headers: {}, ...missing },
    { name: "merged slashes", path: "//public//x", headers: {}, status: 200, url: "/public/x" },
    { name: "an empty segment does not hide a rule", path: "//health/../admin", headers: {}, ...missing },
    {
      name: "a query token comes out of the path as matched", path: `/x/..;/items?a=1&access_token=${good}`,
      headers: {}, status: 200, sub: "alice", url: "/items?a=1", hidden: good,
    },
    // Servers that decode `%2F` or read `\` as `/` would serve `/admin`.
    { name: "escaped slashes are refused", path: "/health%2f..%2fadmin", headers: {}, ...invalidPath },
    { name: "escaped slashes, upper case, where a token is optional", path: "/public%2F..%2Fadmin", headers: {}, ...invalidPath },
    { name: "escaped backslashes are refused", path: "/health/%5c..%5cadmin", headers: {}, ...invalidPath },
    { name: "escaped slash even with a token", path: "/items%2Fx", headers: { authorization: `Bearer ${good}` }, ...invalidPath },
    // Both hosts resolve `\` as `/`; the filter alone refuses it.
    { name: "backslashes", path: "/health\\..\\admin", headers: {}, ...missing, alone: invalidPath },
    // A fragment is no part of a request target: both hosts drop it before
    // the rules (Envoy with the recommended runtime value); never matched.
    { name: "a fragment cannot hide a path", path: "/admin#/../health", headers: {}, ...missing },
    { name: "a fragment is not forwarded", path: "/health/x#frag", headers: {}, status: 200, url: "/health/x" },
    { name: "the query is never resolved", path: "/health?x=/../admin", headers: {}, status: 200, url: "/health?x=/../admin" },
    { name: "path parameters elsewhere are kept", path: "/public/x;jsessionid=1", headers: {}, status: 200, url: "/public/x;jsessionid=1" },
  ];
}
