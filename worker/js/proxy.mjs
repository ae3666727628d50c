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
  // (x-tokenward-*, claim headers) must never reach the origin.
  for (const name of decision.remove) headers.delete(name);
  for (const [name, value] of decision.set) headers.set(name, value);
  const target = origin ? new URL(`${url.pathname}${url.search}`, origin) : url;
  const init = { method: request.method, headers, body: request.body, redirect: "manual" };
  return originBinding ? originBinding.fetch(target, init) : fetch(target, init);
}
