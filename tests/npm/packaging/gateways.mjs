// tokenward/edge and tokenward/hono in the packaging matrix: the entries'
// own cases (a gateway configuration with inline ES256 and EdDSA keys,
// tokens signed by jose: valid, expired, for another audience, missing,
// CORS on a refusal, a public path, spoofed identity headers) through
// createGateway's handle() or a Hono app, in Node (ESM import), as esbuild
// bundles them for workerd, and as `wrangler deploy --dry-run` uploads
// them, both in real workerd.
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { ROOT, check, run, step } from './harness.mjs';

/** The entries that are gateways, not verifiers. */
export const GATEWAY_KEYS = ['./edge', './hono'];

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'api://orders';
const APP = 'https://app.example';

async function fixture() {
  const now = Math.floor(Date.now() / 1000);
  const keys = {};
  const jwks = [];
  for (const [alg, kid] of [['ES256', 'es'], ['EdDSA', 'ed']]) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    keys[kid] = { privateKey, alg };
    jwks.push({ ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
  }
  const mint = (kid, { aud = AUDIENCE, exp = now + 600 } = {}) => new SignJWT({})
    .setProtectedHeader({ alg: keys[kid].alg, kid, typ: 'JWT' })
    .setIssuer(ISSUER).setAudience(aud).setSubject('alice').setIssuedAt(now - 60).setExpirationTime(exp)
    .sign(keys[kid].privateKey);
  const bearer = async (kid, claims) => ({ authorization: `Bearer ${await mint(kid, claims)}` });
  const config = {
    realm: 'api',
    providers: { corp: { issuer: ISSUER, audiences: [AUDIENCE], algorithms: ['ES256', 'EdDSA'], local_jwks: { keys: jwks } } },
    rules: [{ match: { prefix: '/health' } }, { match: { prefix: '/' }, requires: { provider_name: 'corp' } }],
    cors: { allow_origins: [APP] },
  };
  const cases = [
    { name: 'valid ES256', path: '/orders', headers: { ...(await bearer('es')), 'x-tokenward-sub': 'root' }, expect: { status: 200, subject: 'alice', subjectHeader: 'alice' } },
    { name: 'valid EdDSA', path: '/orders', headers: await bearer('ed'), expect: { status: 200, subject: 'alice' } },
    { name: 'expired', path: '/orders', headers: await bearer('es', { exp: now - 600 }), expect: { status: 401, code: 'expired' } },
    { name: 'another audience', path: '/orders', headers: await bearer('ed', { aud: 'api://other' }), expect: { status: 401, code: 'bad_audience' } },
    { name: 'no token, allowed origin', path: '/orders', headers: { origin: APP }, expect: { status: 401, code: 'missing_token', allowOrigin: APP } },
    { name: 'no token, other origin', path: '/orders', headers: { origin: 'https://evil.example' }, expect: { status: 401, allowOrigin: null } },
    { name: 'public path, spoofed subject', path: '/health', headers: { 'x-tokenward-sub': 'root' }, expect: { status: 200, subject: null, subjectHeader: null } },
  ];
  return { config, cases };
}

const imports = (entry) => (entry.key === './hono'
  ? `import { Hono } from 'hono';\nimport { tokenward } from '${entry.spec}';\nimport { honoAnswer } from '../gateway-verdicts.js';\nconst answer = () => honoAnswer(Hono, tokenward, fixture.config);`
  : `import { createGateway } from '${entry.spec}';\nimport { edgeAnswer } from '../gateway-verdicts.js';\nconst answer = () => { const gateway = createGateway(fixture.config); return (request) => edgeAnswer(gateway, request); };`);

/** Writes each gateway entry's cases, Node program and module worker into <app>/<id>/. */
export async function writeGatewaySources(app, gateways) {
  // tokenward/hono's optional peer, as an app installs it.
  symlinkSync(join(ROOT, 'node_modules/hono'), join(app, 'node_modules/hono'), 'dir');
  const data = await fixture();
  for (const entry of gateways) {
    const dir = join(app, entry.id);
    run('mkdir', ['-p', dir], app);
    writeFileSync(join(dir, 'cases.js'), `export default ${JSON.stringify(data)};\n`);
    writeFileSync(join(dir, 'node-run.js'), `import fixture from './cases.js';\nimport { gatewayVerdicts } from '../gateway-verdicts.js';\n${imports(entry)}\n\nconsole.log(JSON.stringify(await gatewayVerdicts(answer(), fixture)));\n`);
    writeFileSync(join(dir, 'worker.js'), `import fixture from './cases.js';\nimport { gatewayVerdicts } from '../gateway-verdicts.js';\n${imports(entry)}\n\nexport default {\n  async fetch() {\n    return Response.json(await gatewayVerdicts(answer(), fixture));\n  },\n};\n`);
  }
}

/** Node: the entry's `node` condition, imported as an app does. */
export function gatewayNode(app, entry) {
  step(`Node ESM import '${entry.spec}'`);
  check(`Node ESM '${entry.spec}'`, JSON.parse(run('node', [join(entry.id, 'node-run.js')], app)), 'gateway verdicts');
}
