// The CLI from the packed package: `npm pack` of pkg/, installed into a
// temporary project, then `tokenward ...` run through its bin link (and once
// through npx), as a developer would. Tokens and keys are made here with
// jose; the verdicts are the package's.
import { execFileSync, spawn } from 'node:child_process';
import { KeyObject, sign as signBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as jose from 'jose';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ISSUER = 'https://issuer.cli.test';
const AUDIENCE = 'api://cli';
/** 2026-01-01T00:00:00Z: the fixed tokens are issued then, valid one hour. */
const T0 = 1767225600;
/**
 * JOSE headers spelled so that their base64url does not start with `eyJ`
 * (given beside each): tokens the package accepts all the same.
 */
const HEADER_SPELLINGS = {
  spaced: '{ "alg":"ES256","kid":"k1"}', // eyAi
  leadingSpace: ' {"alg":"ES256","kid":"k1"}', // IHsi
  pretty: '{\n  "alg": "ES256",\n  "kid": "k1"\n}', // ewog
};
/** A claim name that would forge a verdict line, and a C1 CSI, if printed raw. */
const HOSTILE_NAME = 'big\nfails: a finding at error level or above \u009b';

const work = mkdtempSync(join(tmpdir(), 'tokenward-cli-'));
const app = join(work, 'app');
const bin = join(app, 'node_modules', '.bin', 'tokenward');
const jwksFile = join(work, 'jwks.json');
const tokens = {};
/** Every token made here: none, nor any long part of one, may ever be printed. */
const secrets = [];
let server;
let jwksUrl;
let jwksRequests = 0;

/** Runs the installed bin; resolves { status, stdout, stderr } (never rejects on exit status). */
function tokenward(args, { stdin = '', env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: app, env: { ...process.env, NO_COLOR: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (status) => {
      const leaked = leakedToken(stdout + stderr);
      const command = args.find((arg) => ['decode', 'verify', 'lint'].includes(arg)) ?? '(no command)';
      if (leaked !== undefined) reject(new Error(`tokenward ${command} printed ${leaked}`));
      resolve({ status, stdout, stderr });
    });
    // The CLI may stop reading stdin early (a flood): that is not an error here.
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

/**
 * Which secret `output` shows: a whole token, or one of its segments of 16
 * characters or more (a signature alone is enough to replay nothing, but a
 * payload is the user's data and a partial echo says redaction missed).
 */
function leakedToken(output) {
  for (const secret of secrets) {
    if (output.includes(secret)) return 'a whole token';
    const segment = secret.split('.').find((part) => part.length >= 16 && output.includes(part));
    if (segment !== undefined) return `a token segment (${segment.slice(0, 8)}...)`;
  }
  return undefined;
}

async function json(args, options) {
  const run = await tokenward([...args, '--json'], options);
  return { ...run, body: JSON.parse(run.stdout) };
}

async function sign(key, kid, claims, times = {}) {
  let jwt = new jose.SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' });
  if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt = jwt.setExpirationTime(times.exp);
  const token = await jwt.sign(key);
  secrets.push(token);
  return token;
}

/** A token with `headerText` as its header, byte for byte (jose would re-serialise it). */
function signRaw(key, headerText, claims) {
  const input = `${Buffer.from(headerText).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = signBytes('sha256', Buffer.from(input), { key: KeyObject.from(key), dsaEncoding: 'ieee-p1363' });
  const token = `${input}.${signature.toString('base64url')}`;
  secrets.push(token);
  return token;
}

function packAndInstall() {
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work, join(ROOT, 'pkg')], { encoding: 'utf8' }).trim().split('\n').pop();
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '--offline', join(work, tarball)], { cwd: app });
  return join(work, tarball);
}

before(async () => {
  const tarball = packAndInstall();
  tokens.tarballListing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' });
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const impostor = await jose.generateKeyPair('ES256');
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
  const claims = { iss: ISSUER, aud: AUDIENCE, sub: 'user-1', jti: 'id-1' };
  const fixed = { iat: T0, exp: T0 + 3600 };
  const live = Math.floor(Date.now() / 1000);
  tokens.fixed = await sign(privateKey, 'k1', claims, fixed);
  tokens.live = await sign(privateKey, 'k1', claims, { iat: live, exp: live + 3600 });
  tokens.forged = await sign(impostor.privateKey, 'k1', claims, fixed);
  tokens.noExp = await sign(privateKey, 'k1', claims, { iat: T0 });
  tokens.hostileName = await sign(privateKey, 'k1', { ...claims, [HOSTILE_NAME]: 'x'.repeat(2000) }, fixed);
  tokens.hostile = await sign(privateKey, 'k1', { ...claims, name: 'a\u001b[2J\u009b31mb\u202ec\u0007' }, fixed);
  tokens.spellings = Object.fromEntries(Object.entries(HEADER_SPELLINGS).map(([name, header]) => (
    [name, signRaw(privateKey, header, { ...claims, iat: live, exp: live + 3600 })])));
  tokens.nested = await sign(privateKey, 'k1', { ...claims, act: { actor_token: tokens.spellings.spaced } }, { iat: live, exp: live + 3600 });
  server = createServer((request, response) => {
    jwksRequests += 1;
    response.setHeader('content-type', 'application/json');
    response.end(readFileSync(jwksFile));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${server.address().port}/jwks.json`;
});

after(() => {
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('packaging', () => {
  test('cli.js is in the tarball, executable, with its shebang', () => {
    const line = tokens.tarballListing.split('\n').find((entry) => entry.endsWith(' package/cli.js'));
    assert.ok(line, 'package/cli.js in the tarball');
    assert.match(line, /^-rwx/, `executable in the tarball: ${line}`);
    const installed = join(app, 'node_modules', 'tokenward', 'cli.js');
    assert.ok(statSync(installed).mode & 0o100, 'executable once installed');
    assert.equal(readFileSync(installed, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  });

  test('npx tokenward --version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'pkg', 'package.json'), 'utf8'));
    const out = execFileSync('npx', ['--no', '--', 'tokenward', '--version'], { cwd: app, encoding: 'utf8' });
    assert.equal(out.trim(), `tokenward ${version}`);
  });

  test('--help per command says how to keep the token out of shell history', async () => {
    for (const command of ['decode', 'verify', 'lint']) {
      const { status, stdout } = await tokenward([command, '--help']);
      assert.equal(status, 0);
      assert.match(stdout, new RegExp(`Usage: tokenward ${command}`));
      assert.match(stdout, /- to read it from stdin/);
      assert.match(stdout, /shell history/);
    }
    const { status, stdout } = await tokenward(['--help']);
    assert.equal(status, 0);
    assert.match(stdout, /Exit status: 0 .* 1 token refused/s);
  });

  test('revocation serve: --help, and each required flag named when missing (exit 2)', async () => {
    const help = await tokenward(['revocation', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: tokenward revocation serve/);
    assert.match(help.stdout, /POST \/backchannel-logout/);
    assert.match((await tokenward(['--help'])).stdout, /tokenward revocation serve/);
    const required = ['--issuer', 'https://op.example', '--client-id', 'rp', '--jwks', jwksFile, '--db', join(work, 'logouts.jsonl')];
    for (let at = 0; at < required.length; at += 2) {
      const without = [...required.slice(0, at), ...required.slice(at + 2)];
      const { status, stderr } = await tokenward(['revocation', 'serve', ...without]);
      assert.equal(status, 2);
      assert.match(stderr, new RegExp(`revocation serve needs ${required[at]}`));
    }
    const unknown = await tokenward(['revocation', 'listen', ...required]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /revocation takes one subcommand: serve/);
    const badAge = await tokenward(['revocation', 'serve', ...required, '--max-age=-5']);
    assert.equal(badAge.status, 2);
    assert.match(badAge.stderr, /maxAge must not be negative|maxAge must be/);
  });
});

describe('decode', () => {
  test('human: UNVERIFIED, header and payload, ISO dates beside the times', async () => {
    const { status, stdout } = await tokenward(['decode', tokens.fixed]);
    assert.equal(status, 0);
    assert.match(stdout, /^UNVERIFIED: /);
    assert.match(stdout, /"alg": "ES256"/);
    assert.match(stdout, /"exp": 1767229200, {2}\(2026-01-01T01:00:00Z\)/);
    assert.match(stdout, /"iat": 1767225600, {2}\(2026-01-01T00:00:00Z\)/);
    assert.doesNotMatch(stdout, /\u001b\[/, 'no colours when stdout is not a terminal');
  });

  test('--json: unverified, claims and dates', async () => {
    const { status, body } = await json(['decode', tokens.fixed]);
    assert.equal(status, 0);
    assert.equal(body.command, 'decode');
    assert.equal(body.unverified, true);
    assert.equal(body.header.kid, 'k1');
    assert.equal(body.claims.sub, 'user-1');
    assert.deepEqual(body.dates, { exp: '2026-01-01T01:00:00Z', iat: '2026-01-01T00:00:00Z' });
  });

  test('a malformed token exits 1 with its code, the token not echoed', async () => {
    const mangled = `${tokens.fixed.split('.').slice(0, 2).join('.')}`;
    secrets.push(mangled);
    const human = await tokenward(['decode', mangled]);
    assert.equal(human.status, 1);
    assert.match(human.stdout, /REFUSED malformed: /);
    const { status, body } = await json(['decode', mangled]);
    assert.equal(status, 1);
    assert.equal(body.error.code, 'malformed');
  });

  test('control characters and bidi overrides in claims never reach the terminal raw', async () => {
    const { status, stdout } = await tokenward(['decode', tokens.hostile]);
    assert.equal(status, 0);
    assert.doesNotMatch(stdout, /[\u001b\u009b\u202e\u0007]/);
    assert.match(stdout, /"name": "a\\u001b\[2J\\u009b31mb\\u202ec\\u0007"/);
    const run = await json(['decode', tokens.hostile]);
    assert.doesNotMatch(run.stdout, /[\u001b\u009b\u202e\u0007]/);
    assert.equal(run.body.claims.name, 'a\u001b[2J\u009b31mb\u202ec\u0007', 'the JSON escapes decode to the claim');
  });

  test('colours on a terminal, none with NO_COLOR', async () => {
    // script(1) gives the command a pseudo-terminal.
    const command = `${bin} decode ${tokens.fixed}`;
    const coloured = await runInTerminal(command, {});
    assert.match(coloured, /\u001b\[1m/);
    const plain = await runInTerminal(command, { NO_COLOR: '1' });
    assert.match(plain, /UNVERIFIED/);
    assert.doesNotMatch(plain, /\u001b\[/);
  });
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Output of `command` run with a terminal as stdout. */
function runInTerminal(command, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '', ...env } });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolve(out) : reject(new Error(`script exited ${status}: ${out}`))));
    child.stdin.end();
  });
}

describe('verify', () => {
  const checks = () => ['--jwks', jwksFile, '--issuer', ISSUER, '--audience', AUDIENCE, '--alg', 'ES256'];

  test('a valid token, key set from a file, the clock now: exit 0', async () => {
    const { status, stdout } = await tokenward(['verify', tokens.live, ...checks()]);
    assert.equal(status, 0);
    assert.match(stdout, /^VALID user token/);
    assert.doesNotMatch(stdout, /note: no --issuer/);
    const { body } = await json(['verify', tokens.live, ...checks()]);
    assert.equal(body.valid, true);
    assert.equal(body.claims.sub, 'user-1');
    assert.equal(body.kind, 'user');
  });

  test('--now moves the verdict (Unix seconds and ISO dates)', async () => {
    const inside = await json(['verify', tokens.fixed, ...checks(), '--now', '2026-01-01T00:30:00Z']);
    assert.equal(inside.status, 0);
    assert.equal(inside.body.now.seconds, T0 + 1800);
    assert.equal((await tokenward(['verify', tokens.fixed, ...checks(), '--now', String(T0 + 3599)])).status, 0);
    const expired = await json(['verify', tokens.fixed, ...checks(), '--now', String(T0 + 3601)]);
    assert.equal(expired.status, 1);
    assert.equal(expired.body.error.code, 'expired');
    const tolerated = await tokenward(['verify', tokens.fixed, ...checks(), '--now', String(T0 + 3601), '--clock-tolerance', '5']);
    assert.equal(tolerated.status, 0);
    const human = await tokenward(['verify', tokens.fixed, ...checks(), '--now', '2026-01-02']);
    assert.equal(human.status, 1);
    assert.match(human.stdout, /REFUSED expired: /);
  });

  test('wrong issuer, audience, signature, and each claim flag applied: exit 1 with the code', async () => {
    const at = ['--now', String(T0 + 60)];
    const cases = [
      [['verify', tokens.fixed, '--jwks', jwksFile, ...at, '--issuer', 'https://other.test', '--issuer', 'https://third.test'], 'bad_issuer'],
      [['verify', tokens.fixed, ...checks(), ...at, '--subject', 'someone-else'], 'bad_subject'],
      [['verify', tokens.fixed, '--jwks', jwksFile, '--audience', 'api://other', ...at], 'bad_audience'],
      [['verify', tokens.forged, ...checks(), ...at], 'bad_signature'],
      [['verify', tokens.fixed, '--jwks', jwksFile, ...at, '--alg', 'RS256', '--algorithms', 'PS256,RS384'], 'alg_not_allowed'],
      // Each flag reaches its Verifier option: applied, not ignored.
      [['verify', tokens.fixed, ...checks(), ...at, '--profile', 'at+jwt'], 'bad_typ'],
      [['verify', tokens.fixed, ...checks(), ...at, '--typ', 'at+jwt'], 'bad_typ'],
      [['verify', tokens.fixed, ...checks(), ...at, '--required-claim', 'email'], 'missing_claim'],
      [['verify', tokens.fixed, ...checks(), '--now', String(T0 + 120), '--max-token-age', '60'], 'token_too_old'],
      [['verify', tokens.fixed, ...checks(), ...at, '--max-age', '60'], 'missing_claim'],
      [['verify', tokens.fixed, ...checks(), ...at, '--nonce', 'n-1'], 'nonce_mismatch'],
      [['verify', tokens.fixed, ...checks(), ...at, '--client-id', 'spa-1'], 'bad_audience'],
    ];
    for (const [args, code] of cases) {
      const { status, body } = await json(args);
      assert.equal(status, 1, code);
      assert.equal(body.error.code, code);
      const human = await tokenward(args);
      assert.equal(human.status, 1);
      assert.match(human.stdout, new RegExp(`REFUSED ${code}`));
    }
  });

  test('--audience is repeatable: one must match', async () => {
    const { status } = await tokenward(['verify', tokens.fixed, '--jwks', jwksFile, '--audience', 'api://other', '--audience', AUDIENCE, '--now', String(T0)]);
    assert.equal(status, 0);
  });

  test('the token from stdin with -', async () => {
    const { status, body } = await json(['verify', '-', ...checks()], { stdin: `${tokens.live}\n` });
    assert.equal(status, 0);
    assert.equal(body.valid, true);
    const empty = await json(['verify', '-', ...checks()], { stdin: '' });
    assert.equal(empty.status, 2);
    assert.equal(empty.body.error.code, 'input_unreadable');
    const flood = await json(['decode', '-'], { stdin: 'x'.repeat(2 << 20) });
    assert.equal(flood.status, 2);
    assert.equal(flood.body.error.code, 'input_unreadable');
  });

  test('--jwks from a URL on 127.0.0.1 through RemoteKeySet', async () => {
    const before = jwksRequests;
    const { status, body } = await json(['verify', tokens.live, ...checks(), '--jwks', jwksUrl]);
    assert.equal(status, 0);
    assert.equal(body.claims.sub, 'user-1');
    assert.ok(jwksRequests > before, 'the key set was fetched');
    const forged = await json(['verify', tokens.forged, ...checks(), '--jwks', jwksUrl, '--now', String(T0)]);
    assert.equal(forged.status, 1);
    assert.equal(forged.body.error.code, 'bad_signature');
  });

  test('a key set that cannot be had or is refused: exit 2, not a verdict on the token', async () => {
    const closed = await json(['verify', tokens.live, '--jwks', `http://127.0.0.1:${await closedPort()}/jwks.json`]);
    assert.equal(closed.status, 2);
    assert.equal(closed.body.error.code, 'jwks_unavailable');
    const insecure = await json(['verify', tokens.live, '--jwks', 'http://jwks.example/keys']);
    assert.equal(insecure.status, 2);
    assert.equal(insecure.body.error.code, 'invalid_options', 'the https rule of RemoteKeySet');
    const missing = await json(['verify', tokens.live, '--jwks', join(work, 'missing.json')]);
    assert.equal(missing.status, 2);
    assert.equal(missing.body.error.code, 'input_unreadable');
    const notJson = join(work, 'not-a-key-set.json');
    writeFileSync(notJson, '{"keys": 1}');
    const invalid = await json(['verify', tokens.live, '--jwks', notJson]);
    assert.equal(invalid.status, 2);
    assert.equal(invalid.body.error.code, 'jwks_invalid');
  });

  test('bad usage exits 2: unknown flag, missing --jwks, values refused', async () => {
    const cases = [
      [['verify', tokens.live, '--jwsk', jwksFile], 'usage'],
      [['verify', tokens.live], 'usage'],
      [['verify', '--jwks', jwksFile], 'usage'],
      [['verify', tokens.live, '--jwks', jwksFile, '--now', 'yesterday'], 'usage'],
      [['verify', tokens.live, '--jwks', jwksFile, '--now', '2026-01-01T10:00:00'], 'usage'],
      [['verify', tokens.live, '--jwks', jwksFile, '--clock-tolerance=-1'], 'invalid_options'],
      [['verify', tokens.live, '--jwks', jwksFile, '--profile', 'saml'], 'invalid_options'],
      [['verify', tokens.live, '--jwks', jwksFile, '--allow-insecure-http'], 'usage'],
      [['decode', tokens.live, '--issuer', ISSUER], 'usage'],
      [['frobnicate', tokens.live], 'usage'],
      [['lint', tokens.live, '--fail-on', 'fatal'], 'usage'],
    ];
    for (const [args, code] of cases) {
      const { status, body } = await json(args);
      assert.equal(status, 2, args.join(' '));
      assert.equal(body.error.code, code, args.join(' '));
    }
    const human = await tokenward(['verify', tokens.live, '--jwsk', jwksFile]);
    assert.equal(human.status, 2);
    assert.equal(human.stdout, '');
    assert.match(human.stderr, /^tokenward: usage: .*--jwsk/);
  });

  test('a token typed where a flag value goes is redacted in the error', async () => {
    const { status, stderr } = await tokenward(['verify', '--jwks', jwksFile, '--now', tokens.live, '-']);
    assert.equal(status, 2);
    assert.match(stderr, /--now expects .*\[redacted\]/);
  });
});

describe('lint', () => {
  test('a clean token passes (exit 0); --fail-on info makes its info finding fail', async () => {
    const { status, body } = await json(['lint', tokens.fixed]);
    assert.equal(status, 0);
    assert.equal(body.failed, false);
    assert.ok(body.findings.every((finding) => finding.severity !== 'error'));
    const strict = await json(['lint', tokens.noExp, '--fail-on', 'info']);
    assert.equal(strict.status, 1);
  });

  test('a finding at error level exits 1, shown with its code', async () => {
    const { status, body } = await json(['lint', tokens.noExp]);
    assert.equal(status, 1);
    assert.equal(body.failed, true);
    assert.ok(body.findings.some((finding) => finding.code === 'missing_exp' && finding.severity === 'error'));
    const human = await tokenward(['lint', '-'], { stdin: tokens.noExp });
    assert.equal(human.status, 1);
    assert.match(human.stdout, /error {3}missing_exp \[exp\]: /);
  });

  test('a claim name quoted in a finding cannot forge a line or reach the terminal raw', async () => {
    const { status, stdout } = await tokenward(['lint', tokens.hostileName]);
    assert.equal(status, 0);
    assert.doesNotMatch(stdout, /\u009b/);
    const verdicts = stdout.trimEnd().split('\n').filter((line) => /^(passes|fails):/.test(line));
    assert.deepEqual(verdicts, ['passes: nothing at error level or above']);
    assert.match(stdout, /large_claim \[big\\nfails: a finding at error level or above \\u009b\]/);
  });
});

describe('no output prints a token', () => {
  const checks = () => ['--jwks', jwksFile, '--issuer', ISSUER, '--audience', AUDIENCE, '--alg', 'ES256'];
  /** The standard spelling (eyJ) and every other one. */
  const allSpellings = () => ({ eyJ: tokens.live, ...tokens.spellings });

  test('tokens whose header does not encode to eyJ are valid (the control)', async () => {
    for (const [name, token] of Object.entries(tokens.spellings)) {
      const { status, stdout } = await tokenward(['verify', token, ...checks()]);
      assert.equal(status, 0, name);
      assert.match(stdout, /^VALID user token/, name);
    }
  });

  test('a token typed where a flag goes (--<token>, -<token>) is redacted, human and --json', async () => {
    for (const [name, token] of Object.entries(allSpellings())) {
      const long = await tokenward(['verify', '--jwks', jwksFile, `--${token}`]);
      assert.equal(long.status, 2, name);
      assert.match(long.stderr, /^tokenward: usage: Unknown option '--[\w-]{4}\[redacted\]'/, name);
      const { status, body } = await json(['verify', '--jwks', jwksFile, `--${token}`]);
      assert.equal(status, 2, name);
      assert.equal(body.error.code, 'usage', name);
      assert.match(body.error.message, /\[redacted\]/, name);
      const short = await tokenward(['verify', '--jwks', jwksFile, `-${token}`]);
      assert.equal(short.status, 2, name);
    }
  });

  test('a token as the command, a flag value or the key set file is redacted in every message', async () => {
    // [args, code, whether the message quotes what was typed]
    const places = (token) => [
      [[token], 'usage'],
      [['--json', token], 'usage', false],
      [['verify', '-', '--jwks', jwksFile, '--now', token], 'usage'],
      [['verify', '-', '--jwks', jwksFile, '--clock-tolerance', token], 'usage'],
      [['verify', '-', '--jwks', jwksFile, '--alg', token], 'invalid_options'],
      [['verify', '-', '--jwks', jwksFile, '--profile', token], 'invalid_options'],
      [['verify', '-', '--jwks', token], 'input_unreadable'],
      [['verify', '-', '--jwks', `https://127.0.0.1:1/${token}`], 'jwks_unavailable', false],
      [['lint', '-', '--fail-on', token], 'usage'],
    ];
    for (const [name, token] of Object.entries(allSpellings())) {
      for (const [args, code, quoted = true] of places(token)) {
        const what = `${name}: ${args.map((arg) => (arg === token ? '<token>' : arg)).join(' ')}`;
        const human = await tokenward(args, { stdin: tokens.live });
        assert.equal(human.status, 2, what);
        assert.match(human.stderr, new RegExp(`^tokenward: ${code}: `), what);
        if (quoted) assert.match(human.stderr, /\[redacted\]/, what);
        const run = await json(args, { stdin: tokens.live });
        assert.equal(run.status, 2, what);
        assert.equal(run.body.error.code, code, what);
      }
    }
  });

  test('a verdict on a token given as --issuer=<token> does not quote it', async () => {
    for (const [name, token] of Object.entries(allSpellings())) {
      const { status, body } = await json(['verify', tokens.live, '--jwks', jwksFile, `--issuer=${token}`]);
      assert.equal(status, 1, name);
      assert.equal(body.error.code, 'bad_issuer', name);
    }
  });

  test('a token nested in a claim is masked in decode and verify output, which stays valid JSON', async () => {
    const nested = tokens.spellings.spaced;
    const decoded = await json(['decode', tokens.nested]);
    assert.equal(decoded.status, 0);
    assert.equal(decoded.body.claims.act.actor_token, `${nested.slice(0, 4)}[redacted]`);
    const human = await tokenward(['verify', tokens.nested, ...checks()]);
    assert.equal(human.status, 0);
    assert.match(human.stdout, /"actor_token": "eyAi\[redacted\]"/);
  });

  test('colours stay on a terminal, and go where a token was masked', async () => {
    const masked = await runInTerminal(`${bin} decode ${tokens.nested}`, {});
    assert.equal(leakedToken(masked), undefined);
    assert.match(masked, /eyAi\[redacted\]/);
    assert.doesNotMatch(masked, /\u001b\[/);
    assert.match(await runInTerminal(`${bin} decode ${tokens.fixed}`, {}), /\u001b\[1m/);
  });
});

describe('redact, from each entry of the packed package', () => {
  const entries = ['', 'slim/', 'spa/'];
  const load = (entry) => import(pathToFileURL(join(app, 'node_modules', 'tokenward', entry, 'node.js')).href);

  test('masks a token whatever its header spelling and the punctuation around it', async () => {
    const contexts = (token) => [
      `Unknown option '--${token}'`, `-${token}`, `--issuer=${token}`, `"${token}"`, `'${token}'`,
      `GET /cb?token=${token}&x=1`, `GET /api?jwt=${token}&x=1`, `Bearer ${token}`, `q=%22${token}%22`,
      `line\\n${token}`, `got ${token}.`, `(${token})`, `file.${token}`,
    ];
    for (const entry of entries) {
      const { redact } = await load(entry);
      for (const [name, token] of Object.entries(allTokens())) {
        for (const text of contexts(token)) {
          const out = redact(text);
          assert.equal(leakedToken(out), undefined, `${entry}: ${name}: ${out}`);
          assert.ok(out.includes(`${token.slice(0, 4)}[redacted]`), `${entry}: ${name}: ${out}`);
        }
      }
    }
  });

  test('leaves ordinary dotted text alone', async () => {
    const kept = [
      'tokenward 1.2.3', 'v22.11.0-rc.1', 'a.b.c', 'api.example.com', 'eyes.example.com', 'ex.ample.org',
      '127.0.0.1:8443', 'tokenward-0.1.0.tgz', 'archive.tar.gz', 'keyId.jwk.json', '3.14159', '-1.5e-10',
      '--max-token-age=3600', 'https://login.example.com/.well-known/openid-configuration', 'eyJust kidding.',
    ];
    for (const entry of entries) {
      const { redact } = await load(entry);
      for (const text of kept) assert.equal(redact(text), text, `${entry}: ${text}`);
    }
  });

  /** The tokens made above, by spelling. */
  function allTokens() {
    return { eyJ: tokens.live, ...tokens.spellings };
  }
});
