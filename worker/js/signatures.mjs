// WebCrypto signature checks for the core's two-step decision. Only the
// primitive runs here: the core chose the key and algorithm (never from
// the token alone), hands over the signed bytes and the signature, and
// re-checks the signature length after our yes or no. Any WebCrypto error
// counts as "no"; a key the runtime cannot import goes back to the core.
//
// Imported CryptoKeys are cached per provider and key-set generation:
// a changed key set starts an empty map, so a rotated key never lingers.

const subtle = globalThis.crypto?.subtle;

const HASH = { 256: "SHA-256", 384: "SHA-384", 512: "SHA-512" };

/**
 * importKey / verify parameters per JWS alg (RFC 7518 §3). The core asks
 * only about RSA and ECDSA (its `host_may_verify` rule): EdDSA and HMAC
 * never reach this script. Anything else gets null: the core checks it.
 */
function paramsFor(alg) {
  const hash = HASH[alg.slice(2)];
  switch (alg.slice(0, 2)) {
    case "RS":
      return { importAs: { name: "RSASSA-PKCS1-v1_5", hash }, verifyAs: { name: "RSASSA-PKCS1-v1_5" } };
    case "PS":
      // RFC 7518 §3.5: the salt is as long as the hash output.
      return { importAs: { name: "RSA-PSS", hash }, verifyAs: { name: "RSA-PSS", saltLength: Number(alg.slice(2)) / 8 } };
    case "ES":
      // WebCrypto ECDSA takes the raw R || S signature, JOSE's format.
      return {
        importAs: { name: "ECDSA", namedCurve: { ES256: "P-256", ES384: "P-384", ES512: "P-521" }[alg] },
        verifyAs: { name: "ECDSA", hash },
      };
    default:
      return null;
  }
}

/** Imports `jwk` with `params`, or null when the runtime refuses it. */
async function importWith(jwk, params) {
  try {
    const key = await subtle.importKey("jwk", jwk, params.importAs, false, ["verify"]);
    return { key, verifyAs: params.verifyAs };
  } catch {
    return null; // the core checks it
  }
}

// Bound per key set: a set holds a handful of keys (times the algorithms
// the provider allows); more means something odd, so start over.
const MAX_KEYS = 64;

/** Whether this runtime has WebCrypto at all. */
export function hasWebCrypto() {
  return subtle !== undefined;
}

/** CryptoKeys imported for the pending signatures of one gateway. */
export class SignatureChecker {
  constructor() {
    this.providers = new Map(); // provider -> { generation, keys: Map(keyId -> Promise) }
  }

  /** The imported key (and its verify parameters) for `step`, or null. */
  imported(step) {
    const provider = step.provider();
    const generation = step.keyGeneration();
    let entry = this.providers.get(provider);
    if (entry === undefined || entry.generation !== generation || entry.keys.size >= MAX_KEYS) {
      entry = { generation, keys: new Map() };
      this.providers.set(provider, entry);
    }
    const id = step.keyId();
    let key = entry.keys.get(id);
    if (key === undefined) {
      const params = paramsFor(step.alg());
      let jwk = null;
      try {
        jwk = JSON.parse(step.publicJwk() ?? "null");
      } catch {
        jwk = null;
      }
      key = jwk === null || params === null ? Promise.resolve(null) : importWith(jwk, params);
      entry.keys.set(id, key);
    }
    return key;
  }

  /**
   * The verdict on `step`'s signature: true or false, or null when the
   * runtime cannot import the key (then the core checks it).
   */
  async check(step) {
    const imported = await this.imported(step);
    if (imported === null) return null;
    try {
      return await subtle.verify(imported.verifyAs, imported.key, step.signature(), step.signingInput());
    } catch {
      return false;
    }
  }
}
