// RFC 6750 §2: where a bearer token may be sent (the Authorization header; the form body where the
// resource allows, §2.2; the query where the profile allows, §2.3), and that exactly one is used.
import { OAuthError } from './oauth-error.ts';
import type { EngineContext } from './context.ts';
import { defect } from './defects.ts';
import { mediaType, parseForm } from './params.ts';

// RFC 6750 §2.1 b64token
const b64token = /^[A-Za-z0-9\-._~+/]+=*$/;

/** What the token is looked for in; the body is read only where a form body may carry one. */
export interface TokenSource {
  method: string;
  headers: Readonly<Record<string, string>>;
  query: string;
  body(): string;
}

/** The one access token of a request and its scheme (DPoP where the profile has it, RFC 9449 §7.1), or undefined when it carries none. */
export function findToken(ctx: EngineContext, from: TokenSource, bodyToken: boolean): { token: string; scheme: 'Bearer' | 'DPoP' } | undefined {
  const found: string[] = [];
  const header = from.headers.authorization;
  // RFC 9449 §7.1: "Authorization: DPoP <token>", the token68 syntax of Bearer's.
  const dpop = ctx.profile.dpop && header !== undefined && !defect(ctx, 'dpop-scheme-unknown') ? /^dpop(?:\s+(.*))?$/i.exec(header.trim()) : null;
  if (dpop) {
    const value = (dpop[1] ?? '').trim();
    if (!b64token.test(value)) throw new OAuthError('invalid_request', 'malformed DPoP credentials', { status: 400, challenge: 'DPoP' });
    found.push(value);
  } else if (header !== undefined) {
    const m = (defect(ctx, 'reject-lowercase-bearer') ? /^Bearer(?:\s+(.*))?$/ : /^bearer(?:\s+(.*))?$/i).exec(header.trim());
    if (m) {
      const value = (m[1] ?? '').trim();
      if (!b64token.test(value)) throw new OAuthError('invalid_request', 'malformed Bearer credentials', { status: 400 });
      found.push(value);
    }
    // Another scheme (Basic, ...) carries no bearer token: the request lacks one (§3.1).
  }
  const inQuery = from.query ? new URLSearchParams(from.query).getAll('access_token') : [];
  if (inQuery.length) {
    if (!ctx.profile.bearer.queryToken && !defect(ctx, 'accept-query-token')) throw new OAuthError('invalid_request', 'access tokens in the query string are not accepted', { status: 400 });
    found.push(...inQuery);
  }
  if (bodyToken && from.method !== 'GET' && mediaType(from) === 'application/x-www-form-urlencoded') {
    const t = parseForm(from.body()).get('access_token');
    if (t) found.push(t);
  }
  if (found.length > 1) throw new OAuthError('invalid_request', 'use exactly one method to send the access token (RFC 6750 §2)', { status: 400 });
  return found[0] === undefined ? undefined : { token: found[0], scheme: dpop ? 'DPoP' : 'Bearer' };
}
