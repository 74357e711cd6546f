// The MCP endpoint of an MCP profile: a protected resource (RFC 6750 challenges with RFC 9728's
// resource_metadata, audience per RFC 8707) that, with a valid token, is a small real MCP server:
// Streamable HTTP, stateless, JSON responses; initialize, tools/list and one `echo` tool. It is built
// on the official SDK (@modelcontextprotocol/sdk, an optional dependency): the modules an app handed
// in (MSW in a browser), else imported on first use, so nothing else of the package needs it.
import { text, type Reply } from '../core/call.ts';
import { findToken } from '../core/bearer-token.ts';
import { checkBinding, resourceProof } from '../tokens/dpop.ts';
import type { TransportInput } from '../core/flow-input.ts';
import type { EngineContext } from '../core/context.ts';
import { json } from '../core/params.ts';
import { OAuthError } from '../core/oauth-error.ts';
import { importSdk, type Sdk } from '../mcp/mcp-sdk.ts';
import { negotiate, originAllowed, sdkVersion, unsupportedVersionHeader } from '../mcp/mcp-transport.ts';
import { protectedResourceId } from '../tokens/resource-indicators.ts';
import { verifyAccessToken, type AccessInfo } from '../tokens/tokens.ts';
import { defect } from '../core/defects.ts';

/** The scope the MCP endpoint needs: the first the protected resource lists. */
export function mcpScope(ctx: EngineContext): string[] {
  const s = ctx.profile.protectedResource?.scopesSupported?.[0];
  return s ? [s] : [];
}

const rpcError = (status: number, message: string) => json(status, { jsonrpc: '2.0', id: null, error: { code: -32000, message } });

export async function mcpEndpoint(ctx: EngineContext, input: TransportInput): Promise<Reply> {
  const { request, issuer } = input;
  // Transports (2025-11-25): "If the Origin header is present and invalid, servers MUST respond with
  // HTTP 403 Forbidden" — before anything else, a token included: a rebinding page may hold none.
  if (!originAllowed(ctx, request) && !defect(ctx, 'mcp-any-origin')) {
    return rpcError(403, `Forbidden: Origin ${request.headers.origin!.slice(0, 200)} is not allowed (start the mock with --allow-origin ${request.headers.origin!.slice(0, 200)} to trust it)`);
  }
  const revision = ctx.profile.mcp!.revision;
  const badVersion = unsupportedVersionHeader(revision, request);
  if (badVersion !== undefined && !defect(ctx, 'mcp-latest-version')) return rpcError(400, `Bad Request: unsupported MCP-Protocol-Version ${badVersion.slice(0, 40)} (MCP ${revision} speaks ${revision} and earlier)`);
  const needed = mcpScope(ctx);
  // The token is looked for only after the transport's own rules (Origin, version), as they ask.
  const found = findToken(ctx, { ...request, query: input.query, body: input.body }, ctx.profile.bearer.bodyToken ?? false);
  const token = found?.token;
  const hint = ctx.profile.protectedResource?.challengeScope !== false && needed.length ? { scope: needed.join(' ') } : {};
  // MCP: authorization is required on every request; without it a 401 that points at the metadata.
  if (token === undefined) throw new OAuthError('', 'no access token', { status: 401, ...hint });
  const proof = found?.scheme === 'DPoP' ? await resourceProof(ctx, request, token) : undefined;
  const info = await verifyAccessToken(ctx, issuer, token, { at: protectedResourceId(ctx, issuer)! });
  checkBinding(ctx, info.jkt, { scheme: found!.scheme, proof });
  if (!needed.every((s) => info.scope.includes(s))) throw new OAuthError('insufficient_scope', `the MCP endpoint needs scope ${needed.join(' ')}`, { status: 403, scope: needed.join(' ') });
  const loaded = ctx.mcpSdk ?? (await importSdk());
  if (!loaded) return json(501, { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'the mock serves MCP with @modelcontextprotocol/sdk, which could not be loaded: npm install @modelcontextprotocol/sdk (in a browser, hand its modules to createAuthHandlers as the mcpSdk option)' } });
  return serve(ctx, loaded, input, token, info);
}

async function serve(ctx: EngineContext, s: Sdk, { request, query: q, body: readBody }: TransportInput, token: string, info: AccessInfo): Promise<Reply> {
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
    const query = q ? `?${q}` : '';
    const sent = request.method === 'GET' ? undefined : readBody();
    const { body, answer } = versionFor(ctx, sent);
    const headers = versionHeader({ ...request.headers });
    const forSdk = new Request(`${request.origin}${request.path}${query}`, { method: request.method, headers, ...(body !== undefined ? { body } : {}) });
    const response = await transport.handleRequest(forSdk, { authInfo: { token, clientId: info.clientId ?? '', scopes: info.scope, ...(info.exp !== null ? { expiresAt: info.exp } : {}) } });
    const out: Record<string, string> = { 'cache-control': 'no-store' };
    response.headers.forEach((v, k) => {
      out[k] = v;
    });
    const answered = await response.text();
    return text(response.status, answer === undefined ? answered : withVersion(answered, answer), out);
  } finally {
    await server.close().catch(() => undefined);
  }
}

/**
 * An initialize request asks the SDK for the version this revision negotiates (the SDK would answer
 * its own newest to a version it knows, even one later than the revision); `answer` is put back
 * into the result, since the SDK cannot name a revision newer than itself.
 */
function versionFor(ctx: EngineContext, body: string | undefined): { body: string | undefined; answer?: string } {
  if (body === undefined || defect(ctx, 'mcp-latest-version')) return { body };
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return { body };
  }
  if (!message || typeof message !== 'object' || (message as { method?: unknown }).method !== 'initialize') return { body };
  const params = ((message as { params?: unknown }).params ?? {}) as Record<string, unknown>;
  const { answer, forSdk } = negotiate(ctx.profile.mcp!.revision, params.protocolVersion);
  return { body: JSON.stringify({ ...message, params: { ...params, protocolVersion: forSdk } }), answer };
}

/** A version header the revision speaks but the SDK does not know yet is handed to it as the SDK's newest. */
function versionHeader(headers: Record<string, string>): Record<string, string> {
  const v = headers['mcp-protocol-version'];
  if (v !== undefined) headers['mcp-protocol-version'] = sdkVersion(v);
  return headers;
}

function withVersion(answered: string, version: string): string {
  try {
    const m = JSON.parse(answered) as { result?: { protocolVersion?: string } };
    if (!m.result || typeof m.result !== 'object') return answered;
    m.result.protocolVersion = version;
    return JSON.stringify(m);
  } catch {
    return answered;
  }
}
