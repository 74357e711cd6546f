// The route table drives the pipeline: what each route declares (body, client authentication, bearer
// token) is what the request is parsed and authenticated by, once, before its flow runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { loadProfile } from '../lib/profiles.ts';
import { routeTable, type Route } from '../mock-server/engine/core/routes.ts';
import type { DefectName } from '../mock-server/index.ts';
import { call, engineFor } from './engine-helpers.ts';

const profiles = readdirSync('specs').filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

test('every route declares what the pipeline reads', async (t) => {
  for (const id of profiles) {
    await t.test(id, () => {
      const p = loadProfile(id);
      const routes = [...routeTable(p).values()];
      const at = (name: keyof typeof p.endpoints) => (p.endpoints[name] ? p.basePath + p.endpoints[name]!.path : undefined);
      const byPath = (path: string | undefined): Route | undefined => (path ? routes.find((r) => r.path === path) : undefined);
      // Revocation, introspection, the device endpoint (RFC 8628 §3.1) and the PAR endpoint (RFC 9126 §2) authenticate the client in the pipeline, with the profile's methods.
      for (const name of ['revoke', 'introspect', 'deviceAuthorization', 'par'] as const) {
        const r = byPath(at(name));
        if (!r) continue;
        if (r.input !== 'params' || r.client === 'none') assert.fail(`${name}: a params route that requires client authentication`);
        assert.deepEqual(r.client.methods, p.clientAuth.methods);
      }
      // Token endpoints: one client rule per grant; the API key grant authenticates no client.
      for (const r of routes.filter((x) => x.input === 'grant')) {
        assert.ok(r.input === 'grant');
        for (const g of r.grants) {
          if (g.grant.type === 'api_key' || !p.mock.clients.length) assert.equal(g.client, 'none', `${g.grant.type}`);
          else assert.deepEqual(g.client, { methods: p.clientAuth.methods, fields: g.grant.fields });
        }
        assert.deepEqual(new Set(r.body.encodings), new Set(r.grants.map((g) => g.grant.encoding)));
      }
      // No other route authenticates a client.
      const authenticating = routes.filter((r) => (r.input === 'params' && r.client !== 'none') || r.input === 'grant').map((r) => r.path);
      const expected = [at('revoke'), at('introspect'), at('deviceAuthorization'), at('par'), at('token'), at('apiKey'), at('refresh')].filter((x) => x && routes.some((r) => r.path === x));
      assert.deepEqual(new Set(authenticating), new Set(expected));
      // Resources and UserInfo take a bearer token; the MCP endpoint hands the request to the SDK.
      for (const r of routes) if (r.style === 'bearer') assert.ok(r.input === 'bearer' || r.input === 'transport', `${r.path}: ${r.input}`);
    });
  }
});

test('introspection and revocation refuse an unauthenticated client before their flow runs', async () => {
  const engine = await engineFor('oauth21');
  for (const name of ['introspect', 'revoke'] as const) {
    const path = engine.profile.endpoints[name]!.path;
    const none = await call(engine, 'POST', path, { form: { token: 'x' } });
    assert.equal(none.body.error, 'invalid_client', `${name}: ${none.text}`);
    const wrong = await call(engine, 'POST', path, { form: { token: 'x' }, basic: [engine.demo.clients[0]!.clientId, 'wrong'] });
    assert.equal(wrong.status, 401, `${name}: ${wrong.text}`);
    // The client is authenticated before the flow looks for its token parameter.
    const noToken = await call(engine, 'POST', path, { form: {} });
    assert.equal(noToken.body.error, 'invalid_client', `${name}: ${noToken.text}`);
  }
});

test('a request the authorization endpoint cannot parse is shown as a page, GET or POST (RFC 6749 §4.1.2.1)', async () => {
  const engine = await engineFor('oauth21');
  const path = engine.profile.endpoints.authorize!.path;
  const repeated = await call(engine, 'GET', `${path}?client_id=a&client_id=b`);
  assert.equal(repeated.status, 400);
  assert.match(repeated.headers.get('content-type') ?? '', /text\/html/);
  assert.match(repeated.text, /client_id is repeated/);
  const json = await call(engine, 'POST', path, { json: { client_id: 'a' } });
  assert.equal(json.status, 400);
  assert.match(json.headers.get('content-type') ?? '', /text\/html/);
  assert.equal(json.headers.get('location'), null);
});

test('the session cookie is found among others, whatever they are named; of a repeated name the first counts', async () => {
  const engine = await engineFor('oidc');
  const path = engine.profile.endpoints.authorize!.path;
  const client = engine.demo.clients.find((c) => c.redirectUris?.length)!;
  const ask = (extra: Record<string, string>) => new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: client.redirectUris![0]!, scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', ...extra });
  // Sign in (no consent yet): the login answers with the session cookie.
  const page = await call(engine, 'GET', `${path}?${ask({})}`);
  const pending = /name="pending" value="([^"]+)"/.exec(page.text)![1]!;
  const l = engine.profile.mock.loginPage ?? {};
  const user = engine.demo.users[0]!;
  const login = await call(engine, 'POST', path, { form: { pending, step: 'login', [l.usernameField ?? 'username']: user.username, [l.passwordField ?? 'password']: user.password } });
  const session = /oauth_conformance_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
  // prompt=none: a session that is read answers consent_required; none read answers login_required.
  const errorWith = async (cookie: string) => new URL((await call(engine, 'GET', `${path}?${ask({ prompt: 'none' })}`, { headers: { cookie } })).headers.get('location')!).searchParams.get('error');
  assert.equal(await errorWith(`__proto__=1; constructor=2; toString=3; oauth_conformance_session=${session}`), 'consent_required');
  assert.equal(await errorWith(`oauth_conformance_session=${session}; oauth_conformance_session=not-sealed`), 'consent_required');
  assert.equal(await errorWith(`oauth_conformance_session=not-sealed; oauth_conformance_session=${session}`), 'login_required');
  assert.equal(await errorWith('__proto__=1; constructor=2'), 'login_required');
});

test('repeated parameters are a defect only the token endpoint pipeline reads, and only when one repeats', async () => {
  const reads: DefectName[] = [];
  const engine = await engineFor('oauth21', { onDefectRead: (n) => reads.push(n) });
  const token = engine.profile.endpoints.token!.path;
  const c = engine.demo.clients.find((x) => x.clientSecret && (!x.grants || x.grants.includes('client_credentials')))!;
  const basic: [string, string] = [c.clientId, c.clientSecret!];
  await call(engine, 'POST', token, { form: { grant_type: 'client_credentials' }, basic });
  assert.ok(!reads.includes('accept-duplicate-parameters'));
  const twice = await call(engine, 'POST', token, { form: 'grant_type=client_credentials&scope=a&scope=b', basic });
  assert.equal(twice.body.error, 'invalid_request');
  assert.ok(reads.includes('accept-duplicate-parameters'));
  const lax = await engineFor('oauth21', { defects: ['accept-duplicate-parameters'] });
  const allowed = await call(lax, 'POST', token, { form: 'grant_type=client_credentials&grant_type=client_credentials', basic });
  assert.equal(allowed.status, 200, allowed.text);
});
