// Every option is applied or refused, through the packed package: `npm pack`
// of pkg/, installed into a temporary project, then `import ... from
// 'tokenward'` exactly as a user would. Checks that
//   - option mistakes (empty audience list or strings, NaN, Infinity,
//     negative or fractional durations and sizes, null, functions, bigints,
//     unknown names, `now` in milliseconds) throw OptionsError with code
//     `invalid_options` and a message naming the option in JS terms;
//   - `nonce`, `accessToken` (fail closed on a missing `at_hash`) and
//     `maxAge` apply in every profile, with verify and verifyAsync;
//   - the largest durations are applied as large, never wrapped.
// Tokens are signed here (HS256 with the fixture's secret, node:crypto).
//
// Usage: node tests/npm/options.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { jwks, cases } = JSON.parse(readFileSync(join(ROOT, 'tests/differential/cases.json'), 'utf8'));

let work;
let tw;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'tokenward-options-'));
  const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work, join(ROOT, 'pkg')], ROOT).trim().split('\n').pop();
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--silent', '--no-audit', '--no-fund', '--offline', join(work, tarball)], app);
  // A module of the user's project, resolving 'tokenward' as they would.
  writeFileSync(join(app, 'use.mjs'), "export * from 'tokenward';\n");
});

before(async () => {
  tw = await import(pathToFileURL(join(work, 'app', 'use.mjs')).href);
});

after(() => rmSync(work, { recursive: true, force: true }));

