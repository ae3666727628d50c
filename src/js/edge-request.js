// tokenward/edge: a Fetch API Request as the core's request text
// (`METHOD\nTARGET\nname:value...`, see src/edge/wire.rs). Fetch `Headers`
// never hold `\n` or `\r` in a value, nor `:` in a name, so the lines split
// exactly.

/**
 * The request target as the client sent it. workerd's `request.url` is the
 * scheme, `//`, the Host header and the target byte for byte, while
 * `url.pathname` is already resolved by the WHATWG parser, which reads
 * `/x/.;/../y` as `/x/y` where Envoy and Tomcat read `/y`: the core
 * resolves the raw path itself, as it does in Envoy. A target that does not
 * start with `/` (`*`) goes to the core as is, to be refused. Otherwise the
 * raw target is used only if it parses to the URL the runtime built, so a
 * Host header holding `/` cannot move a part of the path out of what rules
 * match; failing that, the parsed target (what the origin gets anyway).
 */
export function requestTarget(request, url) {
  // A Request built in code (Node, tests, Hono's app.request) has no Host
  // header: its URL's own host is the prefix then.
  const prefix = `${url.protocol}//${request.headers.get('host') ?? url.host}`;
  if (request.url.startsWith(prefix)) {
    const target = request.url.slice(prefix.length);
    if (!target.startsWith('/')) return target;
    const reparsed = URL.parse(`${url.origin}${target}`);
    if (reparsed?.pathname === url.pathname && reparsed.search === url.search) return target;
  }
  const fragment = url.href.indexOf('#');
  return `${url.pathname}${url.search}${fragment < 0 ? '' : url.href.slice(fragment)}`;
}

/**
 * The request as the core's text. `url` is the parsed `request.url`, or
 * null when it does not parse (workerd builds it from the Host header and
 * the raw target; `*` after a port does not parse): the core then judges
 * the target `*`, which it refuses (400 invalid_path) as it refuses every
 * target that is not a path. The target keeps any fragment the client
 * sent: the core refuses a fragment (Envoy does too), so it is not dropped.
 */
export function requestText(request, url) {
  let text = `${request.method}\n${url === null ? '*' : requestTarget(request, url)}`;
  // The URL this request was received at, under Envoy's pseudo-header
  // names: a DPoP proof's `htu` is compared with it. No client header can
  // be named so (a Fetch header name never holds `:`).
  if (url !== null) text += `\n:scheme:${url.protocol.slice(0, -1)}\n:authority:${url.host}`;
  for (const [name, value] of request.headers) text += `\n${name}:${value}`;
  return text;
}
