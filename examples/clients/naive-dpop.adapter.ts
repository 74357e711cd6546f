// A deliberately careless DPoP client, so the DPoP client checks can be seen to catch one: it signs one
// proof for the token endpoint and sends it with every request (the same jti, the token endpoint's
// htu and method at the API, no ath), ignores the server's nonce, and takes a new key for the API
// calls. Where it must sign a client assertion (fapi2) it addresses it to the API and reuses its jti.
// Never copy it.
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  const token = `${ctx.baseUrl}${ctx.profile.basePath}${ctx.profile.endpoints.token!.path}`;
  return {
    // It sends the authorization request as it always has, straight to the authorization endpoint.
    async signIn(userAgent) {
      const q = new URLSearchParams({ response_type: 'code', client_id: ctx.dpop?.clientId ?? ctx.credentials.clientId ?? '', redirect_uri: ctx.redirectUri ?? '', scope: 'read', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
      const back = new URL(await userAgent(`${ctx.baseUrl}${ctx.profile.basePath}${ctx.profile.endpoints.authorize!.path}?${q}`));
      return back.searchParams.get('code') ? { accepted: true } : { accepted: false, error: back.searchParams.get('error') ?? 'no code' };
    },
    async senderConstrained() {
      const d = ctx.dpop!;
      const key = await generateKeyPair('ES256');
      const proof = await new SignJWT({ jti: 'one-proof', htm: 'POST', htu: token }).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(key.publicKey) }).setIssuedAt().sign(key.privateKey);
      const jwk = d.privateJwk as JWK | undefined;
      const assertion = jwk ? await new SignJWT({ jti: 'one-assertion' }).setProtectedHeader({ alg: 'ES256' }).setIssuer(d.clientId).setSubject(d.clientId).setAudience(ctx.resource.url).setIssuedAt().setExpirationTime('1h').sign(await importJWK(jwk, 'ES256')) : undefined;
      const auth: Record<string, string> = assertion ? {} : { authorization: `Basic ${Buffer.from(`${d.clientId}:${d.clientSecret ?? ''}`).toString('base64')}` };
      const form = { grant_type: 'client_credentials', ...(d.scope ? { scope: d.scope } : {}), ...(assertion ? { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion } : {}) };
      const res = await fetch(token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth, dpop: proof }, body: new URLSearchParams(form).toString() });
      const body = (await res.json()) as { access_token?: string; error?: string };
      const other = await generateKeyPair('ES256');
      const apiProof = await new SignJWT({ jti: 'one-proof', htm: 'POST', htu: token }).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(other.publicKey) }).setIssuedAt().sign(other.privateKey);
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push((await fetch(ctx.resource.url, { method: ctx.resource.method, headers: { authorization: `DPoP ${body.access_token ?? 'none'}`, dpop: apiProof } })).status);
      return statuses.every((s) => s === 200) ? { accepted: true } : { accepted: false, error: body.error ?? `API calls answered ${statuses.join(', ')}` };
    },
    async call() {
      return { status: (await fetch(ctx.resource.url)).status };
    },
  };
};

export default create;
