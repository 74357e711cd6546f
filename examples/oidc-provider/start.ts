// Starts panva's oidc-provider (a devDependency, OpenID Certified) on 127.0.0.1 for `check --target`
// to point at: one confidential client, the development login and consent pages, client_credentials,
// refresh tokens, revocation, introspection and the device flow switched on. `startOidcProvider(0)` is what the test uses.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const redirectUri = 'http://127.0.0.1:8765/callback';
export const postLogoutRedirectUri = 'http://127.0.0.1:8765/signed-out';

export async function startOidcProvider(port = 18081): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(url, {
    clients: [
      {
        client_id: 'client',
        client_secret: 'secret',
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code'],
        response_types: ['code'],
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: [postLogoutRedirectUri],
      },
      {
        // A service that authenticates with private_key_jwt (RFC 7523 §2.2): target.json holds the private half.
        client_id: 'jwt-client',
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [{"kty": "EC", "x": "tfeKc6j3psvNOWofgfSHmh14d8qNnCXMcL96wwa3gHk", "y": "uQ4TpfbMvOQwYGzZqjrz1ZP6U2dAND6RYNjOQxDPs5g", "crv": "P-256", "kid": "M5m5hDz9-Tv8Yk24hzntibzukqEu2V6sm4WBC7-lFko", "alg": "ES256", "use": "sig"}] },
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    scopes: ['openid', 'offline_access', 'read', 'write'],
    features: {
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      devInteractions: { enabled: true },
      // RFC 8628: /device/auth, and the user's pages at /device (its own default forms).
      deviceFlow: { enabled: true },
    },
    // Refresh tokens for every code exchange of a client allowed the grant (by default only with offline_access and prompt=consent).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  });
  server.on('request', provider.callback());
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startOidcProvider();
  console.log(`oidc-provider at ${url}`);
}
