// The MCP profiles' authorization pieces in the engine: RFC 9728 metadata and challenge, RFC 8707
// resource indicators, RFC 7591 registration, Client ID Metadata Documents, and the MCP endpoint.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { s256 } from '../mock-server/engine/flows/authorization-code.ts';
import type { Engine } from '../mock-server/engine/index.ts';
import { call, engineFor, origin } from './engine-helpers.ts';

const basic: [string, string] = ['mcp-demo-client', 'mcp-demo-secret'];
const mcp = `${origin}/mcp`;
const other = 'https://other-mcp.example.test/mcp';
const verifier = 'v'.repeat(43);
const redirectUri = 'http://127.0.0.1:8765/callback';

const cc = (e: Engine, extra: Record<string, string> = {}) => call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', scope: 'mcp:tools', ...extra }, basic });
const initialize = (e: Engine, token?: string) =>
  call(e, 'POST', '/mcp', { headers: { accept: 'application/json, text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) }, json: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } } });

/** Logs in through the mock's pages with plain requests; returns the redirect back. */
async function authorize(e: Engine, q: Record<string, string>): Promise<URL> {
  const query = new URLSearchParams({ response_type: 'code', redirect_uri: redirectUri, code_challenge: s256(verifier), code_challenge_method: 'S256', state: 's', ...q });
  const page = await call(e, 'GET', `/authorize?${query}`);
  if (page.status === 303) return new URL(page.headers.get('location')!);
  const pending = /name="pending" value="([^"]+)"/.exec(page.text)?.[1];
  assert.ok(pending, `login page: ${page.status} ${page.text.slice(0, 300)}`);
  await call(e, 'POST', '/authorize', { form: { pending: pending!, step: 'login', username: 'alice', password: 'alice-password' } });
  const done = await call(e, 'POST', '/authorize', { form: { pending: pending!, step: 'consent', decision: 'allow' } });
  return new URL(done.headers.get('location')!);
}

describe('RFC 9728 protected resource metadata and the challenge', () => {
  it('serves the path-suffixed document for the MCP endpoint and the root one for the origin', async () => {
    const e = await engineFor('mcp-2025-11-25');
    const doc = await call(e, 'GET', '/.well-known/oauth-protected-resource/mcp');
    assert.deepEqual(doc.body, { resource: mcp, authorization_servers: [origin], scopes_supported: ['mcp:tools'], bearer_methods_supported: ['header'], resource_name: 'MCP authorization 2025-11-25' });
    assert.equal((await call(e, 'GET', '/.well-known/oauth-protected-resource')).body.resource, origin);
    // A plain OAuth profile announces nothing.
    assert.equal((await call(await engineFor('oauth21'), 'GET', '/.well-known/oauth-protected-resource')).status, 404);
  });
  it('a 401 names the metadata (and, from 2025-11-25, the scope); 2025-06-18 names no scope; the AS metadata advertises registration and CIMD', async () => {
    const e = await engineFor('mcp-2025-11-25');
    const r = await initialize(e);
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), `Bearer realm="mcp", resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp", scope="mcp:tools"`);
    const old = await initialize(await engineFor('mcp-2025-06-18'));
    assert.equal(old.headers.get('www-authenticate'), `Bearer realm="mcp", resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`);
    const m = (await call(e, 'GET', '/.well-known/oauth-authorization-server')).body;
    assert.equal(m.registration_endpoint, `${origin}/register`);
    assert.equal(m.client_id_metadata_document_supported, true);
    assert.deepEqual(m.code_challenge_methods_supported, ['S256']);
    assert.equal((await call(await engineFor('mcp-2025-06-18'), 'GET', '/.well-known/oauth-authorization-server')).body.client_id_metadata_document_supported, undefined);
  });
});

