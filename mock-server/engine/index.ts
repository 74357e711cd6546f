// The engine: a profile becomes one fetch-style handler. A request passes the admin surface, fault
// rules and the recorder, is routed by the profile to ONE flow, and any OAuthError it throws is
// written in the wire style of the endpoint it reached.
import type { Client, User } from '../../generated/types/index.ts';
import type { ResolvedProfile } from '../../lib/resolved-profile.ts';
import { createAdmin, adminNeedsJson, adminPrefix, adminRefusal, adminRoute, type Admin } from './admin.ts';
import { createClock } from './clock.ts';
import type { DefectName } from './defects.ts';
import type { ApiKeyEntry, EngineContext } from './context.ts';
import { createFaults, faultResponse } from './faults.ts';
import { authorize } from './flows/authorize.ts';
import { grantEndpoint } from './flows/token-endpoint.ts';
import { introspect } from './flows/introspection.ts';
import { jwks, metadata } from './flows/metadata.ts';
import { register } from './flows/registration.ts';
import { bearerError, resource } from './flows/resource.ts';
import { revoke } from './flows/revocation.ts';
import { bodyTextOf, json, methodNotAllowed, notFound, responseTextOf, textResponse } from './http.ts';
import { generateSigningKey, signingAlgs, type SigningAlg, type SigningKey } from './keys.ts';
import { OAuthError, errorBody, type ErrorStyle } from './oauth-error.ts';
import { createRecorder, profileSecretFields } from './recorder.ts';
import { sealingKeyFor, type SealKey } from './sealed.ts';
import { createMemoryStore } from './store-memory.ts';
import type { Store, StoreStats } from './store.ts';

/** Demo credentials that replace the profile's first client, user or API key. */
export interface CredentialOverrides {
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  username?: string;
  password?: string;
}

export interface EngineOptions {
  profile: ResolvedProfile;
  /** Signing algorithm (default: the first of the profile's algs the mock can sign with, else RS256). */
  alg?: SigningAlg;
  /** A key to sign with (e.g. loaded with `loadSigningKey`), shared between instances. */
  key?: SigningKey;
  /** Public base URL (issuer); default: the origin each request arrives at, plus basePath. */
  issuer?: string;
  credentials?: CredentialOverrides;
  /** Required in `x-admin-token` for admin requests; without it admin is loopback-only. */
  adminToken?: string;
  /** Deliberate defects (see defects.ts): for proving the suites, never for ordinary use. */
  defects?: readonly DefectName[];
  /** Seconds an authorization code lives (default 60). */
  codeLifetime?: number;
  /** Real time source (tests). */
  now?: () => number;
  /** Keep this many recorded exchanges (default 1000; 0 records nothing). */
  recordLimit?: number;
  /** Where state lives (default: a new memory store). The caller that passes one also closes it. */
  store?: Store;
}

export interface RequestInfo {
  /** The peer's address, for the admin loopback rule; absent for in-process transports (MSW). */
  remoteAddress?: string;
}

export interface Engine {
  handle(request: Request, info?: RequestInfo): Promise<Response>;
  admin: Admin;
  profile: ResolvedProfile;
  /** The signing key (generated in the background at start unless one was given). */
  key(): Promise<SigningKey>;
  /** The demo credentials in force. */
  demo: { clients: Client[]; users: User[]; apiKeys: ApiKeyEntry[] };
  /** Tells the engine where it is served (transports call this once listening). */
  setOrigin(origin: string): void;
  /** How much state the store holds (families, revocations, codes, sign-ins, users, clients). */
  stats(): Promise<StoreStats>;
  /** The store the engine keeps its state in. */
  store: Store;
}

