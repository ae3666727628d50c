// `make bench-js`: verifies/second in one Node process on the same token
// per algorithm, tokenward against jose 6, fast-jwt and node:crypto's raw
// signature check, plus cache-hit throughput. Ratios are against jose and
// against fast-jwt (its cache for the cache-hit table).
// Not a test: numbers vary with the machine and its load; compare ratios
// within one run.
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createVerifier } from 'fast-jwt';

const target = process.argv[2] ?? new URL('../../pkg/node.js', import.meta.url).href;
const { Verifier } = await import(target);
const { jwks, cases } = JSON.parse(readFileSync(new URL('../differential/cases.json', import.meta.url), 'utf8'));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 0.5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/**
 * Rates of every row, measured in ROUNDS interleaved rounds of SECONDS
 * each; a row keeps its best round, so a burst of load from elsewhere on a
 * shared machine does not decide a ratio.
 */
async function measure(rows) {
  const best = new Map(rows.map(([name]) => [name, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of rows) best.set(name, Math.max(best.get(name), await rate(fn)));
  }
  return [...best];
}

/** Runs `fn` (sync or async) for about SECONDS; returns operations/second. */
async function rate(fn) {
  const first = fn();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  for (let i = 0; i < 50; i++) isAsync ? await fn() : fn(); // warm-up
  let n = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 20; i++) isAsync ? await fn() : fn();
    n += 20;
  }
  return (n * 1000) / (performance.now() - start);
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

console.log(`tokenward bench-js: Node ${process.version}, best of ${ROUNDS} interleaved ${SECONDS}s rounds per row, one token per algorithm`);
for (const alg of ['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA']) table(alg, await bench(alg), 'fast-jwt');
table('cache hit (ES256 token)', await cacheHits(), 'fast-jwt, cache hit');
