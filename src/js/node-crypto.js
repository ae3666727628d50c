// Node's own crypto as the host signature primitive: in Node, node:crypto
// verifies RS256 ~2x and ES256 ~3x faster than WebCrypto, and faster than
// wasm (`make bench-js`). It is synchronous, so both verify and verifyAsync
// use it through one seam (`synchronous`): the wasm side calls `check` from
// inside its verify call with views of the signature and the signed bytes,
// and applies every rule around the host's yes or no. Which signatures
// reach the host is the core's rule (`host_may_verify`: RSA and ECDSA;
// never EdDSA or HMAC); an alg without parameters below goes back to the
// core. Loaded only by the node entry.
import { constants, createPublicKey, verify } from 'node:crypto';

const MAX_KEYS = 256;
/**
 * `${keyFingerprint}/${alg}` -> { hash, options } | null (unusable: the core
 * verifies), least recently used first: a Map iterates in insertion order,
 * and every use re-inserts its key. First-in first-out would let a stream of
 * one-off keys (DPoP clients each bring their own) push out the issuer's key
 * in constant use, and re-import it again and again.
 */
const keys = new Map();

/** The imported key named `name` (undefined if none), now the most recently used. */
function use(name) {
  const key = keys.get(name);
  if (key !== undefined) {
    keys.delete(name);
    keys.set(name, key);
  }
  return key;
}

/** Answers of `check`, as the wasm side reads them (src/host_signature.rs). */
const INVALID = 0;
const VALID = 1;
const UNKNOWN_KEY = 2;
const CORE_VERIFIES = 3;

/** node:crypto's verify options for `alg` with `object`, or null. */
function optionsFor(alg, object) {
  switch (alg.slice(0, 2)) {
    case 'RS':
      return { key: object, padding: constants.RSA_PKCS1_PADDING };
    case 'PS':
      // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash.
      return { key: object, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 };
    case 'ES':
      // JWS carries raw R || S (IEEE P1363), never DER.
      return { key: object, dsaEncoding: 'ieee-p1363' };
    default:
      return null;
  }
}

/** Imports the key once per key and alg; null if node:crypto cannot use it. */
function importKey(name, alg, jwkJson) {
  let key = null;
  try {
    const options = optionsFor(alg, createPublicKey({ key: JSON.parse(jwkJson), format: 'jwk' }));
    if (options !== null) key = { hash: `sha${alg.slice(2)}`, options };
  } catch {
    key = null;
  }
  // The least recently used key goes first.
  if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value);
  keys.set(name, key);
  return key;
}

function checkWith(key, signature, data) {
  try {
    return verify(key.hash, data, key.options, signature) ? VALID : INVALID;
  } catch {
    return INVALID;
  }
}

export const nodeCrypto = {
  /**
   * The synchronous seam the wasm side calls (`check`, `learn`): keys are
   * named `<fingerprint>/<alg>`; `signature` and `data` are views of wasm
   * memory, read before returning.
   */
  synchronous: {
    check(name, signature, data) {
      const key = use(name);
      if (key === undefined) return UNKNOWN_KEY;
      if (key === null) return CORE_VERIFIES;
      return checkWith(key, signature, data);
    },
    learn(name, jwkJson) {
      importKey(name, name.slice(name.indexOf('/') + 1), jwkJson);
    },
  },

  /** The two-phase seam (as webcrypto.js): the key for `keyId`; null if unusable. */
  key(keyId, alg, readJwk) {
    const name = `${keyId}/${alg}`;
    const key = use(name);
    return key === undefined ? importKey(name, alg, readJwk()) : key;
  },

  /** The host's verdict on the two-phase seam. */
  verify(alg, key, signature, data) {
    return checkWith(key, signature, data) === VALID;
  },
};
