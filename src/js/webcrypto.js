// WebCrypto for verifyAsync: only the signature primitive runs here; every
// rule (encoding, lengths, key choice, claims) stays in wasm, which also
// re-checks the signature length after the host's verdict.
//
// Imported CryptoKeys are cached per key fingerprint (the core's SHA-256
// over key material and metadata), so a rotated key is a new entry.

const subtle = globalThis.crypto?.subtle;

const HASH = { 256: 'SHA-256', 384: 'SHA-384', 512: 'SHA-512' };

/**
 * importKey / verify parameters per JWS alg (RFC 7518 §3). Which signatures
 * reach the host is the core's rule (`host_may_verify`: RSA and ECDSA; never
 * EdDSA or HMAC); anything else gets null and the core checks it.
 */
function params(alg) {
  const hash = HASH[alg.slice(2)];
  switch (alg.slice(0, 2)) {
    case 'RS':
      return { importAs: { name: 'RSASSA-PKCS1-v1_5', hash }, verifyAs: { name: 'RSASSA-PKCS1-v1_5' } };
    case 'PS':
      // RFC 7518 §3.5: the salt is as long as the hash output.
      return { importAs: { name: 'RSA-PSS', hash }, verifyAs: { name: 'RSA-PSS', saltLength: Number(alg.slice(2)) / 8 } };
    case 'ES':
      return {
        importAs: { name: 'ECDSA', namedCurve: { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg] },
        verifyAs: { name: 'ECDSA', hash },
      };
    default:
      return null;
  }
}

const MAX_KEYS = 256;
const keys = new Map(); // `${keyId}/${alg}` -> Promise<CryptoKey | null>

/**
 * The imported key for `keyId` and `alg` (`readJwk` is called at once, on
 * a miss only); `null` when this runtime cannot
 * import it (the caller then lets the core verify).
 */
function cryptoKey(keyId, alg, readJwk) {
  const id = `${keyId}/${alg}`;
  let key = keys.get(id);
  if (key === undefined) {
    const p = params(alg);
    key = p === null
      ? Promise.resolve(null)
      : subtle.importKey('jwk', JSON.parse(readJwk()), p.importAs, false, ['verify']).catch(() => null);
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value);
    keys.set(id, key);
  }
  return key;
}

/** The host's verdict on `signature` over `data`. */
async function hostVerify(alg, key, signature, data) {
  try {
    return await subtle.verify(params(alg).verifyAs, key, signature, data);
  } catch {
    return false;
  }
}

/** The host primitive verifyAsync uses; null without WebCrypto. */
export const webCrypto = subtle === undefined ? null : { key: cryptoKey, verify: hostVerify };