describe('RFC 8707 resource indicators', () => {
  it('the token names the resource asked for; the MCP endpoint takes its own and refuses another audience', async () => {
    const e = await engineFor('mcp-2025-11-25');
    const own = await cc(e, { resource: mcp });
    assert.equal(decodeJwt(String(own.body.access_token)).aud, mcp);
    assert.equal((await initialize(e, String(own.body.access_token))).status, 200);
    // Without resource: the default audience is the MCP endpoint and each of the profile's resources.
    const api = mcp.replace(/\/mcp$/, '/api/resource');
    assert.deepEqual(decodeJwt(String((await cc(e)).body.access_token)).aud, [mcp, api]);
    // RFC 9068 §4: each resource is an audience of its own; a token for the MCP endpoint is refused at /api/resource.
    const read = await cc(e, { resource: mcp, scope: 'mcp:tools read' });
    const atApi = await call(e, 'GET', '/api/resource', { bearer: String(read.body.access_token) });
    assert.equal(atApi.status, 401);
    assert.match(atApi.headers.get('www-authenticate')!, /another audience/);
    const forApi = await cc(e, { resource: api, scope: 'read' });
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: String(forApi.body.access_token) })).status, 200, 'a token asked for /api/resource is good there');
    const foreign = await cc(e, { resource: other });
    assert.equal(decodeJwt(String(foreign.body.access_token)).aud, other);
    const refused = await initialize(e, String(foreign.body.access_token));
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate')!, /error="invalid_token".*another audience/);
    // The authorization server still describes it (introspection), audience included.
    const described = await call(e, 'POST', '/introspect', { form: { token: String(foreign.body.access_token) }, basic });
    assert.deepEqual([described.body.active, described.body.aud], [true, other]);
    const both = await call(e, 'POST', '/token', { form: `grant_type=client_credentials&scope=mcp%3Atools&resource=${encodeURIComponent(mcp)}&resource=${encodeURIComponent(other)}`, basic });
    assert.deepEqual(decodeJwt(String(both.body.access_token)).aud, [mcp, other]);
  });
  it('unknown, relative or fragment resources get invalid_target; case and a trailing slash of the host do not matter', async () => {
    const e = await engineFor('mcp-2025-11-25');
    for (const resource of ['https://unknown.example.test/mcp', '/mcp', `${mcp}#frag`]) {
      const r = await cc(e, { resource });
      assert.equal(r.status, 400, resource);
      assert.equal(r.body.error, 'invalid_target', resource);
    }
    assert.equal((await cc(e, { resource: mcp.replace('http://', 'HTTP://') })).status, 200);
  });
  it('the code flow binds the resource: the exchange may narrow it, never widen; the refresh keeps it', async () => {
    const e = await engineFor('mcp-2025-11-25');
    const back = await authorize(e, { client_id: 'mcp-demo-client', scope: 'mcp:tools', resource: mcp });
    const code = back.searchParams.get('code')!;
    const widened = await call(e, 'POST', '/token', { form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, resource: other }, basic });
    assert.equal(widened.body.error, 'invalid_target');
    const back2 = await authorize(e, { client_id: 'mcp-demo-client', scope: 'mcp:tools', resource: mcp });
    const ok = await call(e, 'POST', '/token', { form: { grant_type: 'authorization_code', code: back2.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: verifier, resource: mcp }, basic });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(decodeJwt(String(ok.body.access_token)).aud, mcp);
    const refreshed = await call(e, 'POST', '/token', { form: { grant_type: 'refresh_token', refresh_token: String(ok.body.refresh_token) }, basic });
    assert.equal(decodeJwt(String(refreshed.body.access_token)).aud, mcp);
    const elsewhere = await call(e, 'POST', '/token', { form: { grant_type: 'refresh_token', refresh_token: String(refreshed.body.refresh_token), resource: other }, basic });
    assert.equal(elsewhere.body.error, 'invalid_target');
    const bad = await authorize(e, { client_id: 'mcp-demo-client', resource: 'https://unknown.example.test/' });
    assert.equal(bad.searchParams.get('error'), 'invalid_target');
  });
});

