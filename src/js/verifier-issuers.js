// A Verifier's `issuers`: several issuers, each with its own keys (jose's
// answer is a key function; this is its declarative form). One Verifier
// per entry, built from the shared options plus the entry's issuer (or
// issuer template with tenants) and jwks; the core picks the entry from the
// token's `iss` (WasmIssuerChoice) before any key is read, so a token is
// only ever checked against its own issuer's keys.
import { wasm } from './engine.js';
import { OptionsError, lastError } from './errors.js';
import { describe, knownMembers, readOptions } from './options-json.js';

const ENTRY = ['issuer', 'tenants', 'jwks'];
const NOT_BESIDE = ['issuer', 'tenants', 'jwks'];
/** The longest token the unverified read takes: the entry's verifier applies its own cap. */
const CHOICE_CAP = 1 << 20;

export class IssuerEntries {
  #choice;
  #verifiers;

  /**
   * @param {object} read  the Verifier options as readOptions read them
   * @param {new (options: object) => object} Verifier
   */
  constructor(read, Verifier) {
    const { issuers, ...shared } = read;
    for (const name of NOT_BESIDE) {
      if (shared[name] !== undefined) {
        throw new OptionsError(`${name} cannot stand beside issuers: each entry names its issuer, tenants and jwks`);
      }
    }
    if (!Array.isArray(issuers) || issuers.length === 0) {
      throw new OptionsError(`issuers must be a non-empty array of { issuer, tenants?, jwks } (got ${describe(issuers)})`);
    }
    const entries = issuers.map((entry, i) => {
      const member = readOptions(entry, `issuers[${i}]`);
      knownMembers(member, `issuers[${i}]`, ENTRY);
      return member;
    });
    const glue = wasm();
    const choice = glue.WasmIssuerChoice.create(JSON.stringify(entries.map(({ issuer, tenants }) => ({ issuer, tenants }))));
    if (choice === undefined) throw lastError(glue);
    this.#choice = choice;
    this.#verifiers = entries.map(({ issuer, tenants, jwks }) =>
      new Verifier({ ...shared, issuer, jwks, ...(tenants === undefined ? {} : { tenants }) }));
  }

  /** The verifier of the entry `token`'s `iss` names; throws TokenError for none. */
  #pick(token) {
    // Not a string, or not a JWT: the first entry refuses it as any
    // Verifier would (same code for the same token).
    if (typeof token !== 'string') return this.#verifiers[0];
    const glue = wasm();
    const index = this.#choice.choose(token, CHOICE_CAP);
    if (index >= 0) return this.#verifiers[index];
    const error = lastError(glue);
    if (error.code === 'malformed' || error.code === 'too_large') return this.#verifiers[0];
    throw error;
  }

  verify(token, options) {
    return this.#pick(token).verify(token, options);
  }

  async verifyAsync(token, options) {
    return this.#pick(token).verifyAsync(token, options);
  }

  setRevocationList(list) {
    for (const verifier of this.#verifiers) verifier.setRevocationList(list);
  }

  get cacheStats() {
    const all = this.#verifiers.map((v) => v.cacheStats);
    if (all[0] === null) return null;
    const sum = { hits: 0, misses: 0, evictions: 0, size: 0 };
    for (const stats of all) for (const name of Object.keys(sum)) sum[name] += stats[name];
    return sum;
  }

  free() {
    for (const verifier of this.#verifiers) verifier.free();
    this.#choice.free();
  }
}
