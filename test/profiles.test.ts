import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../lib/config-error.ts';
import { builtinProfileIds, loadProfile } from '../lib/profiles.ts';
import { loadTarget } from '../lib/targets.ts';
import { root, runCliAsync, tempFiles } from './helpers.ts';

const minimal = {
  id: 'tiny',
  title: 'Tiny',
  endpoints: { token: { path: '/token' } },
  grants: [{ type: 'client_credentials' }],
  accessToken: { format: 'opaque', lifetime: 60 },
  mock: { clients: [{ clientId: 'c', clientSecret: 's' }] },
};

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e.issues;
  }
  assert.fail('expected a ConfigError');
}

describe('built-in profiles', () => {
  it('are the five the seeds and the strict profile call for, the OpenID Provider, the three MCP revisions and FAPI 2.0', () => {
    assert.deepEqual(builtinProfileIds(), ['api-video', 'fapi2', 'generic-oauth2', 'mcp-2025-06-18', 'mcp-2025-11-25', 'mcp-2026-07-28', 'oauth21', 'oauth21-extended', 'oidc', 'shakr', 'shield']);
  });
  for (const id of builtinProfileIds()) {
    it(`${id} loads, and every rule cites a source`, () => {
      const p = loadProfile(id);
      assert.equal(p.id, id);
      for (const g of p.grants) assert.ok(g.source, `${id}: grant ${g.type} has a source`);
      for (const r of p.rules) assert.ok(r.source.document);
      assert.ok(p.accessToken.source, `${id}: accessToken has a source`);
    });
  }
  it('encode the seeds: lifetimes, refresh policies, invalidation rules', () => {
    const shakr = loadProfile('shakr');
    assert.equal(shakr.accessToken.lifetime, null);
    assert.equal(shakr.scopes.scopedTokens, true);
    const av = loadProfile('api-video');
    assert.equal(av.accessToken.lifetime, 3600);
    assert.equal(av.refreshToken.policy, 'rotating');
    assert.deepEqual(av.refreshToken.invalidatedBy, ['api-key-login']);
    assert.equal(av.grants.find((g) => g.type === 'api_key')?.encoding, 'json');
    assert.equal(av.grants.find((g) => g.type === 'refresh_token')?.fields.refreshToken, 'refreshToken');
    const shield = loadProfile('shield');
    assert.deepEqual(shield.accessToken.jwt?.required, ['username', 'iat', 'exp']);
    assert.equal(shield.refreshToken.lifetime, null);
    assert.deepEqual(shield.refreshToken.invalidatedBy, ['password-login']);
    assert.equal(shield.grants.find((g) => g.type === 'client_credentials')?.issuesRefreshToken, false);
    assert.deepEqual(shield.tokenFree.map((t) => t.path), ['/oauth/token', '/users']);
    const generic = loadProfile('generic-oauth2');
    assert.equal(generic.refreshToken.lifetime, 30 * 24 * 3600);
    const strict = loadProfile('oauth21');
    assert.equal(strict.pkce?.required, true);
    assert.deepEqual(strict.pkce?.methods, ['S256']);
    assert.equal(strict.refreshToken.policy, 'rotating-reuse-detection');
    assert.ok(!strict.grants.some((g) => g.type === 'password'));
  });
});

