// What many checks need: URLs, grant requests shaped as the profile says, tokens, challenges.
import type { Resource } from '../generated/types/index.ts';
import { grantTypeOnWire, type GrantType, type ResolvedGrant } from '../lib/resolved-profile.ts';
import type { SchemaName } from '../lib/schema-files.ts';
import { redactBody } from '../lib/redact.ts';
import { validate } from '../lib/validator.ts';
import type { Page } from '@playwright/test';
import { authorizeInBrowser, newVerifier } from './authorize.ts';
import { directCredentials, noSecrets, takesSecrets } from './checks/requirements.ts';
import { expect, type CheckContext } from './fixtures.ts';
import type { Http, Reply } from './http.ts';
import type { Send } from './request.ts';
import type { SuiteTarget } from './target.ts';
import { parseChallenges } from './well-known.ts';

export const endpointUrl = (t: SuiteTarget, name: keyof SuiteTarget['profile']['endpoints']) => `${t.baseUrl}${t.profile.basePath}${t.profile.endpoints[name]!.path}`;
export const resourceUrl = (t: SuiteTarget, r: Resource) => `${t.resourceBaseUrl}${t.profile.basePath}${r.path}`;

export function grantOf(t: SuiteTarget, type: GrantType): ResolvedGrant | undefined {
  return t.profile.grants.find((g) => g.type === type);
}

export type ClientChoice = 'full' | 'limited' | 'none';

/** Client authentication as the profile allows: Basic where it may, else body parameters. */
export function clientAuth(t: SuiteTarget, g: ResolvedGrant, who: ClientChoice = 'full', how?: 'basic' | 'body'): { basic?: [string, string]; fields: Record<string, string> } {
  if (g.type === 'api_key' || who === 'none') return { fields: {} };
  const id = who === 'limited' ? t.credentials.limitedClientId : t.credentials.clientId;
  const secret = who === 'limited' ? t.credentials.limitedClientSecret : t.credentials.clientSecret;
  if (!id) return { fields: {} };
  const methods = t.profile.clientAuth.methods;
  const method = how ?? (methods.includes('client_secret_basic') ? 'basic' : 'body');
  if (!secret) return { fields: { [g.fields.clientId]: id } };
  if (method === 'basic') return { basic: [id, secret], fields: {} };
  return { fields: { [g.fields.clientId]: id, [g.fields.clientSecret]: secret } };
}

export function grantSend(t: SuiteTarget, g: ResolvedGrant, fields: Record<string, string>, who: ClientChoice = 'full', how?: 'basic' | 'body'): Send {
  const auth = clientAuth(t, g, who, how);
  const body = { ...(g.grantTypeParameter ? { grant_type: grantTypeOnWire(g.type) } : {}), ...auth.fields, ...fields };
  return { ...(g.encoding === 'json' ? { json: body } : { form: body }), ...(auth.basic ? { basic: auth.basic } : {}) };
}

export function postGrant(http: Http, t: SuiteTarget, g: ResolvedGrant, fields: Record<string, string>, who: ClientChoice = 'full', how?: 'basic' | 'body', label?: string): Promise<Reply> {
  return http.send('POST', endpointUrl(t, g.endpoint), grantSend(t, g, fields, who, how), label ?? `${g.type} grant`);
}

/** Fields that make a grant succeed with the target's credentials, or a reason it cannot be tried. */
export function grantFields(t: SuiteTarget, g: ResolvedGrant): Record<string, string> | string {
  const c = t.credentials;
  switch (g.type) {
    case 'client_credentials':
      return c.clientId && c.clientSecret ? {} : 'the target gives no client id and secret';
    case 'password':
      return c.username && c.password ? { [g.fields.username]: c.username, [g.fields.password]: c.password } : 'the target gives no user';
    case 'api_key':
      return c.apiKey ? { [g.fields.apiKey]: c.apiKey } : 'the target gives no API key';
    default:
      return `${g.type} is not a direct grant`;
  }
}

