// The admin surface: the same controls over HTTP (under /__admin) and as functions.
import type { Client, FaultRule, MintRequest, User } from '../../../generated/types/index.ts';
import { secretsEqual } from '../clients/client-auth.ts';
import type { EngineContext } from '../core/context.ts';
import type { Faults } from './faults.ts';
import { bodyText, empty, type Call, type Reply } from '../core/call.ts';
import { json } from '../core/params.ts';
import { OAuthError, invalidRequest } from '../core/oauth-error.ts';
import type { RecordedExchange, Recorder } from './recorder.ts';
import { ownerOf, revokeKnown } from '../flows/revocation.ts';
import { clearVerified, mintAccessToken, readToken } from '../tokens/tokens.ts';
import { validate, validateDef } from '../../../lib/validator.ts';
import { fingerprint } from '../../../lib/redact.ts';
import { signedBy } from '../tokens/jws.ts';
import { createLive, sseEvent, type LiveEvent } from './live.ts';
import { dashboardPage } from './dashboard-page.ts';
import { decodeJws, tokenViews, type FoundToken, type TokenView } from '../../../lib/token-view.ts';
import { randomToken } from '../core/context.ts';

export const adminPrefix = '/__admin';

export interface Admin {
  requests(): RecordedExchange[];
  clearRequests(): void;
  faults(): FaultRule[];
  addFault(rule: FaultRule): FaultRule;
  removeFault(id: string): boolean;
  clearFaults(): void;
  /** Moves the engine clock forward (negative: back). */
  advanceClock(seconds: number): void;
  setClock(epochMs: number): void;
  now(): number;
  mintToken(req?: MintRequest, call?: Call): Promise<{ access_token: string; token_type: 'Bearer'; expires_in?: number }>;
  /** Revokes an access or refresh token; true when it was known. */
  revoke(token: string): Promise<boolean>;
  /** Forgets tokens, codes, faults, recordings and clock changes; keeps clients and users. */
  reset(): Promise<void>;
  /** The recorded exchanges with every JWT's signature checked against the mock's key. */
  traffic(): Promise<RecordedExchange[]>;
  /** Configured and registered clients; a secret only as its fingerprint. */
  clients(): Promise<ClientView[]>;
  /** Registers a client (never replaces one: a taken id is refused). */
  addClient(client: Client): Promise<ClientView>;
  /** Configured and registered users, without their passwords. */
  users(): Promise<UserView[]>;
  addUser(user: User): Promise<UserView>;
  /** Each exchange as it is recorded, and a `state` event after every change made here. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** A JWT decoded as traffic shows it (signature checked with the mock's key); undefined when it is not one. */
  decode(token: string, where?: string): Promise<TokenView | undefined>;
  /** What the dashboard sends in `x-csrf-token` with each change it makes. */
  readonly csrfToken: string;
}

export interface ClientView extends Omit<Client, 'clientSecret'> {
  source: 'configured' | 'registered';
  /** The secret's fingerprint, for a confidential client. */
  clientSecret?: string;
}

export interface UserView {
  username: string;
  source: 'configured' | 'registered';
  claims: Record<string, unknown>;
}

const issueText = (what: string, issues: { pointer: string; expected: string; found: string }[]) => `${what}: ${issues.map((i) => `${i.pointer || '/'}: expected ${i.expected}, found ${i.found}`).join('; ')}`;

const clientView = (c: Client, source: ClientView['source']): ClientView => ({ ...c, source, ...(c.clientSecret ? { clientSecret: fingerprint(c.clientSecret) } : {}) });