describe('RFC 7591 dynamic client registration', () => {
  it('registers a public client that can then authorize; a confidential one gets a secret that works', async () => {
    const e = await engineFor('mcp-2025-06-18');
    const r = await call(e, 'POST', '/register', { json: { client_name: 'Claude-ish', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.client_secret, undefined);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const back = await authorize(e, { client_id: String(r.body.client_id), resource: mcp, scope: 'mcp:tools' });
    const tokens = await call(e, 'POST', '/token', { form: { grant_type: 'authorization_code', client_id: String(r.body.client_id), code: back.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: verifier } });
    assert.equal(tokens.status, 200, tokens.text);
    const conf = await call(e, 'POST', '/register', { json: { redirect_uris: ['https://app.example.test/cb'], grant_types: ['client_credentials'], response_types: [] } });
    assert.equal(conf.status, 201, conf.text);
    assert.equal(conf.body.token_endpoint_auth_method, 'client_secret_basic');
    const t = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: [String(conf.body.client_id), String(conf.body.client_secret)] });
    assert.equal(t.status, 200, t.text);
  });
  it('refuses bad redirect URIs and bad metadata with the RFC 7591 error codes, never a 5xx', async () => {
    const e = await engineFor('mcp-2025-06-18');
    const cases: [unknown, string][] = [
      [{ redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['http://evil.example/cb'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['https://app.example/cb#x'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['myapp:/cb'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: [] }, 'invalid_redirect_uri'],
      [{ redirect_uris: [redirectUri], token_endpoint_auth_method: 'nope' }, 'invalid_client_metadata'],
      [{ redirect_uris: [redirectUri], grant_types: ['implicit'] }, 'invalid_client_metadata'],
      [{ redirect_uris: [redirectUri], grant_types: ['client_credentials'], token_endpoint_auth_method: 'none', response_types: [] }, 'invalid_client_metadata'],
      [{ redirect_uris: 'not-a-list' }, 'invalid_client_metadata'],
      [[1, 2], 'invalid_client_metadata'],
      [{ redirect_uris: [redirectUri], application_type: 'desktop' }, 'invalid_client_metadata'],
    ];
    for (const [body, error] of cases) {
      const r = await call(e, 'POST', '/register', { json: body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error, error, JSON.stringify(body));
    }
    assert.equal((await call(e, 'POST', '/register', { json: { redirect_uris: ['com.example.app:/cb'] } })).status, 201, 'a private-use scheme of a native app');
    // The rule cited in error_description survives RFC 6749 §5.2's character set ("§" spelled out).
    const cited = await call(e, 'POST', '/register', { json: { redirect_uris: [redirectUri], application_type: 'desktop' } });
    assert.equal(cited.body.error_description, "application_type must be 'native' or 'web' (OpenID Connect Registration section 2)");
    // MCP 2026-07-28 has clients name application_type (OpenID Connect Registration §2); it is registered metadata.
    assert.equal((await call(e, 'POST', '/register', { json: { redirect_uris: [redirectUri], application_type: 'native' } })).body.application_type, 'native');
    assert.equal((await call(e, 'POST', '/register', { form: { redirect_uris: redirectUri } })).body.error, 'invalid_request');
  });
});

describe('Client ID Metadata Documents', () => {
  let server: Server;
  let base = '';
  const docs = new Map<string, { status?: number; body: unknown; headers?: Record<string, string> }>();
  before(async () => {
    server = createServer((req, res) => {
      const d = docs.get(req.url ?? '');
      res.writeHead(d?.status ?? (d ? 200 : 404), { 'content-type': 'application/json', ...d?.headers });
      res.end(typeof d?.body === 'string' ? d.body : JSON.stringify(d?.body ?? {}));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    docs.set('/good.json', { body: { client_id: `${base}/good.json`, client_name: 'Good', redirect_uris: [redirectUri] } });
    docs.set('/mismatch.json', { body: { client_id: `${base}/other.json`, client_name: 'Bad', redirect_uris: [redirectUri] } });
    docs.set('/moved.json', { status: 302, body: {}, headers: { location: `${base}/good.json` } });
    docs.set('/huge.json', { body: 'x'.repeat(70 * 1024) });
    docs.set('/secret.json', { body: { client_id: `${base}/secret.json`, client_name: 'S', redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_basic' } });
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('a document client signs in to its own redirect URI and exchanges its code as a public client', async () => {
    const e = await engineFor('mcp-2025-11-25');
    const back = await authorize(e, { client_id: `${base}/good.json`, resource: mcp, scope: 'mcp:tools' });
    const code = back.searchParams.get('code');
    assert.ok(code, back.href);
    const t = await call(e, 'POST', '/token', { form: { grant_type: 'authorization_code', client_id: `${base}/good.json`, code: code!, redirect_uri: redirectUri, code_verifier: verifier } });
    assert.equal(t.status, 200, t.text);
    assert.equal(decodeJwt(String(t.body.access_token)).client_id, `${base}/good.json`);
  });
  it('refuses, as a page and never a redirect: a client_id mismatch, a redirect URI not in the document, a redirect, an oversized document, a shared secret, a host not allowed', async () => {
    const e = await engineFor('mcp-2025-11-25');
    const page = (q: Record<string, string>) => {
      const query = new URLSearchParams({ response_type: 'code', redirect_uri: redirectUri, code_challenge: s256(verifier), code_challenge_method: 'S256', ...q });
      return call(e, 'GET', `/authorize?${query}`);
    };
    for (const [clientId, reason] of [
      [`${base}/mismatch.json`, /client_id differs/],
      [`${base}/moved.json`, /302/],
      [`${base}/huge.json`, /larger than/],
      [`${base}/secret.json`, /not supported/],
      [`${base}/missing.json`, /404/],
      ['https://clients.example.test/app.json', /allowed hosts/],
      [`${base}/`, /needs a path/],
    ] as const) {
      const r = await page({ client_id: clientId });
      assert.equal(r.status, 400, clientId);
      assert.equal(r.headers.get('location'), null, clientId);
      assert.match(r.text, reason, clientId);
    }
    const wrongRedirect = await page({ client_id: `${base}/good.json`, redirect_uri: 'http://127.0.0.1:8765/elsewhere' });
    assert.equal(wrongRedirect.status, 400);
    assert.equal(wrongRedirect.headers.get('location'), null);
    // 2025-06-18 predates metadata documents: a URL is just an unknown client_id there.
    const old = await engineFor('mcp-2025-06-18');
    const q = new URLSearchParams({ response_type: 'code', client_id: `${base}/good.json`, redirect_uri: redirectUri, code_challenge: s256(verifier), code_challenge_method: 'S256' });
    assert.match((await call(old, 'GET', `/authorize?${q}`)).text, /unknown client_id/);
  });
});

describe('the MCP endpoint', () => {
  it('with a token for it: initialize, tools/list and the echo tool through the official SDK; without scope: 403', async () => {
    const e = await engineFor('mcp-2026-07-28');
    const token = String((await cc(e, { resource: mcp })).body.access_token);
    const init = await initialize(e, token);
    assert.equal(init.status, 200, init.text);
    assert.equal((init.body.result as { serverInfo: { name: string } }).serverInfo.name, 'oauth-conformance mock (mcp-2026-07-28)');
    const rpc = (body: unknown) => call(e, 'POST', '/mcp', { headers: { accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18', authorization: `Bearer ${token}` }, json: body });
    const tools = await rpc({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    assert.deepEqual((tools.body.result as { tools: { name: string }[] }).tools.map((t) => t.name), ['echo']);
    const echo = await rpc({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hello' } } });
    assert.deepEqual((echo.body.result as { content: unknown[] }).content, [{ type: 'text', text: 'hello (for mcp-demo-client)' }]);
    const readOnly = String((await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', scope: 'read', resource: mcp }, basic })).body.access_token);
    const forbidden = await initialize(e, readOnly);
    assert.equal(forbidden.status, 403);
    assert.match(forbidden.headers.get('www-authenticate')!, /insufficient_scope.*scope="mcp:tools"/);
    // The token goes in the header only (MCP: never in the query string).
    assert.equal((await call(e, 'POST', `/mcp?access_token=${token}`, { json: {} })).status, 400);
  });
});
