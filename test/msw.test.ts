// A plain fetch-based client tested against MSW's setupServer: token, API call, expiry through the
// clock, refresh, 401 handling. No port is opened.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import * as sdkServer from '@modelcontextprotocol/sdk/server/index.js';
import * as sdkTransport from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import * as sdkTypes from '@modelcontextprotocol/sdk/types.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ReferenceClient } from '../clients/reference-client.ts';
import { authorizeInPage, createAuthHandlers, type AuthHandlers } from '../mock-server/msw.ts';

const baseUrl = 'https://auth.example.test';

describe('MSW handlers (Node, setupServer)', () => {
  let auth: AuthHandlers;
  let server: ReturnType<typeof setupServer>;
  before(async () => {
    auth = await createAuthHandlers({ profile: 'api-video', baseUrl });
    server = setupServer(...auth.handlers);
    server.listen({ onUnhandledRequest: 'error' });
  });
  after(() => server.close());

  it('serves the api.video flow to a fetch client: token, call, expiry, refresh, 401', async () => {
    const t = await fetch(`${baseUrl}/auth/api-key`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: 'apivideo-demo-key' }) });
    assert.equal(t.status, 200);
    const tokens = (await t.json()) as { access_token: string; refresh_token: string; expires_in: number };
    assert.equal(tokens.expires_in, 3600);
    assert.equal((await fetch(`${baseUrl}/videos`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status, 200);
    const none = await fetch(`${baseUrl}/videos`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="api.video"');
    auth.admin.advanceClock(3601);
    const expired = await fetch(`${baseUrl}/videos`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(expired.status, 401);
    assert.match(expired.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const r = await fetch(`${baseUrl}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: tokens.refresh_token }) });
    assert.equal(r.status, 200);
    const again = await fetch(`${baseUrl}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: tokens.refresh_token }) });
    assert.equal(again.status, 400, 'rotated away');
  });

  it('a real client handles expiry through its 401 path, seen in the recorded traffic', async () => {
    await auth.admin.reset();
    const client = new ReferenceClient({ baseUrl, profile: auth.profile, credentials: { apiKey: 'apivideo-demo-key' } });
    assert.equal((await client.call('GET', `${baseUrl}/videos`)).status, 200);
    auth.admin.advanceClock(3601);
    assert.equal((await client.call('GET', `${baseUrl}/videos`)).status, 200);
    const paths = auth.admin.requests().map((r) => `${r.status} ${r.path}`);
    assert.deepEqual(paths, ['200 /auth/api-key', '200 /videos', '401 /videos', '200 /auth/refresh', '200 /videos']);
  });

  it('authorizeInPage names a bad URL before touching the page', async () => {
    await assert.rejects(authorizeInPage('not a url', { redirectUri: 'http://localhost:5173/callback' }), { name: 'AuthorizeInPageError', message: 'authorizeUrl: expected an absolute URL, found "not a url"' });
    await assert.rejects(authorizeInPage(`${baseUrl}/authorize`, { redirectUri: '/callback' }), { name: 'AuthorizeInPageError', message: 'options.redirectUri: expected an absolute URL, found "/callback"' });
  });

  it('takes a profile object and serves the login page for authorization code', async () => {
    const { default: spec } = await import('../specs/oauth21.json', { with: { type: 'json' } });
    const local = await createAuthHandlers({ profile: spec as never, baseUrl: 'https://id.example.test' });
    server.use(...local.handlers);
    const page = await fetch(`https://id.example.test/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'oauth21-spa', redirect_uri: 'http://localhost:5173/callback', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' })}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<label for="username">Username<\/label>/);
    const meta = (await (await fetch('https://id.example.test/.well-known/oauth-authorization-server')).json()) as { issuer: string };
    assert.equal(meta.issuer, 'https://id.example.test');
  });
});

describe('MSW handlers for an MCP profile (Node, setupServer)', () => {
  const mcpBase = 'https://mcp.example.test';
  let auth: AuthHandlers;
  let server: ReturnType<typeof setupServer>;
  before(async () => {
    auth = await createAuthHandlers({ profile: 'mcp-2025-11-25', baseUrl: mcpBase });
    server = setupServer(...auth.handlers);
    server.listen({ onUnhandledRequest: 'error' });
  });
  after(() => server.close());

  it('the same engine: 401 with resource_metadata, the metadata, registration, a token bound to the resource, the SDK-served MCP endpoint', async () => {
    const none = await fetch(`${mcpBase}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), `Bearer realm="mcp", resource_metadata="${mcpBase}/.well-known/oauth-protected-resource/mcp", scope="mcp:tools"`);
    const prm = (await (await fetch(`${mcpBase}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string; authorization_servers: string[] };
    assert.deepEqual([prm.resource, prm.authorization_servers], [`${mcpBase}/mcp`, [mcpBase]]);
    const reg = await fetch(`${mcpBase}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://app.example.test/cb'], grant_types: ['client_credentials'], response_types: [], scope: 'mcp:tools' }) });
    assert.equal(reg.status, 201);
    const { client_id, client_secret } = (await reg.json()) as { client_id: string; client_secret: string };
    const t = await fetch(`${mcpBase}/token`, { method: 'POST', headers: { authorization: `Basic ${btoa(`${client_id}:${client_secret}`)}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mcp:tools', resource: `${mcpBase}/mcp` }) });
    const { access_token } = (await t.json()) as { access_token: string };
    assert.equal(JSON.parse(atob(access_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).aud, `${mcpBase}/mcp`);
    const init = await fetch(`${mcpBase}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'msw', version: '1' } } }) });
    assert.equal(init.status, 200);
    assert.equal(((await init.json()) as { result: { protocolVersion: string } }).result.protocolVersion, '2025-11-25');
  });

  it('the SDK client connects through the handlers in Node: a bodiless 202 is no body, so cancelling it cannot hang (mswjs/interceptors#799)', async () => {
    const reg = (await (await fetch(`${mcpBase}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://app.example.test/cb'], grant_types: ['client_credentials'], response_types: [], scope: 'mcp:tools' }) })).json()) as { client_id: string; client_secret: string };
    const t = await fetch(`${mcpBase}/token`, { method: 'POST', headers: { authorization: `Basic ${btoa(`${reg.client_id}:${reg.client_secret}`)}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mcp:tools', resource: `${mcpBase}/mcp` }) });
    const { access_token } = (await t.json()) as { access_token: string };
    const client = new Client({ name: 'msw-node', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcpBase}/mcp`), { requestInit: { headers: { authorization: `Bearer ${access_token}` } } }));
    const echo = await client.callTool({ name: 'echo', arguments: { text: 'through msw' } });
    await client.close();
    assert.match(JSON.stringify(echo.content), /through msw \(for /);
  });

  it('the mcpSdk option: modules an app hands in serve the endpoint (how a browser bundle gets it); anything else is a named config error', async () => {
    let built = 0;
    class CountingServer extends sdkServer.Server {
      constructor(...args: ConstructorParameters<typeof sdkServer.Server>) {
        super(...args);
        built++;
      }
    }
    const handed = await createAuthHandlers({ profile: 'mcp-2025-11-25', baseUrl: 'https://other-mcp.example.test', mcpSdk: { server: { Server: CountingServer }, transport: sdkTransport, types: sdkTypes } });
    const token = await handed.admin.mintToken({ scope: ['mcp:tools'], claims: { aud: 'https://other-mcp.example.test/mcp' } });
    const init = await handed.engine.handle(new Request('https://other-mcp.example.test/mcp', { method: 'POST', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'msw', version: '1' } } }) }));
    assert.equal(init.status, 200, await init.clone().text());
    assert.equal(built, 1, 'the Server class handed in answered');
    await assert.rejects(
      createAuthHandlers({ profile: 'mcp-2025-11-25', baseUrl: mcpBase, mcpSdk: { server: sdkServer, transport: sdkTypes, types: sdkTypes } }),
      (e: Error) => e.name === 'ConfigError' && /at \/mcpSdk\/transport: expected the module @modelcontextprotocol\/sdk\/server\/webStandardStreamableHttp\.js/.test(e.message) && !/mcpSdk\/server:/.test(e.message),
    );
  });
});
