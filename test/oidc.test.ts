// The mock as an OpenID Provider (profile `oidc`): ID Tokens, discovery, UserInfo, the login session
// behind prompt and max_age, and RP-Initiated Logout, driven through the engine with plain requests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { createHash } from 'node:crypto';
import { s256 } from '../mock-server/engine/flows/authorization-code.ts';
import { createEngine, type Engine } from '../mock-server/engine/index.ts';
import { resolveProfileDocument } from '../lib/profile-resolve.ts';
import { call, engineFor, origin, type Answer } from './engine-helpers.ts';

const verifier = 'v'.repeat(43);
const redirectUri = 'http://127.0.0.1:8765/callback';
const signedOut = 'http://127.0.0.1:8765/signed-out';
const basic: [string, string] = ['oidc-demo-client', 'oidc-demo-secret'];

/** A browser's view of the mock: one cookie jar across requests. */
class Browser {
  cookie = '';
  constructor(readonly e: Engine) {}
  async go(method: string, path: string, form?: Record<string, string>): Promise<Answer> {
    const r = await call(this.e, method, path, { ...(form ? { form } : {}), headers: this.cookie ? { cookie: this.cookie } : {} });
    const set = r.headers.get('set-cookie');
    if (set) {
      const [pair] = set.split(';');
      this.cookie = /Max-Age=0/.test(set) ? '' : pair!;
    }
    return r;
  }
  authorizePath(extra: Record<string, string> = {}): string {
    const q = new URLSearchParams({ response_type: 'code', client_id: basic[0], redirect_uri: redirectUri, scope: 'openid profile email', code_challenge: s256(verifier), code_challenge_method: 'S256', state: 's', nonce: 'n-0S6_WzA2Mj', ...extra });
    return `/authorize?${q}`;
  }
  /** The authorization request; logs in and consents when pages come. Returns the redirect back. */
  async authorize(extra: Record<string, string> = {}): Promise<{ back: URL; pages: string[] }> {
    const pages: string[] = [];
    let r = await this.go('GET', this.authorizePath(extra));
    for (let i = 0; i < 3 && r.status !== 303; i++) {
      const pending = /name="pending" value="([^"]+)"/.exec(r.text)?.[1];
      assert.ok(pending, `a page with a form: ${r.status} ${r.text.slice(0, 200)}`);
      if (r.text.includes('name="step" value="login"')) {
        pages.push('login');
        r = await this.go('POST', '/authorize', { pending, step: 'login', username: 'alice', password: 'alice-password' });
      } else {
        pages.push('consent');
        r = await this.go('POST', '/authorize', { pending, step: 'consent', decision: 'allow' });
      }
    }
    return { back: new URL(r.headers.get('location')!), pages };
  }
}

const exchange = (e: Engine, code: string) => call(e, 'POST', '/token', { form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }, basic });

async function verifyIdToken(e: Engine, token: string) {
  const jwks = await call(e, 'GET', '/jwks.json');
  return jwtVerify(token, createLocalJWKSet(jwks.body as never), { issuer: origin, audience: basic[0] });
}

function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

