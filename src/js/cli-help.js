// The --help texts: one per command, and the overview.

const TOKEN_INPUT = `<token> is the compact JWT, or - to read it from stdin. Prefer -: a token
given as an argument stays in your shell history and is visible to other
users in the process list:  tokenward verify - --jwks keys.json < token.txt`;

const OUTPUT = `  --json        one JSON object on stdout, errors included:
                {"command": ..., "error": {"code": ..., "message": ...}}
  -h, --help    this help

Colours only on a terminal, never with NO_COLOR set. Nothing printed shows
a token: one quoted in an error, typed where a flag goes or nested in a
claim is redacted.`;

const EXIT_CODES = `Exit status: 0 valid / decoded / lint passes; 1 token refused (the code is
shown) or lint findings at --fail-on level; 2 no verdict: bad usage, an
option refused (invalid_options), an unreadable file or stdin
(input_unreadable), a key set unavailable or invalid (jwks_unavailable,
jwks_invalid): those say nothing about the token.`;

export const HELP = {
  main: `tokenward: decode, verify and lint JWT / OpenID Connect tokens

Usage:
  tokenward decode <token|-> [--json]
  tokenward verify <token|-> --jwks URL|FILE [options] [--json]
  tokenward lint   <token|-> [--fail-on LEVEL] [--json]
  tokenward revocation serve --issuer ISS --client-id ID --jwks URL|FILE --db FILE [options]
  tokenward <command> --help
  tokenward --version

${TOKEN_INPUT}

${EXIT_CODES}`,

  revocation: `Usage: tokenward revocation serve --issuer ISS --client-id ID --jwks URL|FILE --db FILE [options]

Runs an OpenID Connect Back-Channel Logout receiver (createLogoutReceiver of
the tokenward package) as an HTTP server, until SIGINT or SIGTERM:
  POST /backchannel-logout   the provider's logout_token (register this URL
                             as the client's backchannel_logout_uri); 200
                             once recorded, 400 invalid_request if refused
  GET  /revocation.json      the revocation-list document (ETag, 304,
                             Cache-Control: max-age) every verifier polls

  --issuer ISS               the provider's issuer (iss, exact)
  --client-id ID             this client's id (the logout token's aud)
  --jwks URL|FILE            the provider's key set: URL (RemoteKeySet) or file
  --allow-insecure-http      fetch a plain http:// --jwks URL not on loopback
  --db FILE                  the journal (JSON lines, fsynced per logout);
                             restarting on the same file keeps every entry
  --port N / --host H        where to listen (default 127.0.0.1, any free port)
  --alg ALG                  alg allowlist; repeat for several
  --max-age S                oldest logout token accepted (now - iat; 300)
  --retention S              how long a sid / sub stays listed (86400)
  --document-max-age S       the document's Cache-Control max-age (1)
  --logout-path P / --document-path P   other paths for the two endpoints

Prints one line, "revocation: listening on http://HOST:PORT ...", when ready.`,

  decode: `Usage: tokenward decode <token|-> [--json]

Prints the header and payload as JSON, NOT verified: the signature and the
claims are not checked, so nothing shown may be trusted. Time claims (exp,
nbf, iat, auth_time, updated_at) get their ISO 8601 date beside them.
Exit 1 (malformed, too_large) when the token cannot be decoded.

${TOKEN_INPUT}

${OUTPUT}`,

  verify: `Usage: tokenward verify <token|-> --jwks URL|FILE [options] [--json]

Verifies the token as \`new Verifier(options).verifyAsync(token, { now, nonce })\`
of the tokenward package does; each flag is the option named beside it, and
is applied or refused (exit 2), never ignored.

  --jwks URL|FILE          jwks: an https:// URL (http:// only to loopback),
                           fetched as a RemoteKeySet; or a JWK Set JSON file
  --allow-insecure-http    RemoteKeySet allowInsecureHttp: fetch a plain
                           http:// URL that is not loopback (unsafe: anyone
                           on the path can swap the keys)
  --issuer ISS             issuer (exact); repeat for several (one must
                           match); without it any issuer passes
  --subject SUB            subject: sub must equal it exactly
  --audience AUD           audience; repeat for several (one must match);
                           without it any audience passes
  --alg ALG, --algorithms ALG[,ALG]
                           algorithms allowlist; repeatable (default:
                           every asymmetric algorithm)
  --clock-tolerance SECONDS  clockTolerance
  --profile jwt|at+jwt|id_token  profile
  --typ TYP                typ
  --required-claim NAME    requiredClaims; repeatable
  --max-token-age SECONDS  maxTokenAge
  --client-id ID           clientId (OpenID Connect ID tokens)
  --max-age SECONDS        maxAge (needs auth_time)
  --allow-symmetric        allowSymmetric (HMAC keys of a key set file)
  --nonce NONCE            per call: nonce
  --now TIME               per call: now, as Unix seconds or an ISO 8601
                           date (2026-01-01, 2026-01-01T10:00:00Z; a time
                           needs Z or an offset). Default: the clock

${TOKEN_INPUT}

${OUTPUT}

${EXIT_CODES}`,

  lint: `Usage: tokenward lint <token|-> [--fail-on LEVEL] [--json]

The package's lint findings (token size, claim bloat, lifetimes, missing
claims, header members), read WITHOUT verifying the token.

  --fail-on LEVEL  info | warning | error (default error): exit 1 when a
                   finding has this severity or a higher one

${TOKEN_INPUT}

${OUTPUT}`,
};
