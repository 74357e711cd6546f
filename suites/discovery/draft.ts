// A profile and a target drafted from what a server publishes. Every drafted value says where it came
// from: a metadata member (quoted), a flag the user gave, or "default" (RFC 8414 §2's default where the
// RFC gives one, else the project's reading), and values the server does not publish at all are
// listed in `undocumented`, so the checks that judge them are not judged instead of judged on a guess.
import type { Profile, Target } from '../../generated/types/index.ts';
import type { Discovery } from './discover.ts';
import { grantTypeOnWire } from '../../lib/resolved-profile.ts';
import { asymmetricAlgs } from '../../lib/jwk.ts';

export interface DraftInputs {
  clientId?: string;
  clientSecretEnv?: string;
  username?: string;
  passwordEnv?: string;
  apiKeyEnv?: string;
  /** A client that authenticates with private_key_jwt, and the variable holding its private JWK. */
  jwtClientId?: string;
  jwtClientKeyEnv?: string;
  redirectUri?: string;
  postLogoutRedirectUri?: string;
  scope?: string;
  /** The scopes the server knows, where it publishes none. */
  scopesSupported?: string[];
  /** A protected resource URL to call (an API route). */
  resource?: string;
  /** Endpoints the server does not publish: a path on the server or a URL. */
  endpoints?: Partial<Record<'token' | 'authorize' | 'revoke' | 'introspect', string>>;
  /** Grants to check where the server publishes none. */
  grants?: string[];
}

export interface Draft {
  profile: Profile;
  target: Target;
  /** One line each: what was taken from where, and what is a default. */
  notes: string[];
}

type Grant = NonNullable<Profile['grants']>[number];
type GrantType = Grant['type'];
type Endpoints = NonNullable<Profile['endpoints']>;

const KNOWN_GRANTS: GrantType[] = ['authorization_code', 'client_credentials', 'password', 'refresh_token'];
const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'client_secret_jwt', 'none'] as const;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