describe('OpenID Connect: ID Tokens', () => {
  it('a code flow with openid returns a signed ID Token: iss, sub, aud, exp, iat, auth_time, nonce, at_hash, claims by scope', async () => {
    const e = await engineFor('oidc');
    const b = new Browser(e);
    const { back, pages } = await b.authorize();
    assert.deepEqual(pages, ['login', 'consent']);
    const r = await exchange(e, back.searchParams.get('code')!);
    assert.equal(r.status, 200, r.text);
    const { payload, protectedHeader } = await verifyIdToken(e, String(r.body.id_token));
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.sub, 'alice');
    assert.equal(payload.nonce, 'n-0S6_WzA2Mj');
    assert.equal(payload.at_hash, atHash(String(r.body.access_token)));
    assert.equal(typeof payload.auth_time, 'number');
    assert.equal(payload.exp! - payload.iat!, 3600);
    assert.equal(payload.email, 'alice@example.test');
    assert.equal(payload.name, 'Alice Example');
    // The ID Token is not an access token: a resource and UserInfo refuse it.
    assert.equal((await call(e, 'GET', '/userinfo', { bearer: String(r.body.id_token) })).status, 401);
  });
  it('without openid (or with only openid) the token response and the ID Token say no more than asked', async () => {
    const e = await engineFor('oidc');
    const plain = await new Browser(e).authorize({ scope: 'read', nonce: 'x' });
    const r = await exchange(e, plain.back.searchParams.get('code')!);
    assert.equal(r.status, 200);
    assert.equal(r.body.id_token, undefined);
    const only = await new Browser(e).authorize({ scope: 'openid' });
    const r2 = await exchange(e, only.back.searchParams.get('code')!);
    const claims = decodeJwt(String(r2.body.id_token));
    assert.equal(claims.email, undefined);
    assert.equal(claims.name, undefined);
  });
  it('a refresh returns a new ID Token with the original auth_time and no nonce (Core §12.2)', async () => {
    const e = await engineFor('oidc');
    const { back } = await new Browser(e).authorize();
    const first = await exchange(e, back.searchParams.get('code')!);
    const before = decodeJwt(String(first.body.id_token));
    e.admin.advanceClock(100);
    const r = await call(e, 'POST', '/token', { form: { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) }, basic });
    assert.equal(r.status, 200, r.text);
    const { payload } = await verifyIdToken(e, String(r.body.id_token));
    assert.equal(payload.auth_time, before.auth_time);
    assert.equal(payload.nonce, undefined);
    assert.equal(payload.iat, before.iat! + 100);
  });
  it('the password grant of the profile returns no ID Token (passwordGrant false); a profile extending oidc can turn it on', async () => {
    const e = await engineFor('oidc');
    // oidc extends oauth21: no password grant at all.
    const r = await call(e, 'POST', '/token', { form: { grant_type: 'password', username: 'alice', password: 'alice-password', scope: 'openid' }, basic });
    assert.equal(r.body.error, 'unsupported_grant_type');
    const mine = resolveProfileDocument(
      { id: 'my-idp', title: 'Mine', extends: 'oidc', grants: { password: { issuesRefreshToken: true, source: { document: 'OIDC Core', choice: 'legacy apps' } } }, oidc: { idToken: { passwordGrant: true } } },
      'my-idp.json',
    );
    assert.equal(mine.oidc?.idToken?.lifetime, 3600, 'the rest of the oidc block is inherited');
    const e2 = await createEngine({ profile: mine });
    const withId = await call(e2, 'POST', '/token', { form: { grant_type: 'password', username: 'alice', password: 'alice-password', scope: 'openid email' }, basic });
    assert.equal(withId.status, 200, withId.text);
    const { payload } = await verifyIdToken(e2, String(withId.body.id_token));
    assert.equal(payload.email, 'alice@example.test');
    assert.equal(payload.nonce, undefined);
    const without = await call(e2, 'POST', '/token', { form: { grant_type: 'password', username: 'alice', password: 'alice-password', scope: 'read' }, basic });
    assert.equal(without.body.id_token, undefined);
  });
});

