// tokenward/edge: a decision as Fetch API objects. A refusal becomes the
// core's Response (401 with its RFC 6750 challenge, 400, 503, with CORS
// headers when configured); an allowed request becomes the Request to send
// upstream, the client's identity headers replaced by verified ones.

/** The core's refusal as a Response. */
export function refusal(decision) {
  return new Response(decision.body, { status: decision.status, headers: decision.headers });
}

/** 431 for a request too large to hand to the core (its headers). */
export function tooLarge() {
  return new Response('{"error":"request_header_fields_too_large"}', {
    status: 431, headers: { 'content-type': 'application/json' },
  });
}

/**
 * The Request to send upstream: `request` with `decision`'s headers, to
 * `origin` (a URL; default: the request's own origin). `url` is the parsed
 * `request.url`.
 */
export function forwarded(request, url, decision, origin) {
  const headers = new Headers(request.headers);
  // Removals first: whatever the client sent under an identity header
  // (x-tokenward-*, claim headers, under any spelling) must never reach
  // the origin, nor the token unless its provider forwards it.
  for (const name of decision.remove) headers.delete(name);
  let target = `${url.pathname}${url.search}`;
  for (const [name, value] of decision.set) {
    // `:path` is the request target without the token's query parameter.
    if (name === ':path') target = value;
    else headers.set(name, value);
  }
  // Path and query are set on the origin's URL, never resolved against
  // it: `//host/x` is a path here, not another host.
  const to = new URL(origin ?? url.origin);
  const query = target.indexOf('?');
  to.pathname = query < 0 ? target : target.slice(0, query);
  to.search = query < 0 ? '' : target.slice(query);
  const init = { method: request.method, headers, redirect: 'manual' };
  if (request.body !== null) {
    init.body = request.body;
    // Node's fetch needs it for a streamed body; workerd ignores it.
    init.duplex = 'half';
  }
  return new Request(to, init);
}