export function draftProfile(d: Discovery, given: DraftInputs, name: string): Draft {
  const m = d.metadata;
  const notes: string[] = [];
  const origin = new URL(d.issuer).origin;
  const doc = d.oauthMetadataUrl ? 'RFC 8414 metadata' : d.openidConfigurationUrl ? 'OpenID configuration' : 'flags';
  const documents: NonNullable<Profile['documents']> = [];
  if (d.oauthMetadataUrl) documents.push({ ref: 'RFC 8414 metadata', title: `The server's authorization server metadata`, url: d.oauthMetadataUrl });
  if (d.openidConfigurationUrl) documents.push({ ref: 'OpenID configuration', title: `The server's OpenID Provider configuration`, url: d.openidConfigurationUrl });
  if (d.resource?.metadataUrl) documents.push({ ref: 'RFC 9728 metadata', title: 'The protected resource metadata', url: d.resource.metadataUrl });
  documents.push({ ref: 'flags', title: 'What was given on the command line' }, { ref: 'default', title: 'What the server does not publish: a stated default' });

  // Endpoints: paths on the issuer's origin (the target's baseUrl).
  const endpoints: Endpoints = {};
  const place = (key: keyof Endpoints, url: string | undefined, source: string, quote?: string) => {
    if (!url) return;
    let u: URL;
    try {
      u = new URL(url, origin);
    } catch {
      notes.push(`${key}: "${url}" is not a URL; left out`);
      return;
    }
    if (u.origin !== origin) {
      notes.push(`${key}: ${u.href} is on another origin than the issuer (${origin}); left out (a target has one base URL)`);
      return;
    }
    endpoints[key] = { path: u.pathname || '/', source: { document: source, ...(quote ? { quote } : {}) } };
  };
  const member = (key: keyof Endpoints, name: string, flag?: string) => {
    if (flag) return place(key, flag, 'flags', `--${name.replace(/_/g, '-').replace(/-endpoint$/, '')}-endpoint ${flag}`);
    const v = str(m[name]);
    place(key, v, doc, v ? `"${name}": "${v}"` : undefined);
  };
  member('token', 'token_endpoint', given.endpoints?.token);
  member('authorize', 'authorization_endpoint', given.endpoints?.authorize);
  member('revoke', 'revocation_endpoint', given.endpoints?.revoke);
  member('introspect', 'introspection_endpoint', given.endpoints?.introspect);
  member('jwks', 'jwks_uri');
  member('clientRegistration', 'registration_endpoint');
  member('deviceAuthorization', 'device_authorization_endpoint');
  member('par', 'pushed_authorization_request_endpoint');
  if (d.oauthMetadataUrl) place('metadata', d.oauthMetadataUrl, 'RFC 8414 metadata', 'found at the RFC 8414 well-known URL');

  // Grants: grant_types_supported, else RFC 8414 §2's default (authorization_code; implicit is not checked).
  const published = strings(m.grant_types_supported);
  const types = given.grants?.length ? given.grants : published ?? ['authorization_code'];
  const grantSource = given.grants?.length ? { document: 'flags', quote: given.grants.map((g) => `--grant ${g}`).join(' ') } : published ? { document: doc, quote: `"grant_types_supported": ${JSON.stringify(published)}` } : { document: 'default', section: 'RFC 8414 §2', quote: 'If omitted, the default value is "["authorization_code", "implicit"]".' };
  if (!published && !given.grants?.length) notes.push('grants: the server publishes no grant_types_supported; RFC 8414 §2’s default (authorization_code) is used; --grant TYPE names others');
  const refresh = types.includes('refresh_token');
  const grants: Grant[] = [];
  for (const t of types) {
    // RFC 8628 §4: the grant is published by its URN, its endpoint as device_authorization_endpoint.
    if (t === grantTypeOnWire('device_code') || t === 'device_code') {
      if (!endpoints.deviceAuthorization) notes.push('device_code: no device_authorization_endpoint is published; left out');
      else grants.push({ type: 'device_code', issuesRefreshToken: refresh, source: grantSource });
      continue;
    }
    // RFC 8693 §2.1, RFC 7523 §2.1: published by their URNs; neither needs an endpoint of its own.
    const extension = (['token_exchange', 'jwt_bearer'] as const).find((x) => grantTypeOnWire(x) === t);
    if (extension) {
      grants.push({ type: extension, issuesRefreshToken: false, source: grantSource });
      continue;
    }
    if (!KNOWN_GRANTS.includes(t as GrantType)) {
      if (t !== 'implicit') notes.push(`grant ${t}: not checked by this suite`);
      continue;
    }
    if (t === 'authorization_code' && !endpoints.authorize) {
      notes.push('authorization_code: no authorization endpoint is published; left out (--authorization-endpoint PATH)');
      continue;
    }
    grants.push({ type: t as GrantType, issuesRefreshToken: refresh && (t === 'authorization_code' || t === 'password'), source: grantSource });
  }
  if (!endpoints.token && grants.length) notes.push('token endpoint: not published; give --token-endpoint PATH');

  const methods = (strings(m.token_endpoint_auth_methods_supported) ?? ['client_secret_basic']).filter((x): x is (typeof AUTH_METHODS)[number] => (AUTH_METHODS as readonly string[]).includes(x));
  // RFC 9449 §5.1: dpop_signing_alg_values_supported signals DPoP; RFC 9126 §5 whether PAR is the only way in.
  // RFC 9449 §4.3 item 5: a proof is signed with an asymmetric algorithm; anything else listed is not one a proof may use.
  const proofAlgs = (strings(m.dpop_signing_alg_values_supported) ?? []).filter((x): x is (typeof asymmetricAlgs)[number] => (asymmetricAlgs as readonly string[]).includes(x));
  const pkceMethods = (strings(m.code_challenge_methods_supported) ?? []).filter((x): x is 'S256' | 'plain' => x === 'S256' || x === 'plain');
  const scopes = given.scopesSupported ?? strings(m.scopes_supported) ?? [];
  const oidc = Boolean(d.openidConfigurationUrl && scopes.includes('openid') && endpoints.jwks && grants.some((g) => g.type === 'authorization_code'));
  if (oidc) {
    place('discovery', d.openidConfigurationUrl, 'OpenID configuration', 'found at the OpenID Discovery 1.0 well-known URL');
    member('userinfo', 'userinfo_endpoint');
    member('endSession', 'end_session_endpoint');
  } else if (d.openidConfigurationUrl) {
    notes.push('OpenID Connect: the configuration does not list openid in scopes_supported with a jwks_uri and the code grant, so the OpenID checks are not applicable');
  }
  // RFC 6749 §4.4: client_credentials is for confidential clients, and §2.3.1 has every server support Basic.
  if (grants.some((g) => g.type === 'client_credentials') && !methods.some((x) => x !== 'none')) {
    methods.push('client_secret_basic');
    notes.push('client authentication: the metadata lists no secret-based method, yet client_credentials needs one (RFC 6749 §4.4); client_secret_basic is assumed, as RFC 6749 §2.3.1 has every server support it');
  }
  const undocumented: NonNullable<Profile['undocumented']> = ['accessToken.lifetime', 'accessToken.format'];
  if (refresh) undocumented.push('refreshToken.policy', 'grants.issuesRefreshToken');

  const resourceUrl = given.resource ?? (d.resource && !d.resource.mcp ? d.resource.url : undefined);
  if (resourceUrl) undocumented.push('resources.scopes');
  const resourceOrigin = resourceUrl ? new URL(resourceUrl).origin : d.resource ? new URL(d.resource.url).origin : undefined;
  const profile: Profile = {
    $schema: 'https://oauth-conformance.dev/schemas/profile.schema.json',
    id: name,
    title: `${d.issuer}, drafted from what it publishes`,
    description: `Drafted by oauth-conformance from ${documents.filter((x) => x.url).map((x) => x.url).join(', ') || 'the flags given'}. Values marked "default" are not published by the server; "undocumented" lists those no check judges until you set them.`,
    documents,
    undocumented,
    endpoints,
    grants,
    clientAuth: { methods: methods.length ? [methods[0]!, ...methods.slice(1)] : ['client_secret_basic'], source: m.token_endpoint_auth_methods_supported ? { document: doc, quote: `"token_endpoint_auth_methods_supported": ${JSON.stringify(m.token_endpoint_auth_methods_supported)}` } : { document: 'default', section: 'RFC 8414 §2', quote: 'If omitted, the default is "client_secret_basic"' } },
    accessToken: { format: 'opaque', lifetime: 3600, source: { document: 'default', choice: 'Not published: tokens are taken as opaque and the lifetime is not judged (listed in undocumented).' } },
    refreshToken: refresh ? { policy: 'reusable', source: { document: 'default', choice: 'Not published: whether refresh tokens rotate is not judged (listed in undocumented).' } } : { policy: 'none' },
    scopes: { supported: scopes, policy: 'narrowing', source: given.scopesSupported ? { document: 'flags', quote: `--scopes-supported "${scopes.join(' ')}"` } : m.scopes_supported ? { document: doc, quote: `"scopes_supported": ${JSON.stringify(scopes)}`, choice: 'policy: RFC 6749 §3.3 lets the server ignore or narrow a request, so nothing stricter is assumed' } : { document: 'default', choice: 'The server publishes no scopes_supported.' } },
    ...(pkceMethods[0] ? { pkce: { required: false, methods: [pkceMethods[0], ...pkceMethods.slice(1)], source: { document: doc, quote: `"code_challenge_methods_supported": ${JSON.stringify(m.code_challenge_methods_supported)}`, choice: 'required: not published, so not assumed' } } } : {}),
    tokenResponse: { pragmaNoCache: false },
    resources: resourceUrl ? [{ method: 'GET', path: new URL(resourceUrl).pathname, description: given.resource ? 'given with --resource' : 'the URL checked' }] : [],
    ...(d.resource ? { protectedResource: { path: new URL(d.resource.url).pathname } } : {}),
    ...(oidc ? { oidc: {} } : {}),
    ...(proofAlgs[0] ? { dpop: { algs: [proofAlgs[0], ...proofAlgs.slice(1)], source: { document: doc, quote: `"dpop_signing_alg_values_supported": ${JSON.stringify(m.dpop_signing_alg_values_supported)}`, choice: 'required: not published, so not assumed (fapi2.sender-constrained is then not applicable); nonces: answered when the server asks' } } } : {}),
    ...(endpoints.par ? { par: { required: m.require_pushed_authorization_requests === true, source: { document: doc, quote: `"require_pushed_authorization_requests": ${JSON.stringify(m.require_pushed_authorization_requests ?? false)}` } } } : {}),
    ...(grants.some((g) => g.type === 'device_code') ? { deviceAuthorization: { source: { document: doc, quote: `"device_authorization_endpoint": "${str(m.device_authorization_endpoint)}"`, choice: 'user code form, interval and lifetime: read from each device authorization response' } } } : {}),
  };
  // RFC 9126 §4: a pushed request is for the authorization endpoint; without one there is nothing to push for.
  if (endpoints.par && !endpoints.authorize) {
    delete endpoints.par;
    delete profile.par;
    notes.push('pushed_authorization_request_endpoint: published without an authorization endpoint; left out');
  }
  // RFC 8628 without the grant: an endpoint alone is no flow this suite can check.
  if (endpoints.deviceAuthorization && !grants.some((g) => g.type === 'device_code')) delete endpoints.deviceAuthorization;
  if (!resourceUrl) notes.push('resource: none given; --resource URL names an API route that takes the server’s tokens');
  if (!scopes.length) notes.push('scopes: none published; --scopes-supported "A B" names them (the scope checks need two)');
  notes.push('access tokens: format and lifetime are not published (checks on them are not judged; set them in a profile)');
  if (refresh) notes.push('refresh tokens: rotation is not published (its checks are not judged; set refreshToken.policy in a profile)');

  const credentials: NonNullable<Target['credentials']> = {
    ...(given.clientId ? { clientId: given.clientId } : {}),
    ...(given.clientSecretEnv ? { clientSecret: { env: given.clientSecretEnv } } : {}),
    ...(given.username ? { username: given.username } : {}),
    ...(given.passwordEnv ? { password: { env: given.passwordEnv } } : {}),
    ...(given.apiKeyEnv ? { apiKey: { env: given.apiKeyEnv } } : {}),
    ...(given.jwtClientId ? { jwtClientId: given.jwtClientId } : {}),
    ...(given.jwtClientKeyEnv ? { jwtClientKey: { env: given.jwtClientKeyEnv } } : {}),
  };
  const target: Target = {
    $schema: 'https://oauth-conformance.dev/schemas/target.schema.json',
    kind: 'server',
    name,
    profile: `./${name}.profile.json`,
    baseUrl: origin,
    ...(d.issuer !== origin ? { issuer: d.issuer } : {}),
    ...(resourceOrigin && resourceOrigin !== origin ? { resourceBaseUrl: resourceOrigin } : {}),
    ...(Object.keys(credentials).length ? { credentials } : {}),
    ...(given.redirectUri ? { redirectUri: given.redirectUri } : {}),
    ...(given.postLogoutRedirectUri ? { postLogoutRedirectUri: given.postLogoutRedirectUri } : {}),
    ...(given.scope ? { requestScope: Object.fromEntries(grants.filter((g) => g.type !== 'refresh_token').map((g) => [g.type, given.scope!])) } : oidc ? { requestScope: { authorization_code: 'openid' } } : {}),
  };
  return { profile, target, notes };
}

/** A file-name-safe name for a server: its host and path. */
export function nameFor(url: string): string {
  const u = new URL(url);
  return `${u.hostname}${u.port ? `-${u.port}` : ''}${u.pathname}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'server';
}