describe('OpenID Connect: discovery and UserInfo', () => {
  it('discovery names the served endpoints, its issuer, RS256, and agrees with RFC 8414 metadata', async () => {
    const e = await engineFor('oidc');
    const d = (await call(e, 'GET', '/.well-known/openid-configuration')).body;
    assert.equal(d.issuer, origin);
    for (const [field, path] of [['authorization_endpoint', '/authorize'], ['token_endpoint', '/token'], ['userinfo_endpoint', '/userinfo'], ['jwks_uri', '/jwks.json'], ['end_session_endpoint', '/logout']]) assert.equal(d[field!], origin + path, field);
    assert.deepEqual(d.subject_types_supported, ['public']);
    assert.deepEqual(d.id_token_signing_alg_values_supported, ['RS256']);
    assert.deepEqual(d.response_types_supported, ['code']);
    assert.equal(d.request_uri_parameter_supported, false);
    assert.ok((d.scopes_supported as string[]).includes('openid'));
    const m = (await call(e, 'GET', '/.well-known/oauth-authorization-server')).body;
    assert.equal(m.userinfo_endpoint, d.userinfo_endpoint);
    // A plain OAuth profile's metadata stays as it was.
    const plain = (await call(await engineFor('oauth21'), 'GET', '/.well-known/oauth-authorization-server')).body;
    assert.equal(plain.userinfo_endpoint, undefined);
    assert.equal(plain.id_token_signing_alg_values_supported, undefined);
    assert.equal((await call(await engineFor('oauth21'), 'GET', '/.well-known/openid-configuration')).status, 404);
  });
  it('UserInfo: 401 with a bare challenge without a token; GET and POST with one; sub equals the ID Token’s; claims by scope', async () => {
    const e = await engineFor('oidc');
    const none = await call(e, 'GET', '/userinfo');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="oidc"');
    const bad = await call(e, 'GET', '/userinfo', { bearer: 'nope' });
    assert.match(bad.headers.get('www-authenticate')!, /error="invalid_token"/);
    const { back } = await new Browser(e).authorize({ scope: 'openid email' });
    const r = await exchange(e, back.searchParams.get('code')!);
    const got = await call(e, 'GET', '/userinfo', { bearer: String(r.body.access_token) });
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, { email: 'alice@example.test', email_verified: true, sub: decodeJwt(String(r.body.id_token)).sub });
    const posted = await call(e, 'POST', '/userinfo', { form: { access_token: String(r.body.access_token) } });
    assert.equal(posted.status, 200);
    assert.equal(posted.body.sub, 'alice');
    // A token without openid (client_credentials) is refused as insufficient_scope.
    const cc = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', scope: 'read' }, basic });
    const refused = await call(e, 'GET', '/userinfo', { bearer: String(cc.body.access_token) });
    assert.equal(refused.status, 403);
    assert.match(refused.headers.get('www-authenticate')!, /insufficient_scope/);
  });
});