type Route =
  | { kind: 'grant'; endpoint: 'token' | 'apiKey' | 'refresh'; style: ErrorStyle }
  | { kind: 'revoke' | 'introspect' | 'register' | 'metadata' | 'jwks' | 'authorize'; style: ErrorStyle };

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const profile = options.profile;
  const alg = options.key?.alg ?? options.alg ?? defaultAlgFor(profile);
  // The server can listen while an RSA key is still being generated (~100-300 ms); whatever needs the
  // key awaits it.
  const keyPromise = options.key ? Promise.resolve(options.key) : generateSigningKey(alg);
  keyPromise.catch(() => undefined); // failures surface where the key is awaited
  const key = () => keyPromise;
  const clock = createClock(options.now);
  const store = options.store ?? createMemoryStore();
  const demo = demoData(profile, options.credentials ?? {});
  let sealKey: Promise<SealKey> | undefined;
  let origin = 'http://127.0.0.1';
  const issuerFor = (request: Request) => options.issuer?.replace(/\/$/, '') ?? `${new URL(request.url).origin}${profile.basePath}`;
  const ctx: EngineContext = {
    profile,
    clock,
    store,
    key,
    sealKey: () => (sealKey ??= keyPromise.then(sealingKeyFor)),
    clients: new Map(demo.clients.map((c) => [c.clientId, c])),
    apiKeys: demo.apiKeys,
    issuer: issuerFor,
    origin: () => options.issuer ?? origin,
    codeLifetime: options.codeLifetime ?? 60,
    configuredUsers: demo.users,
    verified: new Map(),
    defects: new Set(options.defects ?? []),
  };
  const faults = createFaults();
  const recorder = createRecorder(options.recordLimit ?? 1000, profileSecretFields(profile));
  const admin = createAdmin(ctx, faults, recorder);
  const routes = routeTable(profile);
  const resourcesByPath = new Map<string, NonNullable<ResolvedProfile['resources']>>();
  for (const r of profile.resources) resourcesByPath.set(profile.basePath + r.path, [...(resourcesByPath.get(profile.basePath + r.path) ?? []), r]);
  const info = { profile: profile.id, title: profile.title, alg, demo };
  let sinceSweep = 0;

  async function route(request: Request, url: URL, path: string): Promise<{ response: Response; style: ErrorStyle }> {
    const resources = resourcesByPath.get(path);
    if (resources) {
      const res = resources.find((r) => (r.method ?? 'GET') === request.method);
      if (!res) return { response: methodNotAllowed(resources.map((r) => r.method ?? 'GET')), style: 'bearer' };
      return { response: await resource(ctx, request, url, res), style: 'bearer' };
    }
    const r = routes.get(path);
    if (!r) return { response: notFound(path), style: 'oauth' };
    const allowed = r.kind === 'metadata' || r.kind === 'jwks' ? ['GET'] : r.kind === 'authorize' ? ['GET', 'POST'] : ['POST'];
    if (!allowed.includes(request.method)) return { response: methodNotAllowed(allowed), style: r.style };
    switch (r.kind) {
      case 'grant':
        return { response: await grantEndpoint(ctx, request, r.endpoint), style: r.style };
      case 'revoke':
        return { response: await revoke(ctx, request), style: r.style };
      case 'introspect':
        return { response: await introspect(ctx, request), style: r.style };
      case 'register':
        return { response: await register(ctx, request), style: r.style };
      case 'metadata':
        return { response: metadata(ctx, request), style: r.style };
      case 'jwks':
        return { response: await jwks(ctx), style: r.style };
      case 'authorize':
        return { response: await authorize(ctx, request), style: r.style };
    }
  }

  async function handle(request: Request, reqInfo: RequestInfo = {}): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return json(400, { error: 'invalid_request', error_description: 'malformed request URL' });
    }
    const path = url.pathname;
    // HEAD is GET without the body (RFC 9110 §9.3.2); transports send no body for it.
    if (request.method === 'HEAD') request = new Request(request.url, { method: 'GET', headers: request.headers });
    // The admin surface never answers with CORS headers: no other site's page may read or drive it.
    if (path === adminPrefix || path.startsWith(`${adminPrefix}/`)) {
      const refused = adminRefusal(request, reqInfo.remoteAddress, options, origin);
      if (refused) return json(403, { error: 'access_denied', error_description: refused });
      if (adminNeedsJson(request)) return json(415, { error: 'invalid_request', error_description: 'admin calls that change state take content-type: application/json' });
      try {
        return await adminRoute(admin, ctx, request, path, info);
      } catch (e) {
        return errorResponse(e, 'oauth');
      }
    }
    if (request.method === 'OPTIONS') return withCors(new Response(null, { status: 204, headers: { 'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' } }));
    if (++sinceSweep >= 1000) {
      sinceSweep = 0;
      void store.sweep(clock.nowSeconds()).catch(() => undefined);
    }
    const recording = (options.recordLimit ?? 1000) > 0;
    const started = clock.now();
    const fault = faults.take(request.method, path);
    let response: Response;
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && fault.status !== undefined) {
      response = faultResponse(fault);
    } else {
      let style: ErrorStyle = 'oauth';
      try {
        ({ response } = await route(request, url, path));
      } catch (e) {
        style = resources(path) ? 'bearer' : (routes.get(path)?.style ?? 'oauth');
        response = errorResponse(e, style);
      }
    }
    response = withCors(response);
    if (recording) {
      const written = responseTextOf(response);
      recorder.record(request, bodyTextOf(request), response, written ?? (response.body ? await response.clone().text() : ''), started, fault?.id);
    }
    return response;
  }

  const resources = (path: string) => resourcesByPath.has(path);

  function errorResponse(e: unknown, style: ErrorStyle): Response {
    if (!(e instanceof OAuthError)) {
      // A bug of ours: answered in the spec's shape, and loud in the server log.
      console.error('oauth-conformance mock: internal error:', e instanceof Error ? e.message : String(e));
      return json(500, { error: 'server_error', error_description: 'internal error in the mock' });
    }
    if (style === 'bearer') return bearerError(ctx, e);
    if (style === 'problem') {
      return textResponse(JSON.stringify(errorBody(e, 'problem', { typeBase: profile.errors.typeBase ?? 'about:blank#' })), { status: e.status, headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...e.headers } });
    }
    return json(e.status, errorBody(e, 'oauth'), { 'cache-control': 'no-store', pragma: 'no-cache', ...e.headers });
  }

  return {
    handle,
    admin,
    profile,
    key,
    demo,
    setOrigin: (o) => {
      origin = o;
    },
    stats: () => store.stats(),
    store,
  };
}

