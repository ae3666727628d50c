// `tokenward revocation serve`: the back-channel logout receiver
// (createLogoutReceiver) as an HTTP server. POST /backchannel-logout takes
// the provider's logout tokens; GET /revocation.json serves the document
// every verifier polls. Runs until SIGINT / SIGTERM.
import http from 'node:http';
import { Readable } from 'node:stream';
import { createLogoutReceiver } from './node.js';
import { numberFlag } from './cli-args.js';
import { CliError, EXIT_OK } from './cli-errors.js';
import { keySetOf } from './cli-input.js';

export const REVOCATION_FLAGS = {
  issuer: { type: 'string' },
  'client-id': { type: 'string' },
  jwks: { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
  db: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  alg: { type: 'string', multiple: true },
  'max-age': { type: 'string' },
  retention: { type: 'string' },
  'document-max-age': { type: 'string' },
  'logout-path': { type: 'string' },
  'document-path': { type: 'string' },
};

/** `revocation serve`: resolves when the server has closed on a signal. */
export async function revocation({ values, positionals }, io) {
  if (positionals.length !== 1 || positionals[0] !== 'serve') {
    throw new CliError('revocation takes one subcommand: serve');
  }
  for (const flag of ['issuer', 'client-id', 'jwks', 'db']) {
    if (values[flag] === undefined) throw new CliError(`revocation serve needs --${flag}`);
  }
  const jwks = keySetOf(values.jwks, { allowInsecureHttp: values['allow-insecure-http'] });
  const optional = (flag) => (values[flag] === undefined ? undefined : numberFlag(flag, values[flag]));
  const receiver = await createLogoutReceiver({
    issuer: values.issuer,
    clientId: values['client-id'],
    jwks: typeof jwks === 'string' ? JSON.parse(jwks) : jwks,
    store: values.db,
    algorithms: values.alg,
    maxAge: optional('max-age'),
    retention: optional('retention'),
    documentMaxAge: optional('document-max-age'),
  });
  const paths = { logoutPath: values['logout-path'], documentPath: values['document-path'] };
  const server = http.createServer((req, res) => {
    respond(receiver, paths, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const host = values.host ?? '127.0.0.1';
  const port = values.port === undefined ? 0 : numberFlag('port', values.port);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address();
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  io.stdout.write(`revocation: listening on ${origin} (POST ${paths.logoutPath ?? '/backchannel-logout'}, GET ${paths.documentPath ?? '/revocation.json'}), journal ${values.db}\n`);
  await new Promise((resolve) => {
    const stop = () => server.close(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await receiver.close();
  return { status: EXIT_OK, human: () => 'revocation: stopped', json: { command: 'revocation', stopped: true } };
}

/** node:http request -> Web Request -> the receiver -> node:http response. */
async function respond(receiver, paths, req, res) {
  const url = new URL(req.url ?? '/', 'http://receiver.invalid');
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(url, {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([name, value]) =>
      Array.isArray(value) ? value.map((one) => [name, one]) : [[name, value]]),
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: hasBody ? 'half' : undefined,
  });
  const response = await receiver.fetch(request, {
    ...(paths.logoutPath === undefined ? {} : { logoutPath: paths.logoutPath }),
    ...(paths.documentPath === undefined ? {} : { documentPath: paths.documentPath }),
  });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}
