// Options cross to wasm as JSON text, and JSON.stringify loses values: NaN
// and ±Infinity become null, functions and symbols vanish, bigints throw.
// Read as "absent", a `clockTolerance: NaN` would silently become the
// default. Each such value is carried instead as {"$unrepresentable": "NaN"}
// (or "Infinity", "function", ...), which every reader on the wasm side
// refuses, naming the option. `undefined` stays absent, as in any JS API.

import { OptionsError } from './errors.js';

const UNREPRESENTABLE = '$unrepresentable';

function carry(key, value) {
  if (typeof value === 'number' && !Number.isFinite(value)) return { [UNREPRESENTABLE]: String(value) };
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    return { [UNREPRESENTABLE]: typeof value };
  }
  return value;
}

/** JSON text of an options object, losing no value (see above). */
export function optionsJson(options) {
  return JSON.stringify(options, carry);
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
