// What the protected-resource, resource-indicator, registration and MCP checks share: the resource
// identifier and its metadata URL (RFC 9728 §3.1), discovery the way an MCP client does it, and tokens
// asked for a resource (RFC 8707).
import { decodeJwt } from 'jose';
import { canonical } from '../lib/resource-uri.ts';
import type { CheckContext } from './fixtures.ts';
import { expect } from './fixtures.ts';
import { directGrant, endpointUrl, obtainToken, parseChallenge, type Issued } from './support.ts';
import type { SuiteTarget } from './target.ts';
import { metadataUrlFor, oauthMetadataUrl, openidConfigurationUrl } from './well-known.ts';

/** RFC 9728 §1.2: the resource identifier, where the resource is served. */
export function resourceId(t: SuiteTarget): string {
  return `${t.resourceBaseUrl}${t.profile.basePath}${t.profile.protectedResource!.path}`;
}

export { metadataUrlFor } from './well-known.ts';

/** The scope the MCP endpoint (or the resource) needs, where the profile names one. */
export function resourceScope(t: SuiteTarget): string | undefined {
  return t.profile.protectedResource?.scopesSupported?.[0];
}

/** An MCP initialize request body. */
export function initializeBody(revision: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: revision, capabilities: {}, clientInfo: { name: 'oauth-conformance', version: '1' } } });
}

export const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** A token for `resource` from the direct grant (client_credentials), with the resource's scope. */
export async function tokenFor(c: CheckContext, resource: string, o: { judged?: boolean } = {}): Promise<Issued> {
  const g = directGrant(c.target);
  // obtainToken says what is missing when no direct grant can be used.
  if (!g) return obtainToken(c);
  const scope = resourceScope(c.target);
  return obtainToken(c, { resource, ...(scope && c.target.profile.scopes.supported.includes(scope) ? { [g.fields.scope]: scope } : {}) }, g, o);
}

/** The audiences a token names: its JWT aud, else what introspection says. */
export async function audienceOf(c: CheckContext, token: string): Promise<string[] | undefined> {
  if (token.split('.').length === 3) {
    try {
      const aud = decodeJwt(token).aud;
      return aud === undefined ? [] : Array.isArray(aud) ? aud : [aud];
    } catch {
      // not a JWT after all
    }
  }
  const t = c.target;
  if (!t.profile.endpoints.introspect || !t.credentials.clientId || !t.credentials.clientSecret) return undefined;
  const r = await c.http.send('POST', endpointUrl(t, 'introspect'), { form: { token }, basic: [t.credentials.clientId, t.credentials.clientSecret] }, 'introspect for the audience');
  const aud = r.body?.aud;
  return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.map(String) : undefined;
}

/** The same resource, compared as RFC 3986 §6.2.2.1 allows (case of scheme and host; a lone trailing slash). */
export function sameResource(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

/**
 * What a client of each MCP revision tries, in order ("Authorization Server Discovery"). 2025-06-18:
 * the 401's resource_metadata only ("MCP servers MUST use the HTTP header WWW-Authenticate ... to
 * indicate the location of the resource server metadata URL") and RFC 8414 only ("MCP clients MUST
 * follow the OAuth 2.0 Authorization Server Metadata [RFC8414] specification"). 2025-11-25 and later:
 * the header, else the path-suffixed then the root well-known URL; RFC 8414 with path insertion, then
 * OpenID Connect Discovery.
 */
export function discoveryOrder(revision: string): { wellKnownFallback: boolean; openIdDiscovery: boolean } {
  const later = revision > '2025-06-18';
  return { wellKnownFallback: later, openIdDiscovery: later };
}

/** MCP discovery as a client of `revision` does it. Returns what the client learns on the way. */
export async function discover(c: CheckContext, revision: string): Promise<{ prm: Record<string, unknown>; as: Record<string, unknown> }> {
  const t = c.target;
  const id = resourceId(t);
  const order = discoveryOrder(revision);
  const first = await c.http.send('POST', id, { headers: { accept: mcpHeaders.accept }, json: JSON.parse(initializeBody(revision)) as unknown }, 'the MCP endpoint without a token');
  const pointed = parseChallenge(first.headers['www-authenticate'])?.params.resource_metadata;
  const candidates = pointed ? [pointed] : order.wellKnownFallback ? [metadataUrlFor(id), `${new URL(id).origin}/.well-known/oauth-protected-resource`] : [];
  expect(candidates.length, `MCP ${revision}: the 401 names resource_metadata (this revision lists no well-known fallback): ${first.headers['www-authenticate'] ?? 'no challenge'}`).toBeGreaterThan(0);
  let prm: Record<string, unknown> | undefined;
  for (const url of candidates) {
    const r = await c.http.send('GET', url, {}, 'protected resource metadata');
    if (r.status === 200 && r.body) {
      prm = r.body;
      break;
    }
  }
  expect(prm, `protected resource metadata at ${candidates.join(' or ')}`).toBeTruthy();
  const servers = prm!.authorization_servers;
  expect(Array.isArray(servers) && servers.length > 0, 'authorization_servers names at least one server').toBe(true);
  const issuer = String((servers as unknown[])[0]);
  const as = await serverMetadata(c, issuer, order);
  return { prm: prm!, as };
}

/**
 * RFC 8414 §3.1 (path inserted), then (unless told not to) OpenID Connect Discovery: the first that
 * answers with this issuer. RFC 8414 §3.3: a document whose issuer is not identical "MUST NOT be used".
 */
export async function serverMetadata(c: CheckContext, issuer: string, order = { openIdDiscovery: true }): Promise<Record<string, unknown>> {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  const oauth = oauthMetadataUrl(issuer);
  const urls = order.openIdDiscovery ? [oauth, `${u.origin}/.well-known/openid-configuration${path}`, openidConfigurationUrl(issuer)] : [oauth];
  let found: Record<string, unknown> | undefined;
  const unusable: string[] = [];
  for (const url of [...new Set(urls)]) {
    const r = await c.http.send('GET', url, {}, 'authorization server metadata');
    if (r.status !== 200 || !r.body || typeof r.body.issuer !== 'string') continue;
    if (r.body.issuer === issuer) {
      found = r.body;
      break;
    }
    unusable.push(`${url} names issuer ${JSON.stringify(r.body.issuer)}`);
  }
  expect(found, `authorization server metadata for ${issuer} at ${urls.join(' or ')}${unusable.length ? ` (not used, RFC 8414 §3.3: ${unusable.join('; ')})` : ''}`).toBeTruthy();
  return found!;
}
