// Worked example: panva's openid-client (OpenID Certified relying party library) as the client under
// test, for OpenID Connect profiles. signIn is what an application's login route does with it:
// discovery, an authorization URL with PKCE S256, state and nonce, the code exchange with every check
// the library makes by default. call() is an application's API glue: the signed-in user's token,
// refreshed when it expires, or a client_credentials token before anyone signs in.
import * as oidc from 'openid-client';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const issuer = new URL(ctx.baseUrl + ctx.profile.basePath);
  // The mock listens on http://127.0.0.1; the library refuses plain HTTP unless told.
  const config = await oidc.discovery(issuer, ctx.credentials.clientId ?? '', ctx.credentials.clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  let tokens: { access_token: string; refresh_token?: string; expiresAt?: number } | undefined;
  const keep = (t: oidc.TokenEndpointResponse) => {
    tokens = { access_token: t.access_token, ...(t.refresh_token ? { refresh_token: t.refresh_token } : {}), ...(t.expires_in ? { expiresAt: Date.now() + t.expires_in * 1000 } : {}) };
  };
  const renew = async () => {
    if (tokens?.refresh_token) {
      try {
        return keep(await oidc.refreshTokenGrant(config, tokens.refresh_token));
      } catch {
        // A refused refresh token: start again with the client's own grant.
      }
    }
    keep(await oidc.clientCredentialsGrant(config, ctx.resource.scopes.length ? { scope: ctx.resource.scopes.join(' ') } : {}));
  };
  return {
    async signIn(userAgent) {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: ctx.redirectUri ?? '',
        scope: ['openid', 'profile', 'email', ...ctx.resource.scopes].join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const back = await userAgent(url.href);
      try {
        const result = await oidc.authorizationCodeGrant(config, new URL(back), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
        const claims = result.claims();
        if (!claims) return { accepted: false, error: 'no ID Token' };
        // What a login route does next: the user's profile, bound to the ID Token's subject.
        await oidc.fetchUserInfo(config, result.access_token, claims.sub);
        keep(result);
        return { accepted: true };
      } catch (e) {
        return { accepted: false, error: `${(e as { code?: string }).code ?? ''} ${(e as Error).message}`.trim() };
      }
    },
    async call() {
      if (!tokens || (tokens.expiresAt !== undefined && tokens.expiresAt - 30_000 <= Date.now())) await renew();
      const send = () => fetch(ctx.resource.url, { method: ctx.resource.method, headers: { authorization: `Bearer ${tokens!.access_token}` } });
      let res = await send();
      if (res.status === 401) {
        await renew();
        res = await send();
      }
      return { status: res.status };
    },
  };
};
export default create;
