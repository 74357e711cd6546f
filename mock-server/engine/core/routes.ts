// The one route table: path -> the methods it serves, what the pipeline reads from the request (body
// encodings, client authentication, the bearer token), the wire style its errors take, and its flow.
// The engine runs every request through it (pipeline.ts); transports read it (MSW registers its paths).
import type { Resource } from '../../../generated/types/index.ts';
import { defaultFields, type ResolvedGrant, type ResolvedProfile } from '../../../lib/resolved-profile.ts';
import type { AuthMethod, ClientRule } from '../clients/client-auth.ts';
import type { BearerInput, DocumentInput, Flow, GrantInput, TransportInput } from './flow-input.ts';
import type { ErrorStyle } from './oauth-error.ts';
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
import { deviceAuthorization, deviceVerification } from '../flows/device-authorization.ts';
import { pushAuthorizationRequest } from '../flows/pushed-authorization.ts';

export type Encoding = 'form' | 'json';

/** Where a route's parameters come from and how they are encoded. */
export interface ParamsBody {
  encodings: readonly Encoding[];
  /** GET takes them from the query instead (RFC 6749 §3.1; RP-Initiated Logout 1.0 §2). */
  queryOnGet?: boolean;
  /** Parameters that may repeat, kept space-joined (RFC 8707 §2: `resource`). */
  joined?: readonly string[];
  /**
   * A request that cannot be parsed is shown to the user as a page: a browser is at the other end and
   * no redirect URI can be trusted yet (RFC 6749 §4.1.2.1).
   */
  malformed?: 'page';
}

interface RouteBase {
  path: string;
  /** Methods served (HEAD is served wherever GET is). */
  methods: string[];
  /** How errors are written here: OAuth JSON, problem details, or an RFC 6750 challenge. */
  style: ErrorStyle;
}

/** What the pipeline reads for each kind of route before its flow runs. */
export type Route = RouteBase &
  (
    | { input: 'none'; handle: Flow }
    | { input: 'params'; body: ParamsBody; client: ClientRule; handle: Flow }
    /** A token endpoint: the grant is picked by grant_type (or is the endpoint's one), and authenticates its client as it declares. */
    | { input: 'grant'; body: ParamsBody; grants: readonly GrantRoute[]; handle: Flow<GrantInput> }
    /** A protected resource: the bearer token is found as RFC 6750 §2 allows (`bodyToken`: the form body too). */
    | { input: 'bearer'; bodyToken: boolean; handle: Flow<BearerInput> }
    /** A JSON object body; one that is not is answered with the route's `malformed` error code. */
    | { input: 'document'; malformed: string; handle: Flow<DocumentInput> }
    /** The request is handed on whole (the MCP SDK); its rules run before the body is read. */
    | { input: 'transport'; handle: Flow<TransportInput> }
  );

export interface GrantRoute {
  grant: ResolvedGrant;
  client: ClientRule;
}

export type RouteTable = ReadonlyMap<string, Route>;

/** A route before it is given its path (each kind keeps its own fields). */
type Unplaced<R> = R extends unknown ? Omit<R, 'path'> : never;

