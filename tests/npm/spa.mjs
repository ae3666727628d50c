// `tokenward/spa`, the smaller build for single-page apps (pkg/spa/): the
// same verdicts as the full build for every algorithm it keeps, and a clear
// refusal, never a silent pass, for what it leaves out.
//
//   node tests/npm/spa.mjs [package dir]   (default: pkg/)
//
// Checked, through the node entry (node:crypto) and the browser entry
// (WebCrypto, as in a browser tab):
//   1. every case of the differential fixture that does not need what the
//      build leaves out gives the fixture's verdict with verify and
//      verifyAsync (tests/npm/differential.mjs's rule), the left-out
//      algorithms dropped from its allowlist;
//   2. a Verifier allowing an algorithm the build leaves out (EdDSA,
//      Ed25519, HS256) is refused with `invalid_options` naming it;
//   3. lint and RevocationList throw `unsupported`; RemoteKeySet is there.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FIXTURE, runDifferential } from './differential.mjs';

export const SPA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'];
const LEFT_OUT = ['EdDSA', 'Ed25519', 'HS256', 'HS384', 'HS512'];

function headerAlg(token) {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).alg;
  } catch {
    return undefined;
  }
}

/**
 * The fixture as the spa build can take it: the left-out algorithms
 * dropped from each allowlist (a verdict on an RS256 or ES256 token does not
 * depend on whether EdDSA is also allowed), and the cases left out whose
 * token the full build may accept with such an algorithm, or whose key set
 * holds an HMAC secret (the spa build skips it at load).
 */
function spaFixture(dir) {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const hmacSet = (name) => fixture.jwks[name].keys.some((key) => key.kty === 'oct');
  const cases = [];
  for (const c of fixture.cases) {
    const allowed = c.options.algorithms ?? [];
    const alg = headerAlg(c.token);
    if (c.options.allowSymmetric || hmacSet(c.jwks)) continue;
    if (LEFT_OUT.includes(alg) && (allowed.length === 0 || allowed.includes(alg))) continue;
    const kept = allowed.filter((name) => !LEFT_OUT.includes(name));
    if (allowed.length > 0 && kept.length === 0) continue;
    cases.push(allowed.length > 0 ? { ...c, options: { ...c.options, algorithms: kept } } : c);
  }
  const path = join(dir, 'spa-cases.json');
  writeFileSync(path, JSON.stringify({ ...fixture, cases }));
  return { path, kept: cases.length, all: fixture.cases.length };
}

async function load(host, dir) {
  if (host === 'node') return import(pathToFileURL(join(dir, 'node.js')).href);
  const tokenward = await import(pathToFileURL(join(dir, 'browser.js')).href);
  await tokenward.init(readFileSync(join(dir, 'tokenward_bg.wasm')));
  return tokenward;
}

function codeOf(fn) {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error.code ?? `${error.name}: ${error.message}`;
  }
}

/** Parts the build leaves out must be refused, by name. */
function refusals(tokenward) {
  const failures = [];
  const jwks = JSON.parse(readFileSync(FIXTURE, 'utf8')).jwks.main;
  for (const alg of LEFT_OUT) {
    try {
      new tokenward.Verifier({ jwks, algorithms: [alg], allowSymmetric: alg.startsWith('HS') || undefined });
      failures.push(`a Verifier allowing ${alg} was built`);
    } catch (error) {
      if (error.code !== 'invalid_options' || !error.message.includes(alg)) {
        failures.push(`${alg}: ${error.code} ${error.message}`);
      }
    }
  }
  for (const [what, use] of [['lint', () => tokenward.lint('a.b.c')], ['RevocationList', () => tokenward.RevocationList.fromJSON('{}')]]) {
    const code = codeOf(use);
    if (code !== 'unsupported') failures.push(`${what}: ${code}, expected unsupported`);
  }
  const remote = codeOf(() => new tokenward.RemoteKeySet('https://issuer.example/jwks'));
  if (remote !== 'ok') failures.push(`RemoteKeySet: ${remote}`);
  return failures;
}

async function main() {
  const [host, dirArg] = process.argv.slice(2);
  const dir = join(dirArg ?? fileURLToPath(new URL('../../pkg/', import.meta.url)), 'spa');
  const tokenward = await load(host, dir);
  const scratch = mkdtempSync(join(tmpdir(), 'tokenward-spa-'));
  try {
    const { path, kept, all } = spaFixture(scratch);
    const { failures, total } = await runDifferential(tokenward, path);
    failures.push(...refusals(tokenward));
    if (failures.length > 0 || total === 0) {
      console.error(`spa (${host}): ${failures.length} failures:\n${failures.join('\n')}`);
      process.exit(1);
    }
    console.log(`spa (${host}): ${kept} of ${all} fixture cases agree with verify and verifyAsync; left-out parts refused`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
