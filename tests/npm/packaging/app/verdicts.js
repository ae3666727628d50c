// Shared by every run of the packaging matrix (Node, bundles, browser
// pages, workers): every fixture case through verify and verifyAsync,
// returning the disagreements with the expected verdict (`expect.code`,
// else jose's). Plain JS with no Node APIs.
export async function verdicts(tokenward, fixture) {
  const { jwks, cases } = fixture;
  const failures = [];
  const codeOf = (error) =>
    error instanceof tokenward.TokenError ? error.code : `unexpected ${error?.name}: ${error?.message}`;
  for (const c of cases) {
    const want = c.expect ? c.expect.code : c.jose.ok ? 'ok' : c.jose.code;
    let verifier;
    try {
      verifier = new tokenward.Verifier({ jwks: jwks[c.jwks], ...c.options });
    } catch (error) {
      // A key set refused at load: its code is the verdict of every token.
      if (codeOf(error) !== want) failures.push(`${c.name}: expected ${want}, verifier refused: ${codeOf(error)}`);
      continue;
    }
    let sync = 'ok';
    try {
      verifier.verify(c.token, { now: c.now });
    } catch (error) {
      sync = codeOf(error);
    }
    let async = 'ok';
    try {
      await verifier.verifyAsync(c.token, { now: c.now });
    } catch (error) {
      async = codeOf(error);
    }
    if (sync !== want) failures.push(`${c.name}: expected ${want}, verify ${sync}`);
    if (async !== sync) failures.push(`${c.name}: verify ${sync}, verifyAsync ${async}`);
    verifier.free();
  }
  return { total: cases.length, failures };
}
