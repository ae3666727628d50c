// Which RemoteRevocationList a Verifier follows (package-internal). A small
// registry of its own, so the Verifier knows remote lists without importing
// their fetch machinery (the slim and spa builds have none).

/** RemoteRevocationList -> its feed. */
const feeds = new WeakMap();
/** Verifier -> the feed it follows. */
const following = new WeakMap();

/**
 * @typedef {object} RevocationFeed
 * @property {(engine: object) => void} follow hands the list's state now
 *   to a Verifier's engine (and starts a due fetch)
 * @property {() => Promise<boolean>} ready waits for a list when none is
 *   usable and a fetch is under way; resolves to whether one is usable
 */

/** Registers the feed behind a RemoteRevocationList. */
export function registerFeed(remote, feed) {
  feeds.set(remote, feed);
}

/** The feed behind `value` when it is a RemoteRevocationList, else undefined. */
export function feedOf(value) {
  return value !== null && typeof value === 'object' ? feeds.get(value) : undefined;
}

/** Records which feed `verifier` follows (null: none). */
export function setFollowing(verifier, feed) {
  if (feed === null) following.delete(verifier);
  else following.set(verifier, feed);
}

/** The feed `verifier` follows, or undefined. */
export function followedBy(verifier) {
  return following.get(verifier);
}
