// RFC 7591 dynamic client registration: the client sends its metadata, the server validates it,
// issues a client_id (and a secret only to a confidential client) and answers what it registered
// (§3.2.1). Invalid redirect URIs get invalid_redirect_uri, other bad metadata invalid_client_metadata
// (§3.2.2). Registered clients live in the store, so every process of a scaled-out mock knows them.
import type { Client } from '../../../generated/types/index.ts';
import type { Reply } from '../core/call.ts';
import { randomToken, type EngineContext } from '../core/context.ts';
import type { DocumentInput } from '../core/flow-input.ts';
import { json, noStore } from '../core/params.ts';
import { OAuthError } from '../core/oauth-error.ts';
import { defect } from '../core/defects.ts';
import { hasPrivateMembers } from '../../../lib/jwk.ts';

const invalidMetadata = (d: string) => new OAuthError('invalid_client_metadata', d, { status: 400 });
const invalidRedirect = (d: string) => new OAuthError('invalid_redirect_uri', d, { status: 400 });
type AuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt';
const authMethods: readonly AuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'];
// OAuth 2.1 §2.3.1, RFC 8252 §7.3: plain http only to the device itself.
const loopbackHosts = ['127.0.0.1', '[::1]', 'localhost'];
const grantTypes = ['authorization_code', 'refresh_token', 'client_credentials', 'password'] as const;

// §3.1: the request is a JSON document, which the pipeline has read (the route's `document` input).
export async function clientRegistration(ctx: EngineContext, { document: meta, store, clock }: DocumentInput): Promise<Reply> {
  const p = ctx.profile;
  const strings = (name: string): string[] | undefined => {
    const v = meta[name];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw invalidMetadata(`${name} must be an array of strings`);
    return v as string[];
  };
  const grants = strings('grant_types') ?? ['authorization_code'];
  const unknownGrant = grants.find((g) => !(grantTypes as readonly string[]).includes(g) || !p.grants.some((x) => x.type === g));
  if (unknownGrant) throw invalidMetadata(`grant_type ${unknownGrant.slice(0, 64)} is not supported here`);
  const responseTypes = strings('response_types') ?? (grants.includes('authorization_code') ? ['code'] : []);
  // §2.1: grant_types and response_types must agree.
  if (responseTypes.some((r) => r !== 'code')) throw invalidMetadata('only response_type code is supported');
  if (responseTypes.includes('code') !== grants.includes('authorization_code')) throw invalidMetadata('response_types code and grant_types authorization_code go together (RFC 7591 §2.1)');
  const method = (meta.token_endpoint_auth_method ?? 'client_secret_basic') as AuthMethod;
  const methods = p.clientRegistration?.authMethods ?? p.clientAuth.methods.filter((m): m is AuthMethod => authMethods.includes(m as AuthMethod));
  if (typeof method !== 'string' || !methods.includes(method)) throw invalidMetadata(`token_endpoint_auth_method must be one of ${methods.join(', ')}`);
  if (method === 'none' && grants.includes('client_credentials')) throw invalidMetadata('a public client cannot use client_credentials (RFC 6749 §4.4)');
  const keys = method === 'private_key_jwt' ? clientKeys(meta) : {};
  const redirectUris = strings('redirect_uris') ?? [];
  if (grants.includes('authorization_code') && !redirectUris.length) throw invalidRedirect('redirect_uris is required for the authorization_code grant (RFC 7591 §2)');
  for (const uri of redirectUris) checkRedirectUri(ctx, uri);
  const postLogout = strings('post_logout_redirect_uris') ?? [];
  for (const uri of postLogout) checkRedirectUri(ctx, uri);
  let scopes: string[] | undefined;
  if (meta.scope !== undefined) {
    if (typeof meta.scope !== 'string') throw invalidMetadata('scope must be a space-separated string');
    scopes = meta.scope.split(' ').filter(Boolean);
    const unknown = scopes.filter((s) => !p.scopes.supported.includes(s));
    if (unknown.length) throw invalidMetadata(`unknown scope ${unknown.join(' ').slice(0, 100)}`);
  }
  // OpenID Connect Registration §2 defines application_type ("native" or "web"); MCP 2026-07-28 has
  // clients send it. The mock applies no redirect URI constraints by it (MCP: servers "may").
  const applicationType = meta.application_type;
  if (applicationType !== undefined && applicationType !== 'native' && applicationType !== 'web') throw invalidMetadata('application_type must be "native" or "web" (OpenID Connect Registration §2)');
  const name = typeof meta.client_name === 'string' ? meta.client_name.slice(0, 200) : undefined;
  // RFC 9449 §5.2: the client will always use DPoP, and its token requests without a proof are refused.
  const dpopBound = meta.dpop_bound_access_tokens;
  if (dpopBound !== undefined && typeof dpopBound !== 'boolean') throw invalidMetadata('dpop_bound_access_tokens must be a boolean (RFC 9449 §5.2)');
  if (dpopBound && !p.dpop) throw invalidMetadata('this server does not issue DPoP-bound access tokens');
  const clientId = `dcr-${randomToken(16)}`;
  // A client that signs its assertions holds no secret of ours.
  const secret = method === 'none' || method === 'private_key_jwt' ? undefined : randomToken(32);
  const client: Client = {
    clientId,
    ...(secret ? { clientSecret: secret } : {}),
    ...keys,
    grants: grants as Client['grants'],
    redirectUris,
    ...(postLogout.length ? { postLogoutRedirectUris: postLogout } : {}),
    ...(scopes ? { scopes } : {}),
    ...(name ? { description: name } : {}),
    ...(dpopBound ? { dpopBoundAccessTokens: true } : {}),
  };
  await store.putClient(client);
  const issuedAt = clock.nowSeconds();
  // §3.2.1: the registered metadata, as the server will use it, plus what it issued.
  const body: Record<string, unknown> = {
    client_id: clientId,
    client_id_issued_at: issuedAt,
    ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
    redirect_uris: redirectUris,
    grant_types: grants,
    response_types: responseTypes,
    token_endpoint_auth_method: method,
    ...(keys.jwks ? { jwks: keys.jwks } : {}),
    ...(keys.jwksUri ? { jwks_uri: keys.jwksUri } : {}),
    ...(postLogout.length ? { post_logout_redirect_uris: postLogout } : {}),
    ...(scopes ? { scope: scopes.join(' ') } : {}),
    ...(name ? { client_name: name } : {}),
    ...(applicationType ? { application_type: applicationType } : {}),
    ...(dpopBound !== undefined ? { dpop_bound_access_tokens: dpopBound } : {}),
  };
  return json(201, body, { ...noStore });
}

