// Protected resources answer exactly as RFC 6750 §3 says: no credentials -> 401 with a bare
// challenge; bad token -> 401 invalid_token; missing scope -> 403 insufficient_scope; malformed -> 400.
import type { Resource } from '../../../generated/types/index.ts';
import type { EngineContext } from '../core/context.ts';
import { bodyText, type Call, type Reply } from '../core/call.ts';
import { json, mediaType, parseForm } from '../core/params.ts';
import { OAuthError } from '../core/oauth-error.ts';
import { verifyAccessToken } from '../tokens/tokens.ts';
import { resourceIdOf } from '../tokens/resource-indicators.ts';
import { defect } from '../core/defects.ts';

// RFC 6750 §2.1 b64token
const b64token = /^[A-Za-z0-9\-._~+/]+=*$/;

export async function resource(ctx: EngineContext, call: Call, res: Resource): Promise<Reply> {
  const token = findToken(ctx, call);
  // MCP 2025-11-25: the challenge SHOULD name the scope the resource needs (RFC 6750 §3 scope attribute).
  const hint = ctx.profile.protectedResource && ctx.profile.protectedResource.challengeScope !== false && res.scopes?.length ? { scope: res.scopes.join(' ') } : {};
  if (token === undefined) throw new OAuthError('', 'no access token', { status: 401, ...hint });
  const issuer = ctx.issuer(call);
  // RFC 8707 profiles: each resource is its own audience (RFC 9068 §4), the defect lets the protected resource's stand for all.
  const own = ctx.profile.resourceIndicators && !defect(ctx, 'audience-shared-by-resources') ? { at: resourceIdOf(issuer, res) } : 'own';
  const info = await verifyAccessToken(ctx, issuer, token, own);
  const needed = res.scopes ?? [];
  if (!needed.every((s) => info.scope.includes(s))) {
    if (defect(ctx, 'insufficient-scope-401')) throw new OAuthError('invalid_token', 'token not valid here', { status: 401 });
    throw new OAuthError('insufficient_scope', `this resource needs scope ${needed.join(' ')}`, { status: 403, scope: needed.join(' ') });
  }
  const body = res.body ?? ctx.profile.mock.resourceBody ?? { ok: true };
  return json(200, body, { 'cache-control': 'no-store' });
}

/** The one bearer token of a call (RFC 6750 §2); `bodyToken` allows the form body (§2.2) regardless of the profile. */
export function findToken(ctx: EngineContext, call: Call, bodyToken = ctx.profile.bearer.bodyToken): string | undefined {
  const found: string[] = [];
  const header = call.headers.authorization;
  if (header !== undefined) {
    const m = (defect(ctx, 'reject-lowercase-bearer') ? /^Bearer(?:\s+(.*))?$/ : /^bearer(?:\s+(.*))?$/i).exec(header.trim());
    if (m) {
      const value = (m[1] ?? '').trim();
      if (!b64token.test(value)) throw new OAuthError('invalid_request', 'malformed Bearer credentials', { status: 400 });
      found.push(value);
    }
    // Another scheme (Basic, ...) carries no bearer token: the request lacks one (§3.1).
  }
  const inQuery = call.query ? new URLSearchParams(call.query).getAll('access_token') : [];
  if (inQuery.length) {
    if (!ctx.profile.bearer.queryToken && !defect(ctx, 'accept-query-token')) throw new OAuthError('invalid_request', 'access tokens in the query string are not accepted', { status: 400 });
    found.push(...inQuery);
  }
  if (bodyToken && call.method !== 'GET' && mediaType(call) === 'application/x-www-form-urlencoded') {
    const form = parseForm(bodyText(call));
    const t = form.get('access_token');
    if (t) found.push(t);
  }
  if (found.length > 1) throw new OAuthError('invalid_request', 'use exactly one method to send the access token (RFC 6750 §2)', { status: 400 });
  return found[0];
}
