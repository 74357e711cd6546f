// The engine: a profile becomes one fetch-style handler. A request passes the admin surface, fault
// rules and the recorder, is routed by the profile to ONE flow, and any OAuthError it throws is
// written in the wire style of the endpoint it reached.
import { ConfigError } from '../../lib/config-error.ts';
import { mockRuleIssues } from '../../lib/profile-rules.ts';
import type { Client, FaultRule, User } from '../../generated/types/index.ts';
import type { ResolvedProfile } from '../../lib/resolved-profile.ts';
import { createAdmin, adminNeedsJson, adminPrefix, adminRefusal, adminRoute, csrfRefusal, type Admin } from './admin/admin.ts';
import { createClock } from './core/clock.ts';
import { defectSwitches, rewriteReply, type DefectName } from './core/defects.ts';
import type { ApiKeyEntry, EngineContext } from './core/context.ts';
import { createFaults, faultReply } from './admin/faults.ts';
import { currentNonce, dpopError } from './tokens/dpop.ts';
import { OAuthError } from './core/oauth-error.ts';
import { callFromRequest, empty, replyToResponse, type Call, type Reply, type Respond } from './core/call.ts';
import { errorReply } from './core/error-reply.ts';
import { spoilIdToken } from './tokens/id-token.ts';
import { json, methodNotAllowed, notFound } from './core/params.ts';
import { routeTable, type RouteTable } from './core/routes.ts';
import { runRoute } from './core/pipeline.ts';
import { generateClientJwk, generateSigningKey, signingAlgs, type SigningAlg, type SigningKey } from './tokens/keys.ts';
import { createRecorder, profileSecretFields } from './admin/recorder.ts';
import { sealingKeyFor, type SealKey } from './tokens/sealed.ts';
import { sdkFromModules, type McpSdkModules } from './mcp/mcp-sdk.ts';
import { isMcpCall, mcpCors, mcpPreflight } from './mcp/mcp-transport.ts';
import { createMemoryStore } from '../store/memory.ts';
import type { Store } from '../store/store.ts';

/** Demo credentials that replace the profile's first client, user or API key. */
export interface CredentialOverrides {
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /**
   * The user's own public keys for the demo client that authenticates with private_key_jwt (the
   * first with keys or a `demoKey`): it then signs with the user's key, and the mock makes none.
   */
  clientJwks?: { keys: Record<string, unknown>[] };
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
  /**
   * Told of every defect switch a request reads, on or off (the defect matrix learns from a clean run
   * which checks reach which defect).
   */
  onDefectRead?: (name: DefectName) => void;
  /** Hosts besides loopback whose Client ID Metadata Documents the mock may fetch (no others: SSRF). */
  clientMetadataHosts?: readonly string[];
  /**
   * The MCP SDK's modules, for an MCP profile's endpoint where the mock cannot import the SDK itself
   * (a browser bundle); in Node it is imported from node_modules when this is absent.
   */
  mcpSdk?: McpSdkModules;
  /**
   * Origins the MCP endpoint trusts besides the mock's own (MCP transports: the Origin header is
   * validated, a present and untrusted one refused with 403); CORS there names these, never `*`.
   */
  allowOrigins?: readonly string[];
  /** Seconds an authorization code lives (default 60). */
  codeLifetime?: number;
  /** Real time source (tests). */
  now?: () => number;
  /** Keep this many recorded exchanges (default 1000; 0 records nothing). */
  recordLimit?: number;
  /**
   * Private JWKs of the demo clients with a `demoKey`, by client id, made elsewhere (the primary of
   * `--workers` hands its own to every worker); by default the engine makes them at start.
   */
  clientKeys?: Record<string, Record<string, unknown>>;
  /** Where state lives (default: a new memory store). The caller that passes one also closes it. */
  store?: Store;
  /** The dashboard's script at /__admin/ui (the node server passes the built bundle; in process there is none). */
  dashboardScript?: () => Promise<string>;
}

export interface RequestInfo {
  /** The peer's address, for the admin loopback rule; absent for in-process transports (MSW). */
  remoteAddress?: string;
  /**
   * Cookies the transport keeps for the request where the request itself cannot carry them (MSW keeps
   * mocked responses' cookies in its own store; a service worker never sees the Cookie header).
   */
  cookies?: Record<string, string>;
  /** Builds the transport's Response (MSW's HttpResponse keeps Set-Cookie, which a browser's Response drops). */
  respond?: Respond;
}

