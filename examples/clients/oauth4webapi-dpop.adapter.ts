// Worked example: panva's oauth4webapi (the low-level library under openid-client, WebCrypto only) as
// a DPoP client (RFC 9449). Its DPoP handle signs a proof per request and keeps the server's nonce;
// the caller retries once on use_dpop_nonce, as the library's documentation shows.
import * as oauth from 'oauth4webapi';
import type { CreateClient } from '../../suites/client/adapter.ts';

/** §8: one retry with the nonce the DPoP handle kept from the server's use_dpop_nonce answer. */
async function once<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (oauth.isDPoPNonceError(e)) return run();
    throw e;
  }
}

const create: CreateClient = async (ctx) => {
  const issuer = new URL(ctx.baseUrl + ctx.profile.basePath);
  // The mock listens on http://127.0.0.1; the library refuses plain HTTP unless told.
  const insecure = { [oauth.allowInsecureRequests]: true };
  const failed = (e: unknown) => ({ accepted: false, error: `${(e as { error?: string }).error ?? (e as { code?: string }).code ?? ''} ${(e as Error).message}`.trim() });
  /** Discovery, the client, its authentication (its key, else its secret) and a DPoP handle of a new key. */
  const setUp = async () => {
    const d = ctx.dpop!;
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
    const client: oauth.Client = { client_id: d.clientId };
    const jwk = d.privateJwk as (JsonWebKey & { alg?: string; kid?: string }) | undefined;
    const auth = jwk ? oauth.PrivateKeyJwt({ key: await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']), ...(jwk.kid ? { kid: jwk.kid } : {}) }) : oauth.ClientSecretBasic(d.clientSecret!);
    return { d, as, client, auth, DPoP: oauth.DPoP(client, await oauth.generateKeyPair('ES256')) };
  };
  return {
    // FAPI 2.0: the request pushed (RFC 9126), PKCE, the code exchanged with a DPoP proof.
    async signIn(userAgent) {
      try {
        const { d, as, client, auth, DPoP } = await setUp();
        const verifier = oauth.generateRandomCodeVerifier();
        const state = oauth.generateRandomState();
        const params = { redirect_uri: ctx.redirectUri!, response_type: 'code', scope: d.scope ?? 'read', code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state };
        const pushed = await once(async () => oauth.processPushedAuthorizationResponse(as, client, await oauth.pushedAuthorizationRequest(as, client, auth, params, { DPoP, ...insecure })));
        const url = new URL(as.authorization_endpoint!);
        url.search = new URLSearchParams({ client_id: client.client_id, request_uri: pushed.request_uri }).toString();
        const back = oauth.validateAuthResponse(as, client, new URL(await userAgent(url.href)), state);
        const tokens = await once(async () => oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, back, ctx.redirectUri!, verifier, { DPoP, ...insecure })));
        return tokens.access_token ? { accepted: true } : { accepted: false, error: 'no access token' };
      } catch (e) {
        return failed(e);
      }
    },
    async senderConstrained() {
      try {
        const { d, as, client, auth, DPoP } = await setUp();
        const tokens = await once(async () => oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, auth, d.scope ? { scope: d.scope } : {}, { DPoP, ...insecure })));
        const statuses: number[] = [];
        for (let i = 0; i < 2; i++) {
          const res = await once(async () => {
            const r = await oauth.protectedResourceRequest(tokens.access_token, ctx.resource.method, new URL(ctx.resource.url), new Headers(), null, { DPoP, ...insecure });
            return r;
          });
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