/** The grant used to get an ordinary access token: client_credentials, else password, else API key. */
export function directGrant(t: SuiteTarget): ResolvedGrant | undefined {
  for (const type of ['client_credentials', 'password', 'api_key'] as const) {
    const g = grantOf(t, type);
    if (g && typeof grantFields(t, g) !== 'string') return g;
  }
  return undefined;
}

export interface Issued {
  reply: Reply;
  accessToken: string;
  refreshToken: string | undefined;
  grant: ResolvedGrant;
  /** The scope the request asked for, if any. */
  asked?: string;
}

/**
 * The scope a token holds as far as its exchange shows: the response's `scope`, else what was asked
 * (RFC 6749 §3.3: absent means as requested), else none known, so it is taken to reach only
 * resources that need no scope (a userinfo endpoint refuses a client's token, say).
 */
export function heldScope(i: Pick<Issued, 'reply' | 'asked'>): string[] {
  const named = i.reply.body?.scope;
  if (typeof named === 'string') return named.split(' ').filter(Boolean);
  return (i.asked ?? '').split(' ').filter(Boolean);
}

/** The scope put on a grant's requests when a check needs none in particular: the target's, else the profile's. */
export function requestScope(t: SuiteTarget, type: GrantType): string | undefined {
  return t.requestScope?.[type] ?? grantOf(t, type)?.requestScope;
}

/** What the server grants for a requested scope (RFC 6749 §3.3): the profile's policy, else the RFC's own (`narrowing`). */
export function scopePolicy(t: SuiteTarget): 'exact' | 'narrowing' | 'any' {
  return t.profile.scopes.policy ?? (t.profile.scopes.scopedTokens ? 'exact' : 'narrowing');
}

/**
 * A token from a direct grant. Unless the check judges the grant itself (`judged`), a refusal is a
 * precondition not met: the check is not judged, with the server's answer as the reason.
 */
export async function obtainToken(c: CheckContext, extra: Record<string, string> = {}, grant = directGrant(c.target), o: { judged?: boolean } = {}): Promise<Issued> {
  if (!grant) {
    const direct = c.target.profile.grants.filter((g) => ['client_credentials', 'password', 'api_key'].includes(g.type));
    if (!direct.length) c.notApplicable('the profile has no direct grant (client_credentials, password or api_key)');
    if (!takesSecrets(c.target.profile) && direct.every((g) => g.type === 'client_credentials')) c.notJudged(noSecrets.reason);
    c.notJudged(`the target gives no credentials for ${direct.map((g) => g.type).join(' or ')}`, directCredentials(c.target, direct[0]!.type));
  }
  const fields = grantFields(c.target, grant);
  if (typeof fields === 'string' && grant.type === 'client_credentials' && !takesSecrets(c.target.profile)) c.notJudged(noSecrets.reason);
  if (typeof fields === 'string') c.notJudged(fields, directCredentials(c.target, grant.type));
  const scope = requestScope(c.target, grant.type);
  const sent = { ...(scope ? { [grant.fields.scope]: scope } : {}), ...fields, ...extra };
  const reply = await postGrant(c.http, c.target, grant, sent);
  if (!o.judged && (reply.status !== 200 || typeof reply.body?.access_token !== 'string')) {
    c.notJudged(`no token to check with: the ${grant.type} grant was answered ${reply.status} ${show(reply)} (judged by token.*.success; check the credentials the target gives)`);
  }
  expect(reply.status, `${grant.type} grant: ${show(reply)}`).toBe(200);
  const accessToken = reply.body?.access_token;
  expect(typeof accessToken, 'access_token in the response').toBe('string');
  const asked = sent[grant!.fields.scope];
  return { reply, accessToken: accessToken as string, refreshToken: typeof reply.body?.refresh_token === 'string' ? reply.body.refresh_token : undefined, grant, ...(asked ? { asked } : {}) };
}

/**
 * Where the profile does not know whether access tokens are JWTs (a drafted profile), the token
 * itself tells: a check about JWTs is not applicable to a server whose tokens are not JWS compact
 * serializations (RFC 7515 §7.1).
 */