export interface Engine {
  /** The engine's core: a call record in, a reply record out (node:http uses it directly). */
  call(call: Call): Promise<Reply>;
  /** The same through WHATWG objects (MSW, tests, any fetch-style host). */
  handle(request: Request, info?: RequestInfo): Promise<Response>;
  /** The one route table (path -> methods, error style, handler); transports read it. */
  routes: RouteTable;
  admin: Admin;
  profile: ResolvedProfile;
  /** The signing key (generated in the background at start unless one was given). */
  key(): Promise<SigningKey>;
  /** The demo credentials in force. */
  demo: { clients: Client[]; users: User[]; apiKeys: ApiKeyEntry[] };
  /** Tells the engine where it is served (transports call this once listening). */
  setOrigin(origin: string): void;
  /** The store the engine keeps its state in (`store.stats()` says how much it holds). */
  store: Store;
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const profile = options.profile;
  const mcpSdk = options.mcpSdk ? sdkFromModules(options.mcpSdk, 'options') : undefined;
  const alg = options.key?.alg ?? options.alg ?? defaultAlgFor(profile);
  // The server can listen while an RSA key is still being generated (~100-300 ms); whatever needs the
  // key awaits it.
  const keyPromise = options.key ? Promise.resolve(options.key) : generateSigningKey(alg);
  keyPromise.catch(() => undefined); // failures surface where the key is awaited
  const key = () => keyPromise;
  const clock = createClock(options.now);
  const store = options.store ?? createMemoryStore();
  const demo = demoData(profile, options.credentials ?? {}, options.clientKeys ?? (await demoClientKeys(profile, options.credentials ?? {})));
  // A profile may describe a real server only (no demo data); the mock needs some to serve it.
  const missing = mockRuleIssues({ ...profile, mock: { ...profile.mock, ...demo } });
  if (missing.length) throw new ConfigError(missing.map((i) => ({ file: profile.file, ...i })));
  let sealKey: Promise<SealKey> | undefined;
  let origin = 'http://127.0.0.1';
  const issuerFor = (call: Pick<Call, 'origin'>) => options.issuer?.replace(/\/$/, '') ?? `${call.origin}${profile.basePath}`;
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
    issuerKeys: new Map(),
    proofKeys: new Map(),
    clientMetadata: { allowedHosts: options.clientMetadataHosts ?? [], cache: new Map() },
    defects: defectSwitches(options.defects, options.onDefectRead),
    allowOrigins: options.allowOrigins ?? [],
    ...(mcpSdk ? { mcpSdk } : {}),
  };
  const faults = createFaults();
  const recorder = createRecorder(options.recordLimit ?? 1000, profileSecretFields(profile));
  const admin = createAdmin(ctx, faults, recorder);
  const routes = routeTable(profile);
  const info = { profile: profile.id, title: profile.title, alg, demo };
  const recording = (options.recordLimit ?? 1000) > 0;
  const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'www-authenticate, retry-after, dpop-nonce' };
  let sinceSweep = 0;

  async function route(call: Call): Promise<Reply> {
    const r = routes.get(call.path);
    if (!r) return notFound(call.path);
    if (!r.methods.includes(call.method)) return methodNotAllowed(r.methods);
    let reply: Reply;
    try {
      reply = await runRoute(ctx, r, call);
    } catch (e) {
      reply = errorReply(ctx, e, r.style, { path: call.path, issuer: ctx.issuer(call) });
    }
    // The deliberate defects that only reshape a reply do it here, after the flow wrote it correctly.
    return rewriteReply(ctx.defects, reply);
  }

  /** A fault rule's refusal of a DPoP proof, as the route would write it (RFC 9449 §5, §7.1, §8, §9). */
  async function proofFault(c: Call, kind: NonNullable<FaultRule['dpop']>): Promise<Reply> {
    const r = routes.get(c.path);
    if (!r) return route(c);
    const site = { at: r.style === 'bearer' ? ('resource' as const) : ('server' as const) };
    const e = kind === 'use-nonce' ? dpopError(site, 'use_dpop_nonce', 'a fresh DPoP nonce is required: sign the proof again with the DPoP-Nonce value (RFC 9449 §8)', { 'dpop-nonce': await currentNonce(ctx) }) : dpopError(site, 'invalid_dpop_proof', 'the DPoP proof is refused (a fault rule of the mock)');
    return rewriteReply(ctx.defects, errorReply(ctx, e, r.style, { path: c.path, issuer: ctx.issuer(c) }));
  }

  /** A fault rule's refusal of a client assertion, as client authentication would write it (RFC 7523 §3.2). */
  function assertionFault(c: Call): Reply {
    const r = routes.get(c.path);
    const e = new OAuthError('invalid_client', 'client assertion refused: the assertion is not for this server (aud names neither its issuer nor its token endpoint)');
    return errorReply(ctx, e, r?.style ?? 'oauth', { path: c.path, issuer: ctx.issuer(c) });
  }

  async function call(c: Call): Promise<Reply> {
    // HEAD is GET without the body (RFC 9110 §9.3.2); transports send no body for it.
    if (c.method === 'HEAD') c = { ...c, method: 'GET' };
    // The admin surface never answers with CORS headers: no other site's page may read or drive it.
    if (c.path === adminPrefix || c.path.startsWith(`${adminPrefix}/`)) {
      const refused = adminRefusal(c, options, origin, options.issuer) ?? csrfRefusal(c, options, admin.csrfToken);
      if (refused) return json(403, { error: 'access_denied', error_description: refused });
      if (adminNeedsJson(c)) return json(415, { error: 'invalid_request', error_description: 'admin calls that change state take content-type: application/json' });
      try {
        return await adminRoute(admin, c, { info, dashboardScript: options.dashboardScript, tokenMode: Boolean(options.adminToken) });
      } catch (e) {
        return errorReply(ctx, e, 'oauth');
      }
    }
    // The MCP endpoint has CORS of its own: trusted origins only, and the headers MCP clients send.
    const mcp = isMcpCall(ctx, c);
    if (c.method === 'OPTIONS' && mcp) return empty(204, mcpPreflight(ctx, c));
    if (c.method === 'OPTIONS') return empty(204, { 'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE', 'access-control-allow-headers': 'authorization, content-type, dpop', 'access-control-max-age': '600', ...cors });
    if (++sinceSweep >= 1000) {
      sinceSweep = 0;
      void store.sweep(clock.nowSeconds()).catch(() => undefined);
    }
    const started = recording ? clock.now() : 0;
    const fault = faults.take(c.method, c.path, { proof: c.headers.dpop !== undefined, assertion: /(^|&)client_assertion=/.test(c.body) });
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    const reply = fault && fault.status !== undefined ? faultReply(fault) : fault?.dpop ? await proofFault(c, fault.dpop) : fault?.clientAssertion ? assertionFault(c) : await route(c);
    if (fault?.idToken && fault.status === undefined && reply.body !== null) reply.body = await spoilIdToken(ctx, reply.body, fault.idToken);
    Object.assign(reply.headers, mcp ? mcpCors(ctx, c) : cors);
    if (recording) recorder.record(c, reply, started, fault?.id);
    return reply;
  }

  async function handle(request: Request, reqInfo: RequestInfo = {}): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return replyToResponse(json(400, { error: 'invalid_request', error_description: 'malformed request URL' }));
    }
    const c = await callFromRequest(request, url, reqInfo.remoteAddress);
    const jar = Object.entries(reqInfo.cookies ?? {});
    const headers = c.headers.cookie === undefined && jar.length ? { ...c.headers, cookie: jar.map(([k, v]) => `${k}=${v}`).join('; ') } : c.headers;
    return replyToResponse(await call({ ...c, headers }), reqInfo.respond);
  }

  return {
    call,
    handle,
    routes,
    admin,
    profile,
    key,
    demo,
    setOrigin: (o) => {
      origin = o;
    },
    store,
  };
}

