// Worked example: the official MCP SDK's client (@modelcontextprotocol/sdk) as the client under
// test, for the MCP profiles. signIn is what an MCP host does on first connect: the SDK meets the
// 401, discovers, registers, sends the user to authorize (here: the suite's user agent), finishes
// with the code, reconnects and lists the tools.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CreateClient } from '../../suites/client/adapter.ts';

/** What an MCP host keeps per server: registration, tokens and the verifier of a sign-in in progress. */
function providerFor(redirectUrl: string, clientMetadataUrl: string | undefined, onRedirect: (url: URL) => void): OAuthClientProvider {
  let info: OAuthClientInformationMixed | undefined;
  let tokens: OAuthTokens | undefined;
  let verifier = '';
  // MCP 2026-07-28: a host on this machine (a loopback redirect URI) registers as a native application.
  // The SDK (1.32) has no field for application_type but sends what it is given.
  const clientMetadata = { client_name: 'oauth-conformance MCP SDK example', application_type: 'native', redirect_uris: [redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  return {
    redirectUrl,
    // Where the host publishes its Client ID Metadata Document, if it has one: the SDK uses the URL as
    // client_id when the server advertises support, and registers dynamically otherwise.
    ...(clientMetadataUrl ? { clientMetadataUrl } : {}),
    clientMetadata,
    clientInformation: () => info,
    saveClientInformation: (i) => {
      info = i;
    },
    tokens: () => tokens,
    saveTokens: (t) => {
      tokens = t;
    },
    redirectToAuthorization: onRedirect,
    saveCodeVerifier: (v) => {
      verifier = v;
    },
    codeVerifier: () => verifier,
  };
}

export interface McpSdkClientOptions {
  /** The fetch the SDK uses for everything (MCP requests, discovery, registration, tokens). */
  fetch?: typeof fetch;
  /** The host's own look at the authorization response before the code goes anywhere: a reason to refuse it, or nothing. */
  checkCallback?: (callback: URL) => string | undefined;
}

/** The adapter, for hosts that hand the SDK their own fetch (see mcp-sdk-issuer-checked.adapter.ts). */
export const mcpSdkClient = (sdkOptions: McpSdkClientOptions = {}): CreateClient => async (ctx) => {
  const redirectUrl = ctx.redirectUri ?? 'http://127.0.0.1:8765/callback';
  // One provider per MCP server, as hosts keep them: credentials of one server never go to another.
  const providers = new Map<string, { provider: OAuthClientProvider; pending: { url?: URL } }>();
  const forServer = (url: string) => {
    let entry = providers.get(url);
    if (!entry) {
      const pending: { url?: URL } = {};
      entry = { provider: providerFor(redirectUrl, ctx.mcp?.clientMetadataUrl, (u) => (pending.url = u)), pending };
      providers.set(url, entry);
    }
    return entry;
  };
  return {
    async signIn(userAgent, options) {
      const target = options?.mcpUrl ?? ctx.mcp?.url;
      if (!target) return { accepted: false, error: 'no MCP server in this profile' };
      const url = new URL(target);
      const { provider, pending } = forServer(url.href);
      try {
        try {
          await new Client({ name: 'example', version: '1' }).connect(new StreamableHTTPClientTransport(url, { authProvider: provider, ...(sdkOptions.fetch ? { fetch: sdkOptions.fetch } : {}) }));
        } catch (e) {
          if (!(e instanceof UnauthorizedError) || !pending.url) throw e;
          const back = new URL(await userAgent(pending.url.href));
          const refused = sdkOptions.checkCallback?.(back);
          if (refused) throw new Error(refused);
          const transport = new StreamableHTTPClientTransport(url, { authProvider: provider, ...(sdkOptions.fetch ? { fetch: sdkOptions.fetch } : {}) });
          await transport.finishAuth(back.searchParams.get('code') ?? '');
          const client = new Client({ name: 'example', version: '1' });
          await client.connect(transport);
          await client.listTools();
          await client.close();
        }
        return { accepted: true };
      } catch (e) {
        return { accepted: false, error: (e as Error).message };
      }
    },
    async call() {
      const tokens = ctx.mcp ? await forServer(new URL(ctx.mcp.url).href).provider.tokens() : undefined;
      const res = await fetch(ctx.resource.url, { method: ctx.resource.method, headers: tokens ? { authorization: `Bearer ${tokens.access_token}` } : {} });
      return { status: res.status };
    },
  };
};
export default mcpSdkClient();
