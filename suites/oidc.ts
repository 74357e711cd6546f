// What the OpenID Connect checks share: where the provider says its configuration is, the scope an
// authentication request asks for, a code flow with a nonce, and ID Token verification by jwks_uri.
import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWSHeaderParameters } from 'jose';
import type { Page } from '@playwright/test';
import type { CheckContext } from './fixtures.ts';
import { expect } from './fixtures.ts';
import { codeFlow, endpointUrl, requestScope, show, type Issued } from './support.ts';
import type { SuiteTarget } from './target.ts';
import { discoveryUrl } from './well-known.ts';

export { discoveryUrl };

export async function configuration(c: CheckContext): Promise<Record<string, unknown>> {
  const r = await c.http.send('GET', discoveryUrl(c.target), {}, 'OpenID configuration');
  expect(r.status, `OpenID configuration: ${show(r)}`).toBe(200);
  return r.body ?? {};
}

/** openid, the scopes the profile asks for on this grant, and profile/email where supported (Core §5.4). */
export function oidcScope(t: SuiteTarget): string {
  const asked = requestScope(t, 'authorization_code')?.split(' ') ?? [];
  const claims = ['profile', 'email'].filter((s) => t.profile.scopes.supported.includes(s));
  return [...new Set(['openid', ...asked, ...claims])].join(' ');
}

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export interface Authenticated extends Issued {
  nonce: string;
  idToken: string | undefined;
}

/** A code flow with openid and a nonce, in a real browser. */
export async function authenticate(c: CheckContext, o: { scope?: string; extra?: Record<string, string>; page?: Page } = {}): Promise<Authenticated> {
  const nonce = newNonce();
  const issued = await codeFlow(c, {
    scope: o.scope ?? oidcScope(c.target),
    extra: { nonce, ...o.extra },
    ...(o.page ? { page: o.page } : {}),
  });
  const idToken = typeof issued.reply.body?.id_token === 'string' ? issued.reply.body.id_token : undefined;
  return { ...issued, nonce, idToken };
}

export function requireIdToken(a: Authenticated): string {
  expect(a.idToken, 'the token response to an authentication request with openid carries an id_token (Core 1.0 §3.1.3.3)').toBeTruthy();
  return a.idToken!;
}

/** Verifies an ID Token's signature with the keys at jwks_uri (the configuration's, else the profile's). */
export async function verifyIdToken(c: CheckContext, idToken: string): Promise<{ payload: JWTPayload; header: JWSHeaderParameters }> {
  const header = decodeProtectedHeader(idToken);
  expect(header.alg, 'the ID Token names a signing alg, never none').toBeTruthy();
  expect(String(header.alg).toLowerCase()).not.toBe('none');
  const conf = c.target.profile.endpoints.discovery || !c.target.profile.endpoints.jwks ? await configuration(c) : {};
  const jwksUri = typeof conf.jwks_uri === 'string' ? conf.jwks_uri : endpointUrl(c.target, 'jwks');
  const keys = await c.http.send('GET', jwksUri, {}, 'JWKS');
  expect(keys.status, `JWKS: ${show(keys)}`).toBe(200);
  // Expiry is another check's business; the signature is judged here.
  const iat = decodeJwt(idToken).iat;
  const { payload } = await jwtVerify(idToken, createLocalJWKSet(keys.body as never), { currentDate: new Date((typeof iat === 'number' ? iat : 0) * 1000) });
  return { payload, header };
}

/** Core 1.0 §3.1.3.6 at_hash for an access token under a JWS alg. */
export function atHash(alg: string, accessToken: string): string {
  const hash = alg.endsWith('384') ? 'sha384' : alg.endsWith('512') || alg === 'EdDSA' ? 'sha512' : 'sha256';
  const d = createHash(hash).update(accessToken, 'ascii').digest();
  return d.subarray(0, d.length / 2).toString('base64url');
}
