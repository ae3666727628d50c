// The revocation-list document (the core's format, crates/core/src/
// revocation.rs) built from a logout receiver's records, with its ETag.
//
// A logout token naming a `sid` ended that one session: the `sid` is
// listed, never the `sub` beside it (that would sign the user out of every
// other session too). A token naming only a `sub` ended all of the user's
// sessions: the `sub` is listed. The revoked-before time is the logout
// token's `iat`: the provider's clock, the same clock that stamps the
// access tokens' `iat`, so no skew between the receiver and the provider
// moves the boundary. A repeated identifier keeps its latest time.

/** `{ body, etag }` of the document listing `records`. */
export async function revocationDocument(records) {
  const sid = new Map();
  const sub = new Map();
  for (const record of records) {
    const [listed, id] = record.sid !== undefined ? [sid, record.sid] : [sub, record.sub];
    if (id === undefined) continue;
    listed.set(id, Math.max(listed.get(id) ?? 0, record.iat));
  }
  // Sorted members: every receiver sharing a store serves the same bytes,
  // hence the same ETag.
  const sorted = (map) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const document = {};
  if (sid.size > 0) document.sid = sorted(sid);
  if (sub.size > 0) document.sub = sorted(sub);
  const body = JSON.stringify(document);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  const etag = `"${base64url(new Uint8Array(digest)).slice(0, 27)}"`;
  return { body, etag };
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Whether an If-None-Match header value names `etag` (weak or strong, or `*`). */
export function matchesEtag(ifNoneMatch, etag) {
  if (ifNoneMatch === null || ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
