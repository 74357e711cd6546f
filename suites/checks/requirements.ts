// What a check needs, in typed words, evaluated once before its body. A capability the profile lacks
// makes the check *not applicable*; an input the target does not give makes it *not judged*, naming
// the input that would unlock it. The body receives the narrowed values (`given`), so it never
// re-tests them. The same words feed the unlock list (`add a client secret: +23 checks`).
import type { Profile, Resource } from '../../generated/types/index.ts';
import type { GrantType, ResolvedGrant, ResolvedProfile } from '../../lib/resolved-profile.ts';
import type { SuiteTarget } from '../target.ts';

/** Inputs a user gives (flags or the target file); each missing one is a reason a check is not judged. */
export const inputs = {
  client: 'a confidential client: --client-id ID --client-secret-env NAME (target credentials.clientId, clientSecret)',
  user: 'a user to log in with: --username NAME --password-env NAME (target credentials.username, password)',
  'api-key': 'an API key: --api-key-env NAME (target credentials.apiKey)',
  'redirect-uri': 'a redirect URI registered for the client: --redirect-uri URL (target redirectUri)',
  login: 'the selectors of the login and consent page (target login: usernameSelector, passwordSelector, submitSelector, consentSelector)',
  'deny-control': 'the selector of the consent page’s deny control (target login.denySelector)',
  'limited-client': 'a second client allowed only some grants (target credentials.limitedClientId, limitedClientSecret)',
  'other-resource': 'another resource the server mints tokens for (target otherResource)',
  'post-logout-redirect-uri': 'a post_logout_redirect_uri registered for the client (target postLogoutRedirectUri)',
  'expired-token': 'an expired access token (target expiredAccessToken), or the built-in mock, whose clock the suite moves',
  scope: 'the scope to request: --scope SCOPE (target requestScope, per grant)',
  'resource-path': 'a protected resource path the server serves (profile resources, or --resource URL)',
  'jwt-client': 'a client that authenticates with private_key_jwt: --jwt-client-id ID --jwt-client-key-env NAME (target credentials jwtClientId, jwtClientKey: its private JWK)',
  assertion: 'a key of an issuer the server trusts for JWT bearer grants (target credentials assertionIssuer, assertionSubject, assertionKey: a private JWK)',
  credentials: 'credentials for a direct grant: a confidential client, a user, or an API key',
  adapter: 'a client adapter that loads: the module the target’s adapter names, whose default export is a function (CreateClient); the reason says why it did not',
  profile: 'what the server does not publish, written in a profile (oauth-conformance init URL drafts one to edit; then drop the entry from its "undocumented" list)',
} as const;
export type InputName = keyof typeof inputs;

/** Profile capabilities: a profile without one makes the check not applicable. */
export type EndpointKey = keyof NonNullable<Profile['endpoints']>;
type Capability =
  | `grant:${GrantType}`
  | `endpoint:${EndpointKey}`
  | 'oidc'
  | 'mcp'
  | 'protected-resource'
  | 'resource-indicators'
  | 'resources'
  | 'scopes'
  | 'jwt-access-tokens'
  | 'direct-grant'
  | 'movable-clock'
  | 'dpop'
  | 'dpop-resources'
  | 'dpop-required'
  | 'par-required'
  | `auth:${'client_secret_basic' | 'client_secret_post' | 'private_key_jwt'}`;

/**
 * Inputs of the target; `token` is a direct grant with its credentials, `code-flow` a client, redirect
 * URI and user for a browser login (its selectors are asked for only when a login page is shown: some
 * servers approve at once).
 */
const INPUTS = ['direct-authorization', 'assertion', 'jwt-client', 'confidential-client', 'client', 'client-auth', 'client-id', 'user', 'api-key', 'redirect-uri', 'login', 'limited-client', 'other-resource', 'post-logout-redirect-uri', 'expired-token', 'token', 'code-flow'] as const;
type Input = (typeof INPUTS)[number];

export type Requirement = Capability | Input;

