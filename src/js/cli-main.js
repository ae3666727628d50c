// The CLI's dispatch: picks the command, parses its flags, runs it, prints
// its outcome (human or --json) and returns the exit status. Nothing here
// touches process: the streams and environment come in as `io`. All output
// goes through cli-output.js, which redacts tokens.
import { readFileSync } from 'node:fs';
import { COMMON_FLAGS, parseFlags } from './cli-args.js';
import { CliError, EXIT_OK, EXIT_REFUSED, describeError, exitStatusOf } from './cli-errors.js';
import { safeLine } from './cli-format.js';
import { write, writeJson, writeStyled } from './cli-output.js';
import { HELP } from './cli-help.js';
import { DECODE_FLAGS, decode } from './cli-decode.js';
import { LINT_FLAGS, lint } from './cli-lint.js';
import { VERIFY_FLAGS, verify } from './cli-verify.js';
import { REVOCATION_FLAGS, revocation } from './cli-revocation.js';

const COMMANDS = {
  decode: { flags: DECODE_FLAGS, run: decode },
  verify: { flags: VERIFY_FLAGS, run: verify },
  lint: { flags: LINT_FLAGS, run: lint },
  revocation: { flags: REVOCATION_FLAGS, run: revocation },
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
      throw new CliError(missing ? 'missing command (decode, verify, lint or revocation)' : `unknown command "${name}" (decode, verify, lint or revocation)`);
    }
    const parsed = parseFlags(args, command.flags);
    if (parsed.values.help) return print(io.stdout, HELP[name]);
    const outcome = await command.run(parsed, io);
    if (json) writeJson(io.stdout, outcome.json);
    else writeStyled(io.stdout, io.env, outcome.human);
    return outcome.status;
  } catch (error) {
    return failure(error, COMMANDS[name] === undefined ? null : name, json, io);
  }
}

/** Prints why no success: JSON on stdout, or a line on stdout (a refused token) or stderr. */
function failure(error, command, json, io) {
  const status = exitStatusOf(error);
  // Messages may quote what was typed, a token included: the output
  // functions redact them, like everything else printed.
  const described = describeError(error);
  if (json) {
    writeJson(io.stdout, { command, error: described });
    return status;
  }
  const text = safeLine(withCode(described));
  if (status === EXIT_REFUSED) {
    writeStyled(io.stdout, io.env, (style) => `${style.bold(style.red('REFUSED'))} ${text}`);
  } else {
    const hint = described.code === 'usage' ? `\n(see tokenward ${command === null ? '' : `${command} `}--help)` : '';
    writeStyled(io.stderr, io.env, (style) => `tokenward: ${style.red(text)}${hint}`);
  }
  return status;
}

/** `code: message`, without repeating a code the message starts with. */
function withCode({ code, message }) {
  return message.startsWith(`${code}:`) ? message : `${code}: ${message}`;
}

function print(stream, text) {
  write(stream, text);
  return EXIT_OK;
}

function version() {
  const { name, version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
  return `${name} ${version}`;
}
