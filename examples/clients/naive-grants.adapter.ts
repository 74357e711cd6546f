// A deliberately careless client of token exchange and JWT bearer assertions, so their client checks
// can be seen to catch one: it names the subject token's type by its short name and sends no client
// credentials; its assertions name the API as audience, live a day and reuse one jti. Never copy it.
import { SignJWT, importJWK, type JWK } from 'jose';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const token = `${ctx.baseUrl}${ctx.profile.basePath}${ctx.profile.endpoints.token!.path}`;
  const post = async (form: Record<string, string>, headers: Record<string, string> = {}) => {
    const res = await fetch(token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
    const body = (await res.json()) as { access_token?: string; error?: string };
    return body.access_token ? { accepted: true } : { accepted: false, error: body.error ?? String(res.status) };
  };
  return {
    exchangeToken: (subjectToken) => post({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', client_id: ctx.tokenExchange!.clientId, subject_token: subjectToken, subject_token_type: 'access_token', audience: ctx.tokenExchange!.audience }),
    async assertionGrant() {
      const a = ctx.assertion!;
      const jwk = a.privateJwk as JWK;
      const assertion = await new SignJWT({ jti: 'ci-job' })
        .setProtectedHeader({ alg: jwk.alg ?? 'ES256' })
        .setIssuer(a.issuer)
        .setSubject(a.subject)
        .setAudience(ctx.resource.url)
        .setIssuedAt()
        .setExpirationTime('1d')
        .sign(await importJWK(jwk, jwk.alg ?? 'ES256'));
      const basic = `Basic ${Buffer.from(`${ctx.credentials.clientId}:${ctx.credentials.clientSecret ?? ''}`).toString('base64')}`;
      return post({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }, { authorization: basic });
    },
    async call() {
      return { status: (await fetch(ctx.resource.url)).status };
    },
  };
};

export default create;
