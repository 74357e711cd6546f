// Starts panva's oidc-provider (a devDependency, OpenID Certified, FAPI 2.0 certified) configured for the
// FAPI 2.0 Security Profile: features.fapi 2.0, pushed authorization requests required, DPoP, and one
// confidential client that authenticates with private_key_jwt and registered dpop_bound_access_tokens.
// target.json holds the private half of its key. `startOidcProviderFapi2(0)` is what the test uses.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const redirectUri = 'http://127.0.0.1:8765/callback';

export async function startOidcProviderFapi2(port = 18082): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(url, {
    clients: [
      {
        client_id: 'fapi-client',
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [{"kty": "EC", "x": "QoHR2ij9VbpKZNO_Ccp4cY3ew5WsWdlYRFoVDLVjfAY", "y": "uz_dxB3sXk16BNcN4oAhETLMuNWN8RJ0_ljbHVDApo4", "crv": "P-256", "kid": "u5rDFq1gFIYmRIyYEKnUm1TAe78y7tMlLqpbRtYJxXw", "alg": "ES256", "use": "sig"}] },
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        redirect_uris: [redirectUri],
        // RFC 9449 §5.2: every token request of this client carries a proof.
        dpop_bound_access_tokens: true,
      },
    ],
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: ['ES256', 'PS256', 'EdDSA'], dPoPSigningAlgValues: ['ES256', 'EdDSA'] },
    scopes: ['openid', 'offline_access', 'read', 'write'],
    features: {
      fapi: { enabled: true, profile: '2.0' },
      dPoP: { enabled: true },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      devInteractions: { enabled: true },
    },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  });
  server.on('request', provider.callback());
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startOidcProviderFapi2();
  console.log(`oidc-provider (FAPI 2.0) at ${url}`);
}
