// Node's own crypto as the host signature primitive for verifyAsync: in
// Node, node:crypto verifies RS256 ~2x and ES256 ~3x faster than
// WebCrypto (`make bench-js`). Same seam as webcrypto.js: only the
// signature primitive runs here; the wasm side re-checks lengths and
// applies every rule. Which signatures reach the host is the core's rule
// (`host_may_verify`: RSA and ECDSA; never EdDSA or HMAC): an alg without
// parameters below goes back to the core. Loaded only by the node entry.
import { constants, createPublicKey, verify } from 'node:crypto';

const MAX_KEYS = 256;
const keys = new Map(); // `${keyId}/${alg}` -> KeyObject options | null

function hashOf(alg) {
  return `sha${alg.slice(2)}`;
}

export const nodeCrypto = {
  /** The key for `keyId` (`readJwk` is called at once, on a miss only); null if unusable. */
  key(keyId, alg, readJwk) {
    const id = `${keyId}/${alg}`;
    let key = keys.get(id);
    if (key === undefined) {
      try {
        const object = createPublicKey({ key: JSON.parse(readJwk()), format: 'jwk' });
        switch (alg.slice(0, 2)) {
          case 'RS':
            key = { key: object, padding: constants.RSA_PKCS1_PADDING };
            break;
          case 'PS':
            // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash.
            key = { key: object, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 };
            break;
          case 'ES':
            // JWS carries raw R || S (IEEE P1363), never DER.
            key = { key: object, dsaEncoding: 'ieee-p1363' };
            break;
          default:
            key = null;
        }
      } catch {
        key = null;
      }
      if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value);
      keys.set(id, key);
    }
    return key;
  },

  /** The host's verdict (synchronous; verifyAsync awaits it all the same). */
  verify(alg, key, signature, data) {
    try {
      return verify(hashOf(alg), data, key, signature);
    } catch {
      return false;
    }
  },
};
