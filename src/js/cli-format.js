// Output of the CLI: JSON with ISO dates beside time claims, colours only
// on a terminal, and no control characters from a token ever reaching one.

/** Claims holding NumericDate values (RFC 7519 §2, OpenID Connect Core §5.1). */
const TIME_CLAIMS = ['exp', 'nbf', 'iat', 'auth_time', 'updated_at'];

/** Largest |milliseconds| a JS Date holds. */
const MAX_DATE_MS = 8.64e15;

/** `2026-01-01T01:00:00Z` for Unix seconds, or undefined when not a date. */
export function isoDate(seconds) {
  if (typeof seconds !== 'number' || !(Math.abs(seconds * 1000) <= MAX_DATE_MS)) return undefined;
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** `{ exp: '2026-...Z', ... }` for the time claims that hold a number. */
export function claimDates(claims) {
  const dates = {};
  for (const name of TIME_CLAIMS) {
    const date = isoDate(claims?.[name]);
    if (date !== undefined) dates[name] = date;
  }
  return dates;
}

// C0 controls other than newline and tab, DEL, C1 controls (U+009B is a
// one-byte CSI on many terminals), bidirectional overrides that reorder
// what a reviewer reads, and invisible characters that make
// `https://issuer.example\u200b` look like the real issuer.
// JSON.stringify escapes only U+0000-U+001F.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * `text` with every character a terminal could act on written as `\uXXXX`.
 * Applied to everything from a token or an error before styling is added.
 */
export function safeText(text) {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `safeText` on one line: newlines and tabs escaped too, so that a claim
 * name quoted in a message cannot start a line of its own (a forged
 * `passes: ...` verdict line).
 */
export function safeLine(text) {
  return safeText(text).replace(/[\n\t]/g, (c) => (c === '\n' ? '\\n' : '\\t'));
}

/** JSON text, safe for a terminal and still valid JSON (the escapes sit in strings). */
export function jsonText(value) {
  return safeText(JSON.stringify(value, null, 2));
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 };

/**
 * Styling functions: ANSI colours when `stream` is a terminal and NO_COLOR
 * is unset or empty (no-color.org), identity otherwise.
 */
export function stylesFor(stream, env) {
  const on = stream.isTTY === true && !env.NO_COLOR;
  const style = {};
  for (const [name, code] of Object.entries(CODES)) {
    style[name] = on ? (text) => `\u001b[${code}m${text}\u001b[0m` : (text) => text;
  }
  return style;
}

/**
 * An object as indented JSON with `dates[name]` after its top-level member
 * `name`, e.g. `"exp": 1767229200,  (2026-01-01T01:00:00Z)`. Human output
 * only: the notes make it not JSON.
 */
export function annotatedJson(object, dates, style) {
  const entries = Object.entries(object);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([name, value], index) => {
    const text = jsonText(value).replace(/\n/g, '\n  ');
    const comma = index < entries.length - 1 ? ',' : '';
    const note = dates[name] === undefined ? '' : `  ${style.dim(`(${dates[name]})`)}`;
    return `  ${style.cyan(jsonText(name))}: ${text}${comma}${note}`;
  });
  return `{\n${lines.join('\n')}\n}`;
}