/**
 * RFC 7591 §2: a private_key_jwt client registers its public keys, by value (`jwks`) or by reference
 * (`jwks_uri`), "MUST NOT both be present". Private key material is refused: the server never holds it.
 */
function clientKeys(meta: Record<string, unknown>): Pick<Client, 'jwks' | 'jwksUri'> {
  const { jwks, jwks_uri: uri } = meta;
  if ((jwks === undefined) === (uri === undefined)) throw invalidMetadata('private_key_jwt needs the client’s public keys: jwks or jwks_uri, one of them (RFC 7591 §2)');
  if (uri !== undefined) {
    if (typeof uri !== 'string' || !isKeyUrl(uri)) throw invalidMetadata('jwks_uri must be an https URL (http only on a loopback host)');
    return { jwksUri: uri };
  }
  const list = jwks && typeof jwks === 'object' && Array.isArray((jwks as { keys?: unknown }).keys) ? ((jwks as { keys: unknown[] }).keys) : undefined;
  if (!list?.length || list.length > 10 || !list.every((k) => k && typeof k === 'object' && typeof (k as { kty?: unknown }).kty === 'string')) throw invalidMetadata('jwks must be a JWK Set: {"keys": [...]}, 1 to 10 keys, each with kty');
  if (list.some((k) => hasPrivateMembers(k as object))) throw invalidMetadata('jwks must hold public keys only: a private or symmetric key member was sent');
  return { jwks: { keys: list as NonNullable<Client['jwks']>['keys'] } };
}

function isKeyUrl(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'https:' || (u.protocol === 'http:' && loopbackHosts.includes(u.hostname));
  } catch {
    return false;
  }
}

/**
 * A redirect URI a browser may safely be sent to (RFC 7591 §5, OAuth 2.1 §2.3.1, RFC 8252 §7): absolute,
 * without a fragment, https, http only to a loopback host, or a private-use scheme of a native app;
 * never a scheme that runs code or carries data in the browser.
 */
function checkRedirectUri(ctx: EngineContext, uri: string): void {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw invalidRedirect(`not an absolute URI: ${uri.slice(0, 100)}`);
  }
  if (defect(ctx, 'registration-accepts-any-redirect')) return;
  if (u.hash || uri.includes('#')) throw invalidRedirect('a redirect URI must not include a fragment (RFC 6749 §3.1.2)');
  const scheme = u.protocol.slice(0, -1).toLowerCase();
  if (['javascript', 'data', 'vbscript', 'file', 'blob', 'about', 'ftp', 'ws', 'wss'].includes(scheme)) throw invalidRedirect(`the ${scheme}: scheme cannot be a redirect URI`);
  if (scheme === 'http' && !loopbackHosts.includes(u.hostname)) throw invalidRedirect('http redirect URIs are allowed for loopback hosts only (OAuth 2.1 §2.3.1)');
  // A private-use scheme names its app by reverse domain (RFC 8252 §7.1): at least one dot.
  if (scheme !== 'http' && scheme !== 'https' && !scheme.includes('.')) throw invalidRedirect(`a private-use scheme must be a reverse domain name (RFC 8252 §7.1), found ${scheme}:`);
}