describe('profile mistakes are named by file and pointer', () => {
  it('accepts a minimal profile', () => {
    const dir = tempFiles({ 'p.json': minimal });
    assert.equal(loadProfile(join(dir, 'p.json')).id, 'tiny');
  });
  it('unknown field', () => {
    const dir = tempFiles({ 'p.json': { ...minimal, tokenEndpoint: '/x' } });
    const [i] = issuesOf(() => loadProfile(join(dir, 'p.json')));
    assert.equal(i?.pointer, '/tokenEndpoint');
    assert.equal(i?.file, join(dir, 'p.json'));
    assert.match(i?.expected ?? '', /unknown field/);
  });
  it('wrong type', () => {
    const dir = tempFiles({ 'p.json': { ...minimal, accessToken: { format: 'opaque', lifetime: '3600' } } });
    const [i] = issuesOf(() => loadProfile(join(dir, 'p.json')));
    assert.equal(i?.pointer, '/accessToken/lifetime');
    assert.match(i?.expected ?? '', /integer,null/);
    assert.match(i?.found ?? '', /string "3600"/);
  });
  it('missing endpoint for a declared grant', () => {
    const dir = tempFiles({ 'p.json': { ...minimal, grants: [{ type: 'client_credentials' }, { type: 'api_key' }], mock: { ...minimal.mock, apiKeys: [{ key: 'k' }] } } });
    const issues = issuesOf(() => loadProfile(join(dir, 'p.json')));
    assert.deepEqual(issues.map((i) => i.pointer), ['/grants/1/endpoint']);
    assert.match(issues[0]!.expected, /endpoint "apiKey"/);
  });
  it('unknown grant', () => {
    const dir = tempFiles({ 'p.json': { ...minimal, grants: [{ type: 'implicit' }] } });
    const [i] = issuesOf(() => loadProfile(join(dir, 'p.json')));
    assert.equal(i?.pointer, '/grants/0/type');
    assert.match(i?.found ?? '', /"implicit"/);
  });
  it('extends cycle', () => {
    const dir = tempFiles({ 'a.json': { ...minimal, id: 'a', extends: './b.json' }, 'b.json': { id: 'b', title: 'B', extends: './a.json' } });
    const [i] = issuesOf(() => loadProfile(join(dir, 'a.json')));
    assert.equal(i?.pointer, '/extends');
    assert.match(i?.found ?? '', /cycle .*a\.json -> .*b\.json -> .*a\.json/);
  });
  it('unknown base', () => {
    const dir = tempFiles({ 'a.json': { id: 'a', title: 'A', extends: 'no-such-profile' } });
    const [i] = issuesOf(() => loadProfile(join(dir, 'a.json')));
    assert.equal(i?.pointer, '/extends');
    assert.match(i?.expected ?? '', /built-in profile \(api-video, fapi2, generic-oauth2/);
  });
  it('a refresh grant with policy none', () => {
    const dir = tempFiles({ 'p.json': { ...minimal, grants: [{ type: 'client_credentials' }, { type: 'refresh_token' }] } });
    const issues = issuesOf(() => loadProfile(join(dir, 'p.json')));
    assert.ok(issues.some((i) => i.pointer === '/refreshToken/policy'));
  });
  it('invalid JSON names the file', () => {
    const dir = tempFiles({ 'p.json': '{ "id": ' });
    const [i] = issuesOf(() => loadProfile(join(dir, 'p.json')));
    assert.equal(i?.expected, 'valid JSON');
  });
});

describe('extends', () => {
  it('lets a vendor start from a built-in profile and override a few fields', () => {
    const dir = tempFiles({
      'vendor.json': {
        $schema: '../schemas/profile.schema.json',
        id: 'acme',
        title: 'ACME',
        extends: 'oauth21',
        accessToken: { lifetime: 300 },
        endpoints: { token: { path: '/oauth2/token' } },
      },
    });
    const p = loadProfile(join(dir, 'vendor.json'));
    assert.equal(p.id, 'acme');
    assert.equal(p.accessToken.lifetime, 300);
    assert.equal(p.accessToken.format, 'jwt');
    assert.equal(p.endpoints.token?.path, '/oauth2/token');
    assert.equal(p.endpoints.authorize?.path, '/authorize');
    assert.equal(p.refreshToken.policy, 'rotating-reuse-detection');
  });

  it('removes inherited fields with null and merges grants by type (null removes one)', () => {
    const dir = tempFiles({
      'vendor.json': {
        id: 'acme',
        title: 'ACME',
        extends: 'oauth21',
        endpoints: { revoke: null, introspect: null },
        pkce: null,
        // Without PKCE, oauth21's rule that requires it no longer holds: removed by id.
        rules: { 'oauth21.pkce.s256': null },
        accessToken: { format: 'opaque', jwt: null },
        grants: { client_credentials: null, authorization_code: { requestScope: 'openid read' } },
        scopes: { supported: ['openid', 'read', 'write'], policy: 'any' },
        authorization: { consent: false },
        mock: { clients: [{ clientId: 'c', clientSecret: 's', redirectUris: ['http://127.0.0.1:8765/callback'] }] },
      },
    });
    const p = loadProfile(join(dir, 'vendor.json'));
    assert.equal(p.endpoints.revoke, undefined);
    assert.equal(p.endpoints.introspect, undefined);
    assert.equal(p.endpoints.token?.path, '/token', 'untouched endpoints stay');
    assert.equal(p.pkce, undefined);
    assert.equal(p.accessToken.jwt, undefined);
    assert.deepEqual(p.grants.map((g) => g.type).sort(), ['authorization_code', 'refresh_token']);
    assert.equal(p.grants.find((g) => g.type === 'authorization_code')?.requestScope, 'openid read');
    assert.equal(p.grants.find((g) => g.type === 'authorization_code')?.issuesRefreshToken, true, 'the merged grant keeps what it inherited');
    assert.equal(p.scopes.policy, 'any');
    assert.equal(p.authorization?.consent, false);
  });

  it('an inherited rule that contradicts the profile’s own fields is refused with both named; null removes it', () => {
    const dir = tempFiles({
      'rotating.json': { id: 'r', title: 'R', extends: 'oauth21', refreshToken: { policy: 'rotating' } },
      'removed.json': { id: 'r', title: 'R', extends: 'oauth21', refreshToken: { policy: 'rotating' }, rules: { 'oauth21.refresh.reuse-detection': null } },
    });
    const issues = issuesOf(() => loadProfile(join(dir, 'rotating.json')));
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.pointer, '/refreshToken/policy');
    assert.match(issues[0]?.expected ?? '', /rule oauth21\.refresh\.reuse-detection .*MUST refresh\.reuse-detection.*"oauth21\.refresh\.reuse-detection": null/);
    const p = loadProfile(join(dir, 'removed.json'));
    assert.deepEqual(p.rules.map((r) => r.id).sort(), ['oauth21.no-query-tokens', 'oauth21.pkce.s256', 'oauth21.redirect-uri.exact']);
  });

  it('a profile of a real server needs no mock block; the mock refuses it with one message per missing part', async () => {
    const dir = tempFiles({ 'real.json': { id: 'real', title: 'Real', grants: [{ type: 'password' }], endpoints: { token: { path: '/t' } } } });
    const ok = await runCliAsync(['validate', join(dir, 'real.json')]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const mock = await runCliAsync(['check', '--profile', join(dir, 'real.json')]);
    assert.equal(mock.status, 2);
    assert.deepEqual(mock.stderr.trim().split('\n'), [
      `error ${join(dir, 'real.json')}: at /mock/users: expected at least one demo user (password or authorization_code) for the built-in mock to serve this profile, found none`,
      `error ${join(dir, 'real.json')}: at /mock/clients: expected at least one demo client for the built-in mock to serve this profile, found none`,
    ]);
  });

  it('validate lists each inherited rule that raises a check’s level', async () => {
    const dir = tempFiles({ 'vendor.json': { id: 'acme', title: 'ACME', extends: 'oauth21', accessToken: { lifetime: 300 } } });
    const r = await runCliAsync(['validate', join(dir, 'vendor.json')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /inherits rule oauth21\.refresh\.reuse-detection \(RFC 9700 §4\.14\.2\): raises refresh\.reuse-detection from SHOULD to MUST/);
    assert.match(r.stdout, /"rules": \{ "oauth21\.refresh\.reuse-detection": null \} removes it/);
    assert.equal(r.stdout.split('\n').filter((l) => l.includes('oauth21.refresh.reuse-detection')).length, 1, 'each rule once');
  });

  it('null is refused outside an extending profile, and a removal that breaks a grant is named', () => {
    const own = issuesOf(() => loadProfile(join(tempFiles({ 'p.json': { ...minimal, pkce: null } }), 'p.json')));
    assert.equal(own[0]?.pointer, '/pkce');
    const dir = tempFiles({ 'vendor.json': { id: 'acme', title: 'ACME', extends: 'oauth21', endpoints: { token: null } } });
    const broken = issuesOf(() => loadProfile(join(dir, 'vendor.json')));
    assert.ok(broken.some((i) => i.pointer.startsWith('/grants/') && /endpoint "token"/.test(i.expected)), JSON.stringify(broken));
  });
});

describe('targets', () => {
  it('read secrets from the environment and resolve the profile', () => {
    const dir = tempFiles({
      't.json': { kind: 'server', profile: 'shield', baseUrl: 'http://127.0.0.1:9', credentials: { clientId: 'c', clientSecret: { env: 'OC_TEST_SECRET' } } },
    });
    const t = loadTarget(join(dir, 't.json'), { OC_TEST_SECRET: 's3cret' });
    assert.equal(t.credentials.clientSecret, 's3cret');
    assert.equal(t.profile.id, 'shield');
  });
  it('name the field whose environment variable is missing', () => {
    const dir = tempFiles({ 't.json': { kind: 'server', profile: 'shield', baseUrl: 'http://127.0.0.1:9', credentials: { clientSecret: { env: 'OC_NOPE' } } } });
    const [i] = issuesOf(() => loadTarget(join(dir, 't.json'), {}));
    assert.equal(i?.pointer, '/credentials/clientSecret');
    assert.match(i?.expected ?? '', /OC_NOPE/);
  });
  it('a client metadata document URL that is not https says so in words, not as a regular expression', () => {
    const dir = tempFiles({ 't.json': { kind: 'client', profile: 'mcp-2025-11-25', adapter: './a.ts', clientMetadataUrl: 'http://client.example/' } });
    const [i] = issuesOf(() => loadTarget(join(dir, 't.json'), {}));
    assert.equal(i?.pointer, '/clientMetadataUrl');
    assert.match(i?.expected ?? '', /^an https URL with a path/);
  });
  it('a server target needs a baseUrl', () => {
    const dir = tempFiles({ 't.json': { kind: 'server', profile: 'shield' } });
    const issues = issuesOf(() => loadTarget(join(dir, 't.json'), {}));
    assert.ok(issues.some((i) => i.pointer === '/baseUrl'));
  });
});

describe('CLI validate', () => {
  it('exits 0 on the built-in profiles', async () => {
    const r = await runCliAsync(['validate', ...['api-video', 'generic-oauth2', 'oauth21', 'shakr', 'shield'].map((id) => join(root, 'specs', `${id}.json`))]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.match(/^ok /gm)?.length, 5);
  });
  it('exits 1 on a broken profile, naming file and pointer', async () => {
    const dir = tempFiles({ 'broken.json': { ...minimal, grants: [{ type: 'client_credentials', encoding: 'xml' }] } });
    const r = await runCliAsync(['validate', join(dir, 'broken.json')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /broken\.json: at \/grants\/0\/encoding: expected one of "form", "json", found string "xml"/);
    assert.doesNotMatch(r.stdout + r.stderr, /\bat .*\.ts:\d+/, 'no stack trace');
  });
});

describe('profile rules and the checks catalogue', () => {
  it('every check a rule names exists in the catalogue', async () => {
    const { checkById } = await import('../suites/catalogue.ts');
    for (const id of builtinProfileIds()) {
      for (const r of loadProfile(id).rules) for (const c of r.checks ?? []) assert.ok(checkById.has(c), `${id} rule ${r.id} names unknown check ${c}`);
    }
  });
});
