// `make bench-js`: verifies/second in one Node process on the same token
// per algorithm, tokenward against jose 6, fast-jwt and node:crypto's raw
// signature check, plus cache-hit throughput and a DPoP-bound token with a
// fresh proof per call. Ratios are against jose and against fast-jwt (its
// cache for the cache-hit table); the DPoP table against bearer tokens.
// Not a test: numbers vary with the machine and its load; compare ratios
// within one run.
import { createHash, createPublicKey, generateKeyPairSync, randomUUID, sign, verify as cryptoVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createVerifier } from 'fast-jwt';

const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
const { Verifier } = await import(target);
const { jwks, cases } = JSON.parse(readFileSync(new URL('../differential/cases.json', import.meta.url), 'utf8'));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 0.5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Tables to print (comma-separated: RS256, ES256, ES384, ES512, EdDSA, cache, dpop); all by default. */
const ONLY = process.env.BENCH_ONLY?.split(',');
const wanted = (name) => ONLY === undefined || ONLY.includes(name);

/**
 * Rates of every row, measured in ROUNDS interleaved rounds of SECONDS
 * each; a row keeps its best round, so a burst of load from elsewhere on a
 * shared machine does not decide a ratio. A row's optional `round()` runs
 * before each of its rounds, untimed, and returns that round's function.
 */
async function measure(rows) {
  const best = new Map(rows.map(([name]) => [name, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn, setup] of rows) {
      best.set(name, Math.max(best.get(name), await rate(setup?.round() ?? fn, setup?.limit)));
    }
  }
  return [...best];
}

/**
 * Seconds of CPU this process used (user + system, every thread: V8's GC
 * helpers and libuv's pool, where WebCrypto works, included). On a shared
 * machine wall time also counts the time other processes held the core;
 * CPU time counts only this process's work, so BENCH_CLOCK=cpu (the
 * default) gives ratios that hold from run to run; BENCH_CLOCK=wall gives
 * the wall-clock rate.
 */
const CLOCK = process.env.BENCH_CLOCK ?? 'cpu';
if (CLOCK !== 'cpu' && CLOCK !== 'wall') throw new Error(`BENCH_CLOCK must be cpu or wall (got ${CLOCK})`);
function clock() {
  if (CLOCK === 'wall') return performance.now() / 1000;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Runs `fn` (sync or async) for about SECONDS of wall time, or `limit`
 * calls; returns operations per second of CLOCK.
 */
async function rate(fn, limit = Infinity) {
  const first = fn();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  for (let i = 0; i < 50; i++) isAsync ? await fn() : fn(); // warm-up
  const calls = limit - 51; // what the warm-up leaves
  let n = 0;
  const started = clock();
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end && n + 20 <= calls) {
    for (let i = 0; i < 20; i++) isAsync ? await fn() : fn();
    n += 20;
  }
  return n / (clock() - started);
}

const HASH = { RS256: 'sha256', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null };

async function bench(alg) {
  const c = cases.find((x) => x.name === `alg-${alg}/valid`);
  const { issuer, audience } = c.options;
  const options = { jwks: jwks[c.jwks], issuer, audience, algorithms: [alg] };
  const now = { now: c.now };
  const tw = new Verifier(options);
  const joseKeys = createLocalJWKSet(jwks[c.jwks]);
  const joseOptions = { issuer, audience, algorithms: [alg], currentDate: new Date(c.now * 1000) };
  const header = JSON.parse(Buffer.from(c.token.split('.')[0], 'base64url'));
  const jwk = jwks[c.jwks].keys.find((k) => k.kid === header.kid);
  const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
  const pem = keyObject.export({ type: 'spki', format: 'pem' });
  const fast = createVerifier({
    key: pem, algorithms: [alg], allowedIss: issuer, allowedAud: audience, clockTimestamp: c.now * 1000,
  });
  const [signed, sig] = [c.token.slice(0, c.token.lastIndexOf('.')), Buffer.from(c.token.split('.')[2], 'base64url')];
  const rawOptions = alg.startsWith('ES') ? { key: keyObject, dsaEncoding: 'ieee-p1363' } : keyObject;
  const rows = [
    ['tokenward verify', () => tw.verify(c.token, now)],
    ['tokenward verifyAsync', () => tw.verifyAsync(c.token, now)],
    ['jose jwtVerify', () => jwtVerify(c.token, joseKeys, joseOptions)],
    ['fast-jwt', () => fast(c.token)],
    ['node crypto.verify (signature only)', () => cryptoVerify(HASH[alg], Buffer.from(signed), rawOptions, sig)],
  ];
  return measure(rows);
}

