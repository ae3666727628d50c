// A Verifier with `cache` gives exactly the verdict of one without: the same
// claims, or the same TokenError code and message, on every call. Seeded
// random cases: claim sets (fractional times, members absent or wrong),
// option sets (clockTolerance, maxTokenAge, requireExp, clientId + maxAge,
// at+jwt), `now` going forwards, backwards and jumping, per-call nonce and
// accessToken, verify and verifyAsync, revocation list updates, and (with a
// RemoteKeySet) key-set rotations.
//
// Usage: node --test tests/npm/cache-equivalence.mjs   (pkg/node.js)
//        CACHE_SEED=<n> to replay one run.
import assert from 'node:assert/strict';
import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';

const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
const { Verifier, RemoteKeySet, RevocationList, TokenError } = await import(target);

const SEED = Number(process.env.CACHE_SEED ?? 20261203);
const CASES = 400;
const ISSUER = 'https://issuer.example';
const NOW = 1767225600;

// ---- seeded randomness ------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const int = (low, high) => low + Math.floor(random() * (high - low)); // [low, high)
const chance = (p) => random() < p;
const pick = (items) => items[int(0, items.length)];
/** A time around NOW: whole or tenths of seconds. */
const time = (low, high) => (chance(0.5) ? NOW + int(low, high) : NOW + int(low * 10, high * 10) / 10);

// ---- keys -------------------------------------------------------------------

const secret = Buffer.alloc(32, 7);
const pairs = {
  ed: { alg: 'EdDSA', hash: 'sha512', ...generateKeyPairSync('ed25519') },
  ec: { alg: 'ES256', hash: 'sha256', ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) },
  rs: { alg: 'RS256', hash: 'sha256', ...generateKeyPairSync('rsa', { modulusLength: 2048 }) },
  hs: { alg: 'HS256', hash: 'sha256' },
};
function jwk(kid) {
  if (kid === 'hs') return { kty: 'oct', kid, k: secret.toString('base64url') };
  return { ...pairs[kid].publicKey.export({ format: 'jwk' }), kid };
}
const KEY_SETS = [['ed', 'ec', 'hs'], ['rs', 'hs'], ['ed', 'ec', 'rs', 'hs']].map((kids) => ({ keys: kids.map(jwk) }));