export function createAdmin(ctx: EngineContext, faults: Faults, recorder: Recorder): Admin {
  const live = createLive();
  const changed = (what: Extract<LiveEvent, { type: 'state' }>['what']) => live.publish({ type: 'state', what });
  const verify = async (token: string) => signedBy(await ctx.key(), token);
  // Exchanges reach watchers in the order they were recorded, each once its tokens are checked. The
  // recorder is asked for them only while someone watches: otherwise recording stays a push of references.
  let queue = Promise.resolve();
  let unwatch: (() => void) | undefined;
  const forward = (exchange: RecordedExchange, found: FoundToken[]) => {
    queue = queue
      .then(async () => {
        if (!found.length) return live.publish({ type: 'exchange', exchange });
        const checked = await Promise.all(found.map((f) => verify(f.token)));
        live.publish({ type: 'exchange', exchange: { ...exchange, tokens: exchange.tokens!.map((t, i) => ({ ...t, signature: checked[i] ? 'verified' : 'invalid' })) } });
      })
      .catch(() => undefined);
  };
  const csrfToken = randomToken(24);
  return {
    csrfToken,
    async decode(token, where = 'token') {
      if (!decodeJws(token)) return undefined;
      return (await tokenViews([{ where, token }], verify))[0];
    },
    subscribe(listener) {
      const off = live.subscribe(listener);
      unwatch ??= recorder.subscribe(forward);
      return () => {
        off();
        if (!live.watched()) {
          unwatch?.();
          unwatch = undefined;
        }
      };
    },
    requests: () => recorder.list(),
    traffic: () => recorder.listVerified(verify),
    clearRequests: () => {
      recorder.clear();
      changed('reset');
    },
    faults: () => faults.list(),
    addFault: (rule) => {
      const issues = validate('fault-rule', rule);
      if (issues.length) throw invalidRequest(issueText('fault rule', issues));
      const added = faults.add(rule);
      changed('faults');
      return added;
    },
    removeFault: (id) => {
      const removed = faults.remove(id);
      if (removed) changed('faults');
      return removed;
    },
    clearFaults: () => {
      faults.clear();
      changed('faults');
    },
    advanceClock: (s) => {
      ctx.clock.advance(s);
      changed('clock');
    },
    setClock: (ms) => {
      ctx.clock.set(ms);
      changed('clock');
    },
    now: () => ctx.clock.now(),
    async clients() {
      const configured = [...ctx.clients.values()].map((c) => clientView(c, 'configured'));
      const registered = (await ctx.store.clients()).filter((c) => !ctx.clients.has(c.clientId)).map((c) => clientView(c, 'registered'));
      return [...configured, ...registered];
    },
    async addClient(client) {
      const issues = validateDef('profile', 'client', client);
      if (issues.length) throw invalidRequest(issueText('client', issues));
      if (ctx.clients.has(client.clientId) || !(await ctx.store.addClient(client))) throw new OAuthError('invalid_request', `a client ${client.clientId} exists already; nothing was replaced`, { status: 409 });
      changed('clients');
      return clientView(client, 'registered');
    },
    async users() {
      const configured = ctx.configuredUsers.map((u) => ({ username: u.username, source: 'configured' as const, claims: { ...(u.claims ?? {}) } }));
      const names = new Set(configured.map((u) => u.username));
      const registered = (await ctx.store.users()).filter((u) => !names.has(u.username)).map((u) => ({ username: u.username, source: 'registered' as const, claims: { ...u.claims } }));
      return [...configured, ...registered];
    },
    async addUser(user) {
      const issues = validateDef('profile', 'user', user);
      if (issues.length) throw invalidRequest(issueText('user', issues));
      const taken = ctx.configuredUsers.some((u) => u.username === user.username) || !(await ctx.store.addUser({ username: user.username, password: user.password, claims: { ...(user.claims ?? {}) } }));
      if (taken) throw new OAuthError('invalid_request', `a user ${user.username} exists already; nothing was replaced`, { status: 409 });
      changed('users');
      return { username: user.username, source: 'registered', claims: { ...(user.claims ?? {}) } };
    },
    async mintToken(req = {}, call) {
      const issues = validate('mint-request', req);
      if (issues.length) throw invalidRequest(issueText('mint request', issues));
      const firstUser = ctx.configuredUsers[0]?.username;
      const firstClient = [...ctx.clients.values()][0]?.clientId;
      const sub = req.sub ?? firstUser ?? firstClient ?? ctx.apiKeys[0]?.subject ?? 'admin-minted';
      const asked = req.expiresIn === undefined ? ctx.profile.accessToken.lifetime : req.expiresIn;
      const now = ctx.clock.nowSeconds();
      // An already-expired token keeps the profile's lifetime (exp - iat stays plausible), issued so
      // that it ended `-expiresIn` seconds ago.
      const expired = asked !== null && asked <= 0;
      const life = expired ? (ctx.profile.accessToken.lifetime ?? 3600) : asked;
      const iat = expired ? now + asked - life! : now;
      const { token, exp } = await mintAccessToken(
        ctx,
        ctx.issuer(call ?? { origin: ctx.origin() }),
        { clientId: req.clientId ?? firstClient, sub, username: req.username ?? (firstUser && sub === firstUser ? firstUser : undefined), scope: req.scope ?? ctx.profile.scopes.supported, familyId: undefined, extraClaims: req.claims ?? {} },
        { lifetime: life, iat },
      );
      return { access_token: token, token_type: 'Bearer', ...(exp === null ? {} : { expires_in: exp - now }) };
    },
    async revoke(token) {
      const claims = await readToken(ctx, token);
      if (!claims || !(await ownerOf(ctx, claims))) return false;
      await revokeKnown(ctx, token, claims);
      changed('tokens');
      return true;
    },
    async reset() {
      await ctx.store.reset();
      clearVerified(ctx);
      faults.clear();
      recorder.clear();
      ctx.clock.reset();
      changed('reset');
    },
  };
}

