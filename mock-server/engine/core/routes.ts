// The one route table: path -> the methods it serves, the wire style its errors take, and its
// handler. The engine dispatches through it and every transport reads it (MSW registers its paths).
import type { Resource } from '../../../generated/types/index.ts';
import type { ResolvedProfile } from '../../../lib/resolved-profile.ts';
import type { Call, Reply } from './call.ts';
import type { EngineContext } from './context.ts';
import { authorize } from '../flows/authorize.ts';
import { endSessionEndpoint } from '../flows/end-session.ts';
import { introspect } from '../flows/introspection.ts';
import { jwks, metadata } from '../flows/metadata.ts';
import { protectedResourceMetadata } from '../flows/protected-resource.ts';
import { prmPrefix } from '../tokens/resource-indicators.ts';
import { clientRegistration } from '../flows/client-registration.ts';
import { register } from '../flows/user-registration.ts';
import { resource } from '../flows/resource.ts';
import { revoke } from '../flows/revocation.ts';
import { grantEndpoint } from '../flows/token-endpoint.ts';
import { userinfo } from '../flows/userinfo.ts';
import { mcpEndpoint } from '../flows/mcp.ts';
import type { ErrorStyle } from './oauth-error.ts';

export interface Route {
  path: string;
  /** Methods served (HEAD is served wherever GET is). */
  methods: string[];
  /** How errors are written here: OAuth JSON, problem details, or an RFC 6750 challenge. */
  style: ErrorStyle;
  handle(ctx: EngineContext, call: Call): Promise<Reply>;
}

export type RouteTable = ReadonlyMap<string, Route>;

export function routeTable(p: ResolvedProfile): RouteTable {
  const t = new Map<string, Route>();
  const at = (name: keyof ResolvedProfile['endpoints']) => (p.endpoints[name] ? p.basePath + p.endpoints[name]!.path : undefined);
  const add = (path: string | undefined, methods: string[], style: ErrorStyle, handle: Route['handle']) => {
    if (path && !t.has(path)) t.set(path, { path, methods, style, handle });
  };
  // Protected resources first: a resource path wins over an endpoint of the same path, as before.
  const byPath = new Map<string, Resource[]>();
  for (const r of p.resources) byPath.set(p.basePath + r.path, [...(byPath.get(p.basePath + r.path) ?? []), r]);
  for (const [path, resources] of byPath) {
    add(path, resources.map((r) => r.method ?? 'GET'), 'bearer', (ctx, call) => resource(ctx, call, resources.find((r) => (r.method ?? 'GET') === call.method)!));
  }
  const dedicatedStyle: ErrorStyle = p.errors.format === 'problem' ? 'problem' : 'oauth';
  for (const endpoint of ['token', 'apiKey', 'refresh'] as const) {
    const grants = p.grants.filter((g) => g.endpoint === endpoint);
    if (grants.length) add(at(endpoint), ['POST'], grants.every((g) => !g.grantTypeParameter) ? dedicatedStyle : 'oauth', (ctx, call) => grantEndpoint(ctx, call, endpoint));
  }
  add(at('revoke'), ['POST'], 'oauth', revoke);
  add(at('introspect'), ['POST'], 'oauth', introspect);
  add(at('register'), ['POST'], dedicatedStyle, register);
  add(at('metadata'), ['GET'], 'oauth', (ctx, call) => metadata(ctx, call));
  add(at('discovery'), ['GET'], 'oauth', (ctx, call) => metadata(ctx, call, 'openid'));
  add(at('userinfo'), ['GET', 'POST'], 'bearer', userinfo);
  add(at('endSession'), ['GET', 'POST'], 'oauth', endSessionEndpoint);
  add(at('clientRegistration'), ['POST'], 'oauth', clientRegistration);
  if (p.mcp && p.protectedResource) add(p.basePath + p.protectedResource.path, ['GET', 'POST', 'DELETE'], 'bearer', mcpEndpoint);
  if (p.protectedResource) {
    // RFC 9728 §3.1: the well-known segment sits between the host and the resource's path.
    add(`${prmPrefix}${p.basePath}${p.protectedResource.path}`, ['GET'], 'oauth', async (ctx, call) => protectedResourceMetadata(ctx, call, 'resource'));
    add(prmPrefix, ['GET'], 'oauth', async (ctx, call) => protectedResourceMetadata(ctx, call, 'root'));
  }
  add(at('jwks'), ['GET'], 'oauth', (ctx) => jwks(ctx));
  add(at('authorize'), ['GET', 'POST'], 'oauth', authorize);
  return t;
}
