// RFC 6749 §4.1.3 code exchange with RFC 7636 PKCE. Codes are single-use, short-lived and bound to
// the client, the redirect_uri and the challenge; reusing one revokes what it issued (§4.1.2).
import { sha256Base64url } from '#platform';
import type { Reply } from '../core/call.ts';
import { findUser, revocationUntil, type EngineContext } from '../core/context.ts';
import { invalidGrant, invalidRequest } from '../core/oauth-error.ts';
import { canonical } from '../../../lib/resource-uri.ts';
import { invalidTarget, requestedResources, resourcesOf } from '../tokens/resource-indicators.ts';
import { issueTokens } from '../tokens/token-response.ts';
import type { GrantInput } from '../core/flow-input.ts';
import { defect } from '../core/defects.ts';

const verifierSyntax = /^[A-Za-z0-9\-._~]{43,128}$/;

export function s256(verifier: string): string {
  return sha256Base64url(verifier);
}

export async function authorizationCodeGrant(ctx: EngineContext, input: GrantInput): Promise<Reply> {
  const { params, client, grant, issuer } = input;
  const code = params.get(grant.fields.code);
  if (code === undefined) throw invalidRequest(`${grant.fields.code} is required`);
  // Consumed atomically: of two concurrent exchanges exactly one is the first.
  const consumed = await ctx.store.consumeCode(code, client?.clientId);
  if (!consumed || consumed.record.exp <= ctx.clock.nowSeconds()) throw invalidGrant('unknown or expired authorization code');
  const record = consumed.record;
  if (record.clientId !== client?.clientId) throw invalidGrant('the code was issued to another client');
  if (!consumed.first && !defect(ctx, 'code-reuse-allowed')) {
    await ctx.store.revokeFamily(record.familyId, undefined, revocationUntil(ctx));
    throw invalidGrant('the authorization code was already used; tokens issued with it are revoked');
  }
  // RFC 9449 §10: a code bound to a DPoP key is exchanged only with a proof by that key ("If they do not match, it MUST reject the request").
  if (record.dpopJkt && input.proof?.jkt !== record.dpopJkt) throw invalidGrant(input.proof ? 'the code is bound to another DPoP key (dpop_jkt) than the proof’s' : 'the code is bound to a DPoP key (dpop_jkt): send a DPoP proof signed by it');
  const redirectUri = params.get(grant.fields.redirectUri);
  if (record.redirectUri !== undefined && redirectUri !== record.redirectUri) throw invalidGrant('redirect_uri differs from the authorization request');
  const verifier = params.get(grant.fields.codeVerifier);
  if (record.challenge !== undefined) {
    if (verifier === undefined) throw invalidGrant('code_verifier is required');
    if (!verifierSyntax.test(verifier)) throw invalidGrant('code_verifier must be 43-128 characters of [A-Za-z0-9-._~]');
    const computed = record.challengeMethod === 'S256' ? s256(verifier) : verifier;
    if (computed !== record.challenge && !defect(ctx, 'pkce-not-verified')) throw invalidGrant('code_verifier does not match the code_challenge');
  } else if (verifier !== undefined) {
    throw invalidGrant('code_verifier sent but the authorization request had no code_challenge');
  }
  // RFC 8707 §2.2: the token request may name fewer of the resources the authorization was for.
  const asked = requestedResources(ctx, issuer, resourcesOf(params.get('resource')));
  if (asked && record.resource && asked.some((r) => !record.resource!.map(canonical).includes(canonical(r)))) throw invalidTarget('resource was not part of the authorization request');
  const audience = asked ?? record.resource;
  return issueTokens(
    ctx,
    input,
    { clientId: record.clientId, sub: record.sub, username: record.username, scope: record.scope, familyId: record.familyId, extraClaims: { ...client?.claims, ...(await findUser(ctx, record.username))?.claims }, ...(audience ? { audience } : {}) },
    { refresh: grant.issuesRefreshToken, origin: 'code', authentication: { authTime: record.authTime, nonce: record.nonce } },
  );
}
