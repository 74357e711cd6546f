// An MCP server written the way the official SDK's documentation shows: express, the SDK's
// Streamable HTTP transport, its bearer-auth middleware (with `expectedResource`) and its metadata
// router, tokens verified as JWTs against the authorization server's JWKS. The authorization server
// is this package's mock (profile mcp-2025-11-25), told to mint tokens for this server's URL.
// `startSdkMcpServer()` is what the test uses; run directly it prints both URLs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthMetadataRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { resolveProfileDocument } from '../../lib/profile-resolve.ts';
import { startMockServer } from '../../mock-server/index.ts';

/** `url`: the authorization server (the mock); `resourceUrl`: this MCP server's base. */
export async function startSdkMcpServer(port = 0): Promise<{ url: string; resourceUrl: string; close: () => Promise<void> }> {
  const app = express();
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const mcpUrl = new URL(`${base}/mcp`);
  // The authorization server: mints tokens for this server (and for one other resource, so audience binding can be tried).
  const as = await startMockServer({
    port: 0,
    // The test passes the same secrets to every example (PEER_CLIENT_SECRET=secret, PEER_PASSWORD=pass).
    credentials: { clientSecret: 'secret', password: 'pass' },
    profile: resolveProfileDocument({ id: 'mcp-sdk-example-as', title: 'AS for the SDK example', extends: 'mcp-2025-11-25', resourceIndicators: { accepted: [mcpUrl.href, 'https://other-mcp.example.test/mcp'] } }, 'examples/mcp-sdk-server'),
  });
  const oauthMetadata = (await (await fetch(`${as.url}/.well-known/oauth-authorization-server`)).json()) as OAuthMetadata;
  const jwks = createRemoteJWKSet(new URL(String(oauthMetadata.jwks_uri)));

  app.use(mcpAuthMetadataRouter({ oauthMetadata, resourceServerUrl: mcpUrl, scopesSupported: ['mcp:tools'], resourceName: 'SDK example MCP server' }));
  const auth = requireBearerAuth({
    requiredScopes: ['mcp:tools'],
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl),
    expectedResource: mcpUrl,
    verifier: {
      async verifyAccessToken(token) {
        try {
          const { payload } = await jwtVerify(token, jwks, { issuer: oauthMetadata.issuer });
          const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
          return { token, clientId: String(payload.client_id ?? ''), scopes: String(payload.scope ?? '').split(' ').filter(Boolean), ...(payload.exp ? { expiresAt: payload.exp } : {}), ...(aud ? { resource: new URL(aud) } : {}) };
        } catch (e) {
          throw new InvalidTokenError((e as Error).message);
        }
      },
    },
  });
  app.post('/mcp', express.json(), auth, async (req, res) => {
    const server = new Server({ name: 'sdk-example', version: '1' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'echo', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } }] }));
    server.setRequestHandler(CallToolRequestSchema, async (r) => ({ content: [{ type: 'text', text: String(r.params.arguments?.text ?? '') }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return {
    url: as.url,
    resourceUrl: base,
    close: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await as.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url, resourceUrl } = await startSdkMcpServer(18090);
  console.log(`SDK MCP server at ${resourceUrl}/mcp, its authorization server (the mock) at ${url}`);
}