export interface AdminAccess {
  /** When set, admin requests must carry it in `x-admin-token`; peers beyond loopback then may use admin. */
  adminToken?: string | undefined;
}

const loopback = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const loopbackName = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/i;

/**
 * Why an admin request is refused, or undefined. With a token set, the token decides. Without one,
 * over HTTP (a peer address is known): the peer must be loopback; the Host must name loopback or the
 * mock's own address, so a DNS-rebound name cannot reach it; an Origin must be such a host too, so a
 * page of another site open in the developer's browser cannot drive it (no CORS is ever granted here).
 * In-page (MSW) calls have no peer and stay allowed.
 */
export function adminRefusal(call: Call, access: AdminAccess, ownOrigin: string, publicOrigin?: string): string | undefined {
  const remoteAddress = call.peer;
  // With a token, the dashboard's page and script (no data in them) load without it; the page asks for it.
  if (access.adminToken && call.method === 'GET' && isDashboardAsset(call.path)) return undefined;
  if (access.adminToken) return secretsEqual(call.headers['x-admin-token'] ?? '', access.adminToken) ? undefined : 'admin needs the configured admin token (x-admin-token)';
  if (remoteAddress === undefined) return undefined;
  if (!loopback.test(remoteAddress)) return 'admin is loopback-only unless an admin token is configured';
  const own = new URL(ownOrigin).hostname;
  const allowedHost = (hostname: string) => loopbackName.test(hostname) || hostname === own;
  const host = call.headers.host;
  if (host !== undefined) {
    let hostname: string;
    try {
      hostname = new URL(`http://${host}`).hostname;
    } catch {
      return 'admin refuses a malformed Host header';
    }
    if (!allowedHost(hostname)) return `admin answers only to Host ${own} or localhost (a DNS-rebound name cannot reach it); set an admin token to use another name`;
  }
  // Origin: the mock's own (any loopback name on its port, or the public --issuer origin); a page of
  // another port is another origin (RFC 6454 §4), so a local dev server's page cannot drive it either.
  const from = call.headers.origin;
  if (from !== undefined && from !== 'null') {
    let origin: URL | undefined;
    try {
      origin = new URL(from);
    } catch {
      // an unparsable Origin is refused below
    }
    const ownPort = new URL(ownOrigin).port;
    const same = origin !== undefined && ((allowedHost(origin.hostname) && origin.port === ownPort && origin.protocol === 'http:') || (publicOrigin !== undefined && origin.origin === new URL(publicOrigin).origin));
    if (!same) return 'admin refuses requests from web pages of other origins';
  } else if (from === 'null') {
    return 'admin refuses requests from opaque origins';
  }
  // Fetch Metadata: a browser names the site a request comes from, even where it sends no Origin
  // (a <script src>, an <iframe>); only the mock's own pages and typed-in addresses pass.
  const site = call.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `admin refuses requests made by pages of other sites (Sec-Fetch-Site: ${site})`;
  return undefined;
}

const dashboardAssets = new Set([`${adminPrefix}/ui`, `${adminPrefix}/ui/`, `${adminPrefix}/ui/app.js`]);
const isDashboardAsset = (path: string) => dashboardAssets.has(path);

/**
 * A change sent by a browser (it names an Origin or a Sec-Fetch-Site) must carry the dashboard's CSRF
 * token, unless the admin token guards the surface (a browser never adds that header by itself).
 * curl, scripts and in-page (MSW) calls send neither header and need no token.
 */
export function csrfRefusal(call: Call, access: AdminAccess, csrfToken: string): string | undefined {
  if (access.adminToken || call.peer === undefined || ['GET', 'HEAD', 'OPTIONS'].includes(call.method)) return undefined;
  if (call.headers.origin === undefined && call.headers['sec-fetch-site'] === undefined) return undefined;
  return secretsEqual(call.headers['x-csrf-token'] ?? '', csrfToken) ? undefined : 'a change sent from a browser needs the dashboard’s CSRF token in x-csrf-token (open /__admin/ui)';
}

/** State-changing admin calls take JSON, so no cross-site simple request (form, text/plain) can make one. */
export function adminNeedsJson(call: Call): boolean {
  if (!['POST', 'PUT', 'PATCH'].includes(call.method)) return false;
  return !/^application\/json\b/i.test(call.headers['content-type'] ?? '');
}

function body(call: Call): Record<string, unknown> {
  const text = bodyText(call);
  if (!text) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw invalidRequest('admin requests take a JSON object');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalidRequest('admin requests take a JSON object');
  return v as Record<string, unknown>;
}

export interface AdminSite {
  /** What `GET /__admin` answers. */
  info: Record<string, unknown>;
  /** The dashboard's script (the node server has the built bundle); without it there is no dashboard. */
  dashboardScript?: (() => Promise<string>) | undefined;
  /** An admin token guards the surface: the page carries no CSRF token and asks for the admin token. */
  tokenMode?: boolean;
}

