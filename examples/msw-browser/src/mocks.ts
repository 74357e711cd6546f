// Auth mocking for this app: the provider's flows from a profile, served by MSW's service worker.
// These are the "three lines" of the README, plus the app's own client registration.
import * as mcpServer from '@modelcontextprotocol/sdk/server/index.js';
import * as mcpTransport from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import * as mcpTypes from '@modelcontextprotocol/sdk/types.js';
import { setupWorker } from 'msw/browser';
import { createAuthHandlers, type AuthHandlers } from 'oauth-conformance/msw';
import { providers, type ProviderChoice } from './providers.ts';

export async function startAuthMock(choice: ProviderChoice): Promise<AuthHandlers> {
  const provider = providers[choice];
  const auth = await createAuthHandlers({
    profile: provider.profile,
    baseUrl: provider.baseUrl,
    // The app's own client: its redirect URI is wherever this dev server runs.
    clients: [{ clientId: provider.clientId, ...(provider.clientSecret ? { clientSecret: provider.clientSecret } : {}), redirectUris: [`${location.origin}/callback`], postLogoutRedirectUris: provider.kind === 'oidc' ? [`${location.origin}/signed-out`] : [], grants: ['authorization_code', 'refresh_token'] }],
    // An MCP profile's endpoint is a real MCP server on the official SDK; a browser bundle hands it in.
    // The MCP endpoint refuses a foreign Origin (DNS rebinding); this app's own origin is trusted.
    ...(provider.kind === 'mcp' ? { mcpSdk: { server: mcpServer, transport: mcpTransport, types: mcpTypes }, allowOrigins: [location.origin] } : {}),
  });
  await setupWorker(...auth.handlers).start({ onUnhandledRequest: 'bypass', quiet: true });
  return auth;
}
