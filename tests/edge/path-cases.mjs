// Shared edge cases for request paths (see docs/edge-paths.md), run with
// the configuration of cases.mjs (`/health` no requirement, `/public` a
// token optional, `/` a token required) by the Envoy filter's tests
// (tests/envoy/envoy.test.mjs: with the recommended path settings, and with
// none, the filter alone) and by the edge worker's (tests/worker/worker.test.mjs).
// Paths are sent byte for byte as written (node:http, never fetch(), whose
// URL parser would resolve them before sending).
import { REALM, claims, mint } from "./cases.mjs";

const missing = { status: 401, challenge: `Bearer realm="${REALM}"`, code: "missing" };
const invalidPath = {
  status: 400,
  challenge: `Bearer realm="${REALM}", error="invalid_request", error_description="invalid_path"`,
  code: "invalid_path",
};

const tooLong = {
  status: 414,
  challenge: `Bearer realm="${REALM}", error="invalid_request", error_description="path_too_long"`,
  code: "path_too_long",
};
/** The provider `keep` rule refusing a `main` token (ES256). */
const keepRefuses = {
  status: 401,
  challenge: `Bearer realm="${REALM}", error="invalid_token", error_description="alg_not_allowed"`,
  code: "alg_not_allowed",
};
/** A host's own refusal before the filter or worker runs: status only. */
const hostRefuses = (status) => ({ status, host: true });
/** Raw UTF-8 bytes, as node:http writes a path (latin1). */
const utf8 = (text) => Buffer.from(text, "utf8").toString("latin1");