/** HTTP face of the admin surface. */
export async function adminRoute(admin: Admin, call: Call, site: AdminSite): Promise<Reply> {
  const path = call.path;
  const sub = path.slice(adminPrefix.length) || '/';
  const route = `${call.method} ${sub}`;
  if (call.method === 'DELETE' && sub.startsWith('/faults/')) {
    const id = decodeURIComponent(sub.slice('/faults/'.length));
    if (!admin.removeFault(id)) throw new OAuthError('not_found', `no fault rule ${id}`, { status: 404 });
    return empty(204);
  }
  switch (route) {
    case 'GET /':
      return json(200, site.info);
    case 'GET /ui':
    case 'GET /ui/': {
      if (!site.dashboardScript) throw new OAuthError('not_found', 'the dashboard is served by the node server (oauth-conformance mock, startMockServer), not in process', { status: 404 });
      // The page carries what it shows in its header, never the demo credentials in `info`.
      return dashboardPage({ profile: site.info.profile, title: site.info.title, alg: site.info.alg }, site.tokenMode ? '' : admin.csrfToken);
    }
    case 'GET /ui/app.js': {
      if (!site.dashboardScript) throw new OAuthError('not_found', 'the dashboard is served by the node server', { status: 404 });
      return { status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }, body: await site.dashboardScript() };
    }
    case 'GET /events':
      return {
        status: 200,
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
        body: null,
        stream: (write) => {
          write(': oauth-conformance mock events\n\n');
          const off = admin.subscribe((e) => write(sseEvent(e)));
          // A comment now and then keeps proxies and idle timers from closing a quiet stream.
          const beat = setInterval(() => write(': keep-alive\n\n'), 15_000);
          (beat as { unref?: () => void }).unref?.();
          return () => {
            off();
            clearInterval(beat);
          };
        },
      };
    case 'GET /requests':
      return json(200, { requests: await admin.traffic() });
    case 'GET /clients':
      return json(200, { clients: await admin.clients() });
    case 'POST /clients':
      return json(201, await admin.addClient(body(call) as unknown as Client));
    case 'GET /users':
      return json(200, { users: await admin.users() });
    case 'POST /users':
      return json(201, await admin.addUser(body(call) as unknown as User));
    case 'DELETE /requests':
      admin.clearRequests();
      return empty(204);
    case 'GET /faults':
      return json(200, { faults: admin.faults() });
    case 'POST /faults':
      return json(201, admin.addFault(body(call) as FaultRule));
    case 'DELETE /faults':
      admin.clearFaults();
      return empty(204);
    case 'GET /clock':
      return json(200, { now: new Date(admin.now()).toISOString(), epochSeconds: Math.floor(admin.now() / 1000) });
    case 'POST /clock': {
      const b = body(call);
      const target =
        typeof b.advance === 'number' ? admin.now() + b.advance * 1000 : typeof b.set === 'number' ? b.set * 1000 : typeof b.set === 'string' ? Date.parse(b.set) : Number.NaN;
      // Between 1970 and 9999, so every date the engine prints stays valid.
      if (!Number.isFinite(target) || target < 0 || target > 253402300799000) throw invalidRequest('send {"advance": seconds} or {"set": epochSeconds | ISO date}, landing between 1970 and 9999');
      admin.setClock(target);
      return json(200, { now: new Date(admin.now()).toISOString(), epochSeconds: Math.floor(admin.now() / 1000) });
    }
    case 'POST /tokens':
      return json(201, await admin.mintToken(body(call) as MintRequest, call), { 'cache-control': 'no-store' });
    case 'POST /revoke': {
      const b = body(call);
      if (typeof b.token !== 'string') throw invalidRequest('send {"token": "..."}');
      return json(200, { revoked: await admin.revoke(b.token) });
    }
    case 'POST /decode': {
      const b = body(call);
      if (typeof b.token !== 'string') throw invalidRequest('send {"token": "..."}');
      const view = await admin.decode(b.token.trim(), typeof b.where === 'string' ? b.where.slice(0, 100) : undefined);
      return json(200, view ? { token: view } : {}, { 'cache-control': 'no-store' });
    }
    case 'POST /reset':
      await admin.reset();
      return empty(204);
    default: {
      const known = ['/', '/requests', '/faults', '/clock', '/tokens', '/revoke', '/reset', '/clients', '/users', '/events', '/decode', '/ui', '/ui/app.js'];
      if (known.includes(path.slice(adminPrefix.length) || '/')) throw new OAuthError('invalid_request', `method ${call.method} not allowed here`, { status: 405 });
      throw new OAuthError('not_found', `no admin endpoint at ${path}`, { status: 404 });
    }
  }
}

