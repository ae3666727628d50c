// The one way the CLI prints: every line, on stdout or stderr, human or
// JSON, goes through the package's `redact` first. A token can turn up in
// any of them: quoted in a usage error (typed where a flag or the command
// goes), in a file name or URL, or nested in a claim that `decode` shows.
import { redact } from './node.js';
import { jsonText, stylesFor } from './cli-format.js';

/** Styling functions that add nothing. */
const PLAIN = stylesFor({ isTTY: false }, {});

/** Writes `text` and a newline to `stream`, token-shaped strings masked. */
export function write(stream, text) {
  stream.write(`${redact(text)}\n`);
}

/**
 * Writes `render(style)`, coloured when `stream` is a terminal. Redaction
 * reads the plain text: a colour code glued to a token (`\u001b[0meyJ...`)
 * would hide where the token starts. When it masked something, the plain
 * text is written, without colours.
 */
export function writeStyled(stream, env, render) {
  const plain = render(PLAIN);
  const safe = redact(plain);
  stream.write(`${safe === plain ? render(stylesFor(stream, env)) : safe}\n`);
}

/**
 * Writes `value` as JSON with every string in it (member names included)
 * redacted on its own. Not the JSON text: `"code": "expired"` is the CLI's
 * error code, not an authorization code to mask.
 */
export function writeJson(stream, value) {
  stream.write(`${jsonText(redactStrings(value))}\n`);
}

function redactStrings(value) {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([name, member]) => [redact(name), redactStrings(member)]));
}
