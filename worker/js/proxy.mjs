// Applying a decision: the refusal response, or the request forwarded to
// the origin with the client's identity headers replaced by verified ones.

/** The core's refusal (401 with its RFC 6750 challenge, 503, ...). */
export function denyResponse(decision) {
  return new Response(decision.body, { status: decision.status, headers: decision.headers });
}

/**
 * Forwards `request` with `decision`'s headers: through `originBinding` (a
 * workerd service binding) when given, else to `origin` (a URL) when
 * given, else to the request's own URL.
 */
export function forward(request, url, decision, origin, originBinding) {
  const headers = new Headers(request.headers);
  // Removals first: whatever the client sent under an identity header
  // (x-tokenward-*, claim headers, under any spelling) must never reach
  // the origin, nor the token unless its provider forwards it.
  for (const name of decision.remove) headers.delete(name);
  let target = `${url.pathname}${url.search}`;
  for (const [name, value] of decision.set) {
    // `:path` is the request target without the token's query parameter.
    if (name === ":path") target = value;
    else headers.set(name, value);
  }
  // Path and query are set on the origin's URL, never resolved against
  // it: `//host/x` is a path here, not another host.
  const to = new URL(origin ?? url.origin);
  const query = target.indexOf("?");
  to.pathname = query < 0 ? target : target.slice(0, query);
  to.search = query < 0 ? "" : target.slice(query);
  const init = { method: request.method, headers, body: request.body, redirect: "manual" };
  return originBinding ? originBinding.fetch(to, init) : fetch(to, init);
}