function signToken(kid, header, claims) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg: pairs[kid].alg, kid, ...header })}.${typeof claims === 'string' ? Buffer.from(claims).toString('base64url') : b64(claims)}`;
  const data = Buffer.from(input);
  let signature;
  if (kid === 'hs') signature = createHmac('sha256', secret).update(data).digest();
  else if (kid === 'ed') signature = sign(null, data, pairs.ed.privateKey);
  else if (kid === 'ec') signature = sign('sha256', data, { key: pairs.ec.privateKey, dsaEncoding: 'ieee-p1363' });
  else signature = sign('sha256', data, pairs.rs.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

const halfHash = (kid, value) => {
  const digest = createHash(pairs[kid].hash).update(value).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
};

// ---- tokens and options -----------------------------------------------------

/** Mostly right, sometimes absent, sometimes wrong. */
function member(claims, name, right, wrong) {
  const roll = random();
  if (roll < 0.84) claims[name] = right();
  else if (roll < 0.92) claims[name] = wrong();
}

function randomToken() {
  const kid = pick(['ed', 'ec', 'rs', 'hs', 'hs']);
  const claims = {};
  member(claims, 'iss', () => ISSUER, () => pick(['https://other.example', 7]));
  member(claims, 'aud', () => ['api', 'spa'], () => pick(['web', 'spa', 'api', [1]]));
  member(claims, 'sub', () => 'alice', () => pick(['spa', 1]));
  member(claims, 'client_id', () => 'spa', () => 'web');
  member(claims, 'azp', () => 'spa', () => 'web');
  member(claims, 'jti', () => pick(['j-1', 'j-2']), () => 3);
  member(claims, 'sid', () => 's-1', () => 's-2');
  member(claims, 'exp', () => time(-200, 800), () => pick([time(-400, 0), 'later']));
  member(claims, 'nbf', () => time(-400, 100), () => 'soon');
  member(claims, 'iat', () => time(-400, 50), () => null);
  member(claims, 'auth_time', () => time(-400, 0), () => time(-900, -400));
  member(claims, 'nonce', () => pick(['n-1', 'n-2']), () => 1);
  member(claims, 'at_hash', () => halfHash(kid, pick(['at-1', 'at-2'])), () => 'AAAA');
  const header = pick([{}, {}, { typ: 'at+jwt' }, { typ: 'JWT' }]);
  let token = signToken(kid, header, chance(0.03) ? '[1]' : claims);
  if (chance(0.04)) token = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
  return token;
}

function randomOptions() {
  const options = { issuer: ISSUER, requireExp: chance(0.8) };
  if (chance(0.7)) options.clockTolerance = pick([0, int(0, 30), 600]);
  if (chance(0.4)) options.maxTokenAge = int(0, 600);
  if (chance(0.2)) options.requiredClaims = [pick(['jti', 'sid'])];
  const profile = int(0, 3);
  if (profile === 1) {
    options.profile = 'at+jwt';
    options.audience = 'api';
  } else {
    if (chance(0.6)) options.audience = pick(['api', ['api', 'spa']]);
    if (profile === 2) {
      options.clientId = 'spa';
      if (chance(0.6)) options.maxAge = int(0, 600);
    } else if (chance(0.1)) options.typ = 'JWT';
  }
  options.algorithms = chance(0.9) ? ['EdDSA', 'ES256', 'RS256', 'HS256'] : ['ES256'];
  options.allowSymmetric = true;
  return options;
}

function randomRevocation() {
  const doc = { jti: ['j-1', 'j-2'].filter(() => chance(0.4)) };
  if (chance(0.5)) doc.sub = { alice: time(-400, 50) };
  if (chance(0.3)) doc.sid = { 's-1': time(-400, 50) };
  return RevocationList.fromJSON(JSON.stringify(doc));
}

// ---- the comparison ---------------------------------------------------------

async function outcome(call) {
  try {
    return { ok: JSON.stringify(await call()) };
  } catch (error) {
    assert.ok(error instanceof TokenError, `not a TokenError: ${error?.stack ?? error}`);
    return { code: error.code, message: error.message };
  }
}

const reach = { calls: 0, hitsAccepted: 0, hitsRefused: 0, rotations: 0 };

async function runCase(index) {
  const options = randomOptions();
  const remote = chance(0.3);
  let keySet = KEY_SETS[0];
  const jwks = remote
    ? new RemoteKeySet('https://keys.example/jwks', {
        cooldown: 0,
        fetch: async () => new Response(JSON.stringify(keySet), { headers: { 'cache-control': 'max-age=3600' } }),
      })
    : KEY_SETS[int(0, KEY_SETS.length)];
  const plain = new Verifier({ jwks, ...options });
  const cached = new Verifier({ jwks, ...options, cache: { maxEntries: int(1, 5) } });
  const tokens = Array.from({ length: int(1, 4) }, randomToken);
  let now = NOW + int(-450, 450);
  const steps = int(1, 48);
  for (let step = 0; step < steps; step++) {
    const roll = random();
    if (roll < 0.06) {
      const list = chance(0.85) ? randomRevocation() : null;
      plain.setRevocationList(list);
      cached.setRevocationList(list);
      continue;
    }
    if (roll < 0.12 && remote) {
      keySet = pick(KEY_SETS);
      await jwks.refreshForUnknownKid();
      reach.rotations += 1;
      continue;
    }
    const move = random();
    if (move < 0.4) now += int(0, 5);
    else if (move < 0.7) now -= int(1, 5);
    else now = NOW + int(-450, 450);
    const callNow = chance(0.2) ? now + int(1, 10) / 10 : now;
    const call = { now: callNow };
    if (chance(0.3)) call.nonce = pick(['n-1', 'n-2']);
    if (chance(0.3)) call.accessToken = pick(['at-1', 'at-2']);
    const token = pick(tokens);
    const sync = !remote && chance(0.5);
    const run = (verifier) => (sync ? () => verifier.verify(token, call) : () => verifier.verifyAsync(token, call));
    const hits = cached.cacheStats.hits;
    const withCache = await outcome(run(cached));
    const without = await outcome(run(plain));
    assert.deepEqual(
      withCache,
      without,
      `case ${index} step ${step} (seed ${SEED}): ${sync ? 'verify' : 'verifyAsync'} at ${callNow} ` +
        `${JSON.stringify(call)} options ${JSON.stringify(options)} token ${token}`,
    );
    reach.calls += 1;
    if (cached.cacheStats.hits > hits) {
      if (withCache.ok) reach.hitsAccepted += 1;
      else reach.hitsRefused += 1;
    }
  }
  assert.equal(plain.cacheStats, null);
  plain.free();
  cached.free();
}

/**
 * A cached verifier hands out the result of a token it has just verified
 * as a copy (result-memo.js): each call's result is its own, equal to the
 * uncached one, a `__proto__` claim included; changing one result changes
 * no later one.
 */
async function resultsAreTheCallersOwn() {
  const claims = JSON.parse(`{"iss":"${ISSUER}","sub":"alice","exp":${NOW + 600},"roles":["a"],"__proto__":{"x":1}}`);
  const token = signToken('ec', {}, claims);
  const options = { jwks: { keys: [jwk('ec')] }, issuer: ISSUER };
  const plain = new Verifier(options);
  const cached = new Verifier({ ...options, cache: { maxEntries: 2 } });
  for (const run of [(v) => v.verify(token, { now: NOW }), (v) => v.verifyAsync(token, { now: NOW })]) {
    const first = await run(cached);
    first.claims.sub = 'mallory';
    first.claims.roles.push('admin');
    first.header.alg = 'none';
    const second = await run(cached);
    assert.notEqual(second, first);
    assert.deepEqual(JSON.stringify(second), JSON.stringify(await run(plain)));
    assert.deepEqual(second.claims.roles, ['a']);
    assert.equal(Object.getPrototypeOf(second.claims), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(second.claims, '__proto__')?.value, { x: 1 });
    second.claims.roles.push('admin');
    assert.deepEqual((await run(cached)).claims.roles, ['a']);
  }
  assert.ok(cached.cacheStats.hits >= 4, `the copies came from cache hits: ${JSON.stringify(cached.cacheStats)}`);
}

test("every result is the caller's own copy", resultsAreTheCallersOwn);

test(`the cached verifier gives the uncached verdict on every call (seed ${SEED}, ${CASES} cases)`, async (t) => {
  const started = performance.now();
  for (let index = 0; index < CASES; index++) await runCase(index);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  t.diagnostic(
    `${reach.calls} calls, ${reach.hitsAccepted} hits accepted, ${reach.hitsRefused} hits refused, ` +
      `${reach.rotations} key-set rotations, ${seconds} s`,
  );
  // The cases reached what they are for: hits both ways, and rotations.
  assert.ok(reach.hitsAccepted > 200, `too few accepting hits: ${reach.hitsAccepted}`);
  assert.ok(reach.hitsRefused > 200, `too few refusing hits: ${reach.hitsRefused}`);
  assert.ok(reach.rotations > 20, `too few key-set rotations: ${reach.rotations}`);
});