export function routeTable(p: ResolvedProfile): RouteTable {
  const t = new Map<string, Route>();
  const at = (name: keyof ResolvedProfile['endpoints']) => (p.endpoints[name] ? p.basePath + p.endpoints[name]!.path : undefined);
  const add = (path: string | undefined, route: Unplaced<Route>) => {
    if (path && !t.has(path)) t.set(path, { ...route, path } as Route);
  };
  const methods = p.clientAuth.methods as readonly AuthMethod[];
  const authenticated: ClientRule = { methods, fields: defaultFields };
  const joined: { joined?: string[] } = p.resourceIndicators ? { joined: ['resource'] } : {};
  // Protected resources first: a resource path wins over an endpoint of the same path, as before.
  const byPath = new Map<string, Resource[]>();
  for (const r of p.resources) byPath.set(p.basePath + r.path, [...(byPath.get(p.basePath + r.path) ?? []), r]);
  for (const [path, resources] of byPath) {
    const forMethod = (m: string) => resources.find((r) => (r.method ?? 'GET') === m)!;
    add(path, { methods: resources.map((r) => r.method ?? 'GET'), style: 'bearer', input: 'bearer', bodyToken: p.bearer.bodyToken ?? false, handle: (ctx, input) => resource(ctx, input, forMethod(input.request.method)) });
  }
  const dedicatedStyle: ErrorStyle = p.errors.format === 'problem' ? 'problem' : 'oauth';
  for (const endpoint of ['token', 'apiKey', 'refresh'] as const) {
    const grants = p.grants.filter((g) => g.endpoint === endpoint);
    if (!grants.length) continue;
    // Profiles without OAuth clients (api.video: the API key is the credential) authenticate none.
    const perGrant = grants.map((grant) => ({ grant, client: grant.type === 'api_key' || !p.mock.clients.length ? ('none' as const) : { methods, fields: grant.fields } }));
    // RFC 8693 §2.1: audience and resource may each repeat in a token exchange.
    const repeatable = grants.some((g) => g.type === 'token_exchange') ? { joined: [...new Set([...(joined.joined ?? []), 'audience', 'resource'])] } : joined;
    add(at(endpoint), { methods: ['POST'], style: grants.every((g) => !g.grantTypeParameter) ? dedicatedStyle : 'oauth', input: 'grant', body: { encodings: [...new Set(grants.map((g) => g.encoding))], ...repeatable }, grants: perGrant, handle: grantEndpoint });
  }
  // RFC 8628 §3.1: the device's request, its client authenticated as at the token endpoint; §3.3 the page.
  add(at('deviceAuthorization'), { methods: ['POST'], style: 'oauth', input: 'params', body: { encodings: ['form'], ...joined }, client: authenticated, handle: deviceAuthorization });
  if (p.deviceAuthorization) add(p.basePath + p.deviceAuthorization.verificationPath, { methods: ['GET', 'POST'], style: 'oauth', input: 'params', body: { encodings: ['form'], queryOnGet: true, malformed: 'page' }, client: 'none', handle: deviceVerification });
  // RFC 9126 §2: the pushed request, its client authenticated as at the token endpoint (the defect takes a client_id alone).
  add(at('par'), { methods: ['POST'], style: 'oauth', input: 'params', body: { encodings: ['form'], ...joined }, client: { methods, fields: defaultFields, lax: 'par-client-unauthenticated' }, handle: pushAuthorizationRequest });
  add(at('revoke'), { methods: ['POST'], style: 'oauth', input: 'params', body: { encodings: ['form'] }, client: authenticated, handle: revoke });
  add(at('introspect'), { methods: ['POST'], style: 'oauth', input: 'params', body: { encodings: ['form'] }, client: authenticated, handle: introspect });
  if (p.registration) add(at('register'), { methods: ['POST'], style: dedicatedStyle, input: 'params', body: { encodings: [p.registration.encoding] }, client: 'none', handle: register });
  add(at('metadata'), { methods: ['GET'], style: 'oauth', input: 'none', handle: (ctx, input) => metadata(ctx, input) });
  add(at('discovery'), { methods: ['GET'], style: 'oauth', input: 'none', handle: (ctx, input) => metadata(ctx, input, 'openid') });
  // OpenID Connect Core 1.0 §5.3.1: GET or POST, the token in the form body too.
  add(at('userinfo'), { methods: ['GET', 'POST'], style: 'bearer', input: 'bearer', bodyToken: true, handle: userinfo });
  add(at('endSession'), { methods: ['GET', 'POST'], style: 'oauth', input: 'params', body: { encodings: ['form'], queryOnGet: true, malformed: 'page' }, client: 'none', handle: endSessionEndpoint });
  // RFC 7591 §3.1: the metadata is a JSON document; §3.2.2: anything else is invalid_client_metadata.
  add(at('clientRegistration'), { methods: ['POST'], style: 'oauth', input: 'document', malformed: 'invalid_client_metadata', handle: clientRegistration });
  if (p.mcp && p.protectedResource) add(p.basePath + p.protectedResource.path, { methods: ['GET', 'POST', 'DELETE'], style: 'bearer', input: 'transport', handle: mcpEndpoint });
  if (p.protectedResource) {
    // RFC 9728 §3.1: the well-known segment sits between the host and the resource's path.
    add(`${prmPrefix}${p.basePath}${p.protectedResource.path}`, { methods: ['GET'], style: 'oauth', input: 'none', handle: async (ctx, input) => protectedResourceMetadata(ctx, input, 'resource') });
    add(prmPrefix, { methods: ['GET'], style: 'oauth', input: 'none', handle: async (ctx, input) => protectedResourceMetadata(ctx, input, 'root') });
  }
  add(at('jwks'), { methods: ['GET'], style: 'oauth', input: 'none', handle: (ctx) => jwks(ctx) });
  add(at('authorize'), { methods: ['GET', 'POST'], style: 'oauth', input: 'params', body: { encodings: ['form'], queryOnGet: true, malformed: 'page', ...joined }, client: 'none', handle: authorize });
  return t;
}
