// DPoP (RFC 9449) for a TokenSession: one key per session name and origin,
// shared by its tabs, and the proofs it signs.
//
// - The key is a non-extractable ECDSA P-256 key made by WebCrypto: the
//   private half can sign but never be read, not even by the page's own
//   scripts. CryptoKey objects are structured-cloneable, so the pair is kept
//   in IndexedDB, where every tab of the origin finds it; the first tab that
//   needs one creates it inside the tabs' exclusive lock, so two tabs never
//   bind tokens to two keys. Where IndexedDB is missing (Node) the key lives
//   as long as the session object.
// - What a proof says (header, claims, `htu` without query and fragment,
//   `ath`, `nonce`) is the core's rule (`dpopProofInput`); this file only
//   signs its signing input with the key.
// - A server that wants a nonce answers `use_dpop_nonce` (401 from a
//   resource server, 400 from the token endpoint) with a `DPoP-Nonce`
//   header: the latest nonce is remembered per origin, and the request is
//   sent once more with it.
import { wasm } from './engine.js';
import { lastError } from './errors.js';
import { base64url, randomToken } from './signin-request.js';

const DATABASE = 'tokenward-dpop';
const STORE = 'keys';

/** Runs one request on the key store; resolves its result (undefined without IndexedDB or on error). */
function keyStore(mode, act) {
  if (typeof indexedDB === 'undefined') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const open = indexedDB.open(DATABASE, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => resolve(undefined);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      let value;
      request.onsuccess = () => {
        value = request.result;
      };
      const done = (result) => {
        db.close();
        resolve(result);
      };
      tx.oncomplete = () => done(value);
      tx.onerror = () => done(undefined);
      tx.onabort = () => done(undefined);
    };
  });
}

/** A new key pair: the private half non-extractable, for signing only. */
async function newKeyPair() {
  const pair = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/** The core's proof for a request, unsigned: `{header, claims, signingInput, thumbprint}`. */
function unsignedProof(request) {
  const glue = wasm();
  const json = glue.dpopProofInput(JSON.stringify(request));
  if (json === '') throw lastError(glue);
  return JSON.parse(json);
}

/** `error="use_dpop_nonce"` in a `WWW-Authenticate: DPoP` challenge. */
export function isNonceChallenge(status, headers, body) {
  if (status === 400 && body?.error === 'use_dpop_nonce') return true;
  if (status !== 401) return false;
  const challenge = headers.get('www-authenticate') ?? '';
  return /(^|,)\s*DPoP\b/i.test(challenge) && /\berror\s*=\s*"?use_dpop_nonce"?/i.test(challenge);
}

export class DpopKey {
  #name;
  #exclusive;
  #now;
  #pair = null;
  #nonces = new Map();

  /**
   * @param {string} name the session's name: one key per name and origin
   * @param {(fn: () => Promise<any>) => Promise<any>} exclusive the tabs' lock
   * @param {() => number} now Unix ms
   */
  constructor(name, exclusive, now) {
    this.#name = name;
    this.#exclusive = exclusive;
    this.#now = now;
  }

  /**
   * The key pair and its public JWK and thumbprint: read from IndexedDB,
   * created (under the lock) when no tab made one yet.
   */
  async key() {
    this.#pair ??= this.#loadOrCreate().catch((error) => {
      this.#pair = null;
      throw error;
    });
    return this.#pair;
  }

  async #loadOrCreate() {
    let pair = await keyStore('readonly', (store) => store.get(this.#name));
    if (pair === undefined) {
      pair = await this.#exclusive(async () => {
        // Another tab may have made it while this one waited.
        const made = await keyStore('readonly', (store) => store.get(this.#name));
        if (made !== undefined) return made;
        const fresh = await newKeyPair();
        await keyStore('readwrite', (store) => store.put(fresh, this.#name));
        return fresh;
      });
    }
    const jwk = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey);
    const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
    return { ...pair, publicJwk, thumbprint: unsignedProof({ method: 'GET', url: 'https://thumbprint.invalid/', jti: 'x', iat: 0, jwk: publicJwk }).thumbprint };
  }

  /** Forgets the key in this tab and in IndexedDB (sign-out): the next sign-in binds to a new one. */
  async discard() {
    this.#pair = null;
    this.#nonces.clear();
    await keyStore('readwrite', (store) => store.delete(this.#name));
  }

  /** Forgets the key in this tab only (another tab discarded it). */
  forget() {
    this.#pair = null;
    this.#nonces.clear();
  }

  /**
   * A signed proof for one request.
   * @param {{method: string, url: string, accessToken?: string}} request
   * @returns {Promise<{proof: string, header: object, claims: object, thumbprint: string}>}
   * @throws {OptionsError} `invalid_options` when the core cannot build it
   */
  async proof({ method, url, accessToken }) {
    const { privateKey, publicJwk } = await this.key();
    const nonce = this.#nonces.get(new URL(url).origin);
    const unsigned = unsignedProof({
      method,
      url,
      ...(accessToken === undefined ? {} : { accessToken }),
      ...(nonce === undefined ? {} : { nonce }),
      jti: randomToken(16),
      iat: Math.floor(this.#now() / 1000),
      jwk: publicJwk,
    });
    const signature = await globalThis.crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      privateKey,
      new TextEncoder().encode(unsigned.signingInput),
    );
    return { proof: `${unsigned.signingInput}.${base64url(signature)}`, header: unsigned.header, claims: unsigned.claims, thumbprint: unsigned.thumbprint };
  }

  /** Remembers the `DPoP-Nonce` of an answer from `url` (RFC 9449 §8.2: any answer may carry one). */
  observe(url, headers) {
    const nonce = headers.get('dpop-nonce');
    if (nonce) this.#nonces.set(new URL(url).origin, nonce);
  }

  /**
   * Sends a request with a proof; when the answer is a nonce challenge
   * carrying a new nonce, sends it once more with a proof holding it.
   * @param {{method: string, url: string, accessToken?: string}} request
   * @param {(proof: string) => Promise<{status: number, headers: Headers, body?: object}>} send
   * @returns the last answer, and the proof it was sent with (`proofs`: each one sent)
   */
  async send(request, send) {
    const proofs = [];
    for (let attempt = 0; ; attempt += 1) {
      const signed = await this.proof(request);
      proofs.push(signed);
      const answer = await send(signed.proof);
      const before = this.#nonces.get(new URL(request.url).origin);
      this.observe(request.url, answer.headers);
      const renewed = this.#nonces.get(new URL(request.url).origin) !== before;
      if (attempt > 0 || !renewed || !isNonceChallenge(answer.status, answer.headers, answer.body)) {
        return { answer, proofs };
      }
    }
  }
}
