// `tokenward lint <token>`: the core's hygiene findings, read WITHOUT
// verifying. Exit 1 when a finding reaches --fail-on (default `error`).
import { lint as lintToken } from './node.js';
import { tokenArgument } from './cli-args.js';
import { CliError, EXIT_OK, EXIT_REFUSED } from './cli-errors.js';
import { readToken } from './cli-input.js';
import { safeLine } from './cli-format.js';

export const LINT_FLAGS = { 'fail-on': { type: 'string' } };

/** The core's severities, mildest first. */
const SEVERITIES = ['info', 'warning', 'error'];

export async function lint({ values, positionals }, io) {
  const failOn = values['fail-on'] ?? 'error';
  const threshold = SEVERITIES.indexOf(failOn);
  if (threshold < 0) throw new CliError(`--fail-on expects one of ${SEVERITIES.join(', ')} (got "${failOn}")`);
  const token = await readToken(tokenArgument(positionals), io);
  const report = lintToken(token);
  const failed = report.findings.some((finding) => SEVERITIES.indexOf(finding.severity) >= threshold);
  return {
    status: failed ? EXIT_REFUSED : EXIT_OK,
    json: { command: 'lint', failOn, failed, ...report },
    human: (style) => humanReport(report, failOn, failed, style),
  };
}

function humanReport(report, failOn, failed, style) {
  const colour = { info: style.cyan, warning: style.yellow, error: style.red };
  const { findings, tokenKind, tokenLength, headerBytes, claimsBytes } = report;
  const lines = [
    `${style.bold('lint')} (read WITHOUT verifying): ${findings.length} finding(s), worst ${report.worst ?? 'none'}`,
    style.dim(`token kind ${tokenKind}, ${tokenLength} bytes (header ${headerBytes}, claims ${claimsBytes})`),
  ];
  for (const { severity, code, claim, message } of findings) {
    const where = claim === undefined ? '' : ` [${safeLine(claim)}]`;
    const label = colour[severity] ?? String;
    lines.push(`  ${label(safeLine(severity).padEnd(7))} ${style.bold(safeLine(code))}${where}: ${safeLine(message)}`);
  }
  lines.push(failed ? style.red(`fails: a finding at ${failOn} level or above`) : style.green(`passes: nothing at ${failOn} level or above`));
  return lines.join('\n');
}
