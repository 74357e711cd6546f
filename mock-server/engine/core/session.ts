// The OpenID Connect login session: who signed in at the authorization endpoint, when, and which
// clients they consented to. It lives in a sealed cookie, so the store holds nothing per session; a
// logout revokes the cookie's hash until it would have expired (like any revoked token).
// Only profiles with `oidc` keep a session: plain OAuth profiles show the login page every time.
import type { Reply } from './call.ts';
import type { EngineContext } from './context.ts';
import { randomToken } from './context.ts';
import { seal, unseal } from '../tokens/sealed.ts';
import { tokenHash } from '../tokens/tokens.ts';

export const sessionCookie = 'oauth_conformance_session';
const defaultLifetime = 8 * 3600;

export interface LoginSession {
  username: string;
  /** When the user authenticated (Core 1.0 §2 `auth_time`). */
  authTime: number;
  /** Clients the user consented to in this session. */
  consented: string[];
  exp: number;
  /** The cookie's own value, for revocation at logout. */
  value: string;
}

export function sessionLifetime(ctx: EngineContext): number {
  return ctx.profile.oidc?.session?.lifetime ?? defaultLifetime;
}

/** The session a request's cookies carry, if it is still good. */
export async function readSession(ctx: EngineContext, cookies: Readonly<Record<string, string>>): Promise<LoginSession | undefined> {
  if (!ctx.profile.oidc) return undefined;
  const value = cookies[sessionCookie];
  if (!value) return undefined;
  const c = await unseal(await ctx.sealKey(), value);
  if (!c || c.k !== 's' || typeof c.u !== 'string' || typeof c.at !== 'number' || typeof c.exp !== 'number' || !Array.isArray(c.c)) return undefined;
  if (c.exp <= ctx.clock.nowSeconds()) return undefined;
  if ((await ctx.store.revocation(tokenHash(value), undefined)).token) return undefined;
  return { username: c.u, authTime: c.at, consented: c.c.filter((x): x is string => typeof x === 'string'), exp: c.exp, value };
}

/** A new session cookie value (a fresh login, or one more consented client). */
export async function sealSession(ctx: EngineContext, s: Omit<LoginSession, 'value'>): Promise<string> {
  return seal(await ctx.sealKey(), { k: 's', u: s.username, at: s.authTime, c: s.consented, exp: s.exp, j: randomToken(9) });
}

/** Set-Cookie for the session (or its removal): HttpOnly, SameSite=Lax so the top-level redirect to the authorization endpoint carries it. */
export function sessionSetCookie(ctx: EngineContext, issuer: string, value: string | undefined, exp?: number): string {
  const secure = issuer.startsWith('https:') ? '; Secure' : '';
  const path = `; Path=${ctx.profile.basePath || '/'}`;
  if (value === undefined) return `${sessionCookie}=; Max-Age=0${path}; HttpOnly; SameSite=Lax${secure}`;
  const maxAge = Math.max(0, (exp ?? 0) - ctx.clock.nowSeconds());
  return `${sessionCookie}=${value}; Max-Age=${maxAge}${path}; HttpOnly; SameSite=Lax${secure}`;
}

/** The reply with the session's Set-Cookie, when there is one to set. */
export function withSessionCookie(reply: Reply, setCookie: string | undefined): Reply {
  if (setCookie) reply.headers['set-cookie'] = setCookie;
  return reply;
}

/** Ends a session: its cookie is refused from now on, whoever presents it. */
export async function endSession(ctx: EngineContext, s: LoginSession): Promise<void> {
  await ctx.store.revokeToken(tokenHash(s.value), s.exp);
}
