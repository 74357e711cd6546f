// How an error becomes a reply, by the route's declared style: OAuth JSON (RFC 6749 §5.2), problem
// details (RFC 9457, for profiles whose provider answers so), or an RFC 6750 §3 challenge. One place,
// in the core: flows throw OAuthError and never write an error reply themselves.
import { empty, text, type Reply } from './call.ts';
import type { EngineContext } from './context.ts';
import { defect } from './defects.ts';
import { OAuthError, asciiDescription, errorBody, type ErrorStyle } from './oauth-error.ts';
import { json } from './params.ts';
import { metadataUrl } from '../tokens/resource-indicators.ts';

/** `at`: where the error arose (a bearer challenge names the resource's metadata from it). */
export interface ErrorSite {
  path: string;
  issuer: string;
}

export function errorReply(ctx: EngineContext, e: unknown, style: ErrorStyle, at?: ErrorSite): Reply {
  if (!(e instanceof OAuthError)) {
    // A bug of ours: answered in the spec's shape, and loud in the server log.
    console.error('oauth-conformance mock: internal error:', e instanceof Error ? e.message : String(e));
    return json(500, { error: 'server_error', error_description: 'internal error in the mock' });
  }
  if (style === 'bearer') return bearerError(ctx, e, at);
  if (style === 'problem') {
    return text(e.status, JSON.stringify(errorBody(e, 'problem', { typeBase: ctx.profile.errors.typeBase ?? 'about:blank#' })), { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...e.headers });
  }
  return json(e.status, errorBody(e, 'oauth'), { 'cache-control': 'no-store', pragma: 'no-cache', ...e.headers });
}

/** A resource's error answer: the challenge in WWW-Authenticate; no body when no credentials came. */
function bearerError(ctx: EngineContext, e: OAuthError, at?: ErrorSite): Reply {
  const realm = ctx.profile.bearer.realm ?? ctx.profile.id;
  const bare = !e.code && defect(ctx, 'error-in-bare-401') ? new OAuthError('invalid_token', 'no access token', { status: 401 }) : e;
  // RFC 9728 §5.1: a 401 names where the resource's metadata is.
  const prm = at && e.status === 401 && underProtectedResource(ctx, at.path) && !defect(ctx, 'no-resource-metadata') ? metadataUrl(ctx, at.issuer) : undefined;
  const headers: Record<string, string> = { ...e.headers, 'www-authenticate': challenges(ctx, realm, bare, prm), 'cache-control': 'no-store' };
  return { ...(e.code ? json(e.status, errorBody(e, 'oauth'), headers) : empty(e.status, headers)), kind: 'bearer-error' };
}

/** The profile's resources (and the MCP endpoint) are the protected resource; UserInfo belongs to the server. */
function underProtectedResource(ctx: EngineContext, path: string): boolean {
  const p = ctx.profile;
  if (!p.protectedResource) return false;
  return path.startsWith(p.basePath + p.protectedResource.path) || p.resources.some((r) => p.basePath + r.path === path);
}

/**
 * The challenges for an error (an empty code means: no credentials were sent): RFC 6750 §3's Bearer,
 * and where the profile has DPoP its challenge with the algorithms it takes (RFC 9449 §7.1). An error
 * of the DPoP scheme is told in the DPoP challenge; where resources take no Bearer, only DPoP is offered.
 */
function challenges(ctx: EngineContext, realm: string, err: OAuthError, resourceMetadata?: string): string {
  const dpop = ctx.profile.dpop;
  const params = (withError: boolean) => {
    const parts = [`realm="${realm}"`];
    if (resourceMetadata) parts.push(`resource_metadata="${resourceMetadata}"`);
    if (withError && err.code) parts.push(`error="${err.code}"`, `error_description="${asciiDescription(err.message).replace(/["\\]/g, "'")}"`);
    if (withError && err.scope) parts.push(`scope="${err.scope}"`);
    return parts;
  };
  if (!dpop) return `Bearer ${params(true).join(', ')}`;
  const inDpop = (err.challenge === 'DPoP' || !dpop.bearer) && !defect(ctx, 'dpop-challenge-as-bearer');
  const out: string[] = [];
  if (dpop.bearer || !inDpop) out.push(`Bearer ${params(!inDpop).join(', ')}`);
  out.push(`DPoP ${[...params(inDpop), `algs="${dpop.algs.join(' ')}"`].join(', ')}`);
  return out.join(', ');
}
