// The fleet path with real parts: a real OpenID provider (oidc-provider,
// back-channel logout on) calls `tokenward revocation serve` (the packed
// package's CLI) when a session ends; a Verifier polling the receiver's
// document (RemoteRevocationList) then refuses the session's still
// unexpired access token `revoked`, within a measured bound. The receiver
// is then killed (SIGKILL) and restarted on the same journal: nothing lost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { installPacked } from './packed.mjs';
import { freePort } from '../../scripts/free-port.mjs';
import { startReceiver } from './receiver-process.mjs';
import { API, CLIENT_ID, startProvider } from './provider.mjs';
import { UserAgent, endSession, signIn } from './browser-flow.mjs';

/**
 * The RemoteRevocationList refresh interval of this test (ms): the
 * shortest the core's policy takes, also the floor of the document's
 * max-age (1 s here), so the list is refetched every second.
 */
const POLL_MS = 1000;
/** The bound the docs promise for these settings: the refresh period (1 s) + one fetch + slack. */
const BOUND_MS = 2000;

let packed;
let provider;
let receiver;
let receiverArgs;

before(async () => {
  packed = await installPacked();
  const [providerPort, receiverPort] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${providerPort}`;
  receiverArgs = [
    '--issuer', issuer,
    '--client-id', CLIENT_ID,
    '--jwks', `${issuer}/jwks`,
    '--db', join(packed.work, 'logout.journal'),
    '--port', String(receiverPort),
    '--document-max-age', '1',
  ];
  provider = await startProvider({ port: providerPort, backchannelLogoutUri: `http://127.0.0.1:${receiverPort}/backchannel-logout` });
  receiver = await startReceiver(packed.bin, receiverArgs);
});

after(async () => {
  await receiver?.kill();
  await provider?.close();
});

async function documentOf(origin) {
  const response = await fetch(`${origin}/revocation.json`);
  assert.equal(response.status, 200);
  return { etag: response.headers.get('etag'), list: await response.json() };
}

/** Verifies every `stepMs` until refused; resolves to the error and when it came. */
async function untilRefused(verifier, token, { stepMs = 20, timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await verifier.verifyAsync(token);
    } catch (error) {
      return { error, at: Date.now() };
    }
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  throw new Error(`still accepted after ${timeoutMs} ms`);
}

/** Sessions signed in and logged out by the first test, for the measurement. */
const CYCLES = 5;

test('a logout at the provider revokes the session\'s access token everywhere the document is polled', async () => {
  const { Verifier, RemoteKeySet, RemoteRevocationList } = packed.tokenward;
  const verifier = new Verifier({
    issuer: provider.issuer,
    audience: API,
    profile: 'at+jwt',
    jwks: new RemoteKeySet(`${provider.issuer}/jwks`),
  });
  const revocations = new RemoteRevocationList(`${receiver.origin}/revocation.json`, { interval: POLL_MS });
  revocations.attach(verifier);
  await revocations.start();
  const delays = [];
  try {
    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      const agent = new UserAgent();
      const tokens = await signIn(agent, provider.issuer);
      const before = await verifier.verifyAsync(tokens.access_token);
      const { sid } = before.claims;
      assert.equal(typeof sid, 'string', 'the access token carries the session id');
      const listedBefore = (await documentOf(receiver.origin)).list.sid ?? {};
      assert.equal(listedBefore[sid], undefined, 'this session is not revoked yet');
      const deliveredBefore = provider.events.length;

      const loggedOutAt = await endSession(agent, provider.issuer, tokens.id_token);
      const refused = await untilRefused(verifier, tokens.access_token);
      assert.equal(refused.error.code, 'revoked');
      assert.ok(before.claims.exp * 1000 > Date.now(), 'the refused token had not expired');
      delays.push(refused.at - loggedOutAt);

      const delivered = provider.events.slice(deliveredBefore);
      assert.deepEqual(
        delivered.map(({ event, sid: logoutSid }) => [event, logoutSid]),
        [['backchannel.success', sid]],
        `the provider called the receiver, which answered 200: ${JSON.stringify(delivered)}`,
      );
      const { list } = await documentOf(receiver.origin);
      assert.equal(typeof list.sid?.[sid], 'number', 'the document lists the session');
      assert.equal(list.sub, undefined, 'a session logout does not revoke the user\'s other sessions');
      assert.ok(list.sid[sid] >= before.claims.iat, 'revoked-before is the logout token\'s iat, after the access token\'s');
    }
    // A new sign-in is a new session: its token passes.
    const again = await signIn(new UserAgent(), provider.issuer);
    await verifier.verifyAsync(again.access_token);
  } finally {
    revocations.stop();
  }
  const sorted = [...delays].sort((a, b) => a - b);
  console.log(`logout: provider logout -> npm Verifier refuses "revoked": ${delays.join(', ')} ms; median ${sorted[Math.floor(CYCLES / 2)]}, max ${sorted.at(-1)} (poll ${POLL_MS} ms, bound ${BOUND_MS} ms)`);
  assert.ok(sorted.at(-1) <= BOUND_MS, `${sorted.at(-1)} ms exceeds the ${BOUND_MS} ms bound`);
});

test('the receiver keeps every entry across a crash (SIGKILL, restart on the same journal)', async () => {
  const before = await documentOf(receiver.origin);
  assert.ok(Object.keys(before.list.sid ?? {}).length >= 1, 'the previous test recorded a logout');
  await receiver.kill();
  receiver = await startReceiver(packed.bin, receiverArgs);
  const afterRestart = await documentOf(receiver.origin);
  assert.deepEqual(afterRestart.list, before.list);
  assert.equal(afterRestart.etag, before.etag, 'the same document, the same ETag');
  const notModified = await fetch(`${receiver.origin}/revocation.json`, { headers: { 'if-none-match': before.etag } });
  assert.equal(notModified.status, 304);
});
