// Worked example: panva's openid-client (v6) as a DPoP client (RFC 9449). It authenticates with its
// secret, or with private_key_jwt where the profile takes only client assertions (fapi2), binds its
// token to a key of its own, and calls the API with the DPoP scheme; the library answers the server's
// nonce requests itself.
import { importJWK, type CryptoKey, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const issuer = new URL(ctx.baseUrl + ctx.profile.basePath);
  const failed = (e: unknown) => ({ accepted: false, error: `${(e as { error?: string }).error ?? (e as { code?: string }).code ?? ''} ${(e as Error).message}`.trim() });
  /** Discovery, and the client authenticating by its key (private_key_jwt) or its secret. */
  const configure = async () => {
    const d = ctx.dpop!;
    const jwk = d.privateJwk as JWK | undefined;
    const auth = jwk ? oidc.PrivateKeyJwt({ key: (await importJWK(jwk, jwk.alg ?? 'ES256')) as CryptoKey, ...(jwk.kid ? { kid: jwk.kid } : {}) }) : oidc.ClientSecretBasic(d.clientSecret!);
    // The mock listens on http://127.0.0.1; the library refuses plain HTTP unless told.
    return oidc.discovery(issuer, d.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
  };
  return {
    // FAPI 2.0: the request pushed (RFC 9126), PKCE, the code exchanged with a DPoP proof.
    async signIn(userAgent) {
      try {
        const config = await configure();
        const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const url = await oidc.buildAuthorizationUrlWithPAR(config, { redirect_uri: ctx.redirectUri!, scope: ctx.dpop?.scope ?? 'read', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state }, { DPoP });
        const back = await userAgent(url.href);
        const tokens = await oidc.authorizationCodeGrant(config, new URL(back), { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP });
        return tokens.access_token ? { accepted: true } : { accepted: false, error: 'no access token' };
      } catch (e) {
        return failed(e);
      }
    },
    async senderConstrained() {
      const d = ctx.dpop!;
      try {
        const config = await configure();
        const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
        const tokens = await oidc.clientCredentialsGrant(config, d.scope ? { scope: d.scope } : {}, { DPoP });
        const statuses: number[] = [];
        for (let i = 0; i < 2; i++) {
          const res = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(ctx.resource.url), ctx.resource.method, undefined, undefined, { DPoP });
          statuses.push(res.status);
        }
        return statuses.every((s) => s === 200) ? { accepted: true } : { accepted: false, error: `API calls answered ${statuses.join(', ')}` };
      } catch (e) {
        return failed(e);
      }
    },
    async call() {
      return { status: (await fetch(ctx.resource.url, { method: ctx.resource.method })).status };
    },
  };
};

export default create;
