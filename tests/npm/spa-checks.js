// What tests/npm/spa.mjs checks, in plain JS with no Node APIs so that the
// same code runs in Node and in a Chromium page.

/** The algorithms tokenward/spa leaves out. */
export const LEFT_OUT = ['ES512', 'EdDSA', 'Ed25519', 'HS256', 'HS384', 'HS512'];

function header(token) {
  try {
    const segment = token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(segment.padEnd(Math.ceil(segment.length / 4) * 4, '=')));
  } catch {
    return {};
  }
}
const headerAlg = (token) => header(token).alg;

/** Keys the spa build skips at load: the curves of the algorithms it leaves out. */
const LEFT_OUT_CURVES = ['P-521', 'Ed25519', 'Ed448', 'X25519'];

/** A case whose `kid` names a skipped key gets `unknown_kid` there, not the full verdict. */
function namesSkippedKey(fixture, c) {
  const { kid } = header(c.token);
  const key = fixture.jwks[c.jwks].keys.find((k) => k.kid === kid);
  return key !== undefined && LEFT_OUT_CURVES.includes(key.crv);
}

/**
 * The differential fixture as the spa build can take it: the left-out
 * algorithms dropped from each allowlist (a verdict on an RS256 or ES256
 * token does not depend on whether EdDSA is also allowed), and the cases
 * left out whose token the full build may accept with such an algorithm,
 * or whose key set holds an HMAC secret (the spa build skips it at load).
 */
export function spaFixture(fixture) {
  const hmacSet = (name) => fixture.jwks[name].keys.some((key) => key.kty === 'oct');
  const cases = [];
  for (const c of fixture.cases) {
    const allowed = c.options.algorithms ?? [];
    const alg = headerAlg(c.token);
    if (c.options.allowSymmetric || hmacSet(c.jwks) || namesSkippedKey(fixture, c)) continue;
    if (LEFT_OUT.includes(alg) && (allowed.length === 0 || allowed.includes(alg))) continue;
    const kept = allowed.filter((name) => !LEFT_OUT.includes(name));
    if (allowed.length > 0 && kept.length === 0) continue;
    cases.push(allowed.length > 0 ? { ...c, options: { ...c.options, algorithms: kept } } : c);
  }
  return { ...fixture, cases };
}

function codeOf(fn) {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error.code ?? `${error.name}: ${error.message}`;
  }
}

/** Parts the build leaves out must be refused, by name; the failures. */
export function refusals(tokenward, jwks) {
  const failures = [];
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
  // What the build leaves out is not exported at all (its types say the same).
  for (const what of ['lint', 'RevocationList', 'LINT_CODES']) {
    if (what in tokenward) failures.push(`${what} is exported`);
  }
  const remote = codeOf(() => new tokenward.RemoteKeySet('https://issuer.example/jwks'));
  if (remote !== 'ok') failures.push(`RemoteKeySet: ${remote}`);
  return failures;
}
