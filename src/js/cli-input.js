// What the CLI reads: the token (an argument, or stdin for `-`) and the
// key set (a URL fetched by RemoteKeySet, or a JWK Set file).
import { readFileSync } from 'node:fs';
import { OptionsError, RemoteKeySet } from './node.js';
import { CliError } from './cli-errors.js';
import { write } from './cli-output.js';

/**
 * Most characters read from stdin: far above the 16 KiB token the Verifier
 * takes by default, so that a file piped by mistake is not read whole into
 * memory.
 */
const STDIN_LIMIT = 1 << 20;

/** The token: `argument` itself, or stdin when it is `-` (trimmed). */
export async function readToken(argument, { stdin, stderr }) {
  if (argument !== '-') return argument;
  if (stdin.isTTY) write(stderr, 'tokenward: paste the token, then Enter and Ctrl-D');
  let text = '';
  try {
    stdin.setEncoding('utf8');
    for await (const chunk of stdin) {
      text += chunk;
      if (text.length > STDIN_LIMIT) throw new Error(`more than ${STDIN_LIMIT} characters, not a token`);
    }
  } catch (error) {
    throw new CliError(`cannot read the token from stdin: ${error.message}`, 'input_unreadable');
  }
  const token = text.trim();
  if (token === '') throw new CliError('no token on stdin', 'input_unreadable');
  return token;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * `--jwks`: a URL becomes a RemoteKeySet, with its rule (https://, or
 * http:// to loopback only unless `allowInsecureHttp`; anything else an
 * OptionsError); any other value is a file whose JSON text the Verifier
 * parses and checks.
 */
export function keySetOf(source, { allowInsecureHttp }) {
  if (source === undefined) throw new CliError('verify needs --jwks URL|FILE');
  if (URL_SCHEME.test(source)) return remoteKeySet(source, allowInsecureHttp);
  if (allowInsecureHttp !== undefined) throw new CliError('--allow-insecure-http applies only to a --jwks URL');
  try {
    return readFileSync(source, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the key set file ${source}: ${error.code ?? error.message}`, 'input_unreadable');
  }
}

function remoteKeySet(url, allowInsecureHttp) {
  try {
    return new RemoteKeySet(url, allowInsecureHttp === undefined ? {} : { allowInsecureHttp });
  } catch (error) {
    // An unparsable URL is a TypeError from `new URL`, not an OptionsError.
    if (error instanceof OptionsError) throw error;
    throw new CliError(`--jwks: not a valid URL: ${url}`);
  }
}
