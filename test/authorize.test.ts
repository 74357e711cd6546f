import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizeCode, call, engineFor } from './engine-helpers.ts';

const verifier = 'a'.repeat(20) + '-._~' + 'B9'.repeat(10);
const redirectUri = 'http://127.0.0.1:8765/callback';
const basic: [string, string] = ['oauth21-demo-client', 'oauth21-demo-secret'];
const exchange = (e: Awaited<ReturnType<typeof engineFor>>, code: string, extra: Record<string, string> = {}) =>
  call(e, 'POST', '/token', { form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, ...extra }, basic });

describe('authorization code with PKCE', () => {
  it('success: state echoed, code exchanged once for tokens that work', async () => {
    const e = await engineFor('oauth21');
    const back = await authorizeCode(e, { clientId: 'oauth21-demo-client', redirectUri, verifier, state: 'xyz 123', scope: 'read' });
    assert.equal(`${back.origin}${back.pathname}`, redirectUri);
    assert.equal(back.searchParams.get('state'), 'xyz 123');
    assert.equal(back.searchParams.get('iss'), 'http://127.0.0.1:9999');
    const r = await exchange(e, back.searchParams.get('code')!);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.scope, 'read');
    assert.ok(r.body.refresh_token);
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: String(r.body.access_token) })).status, 200);
  });
  it('code reuse is refused and revokes what the code issued', async () => {
    const e = await engineFor('oauth21');
    const code = (await authorizeCode(e, { clientId: 'oauth21-demo-client', redirectUri, verifier })).searchParams.get('code')!;
    const first = await exchange(e, code);
    const again = await exchange(e, code);
    assert.equal(again.body.error, 'invalid_grant');
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: String(first.body.access_token) })).status, 401);
  });
  it('a wrong verifier, a missing verifier, or another redirect_uri gets invalid_grant', async () => {
    const e = await engineFor('oauth21');
    for (const extra of [{ code_verifier: 'b'.repeat(43) }, { code_verifier: '' }, { redirect_uri: 'http://localhost:3000/callback' }] as Record<string, string>[]) {
      const code = (await authorizeCode(e, { clientId: 'oauth21-demo-client', redirectUri, verifier })).searchParams.get('code')!;
      const r = await exchange(e, code, extra);
      assert.equal(r.status, 400);
      assert.equal(r.body.error, 'invalid_grant', JSON.stringify(extra));
    }
  });
  it('codes expire', async () => {
    const e = await engineFor('oauth21');
    const code = (await authorizeCode(e, { clientId: 'oauth21-demo-client', redirectUri, verifier })).searchParams.get('code')!;
    e.admin.advanceClock(61);
    assert.equal((await exchange(e, code)).body.error, 'invalid_grant');
  });
  it('an unregistered redirect_uri is shown as an error page, never redirected to', async () => {
    const e = await engineFor('oauth21');
    for (const uri of ['https://evil.example/cb', 'http://127.0.0.1:8765/callback/', 'http://127.0.0.1:8765/callback?x=1']) {
      const q = new URLSearchParams({ response_type: 'code', client_id: 'oauth21-demo-client', redirect_uri: uri, code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' });
      const r = await call(e, 'GET', `/authorize?${q}`);
      assert.equal(r.status, 400);
      assert.equal(r.headers.get('location'), null);
      assert.match(r.text, /invalid_request/);
    }
  });
  it('denied consent redirects with access_denied and the state', async () => {
    const e = await engineFor('oauth21');
    const back = await authorizeCode(e, { clientId: 'oauth21-demo-client', redirectUri, verifier, state: 's1', decision: 'deny' });
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 's1');
  });
  it('the strict profile refuses plain PKCE and requests without PKCE', async () => {
    const e = await engineFor('oauth21');
    const plain = await authorizeCode(e, { clientId: 'oauth21-demo-client', redirectUri, verifier, method: 'plain', state: 'p' });
    assert.equal(plain.searchParams.get('error'), 'invalid_request');
    assert.equal(plain.searchParams.get('state'), 'p');
    const none = await authorizeCode(e, { clientId: 'oauth21-demo-client', redirectUri });
    assert.equal(none.searchParams.get('error'), 'invalid_request');
  });
  it('generic-oauth2 accepts plain PKCE and no PKCE, and its login page has other field names', async () => {
    const e = await engineFor('generic-oauth2');
    const basicG: [string, string] = ['generic-demo-client', 'generic-demo-secret'];
    const page = await call(e, 'GET', `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'generic-demo-client', redirect_uri: redirectUri })}`);
    assert.match(page.text, /<label for="email">Email address<\/label>/);
    assert.match(page.text, /<input id="passcode" name="passcode" type="password"/);
    const noPkce = (await authorizeCode(e, { clientId: 'generic-demo-client', redirectUri })).searchParams.get('code')!;
    assert.equal((await call(e, 'POST', '/oauth/token', { form: { grant_type: 'authorization_code', code: noPkce, redirect_uri: redirectUri }, basic: basicG })).status, 200);
    const plain = (await authorizeCode(e, { clientId: 'generic-demo-client', redirectUri, verifier, method: 'plain' })).searchParams.get('code')!;
    assert.equal((await call(e, 'POST', '/oauth/token', { form: { grant_type: 'authorization_code', code: plain, redirect_uri: redirectUri, code_verifier: verifier }, basic: basicG })).status, 200);
  });
  it('a public client must use PKCE and needs no secret', async () => {
    const e = await engineFor('oauth21');
    const code = (await authorizeCode(e, { clientId: 'oauth21-spa', redirectUri, verifier })).searchParams.get('code')!;
    const r = await call(e, 'POST', '/token', { form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, client_id: 'oauth21-spa' } });
    assert.equal(r.status, 200, r.text);
    const refreshed = await call(e, 'POST', '/token', { form: { grant_type: 'refresh_token', refresh_token: String(r.body.refresh_token), client_id: 'oauth21-spa' } });
    assert.equal(refreshed.status, 200, refreshed.text);
  });
  it('wrong credentials on the login page show an error and keep the form', async () => {
    const e = await engineFor('oauth21');
    const q = new URLSearchParams({ response_type: 'code', client_id: 'oauth21-demo-client', redirect_uri: redirectUri, code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' });
    const page = await call(e, 'GET', `/authorize?${q}`);
    const pending = /name="pending" value="([^"]+)"/.exec(page.text)![1]!;
    const r = await call(e, 'POST', '/authorize', { form: { pending, step: 'login', username: 'alice', password: 'wrong' } });
    assert.equal(r.status, 401);
    assert.match(r.text, /role="alert"/);
    assert.match(r.text, /name="pending"/);
  });
});

