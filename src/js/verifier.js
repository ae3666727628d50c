// Verifier: jose's option names in, the core's verdicts out.
//
//   verify(token, opts)       synchronous; in Node RSA and ECDSA signatures
//                             by node:crypto (synchronous), called from
//                             inside the wasm call; elsewhere all in wasm
//   verifyAsync(token, opts)  RSA and ECDSA signatures by the host (node:crypto
//                             in Node, WebCrypto elsewhere: both faster than
//                             wasm there), everything else in wasm; also the
//                             path for a RemoteKeySet (fetches are async)
//
// Both return { header, claims, kind } or throw TokenError with the same
// code for the same token. With `dpop` options, each call's `dpop` (the
// request's proof, method and URL) is handed to the engine right before
// the wasm call that takes it (#setDpop); the proof is checked before the
// token on every path.
import { host, inputBytes, wasm, writeToken } from './engine.js';
import { OptionsError, TokenError, lastError } from './errors.js';
import { dpopCallOption } from './dpop.js';
import { describe, knownMembers, optionsJson, readOptions } from './options-json.js';
import { RemoteKeySet, machineOf } from './remote.js';
import { ResultMemo } from './result-memo.js';
import { revocationListOf } from './revocation.js';
import { feedOf, setFollowing } from './revocation-feeds.js';
import { IssuerEntries } from './verifier-issuers.js';

/** PrepareStatus of the wasm side. */
const REFUSED = 0;
const HOST_MAY_VERIFY = 1;

const CALL_OPTIONS = ['now', 'nonce', 'accessToken', 'dpop', 'certificateThumbprint'];

/**
 * readOptions' answer for the common case, without its general walk: an
 * object literal (prototype Object.prototype, which readOptions never
 * reads) whose own members are all call options, read once each in
 * readOptions' order. null for anything else, which takes readOptions.
 */
function plainCallOptions(options) {
  if (options === null || typeof options !== 'object' || Object.getPrototypeOf(options) !== Object.prototype) return null;
  const names = Reflect.ownKeys(options);
  for (const name of names) {
    if (!CALL_OPTIONS.includes(name)) return null;
  }
  const read = {};
  for (const name of names) read[name] = options[name];
  return read;
}

function optionalString(name, value) {
  if (value !== undefined && typeof value !== 'string') {
    throw new OptionsError(`${name} must be a non-empty string (got ${describe(value)})`);
  }
}

/**
 * The per-call options, type-checked. Each one given is applied (the wasm
 * side refuses a `now` that is not Unix seconds and empty strings); an
 * unknown name is refused, never ignored.
 */
