// What an authorization request asks for, checked once for both ways it arrives: at the authorization
// endpoint (RFC 6749 §4.1.1, errors redirected once the redirect URI is trusted) and pushed beforehand
// (RFC 9126 §2, errors answered as JSON). RFC 9126 §4: a pushed request is validated "as it would any
// other authorization request" when it is used, so both run these same rules.
import type { Client } from '../../../generated/types/index.ts';
import type { EngineContext } from '../core/context.ts';
import type { Params } from '../core/params.ts';
import { allowance, grantScope, parseScope } from '../core/scopes.ts';
import { requestedResources, resourcesOf } from '../tokens/resource-indicators.ts';
import { defect } from '../core/defects.ts';
import { isConfidential } from '../clients/client-auth.ts';

const challengeSyntax = /^[A-Za-z0-9\-._~]{43,128}$/;

/** What a valid request asks for, as the pending sign-in keeps it. */
export interface RequestTerms {
  scope: string[];
  challenge: string | undefined;
  challengeMethod: 'S256' | 'plain' | undefined;
  resource: string[] | undefined;
  /** RFC 9449 §10: the DPoP key the code is to be bound to. */
  dpopJkt: string | undefined;
}

export type Checked<T> = { ok: T } | { problem: { error: string; description: string } };

/**
 * RFC 6749 §3.1.2.3: the redirect URI, matched exactly against the client's, or its only one when the
 * request names none; otherwise why none can be trusted (then nothing may redirect).
 */
export function trustedRedirect(ctx: EngineContext, client: Client, params: Params): { redirectUri: string; sent: boolean } | string {
  const registered = client.redirectUris ?? [];
  const asked = params.get('redirect_uri');
  if (asked !== undefined) {
    // The defect compares without the query, so a registered URI with one added passes (RFC 6749 §3.1.2.3 asks for simple string comparison).
    const known = registered.includes(asked) || (defect(ctx, 'redirect-uri-query-allowed') && registered.includes(asked.split('?')[0]!));
    if (!known && !defect(ctx, 'unregistered-redirect-allowed')) return 'redirect_uri is not registered for this client (exact match required)';
    return { redirectUri: asked, sent: true };
  }
  if (registered.length === 1) return { redirectUri: registered[0]!, sent: false };
  return 'redirect_uri is required';
}

/** The request's response type, scope, PKCE (RFC 7636, RFC 9700 §2.1.1), resources (RFC 8707) and DPoP key (RFC 9449 §10). */
export function requestTerms(ctx: EngineContext, issuer: string, client: Client, params: Params): Checked<RequestTerms> {
  const problem = (error: string, description: string) => ({ problem: { error, description } });
  if (params.get('response_type') !== 'code') return problem(defect(ctx, 'unsupported-response-type-as-grant-type') ? 'unsupported_grant_type' : 'unsupported_response_type', 'response_type must be code');
  // RFC 7636 §4.4.1: PKCE refusals are invalid_request; the defect answers another code.
  const pkceError = defect(ctx, 'pkce-refusal-wrong-code') ? 'invalid_grant' : 'invalid_request';
  if (client.grants && !client.grants.includes('authorization_code')) return problem('unauthorized_client', 'client may not use the authorization code grant');
  let scope: string[];
  try {
    scope = grantScope(ctx, parseScope(params.get('scope')), allowance(ctx, client));
  } catch (e) {
    return problem('invalid_scope', (e as Error).message);
  }
  const lax = { required: false, methods: ['S256', 'plain'] as ('S256' | 'plain')[] };
  const pkce = defect(ctx, 'plain-pkce-allowed') ? lax : (ctx.profile.pkce ?? lax);
  const challenge = params.get('code_challenge');
  const method = (params.get('code_challenge_method') ?? (challenge ? 'plain' : undefined)) as 'S256' | 'plain' | undefined;
  // RFC 6749 §2.1: a client that signs its assertions is confidential too (client-auth.ts says which).
  const publicClient = !isConfidential(client);
  if (challenge === undefined) {
    if (pkce.required || (publicClient && !defect(ctx, 'plain-pkce-allowed'))) return problem(pkceError, 'code_challenge is required');
  } else {
    if (method !== 'S256' && method !== 'plain') return problem('invalid_request', 'code_challenge_method must be S256 or plain');
    if (!pkce.methods.includes(method)) return problem(pkceError, `code_challenge_method ${method} is not allowed; use ${pkce.methods.join(' or ')}`);
    if (!challengeSyntax.test(challenge)) return problem('invalid_request', 'code_challenge must be 43-128 characters of [A-Za-z0-9-._~]');
  }
  let resource: string[] | undefined;
  try {
    resource = requestedResources(ctx, issuer, resourcesOf(params.get('resource')));
  } catch (e) {
    // RFC 8707 §2: invalid_target goes back to the client like any error after the redirect URI is trusted.
    return problem('invalid_target', (e as Error).message);
  }
  // RFC 9449 §10: dpop_jkt binds the code to the key the client will prove at the token endpoint.
  const dpopJkt = ctx.profile.dpop ? params.get('dpop_jkt') : undefined;
  if (dpopJkt !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(dpopJkt)) return problem('invalid_request', 'dpop_jkt must be a base64url SHA-256 JWK thumbprint (RFC 9449 §10)');
  return { ok: { scope, challenge, challengeMethod: challenge === undefined ? undefined : method, resource, dpopJkt } };
}