export function observedJwt(c: CheckContext, token: string): void {
  if (!c.target.profile.undocumented.includes('accessToken.format')) return;
  const parts = token.split('.');
  let alg: unknown;
  try {
    alg = parts.length === 3 ? (JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as { alg?: unknown }).alg : undefined;
  } catch {
    alg = undefined;
  }
  if (typeof alg !== 'string') c.notApplicable('the server’s access tokens are not JWTs (observed: the token is not a JWS)');
}

/** A fresh refresh token: from a direct grant that issues one, else through the login page in a browser. */
export async function obtainRefreshToken(c: CheckContext, scope?: string): Promise<Issued> {
  const t = c.target;
  if (!grantOf(t, 'refresh_token')) c.notApplicable('the profile declares no refresh_token grant');
  const issuing = t.profile.grants.filter((g) => g.issuesRefreshToken && ['password', 'api_key', 'authorization_code'].includes(g.type));
  if (!issuing.length) c.notApplicable('no grant of the profile issues a refresh token');
  for (const g of issuing) {
    if ((g.type === 'password' || g.type === 'api_key') && typeof grantFields(t, g) !== 'string') return withRefreshToken(c, await obtainToken(c, scope ? { [g.fields.scope]: scope } : {}, g));
  }
  if (issuing.some((g) => g.type === 'authorization_code')) return withRefreshToken(c, await codeFlow(c, { ...(scope ? { scope } : {}) }));
  return c.notJudged(`the target gives no credentials for ${issuing.map((g) => g.type).join(' or ')}, which issue refresh tokens`, directCredentials(t, issuing[0]!.type));
}

/** A grant the profile only supposes issues refresh tokens (a drafted default) that issued none: nothing to judge. */
function withRefreshToken(c: CheckContext, issued: Issued): Issued {
  if (!issued.refreshToken && c.target.profile.undocumented.includes('grants.issuesRefreshToken')) {
    c.notJudged(`the ${issued.grant.type} grant issued no refresh token (the profile only supposes it does: the server does not publish it)`, 'profile');
  }
  return issued;
}

/** The whole authorization code flow in a browser, then the token request. */
export async function codeFlow(c: CheckContext, o: { scope?: string; state?: string; extra?: Record<string, string>; page?: Page } = {}): Promise<Issued> {
  const t = c.target;
  const g = grantOf(t, 'authorization_code');
  if (!g) c.notApplicable('the profile has no authorization_code grant');
  if (t.profile.par?.required) c.notJudged('this server takes pushed authorization requests only (RFC 9126 §5), and this check sends its authorization request directly; par.* judge the pushed ones');
  if (!takesSecrets(t.profile) && !t.profile.clientAuth.methods.includes('none')) c.notJudged(noSecrets.reason);
  if (!t.credentials.clientId) c.notJudged('the target gives no client', 'client');
  if (!t.redirectUri) c.notJudged('the target gives no redirect URI', 'redirect-uri');
  if (!t.credentials.username) c.notJudged('the target gives no user to log in with', 'user');
  const verifier = newVerifier();
  const { page: given, ...asked } = o;
  const page = given ?? (await c.openPage());
  const scope = o.scope ?? requestScope(t, 'authorization_code');
  const outcome = await authorizeInBrowser(page, t, { clientId: t.credentials.clientId!, redirectUri: t.redirectUri!, verifier, ...asked, ...(scope ? { scope } : {}) });
  if (!('redirected' in outcome)) {
    // A page we have no selectors for is a precondition we could not establish, not a failure.
    if (!t.login) c.notJudged('the target shows a login page but names no login selectors (target.login)', 'login');
    throw new Error(`login did not redirect back: ${outcome.shown.text.slice(0, 200)}`);
  }
  const code = codeFrom(c, outcome.redirected, scope);
  const reply = await postGrant(c.http, t, g!, { [g!.fields.code]: code, [g!.fields.redirectUri]: t.redirectUri!, [g!.fields.codeVerifier]: verifier }, 'full', undefined, 'code exchange');
  expect(reply.status, `code exchange: ${show(reply)}`).toBe(200);
  return { reply, accessToken: String(reply.body?.access_token), refreshToken: typeof reply.body?.refresh_token === 'string' ? reply.body.refresh_token : undefined, grant: g!, ...(scope ? { asked: scope } : {}) };
}