function callOptions(options, checkValues = true) {
  if (options === undefined) return { now: Date.now() / 1000 };
  let read = plainCallOptions(options);
  if (read === null) {
    // Every per-call name is read wherever it sits, even function-valued
    // (then refused by type): an inherited method named `now` must not
    // leave the clock at its default.
    read = readOptions(options, 'verify options', { functions: CALL_OPTIONS });
    knownMembers(read, 'verify options', CALL_OPTIONS);
  }
  const { now = Date.now() / 1000, nonce, accessToken } = read;
  const dpop = dpopCallOption(read.dpop);
  if (typeof now !== 'number') {
    throw new OptionsError(`now must be a number of Unix seconds (got ${describe(now)})`);
  }
  optionalString('nonce', nonce);
  optionalString('accessToken', accessToken);
  // The client certificate's SHA-256 in hex; null or '' (what a socket
  // without one reports) for none. The wasm side checks the digits.
  const certificateThumbprint = read.certificateThumbprint === '' ? null : read.certificateThumbprint ?? null;
  if (certificateThumbprint !== null && typeof certificateThumbprint !== 'string') {
    throw new OptionsError(`certificateThumbprint must be the client certificate's SHA-256 in hex, or null (got ${describe(certificateThumbprint)})`);
  }
  // The values' rules are the wasm side's: checked here too, so that
  // verify and verifyAsync refuse them first, before any token error
  // (`checkValues` false: the caller's next wasm call checks them first).
  const glue = wasm();
  if (checkValues && !glue.checkCallOptions(now, nonce, accessToken)) throw lastError(glue);
  return { now, nonce, accessToken, dpop, certificateThumbprint };
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function result(json) {
  if (json === '') throw lastError(wasm());
  return JSON.parse(json);
}

export class Verifier {
  #engine;
  #remote = null;
  /** Whether the options configured DPoP (then every call sets its dpop). */
  #dpop = false;
  /** Whether the options configured certificateBoundTokens (then every call sets its certificate). */
  #certificates = false;
  /** The RemoteRevocationList followed (revocation-feeds.js), or null. */
  #revocationFeed = null;
  /** The last result, with a cache only (result-memo.js). */
  #memo = null;
  /** With `issuers`: one Verifier per entry (verifier-issuers.js), else null. */
  #byIssuer = null;

  /** @param {import('./index').VerifierOptions} options */
  constructor(options) {
    const glue = wasm();
    const read = readOptions(options, 'Verifier options');
    if (read.issuers !== undefined) {
      this.#byIssuer = new IssuerEntries(read, Verifier);
      return;
    }
    const { jwks, revocation, ...rest } = read;
    if (isObject(rest.cache)) rest.cache = readOptions(rest.cache, 'cache');
    if (isObject(rest.dpop)) rest.dpop = readOptions(rest.dpop, 'dpop');
    if (isObject(rest.certificateBoundTokens)) rest.certificateBoundTokens = readOptions(rest.certificateBoundTokens, 'certificateBoundTokens');
    let jwksJson;
    if (jwks instanceof RemoteKeySet) {
      this.#remote = jwks;
    } else if (typeof jwks === 'string') {
      jwksJson = jwks;
    } else if (jwks !== null && typeof jwks === 'object') {
      jwksJson = JSON.stringify(jwks);
    } else {
      throw new OptionsError(`jwks must be a JWK Set (object or JSON text) or a RemoteKeySet (got ${describe(jwks)})`);
    }
    const engine = glue.WasmVerifier.create(optionsJson(rest), jwksJson);
    if (engine === undefined) throw lastError(glue);
    this.#engine = engine;
    this.#dpop = engine.hasDpop();
    this.#certificates = engine.checksCertificates();
    if (engine.hasCache()) this.#memo = new ResultMemo();
    if (revocation !== undefined) this.setRevocationList(revocation);
  }

  /**
   * Verifies synchronously in wasm.
   * @throws {TokenError}
   */
  verify(token, options) {
    if (this.#byIssuer !== null) return this.#byIssuer.verify(token, options);
    if (this.#remote !== null) {
      throw new OptionsError('a Verifier with a RemoteKeySet verifies with verifyAsync()');
    }
    // verifyHost refuses bad option values before reading the token; a
    // token writeToken refuses (not a string) must not come first.
    const call = callOptions(options, typeof token !== 'string');
    this.#setDpop(call);
    return this.#syncVerify(token, writeToken(token), call, host()?.synchronous);
  }

  /**
   * Same verdict as verify(); RSA and ECDSA signatures go to the host's
   * crypto (node:crypto in Node, WebCrypto elsewhere).
   * With a RemoteKeySet: fetches as needed, one refetch for an unknown kid.
   * @throws {TokenError}
   */
  verifyAsync(token, options) {
    if (this.#byIssuer !== null) return this.#byIssuer.verifyAsync(token, options);
    // Inline keys and a synchronous host (node:crypto): nothing to await,
    // so no async frames; errors still come as rejections.
    const synchronous = host()?.synchronous;
    if (this.#remote === null && this.#revocationFeed === null && synchronous !== undefined) {
      try {
        const call = callOptions(options, typeof token !== 'string');
        this.#setDpop(call);
        return Promise.resolve(this.#syncVerify(token, writeToken(token), call, synchronous));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.#verifyAsync(token, options);
  }

  async #verifyAsync(token, options) {
    const call = callOptions(options);
    this.#setDpop(call);
    const remote = this.#remote;
    // A remote revocation list not usable yet: wait for the fetch under
    // way (the verdict then follows the list, or is revocation_unavailable).
    if (this.#revocationFeed !== null) await this.#revocationFeed.ready();
    if (remote === null) return this.#attempt(token, call);
    await remote.ready();
    try {
      return await this.#attempt(token, call);
    } catch (error) {
      if (error instanceof TokenError && error.code === 'unknown_kid' && (await remote.refreshForUnknownKid())) {
        return this.#attempt(token, call);
      }
      throw error;
    }
  }

  /**
   * Replaces (or with null removes) the revocation list checked on every
   * call: a RevocationList, or a RemoteRevocationList followed from then on.
   */
  setRevocationList(list) {
    if (this.#byIssuer !== null) return this.#byIssuer.setRevocationList(list);
    const feed = feedOf(list);
    if (list === null || feed !== undefined) {
      this.#engine.clearRevocationList();
      this.#revocationFeed = feed ?? null;
      setFollowing(this, this.#revocationFeed);
      return;
    }
    const wasmList = revocationListOf(list);
    if (wasmList === undefined) throw new OptionsError(`revocation must be a RevocationList or a RemoteRevocationList (got ${describe(list)})`);
    this.#engine.setRevocationList(wasmList);
    this.#revocationFeed = null;
    setFollowing(this, null);
  }

  /** Verified-token cache counters, or null without a cache. */
  get cacheStats() {
    if (this.#byIssuer !== null) return this.#byIssuer.cacheStats;
    return JSON.parse(this.#engine.cacheStats());
  }

  /** Frees the wasm side now instead of at garbage collection. */
  free() {
    if (this.#byIssuer !== null) return this.#byIssuer.free();
    this.#memo?.forget();
    this.#engine.free();
  }

  /**
   * Hands the call's `dpop` option to the engine, which the next
   * verification call takes (and refuses, with invalid_options, on a
   * Verifier without DPoP). Set right before each such call, so a call
   * never sees another's.
   */
  #setDpop(call) {
    this.#setCertificate(call);
    const { dpop } = call;
    if (!this.#dpop && dpop === undefined) return;
    const present = dpop !== undefined;
    const engine = this.#engine;
    if (!engine.setDpopCall(present, dpop?.scheme, dpop?.proof, dpop?.method, dpop?.url, dpop?.nonce, call.now)) {
      throw lastError(wasm());
    }
  }

  /**
   * Hands the call's `certificateThumbprint` to the engine, beside its
   * `dpop` (every call that sets one sets the other): refused, with
   * invalid_options, on a Verifier without certificateBoundTokens.
   */
  #setCertificate(call) {
    const { certificateThumbprint } = call;
    if (!this.#certificates && certificateThumbprint == null) return;
    if (!this.#engine.setCertificateCall(certificateThumbprint ?? undefined)) throw lastError(wasm());
  }

  /**
   * One wasm call on `token`, just written as `len`; `synchronous` is the
   * host's synchronous signature seam, if any.
   */
  #syncVerify(token, len, call, synchronous) {
    const { now, nonce, accessToken } = call;
    const engine = this.#engine;
    this.#setDpop(call);
    this.#revocationFeed?.follow(engine);
    const machine = this.#remote === null ? null : machineOf(this.#remote);
    const memo = this.#memo;
    if (memo !== null && memo.holds(token)) {
      const verified = machine === null
        ? engine.checkHost(len, now, nonce, accessToken, synchronous)
        : engine.checkRemoteHost(machine, len, now, Date.now(), nonce, accessToken, synchronous);
      if (!verified) throw lastError(wasm());
      return memo.copy();
    }
    const value = result(
      machine === null
        ? engine.verifyHost(len, now, nonce, accessToken, synchronous)
        : engine.verifyRemoteHost(machine, len, now, Date.now(), nonce, accessToken, synchronous),
    );
    memo?.remember(token, value);
    return value;
  }

  async #attempt(token, call) {
    const engine = this.#engine;
    const machine = this.#remote === null ? null : machineOf(this.#remote);
    let len = writeToken(token);
    // A synchronous host (node:crypto) is called from inside one wasm
    // call, cached or not: one parse, no await. With a cache otherwise,
    // wasm checks the signature once per token and key set; claims, nonce,
    // accessToken and revocation are checked on every call. Without one,
    // the core says which signatures the host may check (never HMAC or
    // EdDSA).
    const crypto = host();
    if (crypto === null || crypto.synchronous !== undefined || engine.hasCache()) {
      return this.#syncVerify(token, len, call, crypto?.synchronous);
    }
    const clock = Date.now();
    this.#setDpop(call);
    this.#revocationFeed?.follow(engine);
    const status = machine === null ? engine.prepare(len) : engine.prepareRemote(machine, len, clock);
    if (status === REFUSED) throw lastError(wasm());
    if (status !== HOST_MAY_VERIFY) return this.#syncVerify(token, len, call);
    // Read everything the host needs before the first await: other calls
    // may use the engine meanwhile.
    const alg = engine.preparedAlg;
    const keyId = engine.preparedKeyId;
    const signature = engine.preparedSignature;
    const data = inputBytes(token, len, engine.preparedSigningInputLength);
    const key = await crypto.key(keyId, alg, () => engine.preparedKeyJwk);
    if (key === null) return this.#syncVerify(token, writeToken(token), call);
    const valid = await crypto.verify(alg, key, signature, data);
    const { now, nonce, accessToken } = call;
    len = writeToken(token);
    this.#setDpop(call);
    // The list may have changed (or run out) during the awaits.
    this.#revocationFeed?.follow(engine);
    return result(
      machine === null
        ? engine.finish(len, valid, keyId, now, nonce, accessToken)
        : engine.finishRemote(machine, len, valid, keyId, now, Date.now(), nonce, accessToken),
    );
  }
}
