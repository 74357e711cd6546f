// Worked example: panva's openid-client for the grants beyond the redirect. A gateway trades a
// caller's token for one its backend accepts (RFC 8693, through the library's generic grant request),
// and a CI job presents a JWT its issuer signed (RFC 7523 §2.1), signed with panva's jose.
import { SignJWT, importJWK, type JWK } from 'jose';
import * as oidc from 'openid-client';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const issuer = new URL(ctx.baseUrl + ctx.profile.basePath);
  // The mock listens on http://127.0.0.1; the library refuses plain HTTP unless told.
  const discover = (id: string, secret: string | undefined) => oidc.discovery(issuer, id, secret, undefined, { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
  let accessToken: string | undefined;
  const failed = (e: unknown) => ({ accepted: false, error: `${(e as { error?: string }).error ?? (e as { code?: string }).code ?? ''} ${(e as Error).message}`.trim() });
  return {
    async exchangeToken(subjectToken) {
      const te = ctx.tokenExchange!;
      try {
        const config = await discover(te.clientId, te.clientSecret);
        const t = await oidc.genericGrantRequest(config, 'urn:ietf:params:oauth:grant-type:token-exchange', { subject_token: subjectToken, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token', audience: te.audience });
        accessToken = t.access_token;
        return { accepted: true };
      } catch (e) {
        return failed(e);
      }
    },
    async assertionGrant() {
      const a = ctx.assertion!;
      const jwk = a.privateJwk as JWK;
      const alg = jwk.alg ?? 'ES256';
      try {
        const config = await discover(ctx.credentials.clientId ?? '', ctx.credentials.clientSecret);
        // RFC 7523 §3: iss and sub, the authorization server's issuer identifier as aud, a short exp, a fresh jti.
        const assertion = await new SignJWT({})
          .setProtectedHeader({ alg, ...(jwk.kid ? { kid: jwk.kid } : {}) })
          .setIssuer(a.issuer)
          .setSubject(a.subject)
          .setAudience(config.serverMetadata().issuer)
          .setIssuedAt()
          .setExpirationTime('2m')
          .setJti(crypto.randomUUID())
          .sign(await importJWK(jwk, alg));
        accessToken = (await oidc.genericGrantRequest(config, 'urn:ietf:params:oauth:grant-type:jwt-bearer', { assertion })).access_token;
        return { accepted: true };
      } catch (e) {
        return failed(e);
      }
    },
    async call() {
      const res = await fetch(ctx.resource.url, { method: ctx.resource.method, headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });
      return { status: res.status };
    },
  };
};

export default create;
