// The providers this app can sign in with, one per built-in profile that has authorization code.
// Switching provider is switching profile: the mock, the login page and the wire format follow.
export const providers = {
  oauth21: {
    kind: 'oauth',
    profile: 'oauth21',
    baseUrl: 'https://auth.example.test',
    clientId: 'example-spa',
    clientSecret: undefined,
    scope: 'read',
    authorize: 'https://auth.example.test/authorize',
    token: 'https://auth.example.test/token',
    api: 'https://auth.example.test/api/resource',
  },
  // Seed 003's provider documents confidential clients only, so this client has a secret. A real
  // single-page app must not ship one; here it stands in for the app's backend.
  'generic-oauth2': {
    kind: 'oauth',
    profile: 'generic-oauth2',
    baseUrl: 'https://api.example.com',
    clientId: 'example-web',
    clientSecret: 'example-web-secret',
    scope: 'read',
    authorize: 'https://api.example.com/oauth/authorize',
    token: 'https://api.example.com/oauth/token',
    api: 'https://api.example.com/api/v1/recordings',
  },
  // An OpenID Provider: the app signs in with oidc-client-ts (discovery, PKCE, nonce, UserInfo).
  oidc: {
    kind: 'oidc',
    profile: 'oidc',
    baseUrl: 'https://id.example.test',
    clientId: 'example-spa-oidc',
    clientSecret: undefined,
    scope: 'openid profile email read',
    authorize: 'https://id.example.test/authorize',
    token: 'https://id.example.test/token',
    api: 'https://id.example.test/api/resource',
  },
  // An MCP server and its authorization server (MCP 2025-11-25): the app connects with the official
  // SDK's client, which registers itself; "Call API" calls the server's echo tool.
  mcp: {
    kind: 'mcp',
    profile: 'mcp-2025-11-25',
    baseUrl: 'https://mcp.example.test',
    clientId: 'example-mcp-host',
    clientSecret: undefined,
    scope: 'mcp:tools',
    authorize: 'https://mcp.example.test/authorize',
    token: 'https://mcp.example.test/token',
    api: 'https://mcp.example.test/mcp',
  },
  // Sender-constrained tokens (RFC 9449 DPoP): oauth4webapi signs a proof with a WebCrypto key of the
  // browser's own for every token request and API call; the server asks for nonces.
  dpop: {
    kind: 'dpop',
    profile: 'oauth21-extended',
    baseUrl: 'https://dpop.example.test',
    clientId: 'example-spa-dpop',
    clientSecret: undefined,
    scope: 'read',
    authorize: 'https://dpop.example.test/authorize',
    token: 'https://dpop.example.test/token',
    api: 'https://dpop.example.test/api/resource',
  },
} as const;

export type ProviderChoice = keyof typeof providers;
export type Provider = (typeof providers)[ProviderChoice];

export function providerChoice(search: string): ProviderChoice {
  const asked = new URLSearchParams(search).get('provider');
  return asked && asked in providers ? (asked as ProviderChoice) : 'oauth21';
}
