// A deliberately careless OpenID Connect relying party, so the oidc client checks can be seen to
// catch one: PKCE (the provider insists), but no state, no nonce, and an ID Token read without a
// single check. Never copy it.
import { createHash, randomBytes } from 'node:crypto';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const base = ctx.baseUrl + ctx.profile.basePath;
  const conf = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string; token_endpoint: string };
  let accessToken: string | undefined;
  const basic = `Basic ${Buffer.from(`${ctx.credentials.clientId}:${ctx.credentials.clientSecret ?? ''}`).toString('base64')}`;
  return {
    async signIn(userAgent) {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const url = new URL(conf.authorization_endpoint);
      url.search = new URLSearchParams({ response_type: 'code', client_id: ctx.credentials.clientId ?? '', redirect_uri: ctx.redirectUri ?? '', scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' }).toString();
      const back = new URL(await userAgent(url.href));
      const code = back.searchParams.get('code');
      if (!code) return { accepted: false, error: back.searchParams.get('error') ?? 'no code' };
      const res = await fetch(conf.token_endpoint, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: ctx.redirectUri ?? '', code_verifier: verifier }).toString(),
      });
      const body = (await res.json()) as { access_token?: string; id_token?: string };
      if (!body.id_token) return { accepted: false, error: `token endpoint answered ${res.status}` };
      // The payload is taken on trust: no signature, issuer, audience, expiry or nonce check.
      JSON.parse(Buffer.from(body.id_token.split('.')[1] ?? '', 'base64url').toString());
      accessToken = body.access_token;
      return { accepted: true };
    },
    async call() {
      const res = await fetch(ctx.resource.url, { method: ctx.resource.method, headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });
      return { status: res.status };
    },
  };
};
export default create;