/**
 * The code of an authorization response. A response without one means the server refused the request
 * before issuing a code (RFC 6749 §4.1.2.1): what a check judges after it was never reached, so the
 * check is not judged, with the server's error; a missing scope is the usual cause.
 */
export function codeFrom(c: CheckContext, redirected: URL, scope: string | undefined): string {
  const code = redirected.searchParams.get('code');
  if (code) return code;
  const error = redirected.searchParams.get('error') ?? 'no code and no error';
  const description = redirected.searchParams.get('error_description');
  const scopeFix = !scope || error === 'invalid_scope';
  return c.notJudged(`the authorization request was refused before any code was issued: ${error}${description ? ` (${description})` : ''}${scope ? '' : '; no scope was sent'}`, scopeFix ? 'scope' : undefined);
}

/** RFC 7009 revocation with the target's client. */
export function revoke(c: CheckContext, token: string, hint?: 'access_token' | 'refresh_token', label = 'revoke', auth: 'client' | 'none' = 'client'): Promise<Reply> {
  const { clientId, clientSecret } = c.target.credentials;
  if (auth === 'client' && (!clientId || !clientSecret)) c.notJudged('the target gives no confidential client', 'client');
  const basic: [string, string] | undefined = auth === 'client' ? [clientId!, clientSecret!] : undefined;
  return c.http.send('POST', endpointUrl(c.target, 'revoke'), { form: { token, ...(hint ? { token_type_hint: hint } : {}) }, ...(basic ? { basic } : {}) }, label);
}

/** RFC 7662 introspection, with the given client credentials or none. */
export function introspect(c: CheckContext, token: string, basic?: [string, string], label = 'introspect', extra: Record<string, string> = {}): Promise<Reply> {
  return c.http.send('POST', endpointUrl(c.target, 'introspect'), { form: { token, ...extra }, ...(basic ? { basic } : {}) }, label);
}

/**
 * A revocation that a later step depends on. A server that answers `unsupported_token_type` does not
 * revoke that kind of token (RFC 7009 §2: access-token revocation is a SHOULD, checked by
 * revocation.access-token), so what follows cannot be judged and is skipped with that reason.
 */
export function expectRevoked(c: CheckContext, reply: Reply, kind: 'access' | 'refresh'): void {
  if (reply.status === 400 && reply.body?.error === 'unsupported_token_type') {
    c.notJudged(`the server does not revoke ${kind} tokens (unsupported_token_type, RFC 7009 §2.2.1)${kind === 'access' ? '; reported by revocation.access-token' : ''}`);
  }
  expect(reply.status, `revocation answered: ${show(reply)}`).toBe(200);
}

/** RFC 6749 §7: the resource refuses the token. How it says so (401 invalid_token) is RFC 6750 §3.1's SHOULD, checked apart. */
export function expectRefused(reply: Reply, what: string): void {
  expect(reply.status >= 400 && reply.status < 500, `${what} is refused with a 4xx status, got ${reply.status}: ${show(reply)}`).toBe(true);
}

export function refresh(c: CheckContext, token: string, extra: Record<string, string> = {}, label = 'refresh'): Promise<Reply> {
  const g = grantOf(c.target, 'refresh_token')!;
  return postGrant(c.http, c.target, g, { [g.fields.refreshToken]: token, ...extra }, 'full', undefined, label);
}

/** A resource the token's scopes reach (scopes undefined: any). */
export function reachable(t: SuiteTarget, scopes?: string[]): Resource | undefined {
  return t.profile.resources.find((r) => (r.scopes ?? []).every((s) => !scopes || scopes.includes(s)));
}