describe('profiles that describe other servers', () => {
  it('authorization.consent false: the login itself grants; scopes.policy any: an unknown scope is granted as asked', async () => {
    const { tempFiles } = await import('./helpers.ts');
    const { join } = await import('node:path');
    const dir = tempFiles({ 'p.json': { id: 'no-consent', title: 'No consent', extends: 'oauth21', authorization: { consent: false }, scopes: { supported: ['read', 'write'], policy: 'any' } } });
    const e = await engineFor(join(dir, 'p.json'));
    const authPath = e.profile.endpoints.authorize!.path;
    const q = new URLSearchParams({ response_type: 'code', client_id: 'oauth21-demo-client', redirect_uri: redirectUri, state: 's1', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const page = await call(e, 'GET', `${authPath}?${q}`);
    const pending = /name="pending" value="([^"]+)"/.exec(page.text)![1]!;
    const user = e.demo.users[0]!;
    const after = await call(e, 'POST', authPath, { form: { pending, step: 'login', username: user.username, password: user.password } });
    assert.equal(after.status, 303, 'redirected straight after the login, no consent page');
    const back = new URL(after.headers.get('location')!);
    assert.ok(back.searchParams.get('code'));
    assert.equal(back.searchParams.get('state'), 's1');
    const cc = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', scope: 'read unknown-scope' }, basic });
    assert.equal(cc.status, 200, cc.text);
    assert.equal(cc.body.scope, 'read unknown-scope');
  });
});

describe('admin reset', () => {
  it('forgets pending authorizations too', async () => {
    const e = await engineFor('oauth21');
    const q = new URLSearchParams({ response_type: 'code', client_id: 'oauth21-demo-client', redirect_uri: redirectUri, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const page = await call(e, 'GET', `/authorize?${q}`);
    const pending = /name="pending" value="([^"]+)"/.exec(page.text)![1]!;
    await e.admin.reset();
    const after = await call(e, 'POST', '/authorize', { form: { pending, step: 'login', username: 'alice', password: 'alice-password' } });
    assert.match(after.text, /expired or is unknown/);
  });
});
