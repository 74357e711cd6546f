// The MCP endpoint of an MCP profile: a protected resource (RFC 6750 challenges with RFC 9728's
// resource_metadata, audience per RFC 8707) that, with a valid token, is a small real MCP server:
// Streamable HTTP, stateless, JSON responses; initialize, tools/list and one `echo` tool. It is built
// on the official SDK (@modelcontextprotocol/sdk, an optional dependency): the modules an app handed
// in (MSW in a browser), else imported on first use, so nothing else of the package needs it.
import { bodyText, text, type Call, type Reply } from '../call.ts';
import type { EngineContext } from '../context.ts';
import { json } from '../http.ts';
import { OAuthError } from '../oauth-error.ts';
import { importSdk, type Sdk } from '../mcp-sdk.ts';
import { verifyAccessToken, type AccessInfo } from '../tokens.ts';
import { findToken } from './resource.ts';

/** The scope the MCP endpoint needs: the first the protected resource lists. */
export function mcpScope(ctx: EngineContext): string[] {
  const s = ctx.profile.protectedResource?.scopesSupported?.[0];
  return s ? [s] : [];
}

export async function mcpEndpoint(ctx: EngineContext, call: Call): Promise<Reply> {
  const needed = mcpScope(ctx);
  const token = findToken(ctx, call);
  const hint = ctx.profile.protectedResource?.challengeScope !== false && needed.length ? { scope: needed.join(' ') } : {};
  // MCP: authorization is required on every request; without it a 401 that points at the metadata.
  if (token === undefined) throw new OAuthError('', 'no access token', { status: 401, ...hint });
  const info = await verifyAccessToken(ctx, ctx.issuer(call), token);
  if (!needed.every((s) => info.scope.includes(s))) throw new OAuthError('insufficient_scope', `the MCP endpoint needs scope ${needed.join(' ')}`, { status: 403, scope: needed.join(' ') });
  const loaded = ctx.mcpSdk ?? (await importSdk());
  if (!loaded) return json(501, { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'the mock serves MCP with @modelcontextprotocol/sdk, which could not be loaded: npm install @modelcontextprotocol/sdk (in a browser, hand its modules to createAuthHandlers as the mcpSdk option)' } });
  return serve(ctx, loaded, call, token, info);
}

async function serve(ctx: EngineContext, s: Sdk, call: Call, token: string, info: AccessInfo): Promise<Reply> {
  const server = new s.Server({ name: `oauth-conformance mock (${ctx.profile.id})`, version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler(s.ListToolsRequestSchema, async () => ({
    tools: [{ name: 'echo', description: 'Answers with the text it was given, and who asked.', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } }],
  }));
  server.setRequestHandler(s.CallToolRequestSchema, async (request) => {
    if (request.params.name !== 'echo') return { isError: true, content: [{ type: 'text', text: `unknown tool ${request.params.name}` }] };
    return { content: [{ type: 'text', text: `${String(request.params.arguments?.text ?? '')} (for ${info.sub})` }] };
  });
  // Stateless: one server and transport per request (the SDK's pattern for scaled-out servers).
  const transport = new s.Transport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    const query = call.query ? `?${call.query}` : '';
    const body = call.method === 'GET' || call.method === 'HEAD' ? undefined : bodyText(call);
    const request = new Request(`${call.origin}${call.path}${query}`, { method: call.method, headers: call.headers as Record<string, string>, ...(body !== undefined ? { body } : {}) });
    const response = await transport.handleRequest(request, { authInfo: { token, clientId: info.clientId ?? '', scopes: info.scope, ...(info.exp !== null ? { expiresAt: info.exp } : {}) } });
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    response.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return text(response.status, await response.text(), headers);
  } finally {
    await server.close().catch(() => undefined);
  }
}