/**
 * `{ name, path, headers, status, challenge?, code?, url?, sub?, hidden?, alone?, envoy?, workerd? }`:
 * like tokenCases; `url` is the path the upstream must receive (the one
 * rules matched). `alone` overrides the expectation for Envoy without its
 * path settings, where the filter sees the path as sent. `envoy` and
 * `workerd` override it on one host, only where that host answers before
 * any tokenward code runs (`host: true`: status only, see
 * docs/edge-paths.md, "Known host differences").
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
    // Both hosts' URL parsers read `\` as `/`: so does the core.
    { name: "backslashes", path: "/health\\..\\admin", headers: {}, ...missing },
    { name: "backslashes are forwarded as slashes", path: "/public\\x", headers: {}, status: 200, url: "/public/x" },
    // A fragment is no part of a request target: both hosts drop it before
    // the rules (Envoy with the recommended runtime value); never matched.
    { name: "a fragment cannot hide a path", path: "/admin#/../health", headers: {}, ...missing },
    { name: "a fragment is not forwarded", path: "/health/x#frag", headers: {}, status: 200, url: "/health/x" },
    { name: "the query is never resolved", path: "/health?x=/../admin", headers: {}, status: 200, url: "/health?x=/../admin" },
    { name: "path parameters elsewhere are kept", path: "/public/x;jsessionid=1", headers: {}, status: 200, url: "/public/x;jsessionid=1" },
    // Escaped unreserved characters are the characters (RFC 3986 §6.2.2.2):
    // Envoy's normalize_path and many upstreams decode them, so do the rules.
    { name: "an escaped letter in a rule prefix", path: "/%68ealth/x", headers: {}, status: 200, url: "/health/x" },
    { name: "an escaped letter at the end of a rule prefix", path: "/healt%68/x", headers: {}, status: 200, url: "/health/x" },
    { name: "an escaped letter into a public path", path: "/%70ublic/x", headers: {}, status: 200, url: "/public/x" },
    { name: "an escaped letter then ..", path: "/%68ealth/../admin", headers: {}, ...missing },
    { name: "an escaped letter cannot leave a stricter rule", path: "/%6beep", headers: { authorization: `Bearer ${good}` }, ...keepRefuses },
    { name: "escaped unreserved marks are decoded", path: "/health/%7e%2D%5f%2E", headers: {}, status: 200, url: "/health/~-_." },
    { name: "an escaped dot in a name", path: "/health%2e/x", headers: {}, status: 200, url: "/health./x" },
    { name: "other escapes are forwarded in upper case", path: "/health/%e2%80%ae%3a", headers: {}, status: 200, url: "/health/%E2%80%AE%3A" },
    { name: "an escaped percent is not decoded twice", path: "/health/%25%32%65%25%32%65/admin", headers: {}, status: 200, url: "/health/%252e%252e/admin" },
    // `.;` is `.` and `..;` is `..` (Envoy, Tomcat); workerd's own parser
    // would read `.;` as a name, so the worker hands the core the raw target.
    { name: ".; before .. is a dot-segment", path: "/health/.;/../admin", headers: {}, ...missing },
    { name: ".;params before .. is a dot-segment", path: "/health/.;x/../admin", headers: {}, ...missing },
    { name: "two .; before ..", path: "/public/.;/.;/../admin", headers: {}, ...missing },
    { name: ".; out of a stricter rule", path: "/keep/.;/../x", headers: { authorization: `Bearer ${good}` }, status: 200, sub: "alice", url: "/x" },
    { name: ".; into a stricter rule", path: "/x/.;/../keep", headers: { authorization: `Bearer ${good}` }, ...keepRefuses },
    // Envoy reads `%2e;` as a name, then decodes it to `.;`: a dot-segment.
    { name: "an escaped dot with params is a name to ..", path: "/health/%2e;/../admin", headers: {}, status: 200, url: "/health/admin" },
    { name: "escaped dots with params then resolve", path: "/health/%2e%2e;/admin", headers: {}, ...missing },
    { name: "an empty segment counts for ..", path: "/health//../admin", headers: {}, status: 200, url: "/health/admin" },
    // Characters URL parsers escape are forwarded escaped.
    { name: "characters a URL parser escapes", path: '/health/"{}|^', headers: {}, status: 200, url: "/health/%22%7B%7D%7C%5E" },
    { name: "< > ` are refused by workerd itself", path: "/health/<x>`", headers: {}, status: 200, url: "/health/%3Cx%3E%60", workerd: hostRefuses(400) },
    // Raw non-ASCII: Envoy refuses it before the filter, the core the same.
    { name: "raw non-ASCII is refused", path: utf8("/healthé"), headers: {}, ...invalidPath, envoy: hostRefuses(400) },
    { name: "raw non-ASCII dots are refused", path: utf8("/health/．．/admin"), headers: {}, ...invalidPath, envoy: hostRefuses(400) },
    { name: "raw non-ASCII before .. is refused", path: utf8("/health/é/../../admin"), headers: {}, ...invalidPath, envoy: hostRefuses(400) },
    // Targets not in origin form: Envoy refuses them before the filter
    // (`GET *` 400, `OPTIONS *` 404); workerd hands `*` to the worker, but
    // reads `health` as `/` (known difference, docs/edge-paths.md).
    { name: "an asterisk target", path: "*", headers: { host: "example.test" }, ...invalidPath, envoy: hostRefuses(400) },
    // With a port in Host, workerd builds a URL that does not parse: the
    // worker hands the core the target `*`, refused the same way.
    { name: "an asterisk target after a Host port", path: "*", headers: { host: "example.test:8080" }, ...invalidPath, envoy: hostRefuses(400) },
    { name: "a target without /", path: "health", headers: {}, ...missing, envoy: hostRefuses(400) },
    // The core caps the canonical target, below both hosts' own limits...
    { name: "a target over 16 KiB", path: `/health/${"x".repeat(17000)}`, headers: {}, ...tooLong },
    { name: "a deep path is judged by what it resolves to", path: `/health/${"a/".repeat(5000)}${"../".repeat(5001)}admin`, headers: {}, ...missing },
    // ...over theirs, each refuses with its own status.
    { name: "a target over 64 KiB", path: `/health/${"x".repeat(70000)}`, headers: {}, status: 431, host: true, workerd: hostRefuses(414) },
  ];
}
