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
        await client.close();
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
