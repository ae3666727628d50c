// Command-line parsing with node:util parseArgs: each command's flags are
// declared once, strictly (an unknown flag is refused, never ignored), and
// values are turned into numbers or times here. Whether a value is
// acceptable (whole seconds, a known profile, ...) is the Verifier's rule,
// not this file's.
import { parseArgs } from 'node:util';
import { CliError } from './cli-errors.js';

/** Flags every command takes. */
export const COMMON_FLAGS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

/**
 * `{ values, positionals }` of `args` against `flags` (plus COMMON_FLAGS).
 * @throws {CliError} `usage` for an unknown flag or a missing value
 */
export function parseFlags(args, flags) {
  try {
    return parseArgs({ args, options: { ...COMMON_FLAGS, ...flags }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(error.message);
  }
}

/** The one token argument (a token or `-`). */
export function tokenArgument(positionals) {
  if (positionals.length === 0) throw new CliError('missing <token> (or - to read it from stdin)');
  if (positionals.length > 1) throw new CliError(`expected one <token>, got ${positionals.length} arguments`);
  return positionals[0];
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number; anything else (hex, words, empty) is a usage error. */
export function numberFlag(flag, value) {
  if (!DECIMAL.test(value)) throw new CliError(`--${flag} expects a number (got "${value}")`);
  return Number(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// A time of day needs its zone: a local time would give a different
// verdict on another machine.
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Unix seconds from `1767225600`, `2026-01-01` (midnight UTC) or
 * `2026-01-01T10:00:00Z` / `...+02:00`.
 */
export function timeFlag(flag, value) {
  if (DECIMAL.test(value)) return Number(value);
  const date = ISO_DATE.test(value) ? value : ISO_DATE_TIME.exec(value)?.[1];
  const ms = date === undefined ? NaN : Date.parse(date === value ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms) || !isCalendarDate(date)) {
    throw new CliError(`--${flag} expects Unix seconds or an ISO 8601 date, with Z or an offset after a time (got "${value}")`);
  }
  return ms / 1000;
}

/** Date.parse rolls 2026-02-30 over into March: a date must round-trip. */
function isCalendarDate(date) {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}