// ---- tokens --------------------------------------------------------------------

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'api://tokenward';
const NOW = 1_767_225_600;
const SECRET = Buffer.from(jwks.hmac.keys.find((k) => k.kid === 'hs256').k, 'base64url');
const HMAC_JWKS = { keys: jwks.hmac.keys.filter((k) => k.kid === 'hs256') };
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(claims, header = {}) {
  const input = `${b64({ alg: 'HS256', kid: 'hs256', ...header })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

/** at_hash for HS256: the left half of SHA-256, base64url. */
const atHash = (accessToken) => createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');

const BASE = { iss: ISSUER, aud: AUDIENCE, sub: 'user-1', iat: NOW - 60, exp: NOW + 3600 };
const HMAC_OPTIONS = { jwks: HMAC_JWKS, algorithms: ['HS256'], allowSymmetric: true, issuer: ISSUER };

/** One verifier per profile, each with a way to sign a token it otherwise accepts. */
function profiles(extraOptions = {}) {
  return [
    {
      name: 'jwt (no clientId)',
      verifier: new tw.Verifier({ ...HMAC_OPTIONS, audience: AUDIENCE, ...extraOptions }),
      token: (extra) => sign({ ...BASE, ...extra }),
    },
    {
      name: 'at+jwt',
      verifier: new tw.Verifier({ ...HMAC_OPTIONS, audience: AUDIENCE, profile: 'at+jwt', ...extraOptions }),
      token: (extra) => sign({ ...BASE, client_id: 'spa', jti: 'j-1', ...extra }, { typ: 'at+jwt' }),
    },
    {
      name: 'id_token (clientId)',
      verifier: new tw.Verifier({ ...HMAC_OPTIONS, clientId: AUDIENCE, ...extraOptions }),
      token: (extra) => sign({ ...BASE, ...extra }),
    },
  ];
}

/** The verdict of verify and of verifyAsync, which must agree. */
async function verdict(verifier, token, options) {
  const codeOf = (error) => {
    if (error instanceof tw.TokenError || error instanceof tw.OptionsError) return error.code;
    throw error;
  };
  let sync = 'ok';
  try {
    verifier.verify(token, options);
  } catch (error) {
    sync = codeOf(error);
  }
  let async = 'ok';
  try {
    await verifier.verifyAsync(token, options);
  } catch (error) {
    async = codeOf(error);
  }
  assert.equal(async, sync, 'verify and verifyAsync disagree');
  return sync;
}

/** Asserts `fn` throws OptionsError(invalid_options) with a message matching `message`. */
function refused(fn, message) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof tw.OptionsError, `not an OptionsError: ${error}`);
    assert.ok(error instanceof TypeError);
    assert.equal(error.code, 'invalid_options', error.message);
    assert.match(error.message, message);
    assert.doesNotMatch(error.message, /line \d+ column|expected u64|invalid type/);
    return true;
  });
}

// ---- refusals --------------------------------------------------------------------

test('constructor options outside their rule are refused, named in JS terms', () => {
  const table = [
    [{ audience: [] }, /^audience must be a non-empty string or a non-empty array/],
    [{ audience: '' }, /^audience must be a non-empty string .*\(got an empty string\)/],
    [{ audience: [AUDIENCE, ''] }, /^audience must be/],
    [{ issuer: '' }, /^issuer must be a non-empty string/],
    [{ issuer: null }, /^issuer must be a non-empty string or a non-empty array of non-empty strings \(got null\)/],
    [{ issuer: () => ISSUER }, /^issuer must be a non-empty string or a non-empty array of non-empty strings \(got function\)/],
    [{ clockTolerance: NaN }, /^clockTolerance must be a whole number of seconds ≥ 0 or a duration string .*\(got NaN\)/],
    [{ clockTolerance: Infinity }, /^clockTolerance must be a whole number of seconds ≥ 0 or a duration string .*\(got Infinity\)/],
    [{ clockTolerance: -1 }, /^clockTolerance must be a whole number of seconds ≥ 0 or a duration string .*\(got -1\)/],
    [{ clockTolerance: 1.5 }, /^clockTolerance must be a whole number of seconds ≥ 0 or a duration string .*\(got 1.5\)/],
    [{ clockTolerance: 5n }, /^clockTolerance must be a whole number of seconds ≥ 0 or a duration string .*\(got bigint\)/],
    [{ clockTolerance: '5' }, /^clockTolerance must be a whole number of seconds ≥ 0 or a duration string .*\(got "5"\)/],
    [{ maxTokenAge: NaN }, /^maxTokenAge must be a whole number of seconds ≥ 0/],
    [{ maxTokenAge: -60 }, /^maxTokenAge must be a whole number of seconds ≥ 0/],
    [{ maxAge: -Infinity }, /^maxAge must be a whole number of seconds ≥ 0 or a duration string .*\(got -Infinity\)/],
    [{ maxAge: 0.5 }, /^maxAge must be a whole number of seconds ≥ 0/],
    [{ maxTokenLength: 0 }, /^maxTokenLength must be a whole number of bytes ≥ 1/],
    [{ maxTokenLength: NaN }, /^maxTokenLength must be a whole number of bytes ≥ 1 \(got NaN\)/],
    [{ maxTokenLength: 2 ** 60 }, /^maxTokenLength must be/],
    [{ cache: { maxEntries: NaN } }, /^cache\.maxEntries must be a whole number of entries ≥ 1 \(got NaN\)/],
    [{ cache: { maxEntries: 0 } }, /^cache\.maxEntries must be a whole number of entries ≥ 1/],
    [{ cache: { maxEntrys: 5 } }, /^unknown option cache\.maxEntrys/],
    [{ audiance: AUDIENCE }, /^unknown option audiance in Verifier options/],
    [{ requireExp: 'no' }, /^requireExp must be true or false/],
    [{ profile: 'jwt', clientId: 'spa' }, /^clientId selects the ID-token profile/],
  ];
  for (const [options, message] of table) {
    refused(() => new tw.Verifier({ jwks: jwks.main, ...options }), message);
  }
});

test('per-call options outside their rule are refused by verify and verifyAsync', async () => {
  const es = cases.find((c) => c.name === 'alg-ES256/valid');
  const verifier = new tw.Verifier({ jwks: jwks.main, ...es.options });
  const table = [
    [{ now: es.now * 1000 }, /^now must be Unix seconds.*Date\.now\(\) \/ 1000/],
    [{ now: Date.now() }, /^now must be Unix seconds/],
    [{ now: NaN }, /^now must be Unix seconds.*\(got NaN\)/],
    [{ now: -Infinity }, /^now must be Unix seconds/],
    [{ now: -1 }, /^now must be Unix seconds/],
    [{ now: String(es.now) }, /^now must be a number of Unix seconds/],
    [{ now: es.now, nonce: '' }, /^nonce must be a non-empty string/],
    [{ now: es.now, accessToken: 42 }, /^accessToken must be a non-empty string/],
    [{ now: es.now, nonse: 'n-1' }, /^unknown option nonse in verify options/],
    [{ now: es.now, audience: 'other' }, /^unknown option audience in verify options/],
  ];
  for (const [options, message] of table) {
    refused(() => verifier.verify(es.token, options), message);
    await assert.rejects(verifier.verifyAsync(es.token, options), (error) => {
      assert.equal(error.code, 'invalid_options');
      assert.match(error.message, message);
      return true;
    });
  }
  // Refused before the token is looked at: a malformed token changes nothing.
  refused(() => verifier.verify('not-a-token', { now: NaN }), /^now must be Unix seconds/);
  await assert.rejects(verifier.verifyAsync('x.y.z', { now: NaN }), { code: 'invalid_options' });
  assert.equal(await verdict(verifier, es.token, { now: es.now }), 'ok');
});

test('RemoteKeySet and decodeUnverified options are refused the same way', () => {
  const url = 'http://127.0.0.1:9/jwks';
  const table = [
    [{ timeout: NaN }, /^timeout must be a whole number of milliseconds ≥ 1 \(got NaN\)/],
    [{ timeout: 0 }, /^timeout must be a whole number of milliseconds ≥ 1/],
    [{ timeout: 2 ** 40 }, /^timeout must be at most 2147483647 milliseconds/],
    [{ cooldown: -1 }, /^cooldown must be a whole number of milliseconds ≥ 0/],
    [{ cacheMaxAge: 1.5 }, /^cacheMaxAge must be a whole number of milliseconds ≥ 0/],
    [{ staleIfError: Infinity }, /^staleIfError must be a whole number of milliseconds ≥ 0 \(got Infinity\)/],
    [{ timout: 5 }, /^unknown option timout in RemoteKeySet options/],
    [{ fetch: 'curl' }, /^fetch must be a function/],
  ];
  for (const [options, message] of table) {
    refused(() => new tw.RemoteKeySet(url, options), message);
  }
  const es = cases.find((c) => c.name === 'alg-ES256/valid');
  for (const maxTokenLength of [-1, 0, 1.5, NaN]) {
    refused(() => tw.decodeUnverified(es.token, { maxTokenLength }), /^maxTokenLength must be/);
  }
  refused(() => tw.decodeUnverified(es.token, { maxLength: 10 }), /^unknown option maxLength/);
  assert.throws(() => tw.decodeUnverified(es.token, { maxTokenLength: 10 }), { code: 'too_large' });
});

// ---- checks applied in every profile ---------------------------------------------

test('a nonce passed is checked in every profile', async () => {
  const now = { now: NOW };
  for (const { name, verifier, token } of profiles()) {
    assert.equal(await verdict(verifier, token({ nonce: 'n-1' }), { ...now, nonce: 'n-1' }), 'ok', name);
    for (const nonce of ['n-2', 1, ['n-1'], null, undefined]) {
      const code = await verdict(verifier, token({ nonce }), { ...now, nonce: 'n-1' });
      assert.equal(code, 'nonce_mismatch', `${name}: nonce ${JSON.stringify(nonce)}`);
    }
  }
});

test('an access token passed needs a matching at_hash in every profile (fail closed)', async () => {
  const call = { now: NOW, accessToken: 'the-access-token' };
  for (const { name, verifier, token } of profiles()) {
    assert.equal(await verdict(verifier, token({ at_hash: atHash('the-access-token') }), call), 'ok', name);
    assert.equal(await verdict(verifier, token({ at_hash: atHash('another') }), call), 'at_hash_mismatch', name);
    assert.equal(await verdict(verifier, token({}), call), 'missing_claim', name);
    assert.throws(() => verifier.verify(token({}), call), /at_hash/);
    // Not passed: at_hash is not looked at.
    assert.equal(await verdict(verifier, token({ at_hash: 'anything' }), { now: NOW }), 'ok', name);
  }
});

test('maxAge is applied in every profile, not refused without clientId', async () => {
  for (const { name, verifier, token } of profiles({ maxAge: 300, clockTolerance: 5 })) {
    assert.equal(await verdict(verifier, token({ auth_time: NOW - 305 }), { now: NOW }), 'ok', name);
    assert.equal(await verdict(verifier, token({ auth_time: NOW - 306 }), { now: NOW }), 'auth_time_too_old', name);
    assert.equal(await verdict(verifier, token({}), { now: NOW }), 'missing_claim', name);
    assert.equal(await verdict(verifier, token({ auth_time: 'yesterday' }), { now: NOW }), 'bad_claim_type', name);
  }
});

test('the largest durations are applied as large, never wrapped', async () => {
  const huge = Number.MAX_SAFE_INTEGER;
  for (const { name, verifier, token } of profiles({ maxAge: huge, clockTolerance: huge, maxTokenAge: huge })) {
    assert.equal(await verdict(verifier, token({ auth_time: 0, iat: 0 }), { now: NOW }), 'ok', name);
  }
  const verifier = new tw.Verifier({ ...HMAC_OPTIONS, maxAge: 0 });
  assert.equal(await verdict(verifier, sign({ ...BASE, auth_time: NOW }), { now: NOW }), 'ok');
  assert.equal(await verdict(verifier, sign({ ...BASE, auth_time: NOW - 1 }), { now: NOW }), 'auth_time_too_old');
});

test('an audience list is applied; leaving audience out is the only way to skip it', async () => {
  const listed = new tw.Verifier({ ...HMAC_OPTIONS, audience: ['other', AUDIENCE] });
  assert.equal(await verdict(listed, sign(BASE), { now: NOW }), 'ok');
  assert.equal(await verdict(listed, sign({ ...BASE, aud: 'elsewhere' }), { now: NOW }), 'bad_audience');
  const { aud, ...noAud } = BASE;
  assert.equal(await verdict(listed, sign(noAud), { now: NOW }), 'missing_claim');
  const unchecked = new tw.Verifier({ ...HMAC_OPTIONS, audience: undefined });
  assert.equal(await verdict(unchecked, sign({ ...BASE, aud: 'elsewhere' }), { now: NOW }), 'ok');
});

// ---- options read as JavaScript reads them -------------------------------------

test('options given through a prototype, a getter or a non-enumerable member are applied', async () => {
  const WRONG = sign({ ...BASE, iss: 'https://attacker.example' });
  class Config {
    constructor() {
      this.jwks = HMAC_JWKS;
    }
    get issuer() {
      return ISSUER;
    }
    get algorithms() {
      return ['HS256'];
    }
    get allowSymmetric() {
      return true;
    }
  }
  const { issuer: _, ...noIssuer } = HMAC_OPTIONS;
  const shapes = [
    ['inherited (Object.create)', Object.create({ ...HMAC_OPTIONS })],
    ['inherited issuer only', Object.assign(Object.create({ issuer: ISSUER }), noIssuer)],
    ['class getter', new Config()],
    ['non-enumerable', Object.defineProperty({ ...noIssuer }, 'issuer', { value: ISSUER })],
    ['getter', Object.defineProperty({ ...noIssuer }, 'issuer', { get: () => ISSUER })],
  ];
  for (const [name, options] of shapes) {
    const verifier = new tw.Verifier(options);
    assert.equal(await verdict(verifier, WRONG, { now: NOW }), 'bad_issuer', name);
    assert.equal(await verdict(verifier, sign(BASE), { now: NOW }), 'ok', name);
  }
  // The nested cache object and the per-call options are read the same way.
  const cached = new tw.Verifier({ ...HMAC_OPTIONS, cache: Object.create({ maxEntries: 1 }) });
  assert.equal(await verdict(cached, sign(BASE), { now: NOW }), 'ok');
  assert.equal(cached.cacheStats.size, 1);
  refused(() => new tw.Verifier({ ...HMAC_OPTIONS, cache: Object.create({ maxEntries: 0 }) }), /^cache\.maxEntries must be/);
  const verifier = new tw.Verifier(HMAC_OPTIONS);
  const call = Object.defineProperty(Object.create({ now: NOW }), 'nonce', { value: 'n-1' });
  assert.equal(await verdict(verifier, sign({ ...BASE, nonce: 'n-2' }), call), 'nonce_mismatch');
  // An inherited misspelt name is refused like an own one; Object.prototype is never read.
  refused(() => new tw.Verifier(Object.assign(Object.create({ audiance: AUDIENCE }), HMAC_OPTIONS)), /^unknown option audiance/);
  refused(() => verifier.verify(sign(BASE), Object.create({ nonse: 'n' })), /^unknown option nonse in verify options/);
  Object.prototype.issuer = 'https://polluted.example';
  try {
    assert.equal(await verdict(new tw.Verifier({ ...noIssuer }), sign(BASE), { now: NOW }), 'ok');
  } finally {
    delete Object.prototype.issuer;
  }
  refused(() => new tw.Verifier({ ...HMAC_OPTIONS, [Symbol('issuer')]: ISSUER }), /symbol-keyed member/);
  refused(() => new tw.Verifier({ ...HMAC_OPTIONS, constructor: 'x' }), /^unknown option constructor/);
});

test('empty requiredClaims and array options are refused', async () => {
  refused(() => new tw.Verifier({ ...HMAC_OPTIONS, requiredClaims: [] }), /^requiredClaims must be a non-empty array of non-empty strings \(got an empty array\)/);
  refused(() => new tw.Verifier([HMAC_OPTIONS]), /^Verifier options must be an object \(got an array\)/);
  refused(() => new tw.Verifier({ ...HMAC_OPTIONS, cache: [] }), /^cache must be an object/);
  const verifier = new tw.Verifier({ ...HMAC_OPTIONS, requiredClaims: ['jti'] });
  assert.equal(await verdict(verifier, sign(BASE), { now: NOW }), 'missing_claim');
  for (const options of [[], [{ now: NOW }], null, 'now', 5]) {
    refused(() => verifier.verify(sign(BASE), options), /^verify options must be an object \(got /);
    await assert.rejects(verifier.verifyAsync(sign(BASE), options), (error) => {
      assert.ok(error instanceof tw.OptionsError);
      assert.equal(error.code, 'invalid_options');
      return true;
    });
  }
  refused(() => tw.decodeUnverified(sign(BASE), []), /^decodeUnverified options must be an object \(got an array\)/);
  refused(() => new tw.Verifier({ ...HMAC_OPTIONS, issuer: new String(ISSUER) }), /^issuer must be a non-empty string or a non-empty array of non-empty strings \(got a String object\)/);
});

// ---- jose's vocabulary -------------------------------------------------------------

test("jose's issuer list, subject and duration strings are applied", async () => {
  const { issuer: _, ...noIssuer } = HMAC_OPTIONS;
  const listed = new tw.Verifier({ ...noIssuer, issuer: ['https://old.example', ISSUER] });
  assert.equal(await verdict(listed, sign(BASE), { now: NOW }), 'ok');
  assert.equal(await verdict(listed, sign({ ...BASE, iss: 'https://old.example' }), { now: NOW }), 'ok');
  assert.equal(await verdict(listed, sign({ ...BASE, iss: 'https://elsewhere.example' }), { now: NOW }), 'bad_issuer');

  const subject = new tw.Verifier({ ...HMAC_OPTIONS, subject: 'user-1' });
  assert.equal(await verdict(subject, sign(BASE), { now: NOW }), 'ok');
  assert.equal(await verdict(subject, sign({ ...BASE, sub: 'user-10' }), { now: NOW }), 'bad_subject');
  const { sub, ...noSub } = BASE;
  assert.equal(await verdict(subject, sign(noSub), { now: NOW }), 'missing_claim');
  assert.ok(tw.ERROR_CODES.includes('bad_subject'));

  // "1m" of tolerance: expired 60 s ago passes, 61 s ago does not.
  const tolerant = new tw.Verifier({ ...HMAC_OPTIONS, clockTolerance: '1m' });
  assert.equal(await verdict(tolerant, sign({ ...BASE, exp: NOW - 59 }), { now: NOW }), 'ok');
  assert.equal(await verdict(tolerant, sign({ ...BASE, exp: NOW - 61 }), { now: NOW }), 'expired');
  // "1 hour" of age: iat one hour ago passes, a second more does not.
  const aged = new tw.Verifier({ ...HMAC_OPTIONS, maxTokenAge: '1 hour' });
  assert.equal(await verdict(aged, sign({ ...BASE, iat: NOW - 3600 }), { now: NOW }), 'ok');
  assert.equal(await verdict(aged, sign({ ...BASE, iat: NOW - 3601 }), { now: NOW }), 'token_too_old');
  const maxAge = new tw.Verifier({ ...HMAC_OPTIONS, maxAge: '5 min' });
  assert.equal(await verdict(maxAge, sign({ ...BASE, auth_time: NOW - 300 }), { now: NOW }), 'ok');
  assert.equal(await verdict(maxAge, sign({ ...BASE, auth_time: NOW - 301 }), { now: NOW }), 'auth_time_too_old');

  const durations = [
    [{ clockTolerance: '30 fortnights' }, /^clockTolerance must be a whole number of seconds ≥ 0 or a duration string .*\(got "30 fortnights"\)/],
    [{ clockTolerance: '-30s' }, /^clockTolerance must not be negative \(got "-30s"\)/],
    [{ maxTokenAge: '1h ago' }, /^maxTokenAge must not be negative/],
    [{ maxTokenAge: '-1h from now' }, /^maxTokenAge must be a whole number of seconds ≥ 0 or a duration string/],
    [{ maxAge: '5ms' }, /^maxAge must be a whole number of seconds ≥ 0 or a duration string/],
    [{ maxAge: '' }, /^maxAge must be a whole number of seconds ≥ 0 or a duration string/],
    [{ issuer: [] }, /^issuer must be a non-empty string or a non-empty array of non-empty strings \(got an empty array\)/],
    [{ issuer: [ISSUER, 5] }, /^issuer must be a non-empty string or a non-empty array of non-empty strings \(got an array\)/],
    [{ subject: '' }, /^subject must be a non-empty string \(got an empty string\)/],
    [{ subject: ['user-1'] }, /^subject must be a non-empty string \(got an array\)/],
  ];
  for (const [options, message] of durations) {
    refused(() => new tw.Verifier({ ...HMAC_OPTIONS, ...options }), message);
  }
});

test('a per-call option given as an inherited method is read and refused by type, never left at its default', async () => {
  const verifier = new tw.Verifier(HMAC_OPTIONS);
  class CallOptions {
    now() {
      return NOW;
    }
  }
  refused(() => verifier.verify(sign(BASE), new CallOptions()), /^now must be a number of Unix seconds \(got /);
  await assert.rejects(verifier.verifyAsync(sign(BASE), new CallOptions()), (error) => {
    assert.ok(error instanceof tw.OptionsError);
    return /^now must be a number/.test(error.message);
  });
  // A helper method of another name is not an option: skipped, as before.
  class WithHelper {
    get now() {
      return NOW;
    }
    describe() {
      return 'call options';
    }
  }
  assert.equal(await verdict(verifier, sign(BASE), new WithHelper()), 'ok');
});

test('TokenError carries claim and reason, as jose users read them', async () => {
  const verifier = new tw.Verifier({ ...HMAC_OPTIONS, audience: AUDIENCE, subject: 'user-1' });
  const cases = [
    [sign({ ...BASE, exp: NOW - 1 }), 'expired', 'exp', 'check_failed'],
    [sign({ ...BASE, nbf: NOW + 60 }), 'not_yet_valid', 'nbf', 'check_failed'],
    [sign({ ...BASE, iss: 'https://other.example' }), 'bad_issuer', 'iss', 'check_failed'],
    [sign({ ...BASE, aud: 'other' }), 'bad_audience', 'aud', 'check_failed'],
    [sign({ ...BASE, sub: 'user-2' }), 'bad_subject', 'sub', 'check_failed'],
    [sign({ ...BASE, exp: undefined }), 'missing_claim', 'exp', 'missing'],
    [sign({ ...BASE, exp: 'tomorrow' }), 'bad_claim_type', 'exp', 'invalid'],
    ['a.b', 'malformed', undefined, 'segments'],
    [`${sign(BASE)}x`, 'bad_signature', undefined, undefined],
  ];
  for (const [token, code, claim, reason] of cases) {
    const check = (error) => {
      assert.ok(error instanceof tw.TokenError, String(error));
      assert.deepEqual([error.code, error.claim, error.reason], [code, claim, reason], error.message);
      return true;
    };
    assert.throws(() => verifier.verify(token, { now: NOW }), check);
    await assert.rejects(verifier.verifyAsync(token, { now: NOW }), check);
  }
});

test('no option error speaks Rust or serde', async () => {
  const SERDE = /line \d+ column|expected u64|expected a |sequence|invalid type|invalid value|unknown variant|missing field/;
  const verifier = new tw.Verifier(HMAC_OPTIONS);
  const token = sign(BASE);
  const bad = [0, -1, 1.5, NaN, Infinity, 2 ** 60, 5n, '', 'x', '5', '1 fortnight', true, null, [], [''], [5], ['x', 5], {}, { a: 1 }, () => 1, Symbol('x'), new String('x'), new Date(0)];
  const names = ['issuer', 'subject', 'audience', 'algorithms', 'clockTolerance', 'typ', 'requiredClaims', 'maxTokenAge',
    'maxTokenLength', 'requireExp', 'clientId', 'maxAge', 'profile', 'allowSymmetric', 'cache', 'acceptSenderConstrainedAsBearer', 'revocation', 'jwks', 'unknownName'];
  const messages = [];
  const collect = (fn) => {
    try {
      fn();
    } catch (error) {
      messages.push(`${error.code}: ${error.message}`);
    }
  };
  for (const name of names) {
    for (const value of bad) {
      collect(() => new tw.Verifier({ ...HMAC_OPTIONS, [name]: value }));
      collect(() => new tw.Verifier({ ...HMAC_OPTIONS, cache: { maxEntries: value } }));
    }
  }
  for (const name of ['now', 'nonce', 'accessToken', 'unknownName']) {
    for (const value of bad) {
      collect(() => verifier.verify(token, { [name]: value }));
      await verifier.verifyAsync(token, { [name]: value }).catch((error) => messages.push(`${error.code}: ${error.message}`));
      collect(() => tw.decodeUnverified(token, { maxTokenLength: value }));
    }
  }
  for (const value of bad) collect(() => new tw.Verifier(value));
  assert.ok(messages.length > 900, `${messages.length} refusals`);
  for (const message of messages) assert.doesNotMatch(message, SERDE);
  // Each refusal of a Verifier option names an option, or says what was expected.
  for (const message of messages.filter((m) => m.startsWith('invalid_options'))) {
    assert.match(message, /must|unknown option|needs|selects|unsupported|symbol-keyed/, message);
  }
});

test('a decideStorage question is read as JavaScript reads it', () => {
  const question = { tokenKind: 'refresh-token', rotation: false, persistAcrossReload: true };
  const own = tw.decideStorage(question);
  assert.notEqual(own.location, tw.decideStorage({}).location);
  assert.deepEqual(tw.decideStorage(Object.create(question)), own);
  class Question {
    get tokenKind() {
      return 'refresh-token';
    }
  }
  Object.assign(Question.prototype, { rotation: false, persistAcrossReload: true });
  assert.deepEqual(tw.decideStorage(new Question()), own);
  refused(() => tw.decideStorage([]), /^decideStorage question must be an object \(got an array\)/);
  assert.throws(() => tw.decideStorage(Object.create({ tokenKnd: 'id-token' })), { code: 'invalid_options' });
});

// ---- TokenSession ----------------------------------------------------------------

const SESSION = { issuer: 'https://id.example', clientId: 'spa', redirectUri: 'https://app.example/cb' };
let sessions = 0;
const session = (options) => new tw.TokenSession({ name: `options-${sessions++}`, ...options });
const built = (options) => session(options).close();

test('TokenSession signIn options are read as JavaScript reads them: inherited, getters, non-enumerable', () => {
  // Each carries a value the ID-token Verifier refuses: reaching it proves the member was read.
  class AlgorithmsGetter {
    get algorithms() {
      return ['none'];
    }
  }
  for (const [label, signIn] of [
    ['inherited', Object.create({ algorithms: ['none'] })],
    ['a class getter', new AlgorithmsGetter()],
    ['non-enumerable', Object.defineProperty({}, 'maxAge', { value: -5 })],
  ]) {
    assert.throws(() => built({ ...SESSION, signIn }), { code: 'invalid_options' }, label);
  }
  const inheritedSignIn = Object.assign(Object.create({ signIn: { algorithms: ['none'] } }), SESSION);
  assert.throws(() => new tw.TokenSession(inheritedSignIn), { code: 'invalid_options' }, 'an inherited signIn');
  refused(() => built({ ...SESSION, signIn: Object.create({ maxAgee: 5 }) }), /unknown option maxAgee in TokenSession signIn/);
  refused(() => built({ ...SESSION, signIn: [] }), /TokenSession signIn must be an object \(got an array\)/);
  refused(() => built({ ...SESSION, signIn: { params: { prompt: 1 } } }), /signIn.params.prompt must be a string \(got number\)/);
  built({ ...SESSION, signIn: Object.create({ maxAge: 300, algorithms: ['ES256'] }) });
});

test('TokenSession and its storage refuse misspelt names; storage is read as JavaScript reads it', () => {
  const base = { tokenEndpoint: 'https://id.example/token', clientId: 'spa' };
  refused(() => built({ ...base, revocationEndpiont: 'https://id.example/revoke' }), /unknown option revocationEndpiont in TokenSession options/);
  refused(() => built({ ...base, tokenEndpiont: 'https://id.example/token' }), /unknown option tokenEndpiont/);
  refused(() => built({ ...base, storage: { rotaton: false } }), /unknown option rotaton in TokenSession storage/);
  refused(() => built({ ...base, storage: { persistAccrossReload: true } }), /unknown option persistAccrossReload/);
  refused(() => built({ ...base, storage: [] }), /TokenSession storage must be an object \(got an array\)/);
  refused(() => built({ ...base, policy: [] }), /TokenSession policy must be an object \(got an array\)/);
  refused(() => new tw.TokenSession([]), /TokenSession options must be an object \(got an array\)/);
  refused(() => built({ ...base, refresh: 'https://id.example/token' }), /TokenSession refresh must be a function \(got a string\)/);
  refused(() => built({ ...base, fetch: {} }), /TokenSession fetch must be a function \(got an object\)/);
  // The same storage question, own and inherited: the same decisions.
  const storage = { rotation: false, persistAcrossReload: true };
  const decisions = (s) => {
    const made = session({ ...base, storage: s });
    const { location } = made.storageDecisions['refresh-token'];
    made.close();
    return location;
  };
  assert.notEqual(decisions(storage), decisions({}));
  assert.equal(decisions(Object.create(storage)), decisions(storage));
});

test('TokenSession callbacks given as class methods, on a prototype or by a getter are used', async () => {
  const calls = [];
  class Options {
    get tokenEndpoint() {
      return undefined;
    }
    refresh({ refreshToken }) {
      calls.push(refreshToken);
      return Promise.resolve({ response: { access_token: 'at-2', refresh_token: 'rt-2', expires_in: 60, token_type: 'Bearer' } });
    }
  }
  const options = new Options();
  Object.defineProperty(options, 'name', { value: `options-${sessions++}` });
  const s = new tw.TokenSession(options);
  s.useTokenResponse({ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 0, token_type: 'Bearer' });
  assert.equal(await s.getAccessToken(), 'at-2');
  assert.deepEqual(calls, ['rt-1']);
  s.close();
  // A clock inherited from a defaults object is the session's clock.
  let clockReads = 0;
  const withClock = new tw.TokenSession(Object.assign(Object.create({ now: () => (clockReads += 1, Date.now()) }), {
    name: `options-${sessions++}`, refresh: options.refresh.bind(options),
  }));
  withClock.useTokenResponse({ access_token: 'at-1', refresh_token: 'rt-1', expires_in: 60, token_type: 'Bearer' });
  assert.ok(clockReads > 0, 'the inherited now() was not used');
  withClock.close();
});
