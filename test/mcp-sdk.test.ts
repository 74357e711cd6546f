// Real MCP software nobody here wrote, against the mock over node:http: the official SDK's client
// (@modelcontextprotocol/sdk) connects to the mock's MCP endpoint the way Claude, VS Code or the
// Inspector do: 401 → protected resource metadata → authorization server metadata → dynamic client
// registration → code + PKCE S256 with `resource` → token → initialize, tools/list, tools/call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { loadProfile } from '../lib/profiles.ts';
import { startMockServer } from '../mock-server/index.ts';
import { mockUserAgent } from '../suites/client/user-agent.ts';

/** What an MCP host keeps per server: the SDK asks it for everything it remembers. */
class MemoryProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;
  readonly redirectUrl = 'http://127.0.0.1:8765/callback';
  get clientMetadata() {
    return { client_name: 'SDK test host', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(t: OAuthTokens) {
    this.saved = t;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

for (const revision of ['2025-06-18', '2025-11-25', '2026-07-28']) {
  describe(`@modelcontextprotocol/sdk client against mcp-${revision}`, () => {
    it('discovers, registers, authorizes with resource and PKCE, and calls a tool', async () => {
      const mock = await startMockServer({ profile: loadProfile(`mcp-${revision}`), port: 0 });
      try {
        const url = new URL(`${mock.url}/mcp`);
        const provider = new MemoryProvider();
        const first = new Client({ name: 'sdk-test', version: '1' });
        await assert.rejects(first.connect(new StreamableHTTPClientTransport(url, { authProvider: provider })), UnauthorizedError);
        assert.ok(provider.authorizationUrl, 'the SDK sent the user to the authorization endpoint');
        const asked = provider.authorizationUrl!.searchParams;
        assert.equal(asked.get('resource'), url.href, 'resource on the authorization request (RFC 8707)');
        assert.equal(asked.get('code_challenge_method'), 'S256');
        assert.equal(asked.get('scope'), 'mcp:tools', 'the scope the challenge or the metadata named');
        const back = new URL(await mockUserAgent(mock.url, { username: 'alice', password: 'alice-password' })(provider.authorizationUrl!.href));
        const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
        await transport.finishAuth(back.searchParams.get('code')!);
        const client = new Client({ name: 'sdk-test', version: '1' });
        await client.connect(transport);
        const tools = await client.listTools();
        assert.deepEqual(tools.tools.map((t) => t.name), ['echo']);
        const echo = await client.callTool({ name: 'echo', arguments: { text: 'from the SDK' } });
        assert.deepEqual(echo.content, [{ type: 'text', text: 'from the SDK (for alice)' }]);
        // MCP lifecycle: the SDK asks for its newest version (2025-11-25); a server of an earlier
        // revision answers its own, a later one the version asked, since it supports it.
        assert.equal(transport.protocolVersion, revision === '2025-06-18' ? '2025-06-18' : '2025-11-25', 'the negotiated version');
        await client.close();
        const token = provider.saved!.access_token;
        const init = (version: string, headers: Record<string, string> = {}) =>
          fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) });
        const own = await init(revision);
        assert.equal(((await own.json()) as { result: { protocolVersion: string } }).result.protocolVersion, revision, 'asked for its own revision, the server answers it');
        const later = await init('2099-01-01');
        assert.equal(((await later.json()) as { result: { protocolVersion: string } }).result.protocolVersion, revision, 'asked for an unknown version, the server answers its newest, its revision');
        // Transports: a present, untrusted Origin is refused with 403 (DNS rebinding); CORS never says *.
        const foreign = await init(revision, { origin: 'http://evil.example.com' });
        assert.equal(foreign.status, 403);
        assert.equal(foreign.headers.get('access-control-allow-origin'), null);
        const own2 = await init(revision, { origin: new URL(mock.url).origin });
        assert.equal(own2.status, 200, 'the mock’s own origin is trusted');
        assert.equal(own2.headers.get('access-control-allow-origin'), new URL(mock.url).origin);
        const wrongHeader = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2099-01-01' }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
        assert.equal(wrongHeader.status, 400, 'an MCP-Protocol-Version the revision does not speak is a 400');
        // What the mock saw: registration, then resource on both the authorization and the token request.
        const seen = mock.admin.requests();
        assert.ok(seen.some((r) => r.method === 'POST' && r.path === '/register' && r.status === 201), 'dynamic client registration');
        const exchange = seen.find((r) => r.method === 'POST' && r.path === '/token' && r.body.includes('grant_type=authorization_code'));
        assert.ok(exchange, 'a code exchange');
        assert.equal(new URLSearchParams(exchange!.body).get('resource'), url.href, 'resource on the token request');
        assert.equal(exchange!.status, 200);
      } finally {
        await mock.close();
      }
    });
  });
}

describe('the MCP endpoint trusts the origins it is told to (--allow-origin)', () => {
  it('answers a listed origin with CORS that names it and the MCP headers, and refuses others', async () => {
    const app = 'http://localhost:5173';
    const mock = await startMockServer({ profile: loadProfile('mcp-2025-11-25'), port: 0, allowOrigins: [app] });
    try {
      const url = `${mock.url}/mcp`;
      const pre = await fetch(url, { method: 'OPTIONS', headers: { origin: app, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, mcp-protocol-version, mcp-session-id' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), app);
      for (const h of ['authorization', 'content-type', 'mcp-protocol-version', 'mcp-session-id']) assert.ok(pre.headers.get('access-control-allow-headers')?.includes(h), `preflight allows ${h}`);
      const other = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://evil.example.com', 'access-control-request-method': 'POST' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null, 'no CORS for an untrusted origin');
      const unauth = await fetch(url, { method: 'POST', headers: { origin: app, 'content-type': 'application/json' }, body: '{}' });
      assert.equal(unauth.status, 401, 'a trusted origin without a token meets the 401 challenge');
      assert.equal(unauth.headers.get('access-control-allow-origin'), app);
      assert.match(unauth.headers.get('access-control-expose-headers') ?? '', /www-authenticate/);
    } finally {
      await mock.close();
    }
  });
});
