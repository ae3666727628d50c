// What a logout receiver must refuse (OpenID Connect Back-Channel Logout
// 1.0 §2.6, §2.8), against `tokenward revocation serve` from the packed
// package: a logout token signed with another key, one replayed (also
// after a restart on the journal), one carrying a nonce, one without
// `events`, a request that is not a form. Each gets 400
// {"error":"invalid_request"} and leaves the document as it was (same ETag).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jose from 'jose';
import { installPacked } from './packed.mjs';
import { freePort } from '../../scripts/free-port.mjs';
import { startReceiver } from './receiver-process.mjs';

const ISSUER = 'https://op.logout.test';
const CLIENT = 'rp-logout';
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

let packed;
let receiver;
let args;
let providerKey;
let impostorKey;
let serial = 0;

before(async () => {
  packed = await installPacked();
  const provider = await jose.generateKeyPair('ES256', { extractable: true });
  providerKey = provider.privateKey;
  impostorKey = (await jose.generateKeyPair('ES256')).privateKey;
  const jwks = join(packed.work, 'provider-jwks.json');
  writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await jose.exportJWK(provider.publicKey)), kid: 'op', alg: 'ES256', use: 'sig' }] }));
  args = ['--issuer', ISSUER, '--client-id', CLIENT, '--jwks', jwks, '--db', join(packed.work, 'journal'), '--port', String(await freePort())];
  receiver = await startReceiver(packed.bin, args);
});

after(async () => {
  await receiver?.kill();
});

/** A logout token: valid unless `claims` / `key` say otherwise (a claim set to undefined is left out). */
async function logoutToken(claims = {}, key = providerKey) {
  serial += 1;
  const payload = { iss: ISSUER, aud: CLIENT, iat: Math.floor(Date.now() / 1000), jti: `jti-${serial}-${Date.now()}`, sid: `sid-${serial}`, events: { [EVENT]: {} }, ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: 'op', typ: 'logout+jwt' })
    .sign(key);
}

function post(body, contentType = 'application/x-www-form-urlencoded') {
  return fetch(`${receiver.origin}/backchannel-logout`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

async function document() {
  const response = await fetch(`${receiver.origin}/revocation.json`);
  return { etag: response.headers.get('etag'), list: await response.json() };
}

/** Posts `token`; asserts 400 invalid_request naming `code`, and an unchanged document. */
async function assertRefused(body, code, contentType) {
  const before = await document();
  const response = await post(body, contentType);
  assert.equal(response.status, 400);
  const answer = await response.json();
  assert.equal(answer.error, 'invalid_request');
  assert.match(answer.error_description, new RegExp(`^${code}\\b`));
  assert.deepEqual(await document(), before, 'the document did not change');
}

test('a valid logout token is recorded: 200, and its sid is listed at its iat', async () => {
  const iat = Math.floor(Date.now() / 1000) - 2;
  const token = await logoutToken({ iat, sid: 'sid-valid', sub: 'alice' });
  const response = await post(new URLSearchParams({ logout_token: token }));
  assert.equal(response.status, 200);
  const { list } = await document();
  assert.equal(list.sid['sid-valid'], iat);
  assert.equal(list.sub, undefined, 'the sid is listed, not the sub beside it');
  // A token naming only a sub revokes the user's every session.
  const userWide = await logoutToken({ sid: undefined, sub: 'bob' });
  assert.equal((await post(new URLSearchParams({ logout_token: userWide }))).status, 200);
  assert.equal(typeof (await document()).list.sub.bob, 'number');
});

test('a logout token signed with another key: 400, nothing recorded', async () => {
  await assertRefused(new URLSearchParams({ logout_token: await logoutToken({ sid: 'sid-forged' }, impostorKey) }), 'bad_signature');
});

test('a replayed logout token: 400, also after a crash and restart on the journal', async () => {
  const token = await logoutToken({ sid: 'sid-replayed' });
  assert.equal((await post(new URLSearchParams({ logout_token: token }))).status, 200);
  await assertRefused(new URLSearchParams({ logout_token: token }), 'logout_token_replayed');
  await receiver.kill();
  receiver = await startReceiver(packed.bin, args);
  await assertRefused(new URLSearchParams({ logout_token: token }), 'logout_token_replayed');
});

test('a logout token carrying a nonce: 400 (an ID token cannot pass for one)', async () => {
  await assertRefused(new URLSearchParams({ logout_token: await logoutToken({ nonce: 'n-1', sid: 'sid-nonce' }) }), 'logout_token_invalid');
});

test('a logout token without events: 400', async () => {
  await assertRefused(new URLSearchParams({ logout_token: await logoutToken({ events: undefined, sid: 'sid-no-events' }) }), 'logout_token_invalid');
});

test('a request that is not one form-encoded logout_token: 400', async () => {
  const token = await logoutToken({ sid: 'sid-shape' });
  await assertRefused(JSON.stringify({ logout_token: token }), 'invalid_request', 'application/json');
  await assertRefused(`logout_token=${token}&logout_token=${token}`, 'invalid_request');
  await assertRefused('logout_token=' + 'a'.repeat(70 * 1024), 'invalid_request');
});
