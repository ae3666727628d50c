// `tokenward verify <token> --jwks URL|FILE ...`: the Verifier's verdict.
// Each flag maps onto one Verifier option or per-call input, passed as
// given: the package applies it or refuses it (OptionsError, exit 2).
import { Verifier } from './node.js';
import { numberFlag, timeFlag, tokenArgument } from './cli-args.js';
import { EXIT_OK } from './cli-errors.js';
import { keySetOf, readToken } from './cli-input.js';
import { annotatedJson, claimDates, isoDate } from './cli-format.js';

export const VERIFY_FLAGS = {
  jwks: { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
  issuer: { type: 'string', multiple: true },
  subject: { type: 'string' },
  audience: { type: 'string', multiple: true },
  alg: { type: 'string', multiple: true },
  algorithms: { type: 'string', multiple: true },
  'clock-tolerance': { type: 'string' },
  profile: { type: 'string' },
  typ: { type: 'string' },
  'required-claim': { type: 'string', multiple: true },
  'max-token-age': { type: 'string' },
  'max-age': { type: 'string' },
  'client-id': { type: 'string' },
  'allow-symmetric': { type: 'boolean' },
  nonce: { type: 'string' },
  now: { type: 'string' },
};

/** Verifier options from the flags given; absent flags stay absent (defaults). */
export function verifierOptions(values) {
  const options = {
    issuer: values.issuer?.length === 1 ? values.issuer[0] : values.issuer,
    subject: values.subject,
    audience: values.audience?.length === 1 ? values.audience[0] : values.audience,
    algorithms: algorithmsOf(values),
    clockTolerance: optionalNumber('clock-tolerance', values),
    profile: values.profile,
    typ: values.typ,
    requiredClaims: values['required-claim'],
    maxTokenAge: optionalNumber('max-token-age', values),
    maxAge: optionalNumber('max-age', values),
    clientId: values['client-id'],
    allowSymmetric: values['allow-symmetric'],
  };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/** `--alg ES256 --algorithms RS256,PS256`: one list, in order. */
function algorithmsOf(values) {
  const given = [...(values.alg ?? []), ...(values.algorithms ?? [])];
  return given.length === 0 ? undefined : given.flatMap((value) => value.split(','));
}

function optionalNumber(flag, values) {
  return values[flag] === undefined ? undefined : numberFlag(flag, values[flag]);
}

/** Per-call inputs: `now` (Unix seconds or ISO date) and `nonce`. */
function callOptions(values) {
  return {
    now: values.now === undefined ? Date.now() / 1000 : timeFlag('now', values.now),
    ...(values.nonce === undefined ? {} : { nonce: values.nonce }),
  };
}

export async function verify({ values, positionals }, io) {
  const options = verifierOptions(values);
  const call = callOptions(values);
  const argument = tokenArgument(positionals);
  const jwks = keySetOf(values.jwks, { allowInsecureHttp: values['allow-insecure-http'] });
  const verifier = new Verifier({ jwks, ...options });
  try {
    const token = await readToken(argument, io);
    const { header, claims, kind } = await verifier.verifyAsync(token, call);
    const dates = claimDates(claims);
    const now = { seconds: call.now, date: isoDate(call.now) };
    return {
      status: EXIT_OK,
      json: { command: 'verify', valid: true, kind, header, claims, dates, now },
      human: (style) => [
        `${style.bold(style.green('VALID'))} ${kind} token, checked at ${now.date} (${call.now})`,
        ...unchecked(options).map((note) => style.yellow(note)),
        '',
        style.bold('Header'),
        annotatedJson(header, {}, style),
        '',
        style.bold('Claims'),
        annotatedJson(claims, dates, style),
      ].join('\n'),
    };
  } finally {
    verifier.free();
  }
}

/** What a valid verdict did not cover because no flag asked for it. */
function unchecked(options) {
  const notes = [];
  if (options.issuer === undefined) notes.push('note: no --issuer: any issuer accepted');
  if (options.audience === undefined && options.clientId === undefined) notes.push('note: no --audience: any audience accepted');
  return notes;
}
