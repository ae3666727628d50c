// TokenSession: one browser OAuth client's token set, kept fresh across all
// tabs of the origin. The core's planner (wasm) decides when to refresh, how
// to back off and when the user must sign in again; this file only carries
// those decisions out: timers, the refresh request, Web Locks and
// BroadcastChannel (session-tabs.js), page lifecycle events, and stores
// chosen by the core's storage decision (session-storage.js). Sign-in
// (authorization code + PKCE, discovery) is the companion SignInClient's
// (signin.js), used when the session is given an `issuer`.
import { OptionsError } from './errors.js';
import { describe, knownMembers, readOptions } from './options-json.js';
import { RefreshPlanner } from './session-planner.js';
import { RefreshError, isDpopTokenType, refreshTokenGrant, tokenFacts } from './session-grant.js';
import { DpopKey } from './session-dpop.js';
import { checkedEndpoint, insecureHttpOption } from './session-endpoints.js';
import { decideStorage, storeFor } from './session-storage.js';
import { debugLint, scrubUrl } from './session-hygiene.js';
import { TabGroup } from './session-tabs.js';
import { SignInClient } from './signin.js';
import { SessionError } from './signin-errors.js';
import { callbackParams, revokeToken } from './signin-request.js';

/** How long a tab that found its refresh token spent waits for the new set. */
const STALE_WAIT_MS = 5_000;
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** TokenSession's option names; the ones whose value is a function come first. */
const CALLBACK_OPTIONS = ['refresh', 'fetch', 'now', 'random'];
const SESSION_OPTIONS = [
  ...CALLBACK_OPTIONS,
  'name', 'issuer', 'redirectUri', 'signIn', 'tokenEndpoint', 'clientId', 'revocationEndpoint',
  'allowInsecureHttp', 'scope', 'resource', 'policy', 'storage', 'debug', 'dpop',
];
/** The members of the `storage` option. */
const STORAGE_OPTIONS = ['rotation', 'senderConstrained', 'persistAcrossReload', 'allowLocalStorage', 'refreshTokenLifetime'];

/**
 * The session options read as JS reads them (inherited members, getters and
 * non-enumerable ones count; a callback may be a class method), every
 * nested options object too; a misspelt name is refused, not ignored.
 */
function sessionOptions(given) {
  const options = readOptions(given, 'TokenSession options', { functions: CALLBACK_OPTIONS });
  knownMembers(options, 'TokenSession options', SESSION_OPTIONS);
  for (const name of CALLBACK_OPTIONS) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new OptionsError(`TokenSession ${name} must be a function (got ${describe(options[name])})`);
    }
  }
  if (options.storage !== undefined) {
    options.storage = readOptions(options.storage, 'TokenSession storage');
    knownMembers(options.storage, 'TokenSession storage', STORAGE_OPTIONS);
  }
  if (options.policy !== undefined) options.policy = readOptions(options.policy, 'TokenSession policy');
  if (options.dpop !== undefined && typeof options.dpop !== 'boolean') {
    throw new OptionsError(`TokenSession dpop must be true or false (got ${describe(options.dpop)})`);
  }
  if (options.dpop === true && options.refresh !== undefined) {
    // A custom refresh would not carry the session's proofs.
    throw new OptionsError('TokenSession dpop: true cannot be combined with a custom `refresh` (the built-in grant signs the proofs)');
  }
  const senderConstrained = options.storage?.senderConstrained;
  if (senderConstrained !== undefined && senderConstrained !== (options.dpop === true)) {
    // The storage decision trusts this flag (a bound refresh token may be
    // persisted), so it must say what the session does.
    throw new OptionsError(`TokenSession storage.senderConstrained is ${senderConstrained} but dpop is ${options.dpop === true}: leave it out, dpop sets it`);
  }
  return options;
}

/** getAccessToken() found no usable token and no way to get one. */
export class ReauthenticationRequiredError extends Error {
  constructor(reason = 'no_tokens') {
    super(`sign-in required (${reason})`);
    this.name = 'ReauthenticationRequiredError';
    this.code = 'reauthentication_required';
    this.reason = reason;
  }
}

