// What a browser build leaves out because only a server runs it, checked in
// the browser pages of every entry: it is refused by name, never ignored.
// A Verifier's `dpop` option (DPoP proofs are checked server side) is
// `invalid_options` naming `dpop`; createLogoutReceiver, where the entry
// exports it (the browser build of 'tokenward'), throws `unsupported`
// naming itself. Plain JS with no Node APIs.
const ISSUER = 'https://issuer.example';

export async function serverOnly({ Verifier, createLogoutReceiver }, jwks) {
  const failures = [];
  const refusedAs = async (what, code, make) => {
    try {
      await make();
      failures.push(`${what}: accepted by a browser build`);
    } catch (error) {
      if (error?.code !== code || !String(error?.message).startsWith(`${what} is not in this build of tokenward`)) {
        failures.push(`${what}: expected ${code} naming it, got ${error?.code}: ${error?.message}`);
      }
    }
  };
  await refusedAs('dpop', 'invalid_options', () => new Verifier({ jwks, issuer: ISSUER, audience: 'api', dpop: {} }).free());
  if (createLogoutReceiver !== undefined) {
    await refusedAs('createLogoutReceiver', 'unsupported', () => createLogoutReceiver({ issuer: ISSUER, clientId: 'app', jwks }));
  }
  return failures;
}
