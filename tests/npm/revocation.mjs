// The revocation list through the package, as a user imports it: a `sid`,
// `sub` or `jti` that is not a string is refused `bad_claim_type` (never
// matched as "not listed"), and a token issued at the revoked-before time
// is revoked. The same verdict from verify, verifyAsync and a cached
// Verifier (miss, then hit).
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { verdictCodes } from './verdict-code.mjs';

const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
const { RevocationList, TokenError, Verifier } = await import(target);

const NOW = 1_800_000_000;
const T = NOW - 100;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwks = { keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'es', alg: 'ES256' }] };
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(claims) {
  const input = `${b64({ alg: 'ES256', kid: 'es' })}.${b64({ sub: 'u', exp: NOW + 600, ...claims })}`;
  const signature = sign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

async function verdicts(list, claims) {
  const plain = new Verifier({ jwks, revocation: list });
  const cached = new Verifier({ jwks, revocation: list, cache: { maxEntries: 5 } });
  const t = token(claims);
  const { codeOf: code } = verdictCodes(TokenError);
  return [
    code(() => plain.verify(t, { now: NOW })),
    await plain.verifyAsync(t, { now: NOW }).then(() => 'ok', (error) => error.code),
    code(() => cached.verify(t, { now: NOW })),
    code(() => cached.verify(t, { now: NOW })),
  ];
}

const lists = {
  sid: RevocationList.fromJSON({ sid: { s1: T } }),
  sub: RevocationList.fromJSON({ sub: { u: T } }),
  empty: RevocationList.fromJSON({}),
};
const cases = [
  // A claim of another type never passes for "not listed".
  ['sid', { sid: ['s1'], iat: T - 100 }, 'bad_claim_type'],
  ['sid', { sid: 1, iat: T - 100 }, 'bad_claim_type'],
  ['sid', { sid: { id: 's1' }, iat: T - 100 }, 'bad_claim_type'],
  ['empty', { sid: ['s1'], iat: T - 100 }, 'bad_claim_type'],
  ['sid', { jti: 1, iat: T - 100 }, 'bad_claim_type'],
  ['sub', { sub: ['u'], iat: T - 100 }, 'bad_claim_type'],
  ['sid', { sid: 's1', iat: T - 100 }, 'revoked'],
  ['sid', { sid: 's1' }, 'revoked'],
  // The boundary: issued at the revoked-before time is revoked.
  ['sid', { sid: 's1', iat: T }, 'revoked'],
  ['sub', { iat: T }, 'revoked'],
  ['sub', { iat: T - 0.5 }, 'revoked'],
  ['sub', { iat: T + 0.5 }, 'ok'],
  ['sid', { sid: 's1', iat: T + 1 }, 'ok'],
  ['sid', { sid: 's2', iat: T - 100 }, 'ok'],
  ['empty', { sid: 's1', iat: T - 100 }, 'ok'],
];
for (const [list, claims, expected] of cases) {
  test(`${list} list, ${JSON.stringify(claims)}: ${expected} from verify, verifyAsync and the cache`, async () => {
    const got = await verdicts(lists[list], claims);
    assert.deepEqual(got, [expected, expected, expected, expected]);
  });
}