function withCors(response: Response): Response {
  response.headers.set('access-control-allow-origin', '*');
  response.headers.set('access-control-expose-headers', 'www-authenticate, retry-after');
  return response;
}

function routeTable(p: ResolvedProfile): Map<string, Route> {
  const t = new Map<string, Route>();
  const at = (name: keyof ResolvedProfile['endpoints']) => (p.endpoints[name] ? p.basePath + p.endpoints[name]!.path : undefined);
  const add = (path: string | undefined, r: Route) => {
    if (path && !t.has(path)) t.set(path, r);
  };
  const dedicatedStyle: ErrorStyle = p.errors.format === 'problem' ? 'problem' : 'oauth';
  for (const endpoint of ['token', 'apiKey', 'refresh'] as const) {
    const grants = p.grants.filter((g) => g.endpoint === endpoint);
    if (grants.length) add(at(endpoint), { kind: 'grant', endpoint, style: grants.every((g) => !g.grantTypeParameter) ? dedicatedStyle : 'oauth' });
  }
  add(at('revoke'), { kind: 'revoke', style: 'oauth' });
  add(at('introspect'), { kind: 'introspect', style: 'oauth' });
  add(at('register'), { kind: 'register', style: dedicatedStyle });
  add(at('metadata'), { kind: 'metadata', style: 'oauth' });
  add(at('jwks'), { kind: 'jwks', style: 'oauth' });
  add(at('authorize'), { kind: 'authorize', style: 'oauth' });
  return t;
}

/** The first of the profile's algs the mock can sign with, else RS256. */
export function defaultAlgFor(profile: ResolvedProfile): SigningAlg {
  return profile.accessToken.jwt?.algs?.find((a): a is SigningAlg => (signingAlgs as readonly string[]).includes(a)) ?? 'RS256';
}

export function demoData(p: ResolvedProfile, o: CredentialOverrides): Engine['demo'] {
  const clients = p.mock.clients.map((c, i) => (i === 0 ? { ...c, ...(o.clientId ? { clientId: o.clientId } : {}), ...(o.clientSecret ? { clientSecret: o.clientSecret } : {}) } : c));
  const users = p.mock.users.map((u, i) => (i === 0 ? { ...u, ...(o.username ? { username: o.username } : {}), ...(o.password ? { password: o.password } : {}) } : u));
  const apiKeys = p.mock.apiKeys.map((k, i) => ({ key: i === 0 && o.apiKey ? o.apiKey : k.key, subject: k.subject ?? `api-key-${i + 1}` }));
  return { clients, users, apiKeys };
}