interface Provides {
  client: { client: { id: string; secret: string } };
  'client-id': { clientId: string };
  assertion: { assertion: { issuer: string; subject: string; key: string } };
  'jwt-client': { jwtClient: { id: string; key: string } };
  /** A client that authenticates: by its secret where the profile takes secrets and the target gives one, else by private_key_jwt. */
  'confidential-client': { confidential: { id: string; secret: string } | { id: string; key: string } };
  dpop: { dpop: NonNullable<ResolvedProfile['dpop']> };
  'dpop-resources': { resource: Resource };
  user: { user: { username: string; password: string } };
  'api-key': { apiKey: string };
  'redirect-uri': { redirectUri: string };
  'limited-client': { limited: { id: string; secret: string } };
  'other-resource': { otherResource: string };
  'post-logout-redirect-uri': { postLogoutRedirectUri: string };
  token: { direct: ResolvedGrant };
  'code-flow': { codeGrant: ResolvedGrant; redirectUri: string; clientId: string };
  oidc: { oidc: NonNullable<ResolvedProfile['oidc']> };
  mcp: { mcp: NonNullable<ResolvedProfile['mcp']> };
  'protected-resource': { protectedResource: NonNullable<ResolvedProfile['protectedResource']> };
  'resource-indicators': { resourceIndicators: NonNullable<ResolvedProfile['resourceIndicators']> };
  resources: { resource: Resource };
  'movable-clock': { advanceClock: (seconds: number) => Promise<void> };
}

type ProvidedBy<R> = R extends `grant:${infer G extends GrantType}`
  ? { grant: Record<G, ResolvedGrant> }
  : R extends `endpoint:${infer E extends EndpointKey}`
    ? { url: Record<E, string> }
    : R extends keyof Provides
      ? Provides[R]
      : Record<never, never>;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The values a check's declared requirements guarantee. */
export type Given<R extends readonly Requirement[]> = Intersect<ProvidedBy<R[number]>> & Record<never, never>;

/** Why a check is not judged or not applicable; `input` names what would let it be judged, where something would. */
export type Unmet = { outcome: 'not-applicable'; reason: string } | { outcome: 'not-judged'; reason: string; input?: InputName };

const DIRECT: readonly GrantType[] = ['client_credentials', 'password', 'api_key'];

/** The credentials a direct grant of this type takes, or the input that is missing. */
export function directCredentials(t: SuiteTarget, type: GrantType): InputName | undefined {
  const c = t.credentials;
  if (type === 'client_credentials') return c.clientId && c.clientSecret ? undefined : 'client';
  if (type === 'password') return c.username && c.password ? undefined : 'user';
  if (type === 'api_key') return c.apiKey ? undefined : 'api-key';
  return 'credentials';
}

/**
 * What the token endpoint needs to identify the client, when the target does not give it: nothing
 * where the profile has no clients at all (an API key is the credential), a client id where public
 * clients are allowed (RFC 6749 §2.1, §3.2.1), a client id and secret otherwise.
 */
export function clientIdentityUnmet(t: SuiteTarget): Unmet | undefined {
  const { methods } = t.profile.clientAuth;
  if (!takesSecrets(t.profile) && !methods.includes('none')) return noSecrets;
  const c = t.credentials;
  if (methods.length === 1 && methods[0] === 'none') return undefined;
  if (c.clientId && (c.clientSecret || methods.includes('none'))) return undefined;
  return { outcome: 'not-judged', reason: 'the target gives no client to authenticate the request with', input: 'client' };
}

/** Whether the profile's clients may authenticate with a secret (RFC 6749 §2.3.1, OpenID Connect Core §9 client_secret_jwt). */
export function takesSecrets(p: ResolvedProfile): boolean {
  return p.clientAuth.methods.some((m) => m === 'client_secret_basic' || m === 'client_secret_post' || m === 'client_secret_jwt');
}

/**
 * Why a check that authenticates with a client secret says nothing on a server whose clients have
 * none (private_key_jwt only, FAPI 2.0): no input would unlock it, so none is named.
 */
export const noSecrets: Unmet = { outcome: 'not-judged', reason: 'this check authenticates its client with a secret, and this server’s clients have none (private_key_jwt only); the dpop.*, par.* and client-auth.private-key-jwt.* checks judge it with client assertions' };

/** RFC 9126 §5: why a check that sends its authorization request directly says nothing on a server that takes pushed ones only. */
const pushedOnly: Unmet = { outcome: 'not-judged', reason: 'this server takes pushed authorization requests only (RFC 9126 §5), and this check sends its authorization request directly; par.* judge the pushed ones' };

