// The bridge to the wasm module: initialisation state and the token input
// buffer. Strings are written with TextEncoder.encodeInto straight into a
// buffer the wasm side owns (~0.1 µs for a 1 KB token) instead of letting
// wasm-bindgen copy each `&str` (~3 µs, measured with `make bench-js`): at cache-hit
// speed that difference is most of the call.
import * as glue from './tokenward.js';
import { OptionsError } from './errors.js';
import { webCrypto } from './webcrypto.js';

/** `len` value that tells the wasm side to read the long-token slot. */
const LONG_INPUT = 0xffffffff;

const encoder = new TextEncoder();
let ready = false;
let memory = null;
let inputPtr = 0;
let inputCapacity = 0;
let inputView = null;

/**
 * The signature primitive of verifyAsync: `{ key(keyId, alg, readJwk),
 * verify(alg, key, signature, data) }`, each may return a promise. WebCrypto
 * by default; the node entry installs node:crypto (faster there).
 */
let hostCrypto = webCrypto;

export function useHostCrypto(provider) {
  hostCrypto = provider;
}

export function host() {
  return hostCrypto;
}

/** Called by each entry point once the wasm module is instantiated. */
export function markReady() {
  memory = glue.wasmMemory();
  inputPtr = glue.inputBuffer();
  inputCapacity = glue.inputCapacity();
  inputView = new Uint8Array(memory.buffer, inputPtr, inputCapacity);
  ready = true;
}

export function isReady() {
  return ready;
}

/** The glue, once initialised; a clear error before (browsers: `await init()`). */
export function wasm() {
  if (!ready) {
    throw new Error('tokenward is not initialised: `await init()` first (browsers and bundlers)');
  }
  return glue;
}

/**
 * The error for a part this build leaves out (tokenward/slim, tokenward/spa,
 * the browser build of 'tokenward'): it names the JS entry that has it
 * (`where`), the fix a caller can make, never a cargo feature.
 */
export function unsupported(what, where = "'tokenward'") {
  return new OptionsError(`${what} is not in this build of tokenward: import it from ${where}`, 'unsupported');
}

function view() {
  // Growing wasm memory detaches the old ArrayBuffer (byteLength 0).
  if (inputView.byteLength === 0) {
    inputView = new Uint8Array(memory.buffer, inputPtr, inputCapacity);
  }
  return inputView;
}

/**
 * Writes `token` where the wasm side reads its input; returns the `len` to
 * pass. Tokens that do not fit take the copying path; the core applies the
 * length cap either way.
 */
export function writeToken(token) {
  if (typeof token !== 'string') {
    throw new OptionsError('token must be a string', 'invalid_argument');
  }
  return writeText(token);
}

/**
 * Writes any text where the wasm side reads its input (a token, or
 * tokenward/edge's request text); returns the `len` to pass.
 */
export function writeText(text) {
  wasm();
  const { read, written } = encoder.encodeInto(text, view());
  if (read === text.length) return written;
  glue.setLongInput(text);
  return LONG_INPUT;
}

/** A copy of the first `n` bytes of `token`, just written as `len`. */
export function inputBytes(token, len, n) {
  if (len !== LONG_INPUT) return view().slice(0, n);
  // The signing input is ASCII: n characters are n bytes.
  return encoder.encode(token.slice(0, n));
}
