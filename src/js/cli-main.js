// The CLI's dispatch: picks the command, parses its flags, runs it, prints
// its outcome (human or --json) and returns the exit status. Nothing here
// touches process: the streams and environment come in as `io`.
import { readFileSync } from 'node:fs';
import { redact } from './node.js';
import { COMMON_FLAGS, parseFlags } from './cli-args.js';
import { CliError, EXIT_OK, EXIT_REFUSED, describeError, exitStatusOf } from './cli-errors.js';
import { jsonText, safeLine, stylesFor } from './cli-format.js';
import { HELP } from './cli-help.js';
import { DECODE_FLAGS, decode } from './cli-decode.js';
import { LINT_FLAGS, lint } from './cli-lint.js';
import { VERIFY_FLAGS, verify } from './cli-verify.js';

const COMMANDS = {
  decode: { flags: DECODE_FLAGS, run: decode },
  verify: { flags: VERIFY_FLAGS, run: verify },
  lint: { flags: LINT_FLAGS, run: lint },
};

/**
 * Runs one command line.
 * @param {string[]} argv the arguments after the program name
 * @param {{ stdin, stdout, stderr, env }} io
 * @returns {Promise<number>} the exit status
 */
export async function main(argv, io) {
  const [name, ...args] = argv;
  const json = args.includes('--json');
  try {
    if (name === '--version' || name === '-V') return print(io.stdout, version());
    if (name === '--help' || name === '-h' || name === 'help') return print(io.stdout, HELP.main);
    const command = COMMANDS[name];
    if (command === undefined) {
      parseFlags(argv, COMMON_FLAGS); // refuses a stray flag first
      const missing = name === undefined || name.startsWith('-');
      throw new CliError(missing ? 'missing command (decode, verify or lint)' : `unknown command "${name}" (decode, verify or lint)`);
    }
    const parsed = parseFlags(args, command.flags);
    if (parsed.values.help) return print(io.stdout, HELP[name]);
    const outcome = await command.run(parsed, io);
    if (json) print(io.stdout, jsonText(outcome.json));
    else print(io.stdout, outcome.human(stylesFor(io.stdout, io.env)));
    return outcome.status;
  } catch (error) {
    return failure(error, COMMANDS[name] === undefined ? null : name, json, io);
  }
}

/** Prints why no success: JSON on stdout, or a line on stdout (a refused token) or stderr. */
function failure(error, command, json, io) {
  const status = exitStatusOf(error);
  // Messages may quote what was typed, a token included: redact, always.
  const { code, message } = describeError(error);
  const described = { code, message: redact(message) };
  if (json) {
    print(io.stdout, jsonText({ command, error: described }));
    return status;
  }
  const stream = status === EXIT_REFUSED ? io.stdout : io.stderr;
  const style = stylesFor(stream, io.env);
  const text = safeLine(withCode(described));
  if (status === EXIT_REFUSED) {
    print(stream, `${style.bold(style.red('REFUSED'))} ${text}`);
  } else {
    const hint = code === 'usage' ? `\n(see tokenward ${command === null ? '' : `${command} `}--help)` : '';
    print(stream, `tokenward: ${style.red(text)}${hint}`);
  }
  return status;
}

/** `code: message`, without repeating a code the message starts with. */
function withCode({ code, message }) {
  return message.startsWith(`${code}:`) ? message : `${code}: ${message}`;
}

function print(stream, text) {
  stream.write(`${text}\n`);
  return EXIT_OK;
}

function version() {
  const { name, version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
  return `${name} ${version}`;
}
