// What tests/npm/spa.mjs checks, in plain JS with no Node APIs so that the
// same code runs in Node and in a Chromium page.

/** The algorithms tokenward/spa leaves out. */
export const LEFT_OUT = ['EdDSA', 'Ed25519', 'HS256', 'HS384', 'HS512'];

function headerAlg(token) {
  try {
    const segment = token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(segment.padEnd(Math.ceil(segment.length / 4) * 4, '='))).alg;
  } catch {
    return undefined;
  }
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
    if (c.options.allowSymmetric || hmacSet(c.jwks)) continue;
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
  const leftOut = [['lint', () => tokenward.lint('a.b.c')], ['RevocationList', () => tokenward.RevocationList.fromJSON('{}')]];
  for (const [what, use] of leftOut) {
    const code = codeOf(use);
    if (code !== 'unsupported') failures.push(`${what}: ${code}, expected unsupported`);
  }
  const remote = codeOf(() => new tokenward.RemoteKeySet('https://issuer.example/jwks'));
  if (remote !== 'ok') failures.push(`RemoteKeySet: ${remote}`);
  return failures;
}