/**
 * A call to a protected resource. A 404 or 405 says the server does not serve that path or method at
 * all, so nothing about tokens was observed: the check is not judged (never a failed challenge).
 */
export async function callResource(c: CheckContext, r: Resource, headers: Record<string, string> = {}, label?: string, query = ''): Promise<Reply> {
  const method = r.method ?? 'GET';
  const reply = await c.http.send(method, resourceUrl(c.target, r) + query, { headers, ...(method === 'GET' ? {} : { json: {} }) }, label ?? `${method} ${r.path}`);
  if (reply.status === 404 || reply.status === 405) c.notJudged(`${method} ${resourceUrl(c.target, r)} answered ${reply.status}: the server does not serve this resource, so no token handling was observed`, 'resource-path');
  if (reply.status === 401 && dpopOnly(reply)) c.notApplicable(`${method} ${resourceUrl(c.target, r)} offers the DPoP scheme alone (RFC 9449 §7.1: ${reply.headers['www-authenticate']}), so RFC 6750’s Bearer rules are not its own; the dpop.resource.* checks judge it`);
  return reply;
}

/** A 401 whose challenges name DPoP and not Bearer: a resource that takes DPoP-bound tokens only. */
function dpopOnly(reply: Reply): boolean {
  const parsed = parseChallenges(reply.headers['www-authenticate'] ?? '');
  if (!('challenges' in parsed)) return false;
  const schemes = parsed.challenges.map((x) => x.scheme);
  return schemes.includes('dpop') && !schemes.includes('bearer');
}

export { parseChallenge } from './well-known.ts';

/** The schema a successful token response follows in this profile. */
export function successSchema(t: SuiteTarget): SchemaName {
  return t.profile.tokenResponse.schema === 'api-video' ? 'api-video-token-response' : 'token-response';
}

export function expectSchema(value: unknown, schema: SchemaName, what: string): void {
  const issues = validate(schema, value);
  expect(issues, `${what} should validate against ${schema}: ${issues.map((i) => `${i.pointer}: expected ${i.expected}, found ${i.found}`).join('; ')}`).toEqual([]);
}

/**
 * An error answer of a grant endpoint: RFC 6749 §5.2 JSON with the expected code, or, on a dedicated
 * endpoint of a profile that documents problem details, a problem body with status 400.
 */
export function expectGrantError(t: SuiteTarget, g: ResolvedGrant, reply: Reply, code: string, statuses = [400]): void {
  expect(statuses, `status ${reply.status} for ${code}: ${show(reply)}`).toContain(reply.status);
  if (!g.grantTypeParameter && t.profile.errors.format === 'problem' && reply.body && 'type' in reply.body) {
    expectSchema(reply.body, 'problem', 'error body');
    return;
  }
  // RFC 6749 §5.2: the error is a JSON body; say what came instead (a framework's text 401, an HTML page).
  expect(reply.headers['content-type'] ?? '', `error content type (RFC 6749 §5.2: a JSON body naming the error; got ${reply.text ? `"${show(reply).slice(0, 80)}"` : 'no body'})`).toMatch(/application\/json/);
  expectSchema(reply.body, 'token-error', 'error body');
  expect(reply.body?.error, 'error code').toBe(code);
}

/**
 * The verdict of a rule judged on every reply (suites/checks/observed.ts) over this check's own
 * replies: each problem in words; nothing observed at all is not judged. The reporter adds what
 * the other checks' replies showed.
 */
export function expectObserved(c: CheckContext, id: string, nothing: string): void {
  const mine = c.http.observed.filter((o) => o.check === id);
  if (!mine.length) c.notJudged(nothing);
  const problems = mine.flatMap((o) => (o.problem ? [o.problem] : []));
  if (problems.length) throw new Error(`${problems.length === 1 ? 'one reply' : `${problems.length} replies`} of ${mine.length} break the rule; first: ${problems[0]}`);
}

/** A response body for an error message: tokens and secrets fingerprinted, cut short. */
export function show(r: Reply): string {
  return redactBody(r.text, r.headers['content-type'] ?? '').slice(0, 300);
}
