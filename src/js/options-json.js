// Options objects, read as JavaScript reads them, then sent to wasm as JSON.
//
// Reading: `JSON.stringify` and `Object.keys` see own enumerable members
// only, so an issuer inherited from a defaults object
// (`Object.create(defaults)`), a getter of a config class, or a member
// defined non-enumerable would be dropped, and the verifier built without
// that check. `readOptions` reads every member the way `options.issuer`
// does (own or inherited, getters included), each once, into a plain
// object; the prototype chain is walked up to, not into, Object.prototype,
// so a polluted Object.prototype configures nothing.
//
// Sending: JSON.stringify loses values: NaN and ±Infinity become null,
// functions and symbols vanish, bigints throw. Read as "absent", a
// `clockTolerance: NaN` would silently become the default. Each such value
// is carried instead as {"$unrepresentable": "NaN"} (or "Infinity",
// "function", "a String object", ...), which every reader on the wasm side
// refuses, naming the option. `undefined` stays absent, as in any JS API.

import { OptionsError } from './errors.js';

const UNREPRESENTABLE = '$unrepresentable';

/** A value as a JS developer names it in an error message. */
export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value;
}

function carry(key, value) {
  if (typeof value === 'number' && !Number.isFinite(value)) return { [UNREPRESENTABLE]: String(value) };
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    return { [UNREPRESENTABLE]: typeof value };
  }
  // JSON.stringify would unwrap them into the primitive: not the JS type asked for.
  for (const Wrapper of [String, Number, Boolean]) {
    if (value instanceof Wrapper) return { [UNREPRESENTABLE]: `a ${Wrapper.name} object` };
  }
  return value;
}

/** JSON text of an options object, read as JS reads it, losing no value. */
export function optionsJson(options) {
  const read = options !== null && typeof options === 'object' && !Array.isArray(options) ? readOptions(options, 'options') : options;
  return JSON.stringify(read, carry);
}

/**
 * Every member of `options` as `options[name]` reads it: own and inherited
 * (up to Object.prototype), enumerable or not, getters called once.
 * Methods inherited from a class are not options and are skipped, except
 * the members named in `functions`: options whose value is a function
 * (`fetch`, `refresh`, ...) are read wherever they sit, as a class method,
 * on a prototype or by a getter, as `options.fetch` reads them. Skipping
 * them would silently drop the caller's transport or callback.
 * @param {object} options
 * @param {string} what the options object, as errors name it
 * @param {{functions?: string[]}} [kinds]
 * @throws {OptionsError} `options` is not a plain object (null, an array,
 *   a primitive), or has a symbol-keyed member of its own.
 */
export function readOptions(options, what, { functions = [] } = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new OptionsError(`${what} must be an object (got ${describe(options)})`);
  }
  const read = Object.create(null);
  for (let level = options; level !== null && level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const name of Reflect.ownKeys(level)) {
      if (typeof name === 'symbol') {
        if (level === options) throw new OptionsError(`${what} has a symbol-keyed member; options are named by strings`);
        continue;
      }
      if (name in read) continue;
      const inherited = level !== options;
      // A class's `constructor` and methods are not options; an own
      // member is one, whatever its name or value.
      if (inherited && name === 'constructor') continue;
      const value = options[name];
      if (inherited && typeof value === 'function' && !functions.includes(name)) continue;
      read[name] = value;
    }
  }
  return read;
}

/**
 * Refuses a member `options` does not know: a misspelt name must not
 * silently leave a check out.
 */
export function knownMembers(options, what, known) {
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw new OptionsError(`unknown option ${name} in ${what} (known: ${known.join(', ')})`);
    }
  }
}
