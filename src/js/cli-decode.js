// `tokenward decode <token>`: header and payload, NOT verified.
import { decodeUnverified } from './node.js';
import { tokenArgument } from './cli-args.js';
import { EXIT_OK } from './cli-errors.js';
import { readToken } from './cli-input.js';
import { annotatedJson, claimDates } from './cli-format.js';

export const DECODE_FLAGS = {};

const WARNING = 'UNVERIFIED: decoded without checking the signature or any claim; nothing here may be trusted';

export async function decode({ positionals }, io) {
  const token = await readToken(tokenArgument(positionals), io);
  const { header, claims, tokenLength, signatureLength } = decodeUnverified(token);
  const dates = claimDates(claims);
  return {
    status: EXIT_OK,
    json: { command: 'decode', unverified: true, header, claims, dates, tokenLength, signatureLength },
    human: (style) => [
      style.bold(style.yellow(WARNING)),
      '',
      style.bold('Header'),
      annotatedJson(header, {}, style),
      '',
      style.bold('Payload'),
      annotatedJson(claims, dates, style),
      '',
      style.dim(`${tokenLength} bytes, signature ${signatureLength} bytes`),
    ].join('\n'),
  };
}
