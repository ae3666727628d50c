// Type test: compiled with `tsc --noEmit --strict` against the installed
// package's declarations.
import {
  Verifier, TokenError, OptionsError, RemoteKeySet, RevocationList, lint, decodeUnverified,
  ERROR_CODES, init, type ErrorCode, type VerifierOptions, type VerifiedToken,
} from 'tokenward';

const options: VerifierOptions = {
  jwks: { keys: [] },
  issuer: 'https://issuer.example',
  audience: ['a', 'b'],
  algorithms: ['ES256', 'RS256'],
  clockTolerance: 5,
  requiredClaims: ['jti'],
  cache: { maxEntries: 100 },
};

async function use(token: string): Promise<string> {
  await init();
  const verifier = new Verifier(options);
  const remote = new Verifier({ jwks: new RemoteKeySet('https://issuer.example/jwks', { cooldown: 30_000 }) });
  const list = RevocationList.fromJSON({ jti: ['x'] });
  verifier.setRevocationList(list);
  try {
    const { header, claims, kind }: VerifiedToken = verifier.verify(token, { now: 1 });
    const again = await remote.verifyAsync(token, { nonce: 'n' });
    const sub: string | undefined = claims.sub;
    return `${header.alg} ${sub} ${kind} ${again.kind}`;
  } catch (error) {
    if (error instanceof TokenError) {
      const code: ErrorCode = error.code;
      // @ts-expect-error: not an error code
      const wrong: ErrorCode = 'no_such_code';
      return code + wrong;
    }
    if (error instanceof OptionsError) return error.code;
    throw error;
  }
}

const first: ErrorCode | undefined = ERROR_CODES[0];
const findings = lint('x').findings.map((f) => f.severity);
const claims = decodeUnverified('x').claims;
void use;
void first;
void findings;
void claims;