/** The first of the profile's algs the mock can sign with, else RS256. */
export function defaultAlgFor(profile: ResolvedProfile): SigningAlg {
  return profile.accessToken.jwt?.algs?.find((a): a is SigningAlg => (signingAlgs as readonly string[]).includes(a)) ?? 'RS256';
}

/** The demo client the user's own keys (`clientJwks`) replace the keys of: the first that signs its assertions. */
function keyedDemoClient(p: ResolvedProfile): number {
  return p.mock.clients.findIndex((c) => c.demoKey || c.privateJwk || c.jwks || c.jwksUri);
}

/** Key pairs for the demo clients with a `demoKey` (none for one the user brought keys for). */
export async function demoClientKeys(p: ResolvedProfile, o: CredentialOverrides): Promise<Record<string, Record<string, unknown>>> {
  const own = o.clientJwks ? keyedDemoClient(p) : -1;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [i, c] of p.mock.clients.entries()) if (c.demoKey && !c.privateJwk && i !== own) out[c.clientId] = await generateClientJwk(c.demoKey);
  return out;
}

export function demoData(p: ResolvedProfile, o: CredentialOverrides, clientKeys: Record<string, Record<string, unknown>> = {}): Engine['demo'] {
  const own = o.clientJwks ? keyedDemoClient(p) : -1;
  const clients = p.mock.clients.map((c, i) => {
    const renamed = i === 0 ? { ...c, ...(o.clientId ? { clientId: o.clientId } : {}), ...(o.clientSecret ? { clientSecret: o.clientSecret } : {}) } : c;
    if (i === own) {
      // The user's keys replace whatever the profile gave: the mock then holds no private key of this client.
      const { privateJwk: _p, jwksUri: _u, demoKey: _d, ...rest } = renamed;
      return { ...rest, jwks: o.clientJwks as NonNullable<Client['jwks']> };
    }
    const made = clientKeys[c.clientId];
    return made ? { ...renamed, privateJwk: made as NonNullable<Client['privateJwk']> } : renamed;
  });
  const users = p.mock.users.map((u, i) => (i === 0 ? { ...u, ...(o.username ? { username: o.username } : {}), ...(o.password ? { password: o.password } : {}) } : u));
  const apiKeys = p.mock.apiKeys.map((k, i) => ({ key: i === 0 && o.apiKey ? o.apiKey : k.key, subject: k.subject ?? `api-key-${i + 1}` }));
  return { clients, users, apiKeys };
}
