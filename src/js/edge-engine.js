// tokenward/edge: the wasm side of one gateway. The request text goes into
// the package's input buffer (engine.js), the core's edge gateway decides;
// signatures are checked by the host's crypto (WebCrypto, node:crypto in
// Node: the same seam as verifyAsync) when the core lets it, else in wasm.
import { host, wasm, writeText } from './engine.js';
import { lastError } from './errors.js';

export class EdgeEngine {
  /**
   * @param {string} configText the edge configuration JSON
   * @param {boolean} hostSignatures whether the host's crypto may check signatures
   * @throws {OptionsError} `invalid_options` naming the JSON path at fault
   */
  constructor(configText, hostSignatures) {
    const glue = wasm();
    if (glue.Edge === undefined) throw new Error('tokenward/edge needs the full build of tokenward');
    const edge = glue.Edge.create(configText);
    if (edge === undefined) throw lastError(glue);
    this.edge = edge;
    this.slots = JSON.parse(edge.slots());
    this.maxInput = glue.Edge.maxInput();
    this.maxIntrospectionBytes = glue.Edge.maxIntrospectionBytes();
    this.crypto = hostSignatures ? host() : null;
  }

  /** Whether `text` is too large to hand in (at most 3 UTF-8 bytes per UTF-16 unit). */
  tooLarge(text) {
    return text.length * 3 > this.maxInput;
  }

  /**
   * The decision for `text` now (see src/edge/decision.rs), over a
   * connection whose client certificate has this SHA-256 (hex; null: none).
   */
  async decide(text, certificateSha256 = null) {
    // Checked by the caller (`handle`): a value the core refuses is a bug here.
    if (!this.edge.setClientCertificate(certificateSha256)) throw new Error('tokenward/edge: unreadable certificate thumbprint');
    if (this.crypto === null) return JSON.parse(this.edge.decide(writeText(text), Date.now()));
    let step = this.edge.begin(writeText(text), Date.now());
    for (;;) {
      const decision = step.decision();
      if (decision !== undefined) {
        step.free();
        return JSON.parse(decision);
      }
      const valid = await this.#hostVerdict(step);
      // `finish` consumes the step (wasm-bindgen frees it).
      step = valid === null
        ? this.edge.finishInCore(step, Date.now())
        : this.edge.finish(step, valid, Date.now());
    }
  }

  /** The host's yes or no on `step`'s signature; null when it cannot import the key. */
  async #hostVerdict(step) {
    const alg = step.alg();
    const key = await this.crypto.key(step.keyId(), alg, () => step.publicJwk() ?? 'null');
    if (key === null) return null;
    try {
      return await this.crypto.verify(alg, key, step.signature(), step.signingInput());
    } catch {
      return false;
    }
  }
}