async function cacheHits() {
  const c = cases.find((x) => x.name === 'alg-ES256/valid');
  const { issuer, audience } = c.options;
  const cached = new Verifier({ jwks: jwks[c.jwks], issuer, audience, algorithms: ['ES256'], cache: { maxEntries: 1000 } });
  const header = JSON.parse(Buffer.from(c.token.split('.')[0], 'base64url'));
  const pem = createPublicKey({ key: jwks[c.jwks].keys.find((k) => k.kid === header.kid), format: 'jwk' })
    .export({ type: 'spki', format: 'pem' });
  const fastCached = createVerifier({ key: pem, algorithms: ['ES256'], allowedIss: issuer, allowedAud: audience, clockTimestamp: c.now * 1000, cache: true });
  const joseKeys = createLocalJWKSet(jwks[c.jwks]);
  const joseOptions = { issuer, audience, algorithms: ['ES256'], currentDate: new Date(c.now * 1000) };
  const result = JSON.stringify(cached.verify(c.token, { now: c.now }));
  return measure([
    ['tokenward verify, cache hit', () => cached.verify(c.token, { now: c.now })],
    ['tokenward verifyAsync, cache hit', () => cached.verifyAsync(c.token, { now: c.now })],
    ['fast-jwt, cache hit', () => fastCached(c.token)],
    // What returning claims as JSON text costs on the JS side, for scale.
    ['(JSON.parse of the result alone)', () => JSON.parse(result)],
    ['jose jwtVerify (no cache)', () => jwtVerify(c.token, joseKeys, joseOptions)],
  ]);
}

