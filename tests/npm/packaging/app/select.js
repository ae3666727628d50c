// The fixture cases an entry can run: every case, except that a build with
// fewer algorithms (tokenward/slim) narrows each case's allowlist to the
// algorithms it has and drops the cases whose token it cannot verify at all.
// Narrowing keeps the expected verdict: the token's own `alg` stays allowed,
// and a case whose `kid` names a key of a left-out algorithm is dropped (the
// build drops such keys from the set: `unknown_kid`, not the full verdict).
export function expected(c) {
  return c.expect ? c.expect.code : c.jose.ok ? 'ok' : c.jose.code;
}

function header(token) {
  try {
    return JSON.parse(atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}
const headerAlg = (token) => header(token).alg;

/** The algorithms a key can verify: its `alg`, else what its type allows. */
function keyAlgorithms(key) {
  if (key.alg !== undefined) return [key.alg];
  const curve = { 'P-256': ['ES256'], 'P-384': ['ES384'], 'P-521': ['ES512'], Ed25519: ['EdDSA', 'Ed25519'] };
  if (key.kty === 'EC' || key.kty === 'OKP') return curve[key.crv] ?? [];
  if (key.kty === 'RSA') return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
  return ['HS256', 'HS384', 'HS512'];
}

function namesLeftOutKey(c, jwks, available) {
  const { kid } = header(c.token);
  const key = jwks[c.jwks]?.keys?.find((k) => k.kid === kid);
  return key !== undefined && !keyAlgorithms(key).some((alg) => available.includes(alg));
}

export function selectCases(tokenward, fixture) {
  const { jwks } = fixture;
  const constructs = (c, options) => {
    try {
      new tokenward.Verifier({ jwks: jwks[c.jwks], ...options }).free();
      return 'ok';
    } catch (error) {
      return error.code;
    }
  };
  const cases = [];
  const algorithms = new Set();
  for (const c of fixture.cases) {
    const verdict = constructs(c, c.options);
    if (verdict === 'ok' || verdict === expected(c)) {
      cases.push(c);
      continue;
    }
    if (verdict !== 'invalid_options' || !c.options.algorithms) continue;
    const available = c.options.algorithms.filter((alg) => constructs(c, { ...c.options, algorithms: [alg] }) === 'ok');
    if (!available.includes(headerAlg(c.token)) || namesLeftOutKey(c, jwks, available)) continue;
    cases.push({ ...c, options: { ...c.options, algorithms: available } });
  }
  for (const c of cases) {
    if (expected(c) === 'ok') algorithms.add(headerAlg(c.token));
  }
  return { jwks, cases, algorithms: [...algorithms].sort() };
}