/**
 * A token set received `elapsedMs` ago, re-described as of now: another tab
 * relays it later than it arrived, so relative times shrink and the
 * endpoint's Date moves on (otherwise the skew estimate would be off by the
 * delay).
 */
export function relayFacts(facts, elapsedMs) {
  const elapsed = Math.max(0, elapsedMs);
  const next = { ...facts };
  if (next.expiresIn !== undefined) next.expiresIn = Math.max(0, Math.floor(next.expiresIn - elapsed / 1000));
  if (next.refreshTokenExpiresIn !== undefined) {
    next.refreshTokenExpiresIn = Math.max(0, Math.floor(next.refreshTokenExpiresIn - elapsed / 1000));
  }
  if (next.serverDateMs !== undefined) next.serverDateMs += elapsed;
  return next;
}

export class TokenSession extends EventTarget {
  #planner;
  #group;
  #dpop = null;
  #fetchImpl;
  #refresh;
  #revoke;
  #signIn = null;
  #now;
  #debug;
  #set = null;
  #stores;
  #decisions;
  #timer = null;
  #inflight = null;
  #waiters = [];
  #unlisten = [];
  #counters = { refreshes: 0, adopted: 0, staleSkips: 0, failures: 0 };

  /**
   * @param {object} options
   * @param {string} [options.name] tab group and storage key ('default')
   * @param {string} [options.issuer] enables signIn() / handleCallback():
   *   the provider's endpoints come from its discovery document
   * @param {string} [options.redirectUri] where the provider sends the browser back
   * @param {object} [options.signIn] scope, resource, params, and the ID
   *   token's algorithms, clockTolerance, maxAge (see signin.js)
   * @param {(args: {refreshToken: string}) => Promise<{response: object, serverDate?: string}>} [options.refresh]
   *   a custom refresh; throws RefreshError. Or the built-in grant with:
   * @param {string} [options.tokenEndpoint] (from discovery with `issuer`)
   * @param {string} [options.clientId]
   * @param {string} [options.revocationEndpoint] for signOut() (from discovery with `issuer`)
   * @param {boolean} [options.allowInsecureHttp] let tokenEndpoint and
   *   revocationEndpoint be plain http:// beyond loopback (default false)
   * @param {string} [options.scope] / {string} [options.resource] sent on refresh
   * @param {object} [options.policy] planner policy overrides (see RefreshPlanner)
   * @param {object} [options.storage] rotation (default true), senderConstrained,
   *   persistAcrossReload, allowLocalStorage, refreshTokenLifetime (seconds)
   * @param {boolean} [options.dpop] DPoP (RFC 9449): a non-extractable P-256
   *   key shared by the tabs (IndexedDB) proves possession on the token
   *   requests and on `fetch()`; tokens must come back `token_type: DPoP`
   * @param {boolean} [options.debug] lint findings and decisions in the console
   * @param {() => number} [options.now] / {() => number} [options.random] for tests
   */
  constructor(given = {}) {
    super();
    const options = sessionOptions(given);
    const { name = 'default', policy = {}, storage = {}, debug = false } = options;
    this.#now = options.now ?? Date.now;
    this.#debug = debug;
    this.#fetchImpl = options.fetch;
    // The tabs' lock, once the group exists (it is made last: a constructor
    // that throws must leave no channel open).
    if (options.dpop === true) this.#dpop = new DpopKey(name, (fn) => this.#group.exclusive(fn), this.#now);
    const dpop = this.#dpop ?? undefined;
    const allowInsecureHttp = insecureHttpOption(options);
    if (options.issuer !== undefined) {
      this.#signIn = new SignInClient({ ...options, name, allowInsecureHttp, now: this.#now, dpop });
    } else {
      for (const needsIssuer of ['redirectUri', 'signIn']) {
        if (options[needsIssuer] !== undefined) throw new OptionsError(`TokenSession ${needsIssuer} needs \`issuer\``);
      }
    }
    this.#refresh = options.refresh ?? this.#builtInRefresh({ ...options, dpop }, allowInsecureHttp);
    this.#revoke = this.#revocation(options, allowInsecureHttp);
    this.#planner = new RefreshPlanner(policy, { now: this.#now, random: options.random ?? Math.random });
    this.#decisions = this.#decide({ ...storage, senderConstrained: this.#dpop !== null });
    this.#stores = Object.fromEntries(
      Object.entries(this.#decisions).map(([kind, decision]) => [
        kind,
        storeFor(decision, { key: `tokenward:${name}:${kind}`, allowLocalStorage: storage.allowLocalStorage }),
      ]),
    );
    this.#group = new TabGroup(name, (message) => this.#onMessage(message));
    this.#listenToPage();
    if (debug) console.info('tokenward: storage decisions', this.#decisions);
  }

  #builtInRefresh({ tokenEndpoint, clientId, scope, resource, dpop, fetch }, allowInsecureHttp) {
    if (!tokenEndpoint && this.#signIn !== null) {
      // The token endpoint of the discovery document, once it is known.
      let grant = null;
      return async (args) => {
        grant ??= refreshTokenGrant({ tokenEndpoint: (await this.#signIn.provider()).tokenEndpoint, clientId, scope, resource, dpop, fetch });
        return grant(args);
      };
    }
    if (!tokenEndpoint || !clientId) {
      throw new OptionsError('TokenSession needs `refresh`, `issuer`, or `tokenEndpoint` and `clientId`');
    }
    const endpoint = checkedEndpoint('tokenEndpoint', tokenEndpoint, allowInsecureHttp);
    return refreshTokenGrant({ tokenEndpoint: endpoint, clientId, scope, resource, dpop, fetch });
  }

  /** How signOut() revokes: at the configured endpoint, else at the discovered one, else not. */
  #revocation({ revocationEndpoint, clientId, fetch }, allowInsecureHttp) {
    if (revocationEndpoint) {
      const endpoint = checkedEndpoint('revocationEndpoint', revocationEndpoint, allowInsecureHttp);
      return (token, hint) => revokeToken({ revocationEndpoint: endpoint, clientId, token, hint, fetch });
    }
    if (this.#signIn !== null) return (token, hint) => this.#signIn.revoke(token, hint);
    return null;
  }

  #decide({ rotation = true, senderConstrained = false, persistAcrossReload = false, allowLocalStorage = false, refreshTokenLifetime }) {
    const common = { architecture: 'browser-only', environment: this.#environment() };
    const question = (tokenKind, extra = {}) =>
      decideStorage({ ...common, tokenKind, rotation, senderConstrained, persistAcrossReload, allowLocalStorage, ...extra });
    return {
      'access-token': question('access-token'),
      'refresh-token': question('refresh-token', refreshTokenLifetime ? { lifetime: refreshTokenLifetime } : {}),
      'id-token': question('id-token'),
    };
  }

  /** Where this code runs, in decideStorage's terms (Node counts as a page). */
  #environment() {
    if (typeof globalThis.ServiceWorkerGlobalScope !== 'undefined') return 'service-worker';
    if (typeof globalThis.WorkerGlobalScope !== 'undefined') return 'web-worker';
    return 'browser';
  }

  // ---- public API ----------------------------------------------------------

  /** The storage decision for each token kind, with reasons and warnings. */
  get storageDecisions() {
    return this.#decisions;
  }

  /**
   * Joins the other tabs (asks for their token set), loads a persisted set
   * when the decision allowed persistence. Resolves whether a set is held,
   * once one arrived or after `waitMs`.
   */
  async start({ waitMs = 300 } = {}) {
    const persisted = this.#load();
    if (persisted !== null) this.#adopt(persisted, 'persisted');
    if (this.#group.shared) {
      this.#group.post({ type: 'hello' });
      if (this.#set === null) await this.#nextChange(waitMs);
    }
    return this.#set !== null;
  }

  /**
   * Sends the browser to the provider to sign in (needs `issuer` and
   * `redirectUri`). Resolves the URL it navigated to.
   */
  async signIn(...args) {
    if (args.length > 0 && args[0] !== undefined) {
      const names = args[0] !== null && typeof args[0] === 'object' ? Object.keys(args[0]).join(', ') : typeof args[0];
      throw new OptionsError(`signIn() takes no arguments (got ${names}); a token response from your own flow goes to useTokenResponse()`);
    }
    const url = await this.authorizationUrl();
    globalThis.location.assign(url);
    return url;
  }

  /**
   * Starts a sign-in in this tab (PKCE verifier, state and nonce wait in
   * sessionStorage) and resolves the authorization request URL, for a
   * caller that navigates itself (a popup, a router).
   */
  authorizationUrl() {
    return this.#signInClient().authorizationUrl();
  }

  /**
   * On the redirect back: scrubs code and state from the address bar,
   * checks the response, exchanges the code, has the core verify the ID
   * token, and starts the token set in every tab. Resolves the verified ID
   * token ({header, claims}), or null when `url` is no authorization response.
   * @param {string} [url] default: the address bar
   * @throws {SessionError} or the ID token's TokenError
   */
  async handleCallback(url) {
    const client = this.#signInClient();
    const href = url ?? globalThis.location?.href;
    if (typeof href !== 'string') throw new OptionsError('handleCallback(url) needs a URL outside a browser');
    // The code leaves the address bar and history before anything else.
    if (globalThis.location !== undefined && callbackParams(globalThis.location.href) !== null) scrubUrl();
    const result = await client.complete(href);
    if (result === null) return null;
    this.useTokenResponse(result.response, { serverDate: result.serverDate });
    return result.idToken;
  }

  /** RP-initiated logout: the provider's end-session URL, or null. Call before signOut() (it needs the ID token). */
  endSessionUrl({ postLogoutRedirectUri } = {}) {
    return this.#signInClient().endSessionUrl({ idTokenHint: this.idToken ?? undefined, postLogoutRedirectUri });
  }

  /**
   * The provider's endpoints from its discovery document (fetched once,
   * issuer and endpoints checked): authorizationEndpoint, tokenEndpoint,
   * jwksUri, revocationEndpoint, endSessionEndpoint (null when absent).
   * @throws {SessionError} `discovery_failed`, `issuer_mismatch`
   */
  discovery() {
    return this.#signInClient().provider();
  }

  #signInClient() {
    if (this.#signIn === null) throw new OptionsError('sign-in needs the TokenSession option `issuer`');
    return this.#signIn;
  }

  /**
   * A sign-in's token response from a flow of your own (handleCallback()
   * does this for the built-in one). Starts a new token family: every tab
   * adopts it.
   * @param {object} response the token endpoint's JSON
   * @param {{serverDate?: string}} [meta] the response's Date header, if readable
   */
  useTokenResponse(response, { serverDate } = {}) {
    if (this.#dpop !== null && !isDpopTokenType(response)) {
      throw new SessionError('token_not_dpop_bound',
        `the session has dpop: true and the token response's token_type is ${JSON.stringify(response?.token_type ?? null)}, not DPoP`);
    }
    const set = this.#makeSet(response, serverDate, this.#now() * 1000, null);
    this.#install(set, 'sign-in');
    this.#group.post({ type: 'tokens', reason: 'sign-in', set });
  }

  /**
   * The access token, once usable: waits for a refresh in flight (in this
   * tab or another) instead of starting another one.
   * @throws {ReauthenticationRequiredError}
   */
  async getAccessToken() {
    for (;;) {
      if (this.#inflight !== null) await this.#inflight;
      this.#tick();
      if (this.#set !== null && this.#planner.accessTokenUsable) return this.#set.accessToken;
      const state = this.#planner.state;
      if (state === 'no-tokens' || state === 'reauthentication-required') {
        throw new ReauthenticationRequiredError(state === 'no-tokens' ? 'no_tokens' : 'reauthentication_required');
      }
      await this.#nextChange(Math.max(50, (this.#planner.nextWakeup() ?? this.#now() + 1000) - this.#now()));
    }
  }

  /** The access token if usable now, else null (no waiting). */
  get accessToken() {
    return this.#set !== null && this.#planner.accessTokenUsable ? this.#set.accessToken : null;
  }

  /**
   * `fetch(input, init)` with the access token: `Authorization: DPoP <token>`
   * and a `DPoP` proof for this method and URL when the session has `dpop`
   * (one more try when the server answers a `use_dpop_nonce` challenge with
   * a new `DPoP-Nonce`), `Authorization: Bearer <token>` otherwise. Waits
   * for a usable token as getAccessToken() does. Resolves the Response.
   * @throws {ReauthenticationRequiredError}
   */
  async fetch(input, init = undefined) {
    const token = await this.getAccessToken();
    const doFetch = this.#fetchImpl ?? globalThis.fetch.bind(globalThis);
    const request = new Request(input, init);
    if (this.#dpop === null) {
      const bearer = request.clone();
      bearer.headers.set('authorization', `Bearer ${token}`);
      return doFetch(bearer);
    }
    const { answer, proofs } = await this.#dpop.send({ method: request.method, url: request.url, accessToken: token }, async (proof) => {
      const attempt = request.clone();
      attempt.headers.set('authorization', `DPoP ${token}`);
      attempt.headers.set('dpop', proof);
      const response = await doFetch(attempt);
      return { status: response.status, headers: response.headers, response };
    });
    this.#emit('dpopproof', {
      method: request.method,
      url: request.url,
      status: answer.status,
      proofs: proofs.map(({ header, claims }) => ({ header, claims })),
    });
    return answer.response;
  }

  /**
   * With `dpop`: the session key's public JWK (`kty`, `crv`, `x`, `y`) and
   * its RFC 7638 thumbprint, the `cnf.jkt` of the session's tokens; null
   * without `dpop`. Creates the key when no tab has one yet.
   */
  async dpopKey() {
    if (this.#dpop === null) return null;
    const { publicJwk, thumbprint } = await this.#dpop.key();
    return { jwk: publicJwk, thumbprint };
  }

  /** The ID token of the current set, or null. */
  get idToken() {
    return this.#set?.idToken ?? null;
  }

  /** Generation of the current set (a counter per token family), or null. */
  get generation() {
    return this.#set?.generation ?? null;
  }

  /** The planner's state name. */
  get state() {
    return this.#planner.state;
  }

  /** The current set's timeline (Unix ms), or null. */
  timeline() {
    return this.#planner.timeline();
  }

  /** What this tab did: refreshes performed, sets adopted from other tabs, ... */
  get counters() {
    return { ...this.#counters, failuresInARow: this.#planner.failures };
  }

  /**
   * Signs out in every tab, then revokes at the provider (RFC 7009) when a
   * revocation endpoint is configured or discovered: the refresh token,
   * which ends the grant, or the access token when there is no refresh
   * token. Resolves whether the provider confirmed.
   */
  async signOut() {
    const set = this.#set;
    this.#clear();
    this.#planner.reset();
    this.#group.post({ type: 'signout' });
    this.#emit('signedout', {});
    let revoked = false;
    if (set !== null && this.#revoke !== null) {
      if (set.refreshToken) revoked = await this.#revoke(set.refreshToken, 'refresh_token');
      else if (set.accessToken) revoked = await this.#revoke(set.accessToken, 'access_token');
    }
    // The next sign-in binds its tokens to a new key.
    await this.#dpop?.discard();
    return revoked;
  }

  /** Stops timers and listeners; keeps nothing. */
  close() {
    clearTimeout(this.#timer);
    for (const unlisten of this.#unlisten) unlisten();
    this.#group.close();
    this.#planner.free();
  }

  // ---- token sets ----------------------------------------------------------

  #makeSet(response, serverDate, generation, previous) {
    return {
      generation,
      receivedAt: this.#now(),
      accessToken: response.access_token,
      tokenType: response.token_type ?? 'Bearer',
      // RFC 6749 §6: a refresh response without one keeps the old refresh token.
      refreshToken: response.refresh_token ?? previous?.refreshToken ?? null,
      idToken: response.id_token ?? previous?.idToken ?? null,
      scope: response.scope ?? previous?.scope ?? null,
      facts: tokenFacts(response, serverDate),
    };
  }

  /** Makes `set` current: planner, stores, listeners. */
  #install(set, origin) {
    const facts = origin === 'refresh' ? set.facts : relayFacts(set.facts, this.#now() - set.receivedAt);
    if (origin === 'sign-in' || this.#planner.state === 'no-tokens') {
      this.#planner.onTokensReceived(facts);
    } else {
      this.#planner.onRefreshSucceeded(facts);
      // After a dead grant only a sign-in counts (the planner ignored it).
      if (this.#planner.state === 'reauthentication-required') return;
    }
    this.#set = set;
    this.#persist(set);
    if (this.#debug) {
      debugLint(set.accessToken, 'access token');
      if (set.idToken) debugLint(set.idToken, 'ID token');
    }
    this.#emit(origin === 'sign-in' ? 'signedin' : 'refreshed', { generation: set.generation, origin });
    this.#tick();
  }

  /** A set from another tab or from storage, if newer than ours. */
  #adopt(set, origin) {
    if (this.#set !== null && set.generation <= this.#set.generation) return;
    if (origin !== 'persisted') this.#counters.adopted += 1;
    this.#install(set, origin);
  }

  #persist(set) {
    const meta = { generation: set.generation, receivedAt: set.receivedAt, facts: set.facts, tokenType: set.tokenType, scope: set.scope };
    this.#stores['access-token'].set(set.accessToken);
    this.#stores['refresh-token'].set(set.refreshToken === null ? null : { ...meta, refreshToken: set.refreshToken });
    this.#stores['id-token'].set(set.idToken);
  }

  #load() {
    const refresh = this.#stores['refresh-token'].get();
    if (refresh === null || typeof refresh.refreshToken !== 'string') return null;
    const accessToken = this.#stores['access-token'].get();
    // Without the access token, plan as if it had expired: refresh at once.
    const facts = accessToken === null ? { hasRefreshToken: true, expiresIn: 0 } : refresh.facts;
    return { ...refresh, accessToken, idToken: this.#stores['id-token'].get(), facts };
  }

  #clear() {
    this.#set = null;
    for (const store of Object.values(this.#stores)) store.clear();
  }

  // ---- the planner's actions -----------------------------------------------

  /** Carries out every due action, then sets one timer for the next. */
  #tick() {
    for (let action = this.#planner.poll(); action !== null; action = this.#planner.poll()) {
      if (action.type === 'refresh') this.#inflight = this.#refreshOnce(action.attempt);
      else if (action.type === 'expiring') this.#emit('expiring', { expiresAt: action.expiresAt });
      else if (action.type === 'reauthenticate') {
        if (action.clearTokens) this.#clear();
        this.#emit('reauthenticate', { reason: action.reason, clearTokens: action.clearTokens, status: action.status });
      }
    }
    this.#schedule();
    this.#emit('change', { state: this.#planner.state });
  }

  #schedule() {
    clearTimeout(this.#timer);
    const wakeup = this.#planner.nextWakeup();
    if (wakeup === null) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, wakeup - this.#now()));
    this.#timer = setTimeout(() => this.#tick(), delay);
  }

  /**
   * One refresh, single-flight across tabs. Resolves when it is over (the
   * outcome went to the planner); never rejects.
   */
  async #refreshOnce(attempt) {
    const ledger = this.#group.ledger;
    const wanted = this.#set;
    let failure = null;
    let staleFrom = null;
    try {
      // Loaded before the lock: a missing key is made under the same lock,
      // which is not re-entrant.
      await this.#dpop?.key();
    } catch (cause) {
      failure = new RefreshError('network', { cause });
    }
    try {
      if (failure === null) await this.#group.exclusive(async () => {
        const set = this.#set;
        // While we waited for the lock, another tab's new set arrived (or
        // the session ended): nothing left to do.
        if (set === null || set !== wanted) return;
        // Another tab already spent this refresh token and its set is still
        // on the way: spending it again would trip reuse detection.
        if ((await ledger.spent()) >= set.generation) {
          staleFrom = set.generation;
          return;
        }
        await ledger.spend(set.generation);
        try {
          const { response, serverDate } = await this.#refresh({ refreshToken: set.refreshToken, attempt });
          if (this.#set !== set) {
            // Signed out (or a new sign-in arrived) while the request was
            // under way: the new set must not bring the session back. After
            // a sign-out its rotated refresh token is revoked too.
            if (this.#set === null && this.#revoke !== null && typeof response.refresh_token === 'string') {
              await this.#revoke(response.refresh_token, 'refresh_token');
            }
            return;
          }
          const next = this.#makeSet(response, serverDate, set.generation + 1, set);
          this.#counters.refreshes += 1;
          // Still inside the lock: every tab hears of the new set before
          // another one can start a refresh.
          this.#group.post({ type: 'tokens', reason: 'refresh', set: next });
          this.#install(next, 'refresh');
        } catch (error) {
          failure = error instanceof RefreshError ? error : new RefreshError('network', { cause: error });
          // Not rotated (no answer, or a server error): the token may be
          // retried. A grant error leaves it spent.
          if (failure.kind === 'network' || failure.kind === 'server') await ledger.spend(set.generation - 1);
        }
      });
    } finally {
      this.#inflight = null;
    }
    if (staleFrom !== null) await this.#awaitNewerThan(staleFrom);
    if (failure !== null) this.#fail(failure);
    this.#notify();
  }

  /** After finding our refresh token spent: wait for the newer set. */
  async #awaitNewerThan(generation) {
    this.#counters.staleSkips += 1;
    this.#group.post({ type: 'hello' });
    const deadline = this.#now() + STALE_WAIT_MS;
    while ((this.#set?.generation ?? Infinity) <= generation && this.#now() < deadline) {
      await this.#nextChange(deadline - this.#now());
    }
    if (this.#set !== null && this.#set.generation <= generation) {
      // Spent by a tab that vanished before sharing the result: that
      // family cannot be refreshed any more.
      this.#fail(new RefreshError('refresh_token_reused'));
    }
  }

  #fail(failure) {
    this.#counters.failures += 1;
    const generation = this.#set?.generation ?? 0;
    this.#planner.onRefreshFailed({ kind: failure.kind, status: failure.status, retryAfter: failure.retryAfter });
    if (this.#planner.shouldClearTokens) {
      // The grant is dead for every tab.
      this.#group.post({ type: 'grant-dead', kind: failure.kind, generation });
    }
    this.#emit('refreshfailed', { kind: failure.kind, status: failure.status, error: failure.error });
    this.#tick();
  }

  // ---- other tabs ----------------------------------------------------------

  #onMessage(message) {
    switch (message?.type) {
      case 'tokens':
        this.#adopt(message.set, message.reason === 'sign-in' ? 'sign-in' : 'other-tab');
        break;
      case 'hello':
        if (this.#set !== null) this.#group.post({ type: 'tokens', reason: 'relay', set: this.#set });
        break;
      case 'grant-dead':
        if (this.#set !== null && this.#set.generation <= message.generation) {
          this.#planner.onRefreshFailed({ kind: message.kind });
          this.#tick();
        }
        break;
      case 'signout':
        this.#dpop?.forget();
        this.#clear();
        this.#planner.reset();
        this.#emit('signedout', {});
        this.#tick();
        break;
      default:
    }
    this.#notify();
  }

  // ---- page lifecycle ------------------------------------------------------

  #listenToPage() {
    const on = (target, type, handler) => {
      if (target?.addEventListener === undefined) return;
      target.addEventListener(type, handler);
      this.#unlisten.push(() => target.removeEventListener(type, handler));
    };
    const resume = () => {
      this.#planner.onResume();
      this.#tick();
    };
    on(globalThis.document, 'visibilitychange', () => {
      if (globalThis.document.visibilityState === 'visible') resume();
    });
    on(globalThis, 'pageshow', resume);
    on(globalThis, 'online', () => {
      this.#planner.onOnline();
      this.#tick();
    });
    on(globalThis, 'offline', () => this.#planner.onOffline());
  }

  // ---- events --------------------------------------------------------------

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
    if (type !== 'change') this.#notify();
  }

  /** Resolves on the next change, or after `ms`. */
  #nextChange(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.min(MAX_TIMER_MS, Math.max(0, ms)));
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #notify() {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