/** Evaluates one requirement against a server target: the values it provides, or why it is unmet. */
function one(r: Requirement, t: SuiteTarget): Record<string, unknown> | Unmet {
  const p = t.profile;
  const c = t.credentials;
  const na = (reason: string): Unmet => ({ outcome: 'not-applicable', reason });
  const nj = (reason: string, input?: InputName): Unmet => ({ outcome: 'not-judged', reason, ...(input ? { input } : {}) });
  if (r.startsWith('grant:')) {
    const type = r.slice(6) as GrantType;
    const g = p.grants.find((x) => x.type === type);
    return g ? { grant: { [type]: g } } : na(`the profile has no ${type} grant`);
  }
  if (r.startsWith('auth:')) {
    const method = r.slice(5) as 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
    return p.clientAuth.methods.includes(method) ? {} : na(`the profile’s clients do not authenticate with ${method}`);
  }
  if (r.startsWith('endpoint:')) {
    const name = r.slice(9) as EndpointKey;
    const e = p.endpoints[name];
    return e ? { url: { [name]: `${t.baseUrl}${p.basePath}${e.path}` } } : na(`the profile has no ${name} endpoint`);
  }
  switch (r) {
    case 'oidc':
      return p.oidc ? { oidc: p.oidc } : na('the profile is not OpenID Connect (no oidc block)');
    case 'mcp':
      return p.mcp ? { mcp: p.mcp } : na('the profile is not an MCP profile');
    case 'protected-resource':
      return p.protectedResource ? { protectedResource: p.protectedResource } : na('the profile has no protectedResource (RFC 9728)');
    case 'resource-indicators':
      return p.resourceIndicators ? { resourceIndicators: p.resourceIndicators } : na('the profile has no resourceIndicators (RFC 8707)');
    case 'resources': {
      // RFC 9449 §7.1: resources that take DPoP-bound tokens only offer no Bearer scheme for RFC 6750 to judge.
      if (p.dpop && !p.dpop.bearer) return na('the profile’s resources take DPoP-bound tokens only (RFC 9449 §7.1), so RFC 6750’s Bearer scheme is not theirs; the dpop.resource.* checks judge them');
      const res = p.resources.find((x) => (x.scopes ?? []).length === 0) ?? p.resources[0];
      return res ? { resource: res } : nj('the profile names no protected resource to call', 'resource-path');
    }
    case 'scopes':
      return p.scopes.supported.length ? {} : na('the profile has no scopes');
    case 'jwt-access-tokens':
      // Not published: the check looks at the token it gets (support.ts observedJwt).
      if (p.undocumented.includes('accessToken.format')) return {};
      return p.accessToken.format === 'jwt' ? {} : na('access tokens are opaque');
    case 'dpop':
      return p.dpop ? { dpop: p.dpop } : na('the profile has no DPoP (RFC 9449)');
    case 'dpop-resources': {
      if (!p.dpop) return na('the profile has no DPoP (RFC 9449)');
      const res = p.resources.find((x) => (x.scopes ?? []).length === 0) ?? p.resources[0];
      return res ? { resource: res } : nj('the profile names no protected resource to call', 'resource-path');
    }
    case 'dpop-required':
      return p.dpop?.required ? {} : na('the profile does not require DPoP on every token request');
    case 'par-required':
      return p.par?.required ? {} : na('the profile does not require pushed authorization requests');
    case 'confidential-client': {
      const secrets = p.clientAuth.methods.some((m) => m === 'client_secret_basic' || m === 'client_secret_post');
      if (secrets && c.clientId && c.clientSecret) return { confidential: { id: c.clientId, secret: c.clientSecret } };
      if (p.clientAuth.methods.includes('private_key_jwt') && c.jwtClientId && c.jwtClientKey) return { confidential: { id: c.jwtClientId, key: c.jwtClientKey } };
      return nj('the target gives no client that authenticates', secrets ? 'client' : 'jwt-client');
    }
    case 'movable-clock':
      return t.advanceClock ? { advanceClock: t.advanceClock } : na('needs a server whose clock the suite can move (the built-in mock)');
    case 'direct-grant':
      return p.grants.some((g) => DIRECT.includes(g.type)) ? {} : na('the profile has no direct grant (client_credentials, password or api_key)');
    case 'client':
      if (!takesSecrets(p)) return noSecrets;
      return c.clientId && c.clientSecret ? { client: { id: c.clientId, secret: c.clientSecret } } : nj('the target gives no confidential client', 'client');
    case 'client-auth':
      return clientIdentityUnmet(t) ?? {};
    case 'assertion':
      return c.assertionIssuer && c.assertionSubject && c.assertionKey ? { assertion: { issuer: c.assertionIssuer, subject: c.assertionSubject, key: c.assertionKey } } : nj('the target gives no key of an issuer the server trusts', 'assertion');
    case 'jwt-client':
      return c.jwtClientId && c.jwtClientKey ? { jwtClient: { id: c.jwtClientId, key: c.jwtClientKey } } : nj('the target gives no client that authenticates with private_key_jwt', 'jwt-client');
    case 'direct-authorization':
      return p.par?.required ? pushedOnly : {};
    case 'client-id': {
      // Any client's id will do, one that signs its assertions too (a profile without secrets names no other).
      const id = c.clientId ?? c.jwtClientId;
      return id ? { clientId: id } : nj('the target gives no client id', 'client');
    }
    case 'user':
      return c.username && c.password ? { user: { username: c.username, password: c.password } } : nj('the target gives no user', 'user');
    case 'api-key':
      return c.apiKey ? { apiKey: c.apiKey } : nj('the target gives no API key', 'api-key');
    case 'redirect-uri':
      return t.redirectUri ? { redirectUri: t.redirectUri } : nj('the target gives no redirect URI', 'redirect-uri');
    case 'login':
      return t.login ? {} : nj('the target names no login selectors (target.login)', 'login');
    case 'limited-client':
      if (!takesSecrets(p)) return noSecrets;
      return c.limitedClientId && c.limitedClientSecret ? { limited: { id: c.limitedClientId, secret: c.limitedClientSecret } } : nj('the target names no client limited to some grants (limitedClientId)', 'limited-client');
    case 'other-resource':
      return t.otherResource ? { otherResource: t.otherResource } : nj('the target names no other resource the server mints tokens for (otherResource)', 'other-resource');
    case 'post-logout-redirect-uri':
      return t.postLogoutRedirectUri ? { postLogoutRedirectUri: t.postLogoutRedirectUri } : nj('the target names no registered post_logout_redirect_uri (postLogoutRedirectUri)', 'post-logout-redirect-uri');
    case 'expired-token':
      return t.advanceClock || t.expiredAccessToken ? {} : nj('needs the built-in mock’s clock or an expiredAccessToken in the target file', 'expired-token');
    case 'token': {
      const grants = p.grants.filter((g) => DIRECT.includes(g.type));
      if (!grants.length) return na('the profile has no direct grant (client_credentials, password or api_key)');
      if (!takesSecrets(p) && grants.every((g) => g.type === 'client_credentials')) return noSecrets;
      const usable = grants.find((g) => !directCredentials(t, g.type));
      if (usable) return { direct: usable };
      return nj(`the target gives no credentials for ${grants.map((g) => g.type).join(' or ')}`, directCredentials(t, grants[0]!.type));
    }
    case 'code-flow': {
      const g = p.grants.find((x) => x.type === 'authorization_code');
      if (!g) return na('the profile has no authorization_code grant');
      // RFC 9126 §5: such a server refuses the direct requests these checks send (par.* judge its pushed ones).
      if (p.par?.required) return pushedOnly;
      if (!takesSecrets(p) && !p.clientAuth.methods.includes('none')) return noSecrets;
      if (!c.clientId) return nj('the target gives no client', 'client');
      if (!t.redirectUri) return nj('the target gives no redirect URI', 'redirect-uri');
      if (!c.username) return nj('the target gives no user to log in with', 'user');
      return { codeGrant: g, redirectUri: t.redirectUri, clientId: c.clientId };
    }
  }
  return na(`unknown requirement ${String(r)}`);
}