// DPoP (RFC 9449): an access token bound to a client key (cnf.jkt), each
// call with a proof made for it (a fresh jti, as every request has); the
// proofs are signed before each round, outside the timing.
const DPOP_URL = 'https://api.example.com/orders';
/** Proofs per round: below the replay cache's default 10000. */
const DPOP_PROOFS = 8000;

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function es256Jwt(header, claims, privateKey) {
  const input = `${base64url(header)}.${base64url(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

async function dpop() {
  const now = 1_767_225_600;
  const [issuer, audience] = ['https://login.example.com', 'https://api.example.com'];
  const issuerKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const clientKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwks = { keys: [{ ...issuerKeys.publicKey.export({ format: 'jwk' }), kid: 'issuer', alg: 'ES256', use: 'sig' }] };
  const clientJwk = clientKeys.publicKey.export({ format: 'jwk' });
  // RFC 7638: the required members in lexicographic order.
  const jkt = createHash('sha256').update(JSON.stringify({ crv: clientJwk.crv, kty: clientJwk.kty, x: clientJwk.x, y: clientJwk.y })).digest('base64url');
  const claims = { iss: issuer, aud: audience, sub: 'alice', client_id: 'spa', iat: now - 10, exp: now + 300, jti: randomUUID() };
  const header = { alg: 'ES256', typ: 'JWT', kid: 'issuer' };
  const bound = es256Jwt(header, { ...claims, cnf: { jkt } }, issuerKeys.privateKey);
  const bearer = es256Jwt(header, claims, issuerKeys.privateKey);
  const ath = createHash('sha256').update(bound).digest('base64url');
  const proofHeader = { alg: 'ES256', typ: 'dpop+jwt', jwk: clientJwk };
  const proofs = () => Array.from({ length: DPOP_PROOFS }, () => (
    es256Jwt(proofHeader, { htm: 'POST', htu: DPOP_URL, iat: now, jti: randomUUID(), ath }, clientKeys.privateKey)));
  const options = { jwks, issuer, audience, algorithms: ['ES256'] };
  const bearerVerifier = new Verifier(options);
  /** A fresh Verifier (an empty replay cache) and proofs for one round of `method`. */
  const dpopRound = (method) => ({
    limit: DPOP_PROOFS,
    round() {
      const verifier = new Verifier({ ...options, dpop: { algorithms: ['ES256'] } });
      const pending = proofs();
      let next = 0;
      return () => verifier[method](bound, { now, dpop: { proof: pending[next++], method: 'POST', url: DPOP_URL } });
    },
  });
  const publicPem = issuerKeys.publicKey.export({ type: 'spki', format: 'pem' });
  const fast = createVerifier({ key: publicPem, algorithms: ['ES256'], allowedIss: issuer, allowedAud: audience, clockTimestamp: now * 1000 });
  // Every row must verify: a refused proof would time an error path.
  const check = dpopRound('verify').round();
  if (check().claims.cnf.jkt !== jkt) throw new Error('bench-js: the DPoP row does not verify');
  return measure([
    ['tokenward verify, bearer', () => bearerVerifier.verify(bearer, { now })],
    ['tokenward verify, DPoP proof', null, dpopRound('verify')],
    ['tokenward verifyAsync, DPoP proof', null, dpopRound('verifyAsync')],
    ['fast-jwt, bearer (no DPoP)', () => fast(bearer)],
  ]);
}

function dpopTable(results) {
  const bearer = results[0][1];
  console.log('\nDPoP: ES256 token bound to an ES256 client key (cnf.jkt), a fresh proof per call');
  console.log(`| ${'implementation'.padEnd(38)} | ${'verifies/s'.padStart(10)} | vs bearer | µs over bearer |`);
  console.log(`|${'-'.repeat(40)}|${'-'.repeat(12)}|${'-'.repeat(11)}|${'-'.repeat(16)}|`);
  for (const [name, ops] of results) {
    const over = (1e6 / ops - 1e6 / bearer).toFixed(1);
    console.log(`| ${name.padEnd(38)} | ${Math.round(ops).toString().padStart(10)} | ${`${(ops / bearer).toFixed(2)}×`.padStart(9)} | ${over.padStart(14)} |`);
  }
}

function table(title, results, fastJwt) {
  const rateOf = (prefix) => results.find(([name]) => name.startsWith(prefix))[1];
  const [jose, fast] = [rateOf('jose'), rateOf(fastJwt)];
  const ratio = (ops, base) => `${(ops / base).toFixed(2)}×`.padStart(11);
  console.log(`\n${title}`);
  console.log(`| ${'implementation'.padEnd(38)} | ${'verifies/s'.padStart(10)} | ${'vs jose'.padStart(7)} | vs fast-jwt |`);
  console.log(`|${'-'.repeat(40)}|${'-'.repeat(12)}|${'-'.repeat(9)}|${'-'.repeat(13)}|`);
  for (const [name, ops] of results) {
    console.log(`| ${name.padEnd(38)} | ${Math.round(ops).toString().padStart(10)} | ${ratio(ops, jose).slice(4)} | ${ratio(ops, fast)} |`);
  }
}

console.log(`tokenward bench-js: Node ${process.version}, best of ${ROUNDS} interleaved ${SECONDS}s rounds per row, one token per algorithm, per second of ${CLOCK === 'cpu' ? 'CPU time' : 'wall time'}`);
for (const alg of ['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA']) {
  if (wanted(alg)) table(alg, await bench(alg), 'fast-jwt');
}
if (wanted('cache')) table('cache hit (ES256 token)', await cacheHits(), 'fast-jwt, cache hit');
if (wanted('dpop')) dpopTable(await dpop());