describe('OpenID Connect: the login session, prompt and max_age', () => {
  it('prompt=none: login_required before a login, a code after login and consent, consent_required for another client', async () => {
    const e = await engineFor('oidc');
    const b = new Browser(e);
    const before = await b.go('GET', b.authorizePath({ prompt: 'none' }));
    assert.equal(before.status, 303);
    const back = new URL(before.headers.get('location')!);
    assert.equal(back.searchParams.get('error'), 'login_required');
    assert.equal(back.searchParams.get('state'), 's');
    await b.authorize();
    const after = await b.go('GET', b.authorizePath({ prompt: 'none', nonce: 'second' }));
    const code = new URL(after.headers.get('location')!).searchParams.get('code');
    assert.ok(code, after.headers.get('location')!);
    const r = await exchange(e, code!);
    assert.equal(decodeJwt(String(r.body.id_token)).nonce, 'second');
    const spa = await b.go('GET', b.authorizePath({ prompt: 'none', client_id: 'oidc-spa' }));
    assert.equal(new URL(spa.headers.get('location')!).searchParams.get('error'), 'consent_required');
  });
  it('with a session: no login page again; prompt=login and an exceeded max_age ask again; auth_time moves only then', async () => {
    const e = await engineFor('oidc');
    const b = new Browser(e);
    const first = await b.authorize();
    const t1 = decodeJwt(String((await exchange(e, first.back.searchParams.get('code')!)).body.id_token)).auth_time;
    e.admin.advanceClock(120);
    const again = await b.authorize();
    assert.deepEqual(again.pages, []);
    assert.equal(decodeJwt(String((await exchange(e, again.back.searchParams.get('code')!)).body.id_token)).auth_time, t1);
    assert.deepEqual((await b.authorize({ max_age: '300' })).pages, []);
    assert.deepEqual((await b.authorize({ max_age: '60' })).pages, ['login']);
    const forced = await b.authorize({ prompt: 'login' });
    assert.deepEqual(forced.pages, ['login']);
    assert.ok(Number(decodeJwt(String((await exchange(e, forced.back.searchParams.get('code')!)).body.id_token)).auth_time) > Number(t1));
    assert.deepEqual((await b.authorize({ prompt: 'consent' })).pages, ['consent']);
  });
  it('bad prompt and max_age values are refused back to the client as invalid_request', async () => {
    const e = await engineFor('oidc');
    const b = new Browser(e);
    for (const extra of [{ prompt: 'none login' }, { prompt: 'sometimes' }, { max_age: '-1' }, { max_age: 'soon' }] as Record<string, string>[]) {
      const r = await b.go('GET', b.authorizePath(extra));
      assert.equal(new URL(r.headers.get('location')!).searchParams.get('error'), 'invalid_request', JSON.stringify(extra));
    }
  });
  it('a plain OAuth profile keeps no session: the login page every time', async () => {
    const e = await engineFor('oauth21');
    const q = new URLSearchParams({ response_type: 'code', client_id: 'oauth21-demo-client', redirect_uri: redirectUri, code_challenge: s256(verifier), code_challenge_method: 'S256', prompt: 'none' });
    const r = await call(e, 'GET', `/authorize?${q}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('set-cookie'), null);
  });
});

describe('OpenID Connect: RP-Initiated Logout', () => {
  it('with id_token_hint: ends the session and redirects to the registered URI with state; the session is gone', async () => {
    const e = await engineFor('oidc');
    const b = new Browser(e);
    const { back } = await b.authorize();
    const idToken = String((await exchange(e, back.searchParams.get('code')!)).body.id_token);
    const old = b.cookie;
    const q = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: signedOut, state: 'bye' });
    const r = await b.go('GET', `/logout?${q}`);
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `${signedOut}?state=bye`);
    assert.match(r.headers.get('set-cookie')!, /Max-Age=0/);
    const after = await b.go('GET', b.authorizePath({ prompt: 'none' }));
    assert.equal(new URL(after.headers.get('location')!).searchParams.get('error'), 'login_required');
    // The old cookie, replayed, is refused too.
    b.cookie = old;
    const replay = await b.go('GET', b.authorizePath({ prompt: 'none' }));
    assert.equal(new URL(replay.headers.get('location')!).searchParams.get('error'), 'login_required');
  });
  it('never redirects to an unregistered URI, nor without a client to check against; asks before a logout no ID Token vouches for', async () => {
    const e = await engineFor('oidc');
    const b = new Browser(e);
    const { back } = await b.authorize();
    const idToken = String((await exchange(e, back.searchParams.get('code')!)).body.id_token);
    for (const q of [
      { id_token_hint: idToken, post_logout_redirect_uri: 'https://attacker.example/cb' },
      { client_id: 'oidc-demo-client', post_logout_redirect_uri: `${signedOut}/x` },
      { post_logout_redirect_uri: signedOut },
      { id_token_hint: 'not-a-token', post_logout_redirect_uri: signedOut },
      { id_token_hint: idToken, client_id: 'oidc-spa', post_logout_redirect_uri: signedOut },
    ] as Record<string, string>[]) {
      const r = await b.go('GET', `/logout?${new URLSearchParams(q)}`);
      assert.equal(r.status, 400, JSON.stringify(q));
      assert.equal(r.headers.get('location'), null);
    }
    const ask = await b.go('GET', `/logout?${new URLSearchParams({ client_id: 'oidc-demo-client', post_logout_redirect_uri: signedOut, state: 'q' })}`);
    assert.equal(ask.status, 200);
    assert.match(ask.text, /Sign out\?/);
    assert.ok(b.cookie, 'the session is kept until the user confirms');
    const done = await b.go('POST', '/logout', { client_id: 'oidc-demo-client', post_logout_redirect_uri: signedOut, state: 'q', confirm: 'yes' });
    assert.equal(done.headers.get('location'), `${signedOut}?state=q`);
    assert.equal(b.cookie, '');
  });
});