const isUnmet = (v: Record<string, unknown> | Unmet): v is Unmet => typeof (v as Unmet).outcome === 'string' && typeof (v as Unmet).reason === 'string';

/**
 * All requirements at once. Capabilities are judged before inputs: a check the profile cannot have is
 * not applicable, whatever inputs are missing.
 */
export function evaluate<const R extends readonly Requirement[]>(requires: R, t: SuiteTarget): { given: Given<R> } | { unmet: Unmet } {
  const results = requires.map((r) => one(r, t));
  const unmet = results.filter(isUnmet);
  const first = unmet.find((u) => u.outcome === 'not-applicable') ?? unmet[0];
  if (first) return { unmet: first };
  const given: Record<string, unknown> = {};
  for (const v of results as Record<string, unknown>[]) {
    for (const [k, x] of Object.entries(v)) given[k] = k in given && typeof x === 'object' && x && !Array.isArray(x) ? { ...(given[k] as object), ...x } : x;
  }
  return { given: given as Given<R> };
}

/** Capabilities a profile alone settles (client checks run against the mock, which gives every input). */
export function evaluateOnProfile<const R extends readonly Requirement[]>(requires: R, profile: ResolvedProfile): { given: Given<R> } | { unmet: Unmet } {
  const t: SuiteTarget = { name: profile.id, profile, builtInMock: true, baseUrl: '', resourceBaseUrl: '', issuer: '', credentials: {}, login: undefined, close: async () => undefined };
  const capabilities = requires.filter((r) => !(INPUTS as readonly string[]).includes(r));
  const out = evaluate(capabilities, t);
  return out as { given: Given<R> } | { unmet: Unmet };
}
