// The admin surface: the same controls over HTTP (under /__admin) and as functions.
import type { FaultRule, MintRequest } from '../../../generated/types/index.ts';
import { secretsEqual } from '../clients/client-auth.ts';
import type { EngineContext } from '../core/context.ts';
import type { Faults } from './faults.ts';
import { bodyText, empty, type Call, type Reply } from '../core/call.ts';
import { json } from '../core/params.ts';
import { OAuthError, invalidRequest } from '../core/oauth-error.ts';
import type { RecordedExchange, Recorder } from './recorder.ts';
import { ownerOf, revokeKnown } from '../flows/revocation.ts';
import { clearVerified, mintAccessToken, readToken } from '../tokens/tokens.ts';
import { validate } from '../../../lib/validator.ts';

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
}

export function createAdmin(ctx: EngineContext, faults: Faults, recorder: Recorder): Admin {
  return {
    requests: () => recorder.list(),
    clearRequests: () => recorder.clear(),
    faults: () => faults.list(),
    addFault: (rule) => {
      const issues = validate('fault-rule', rule);
      if (issues.length) throw invalidRequest(`fault rule: ${issues.map((i) => `${i.pointer}: expected ${i.expected}, found ${i.found}`).join('; ')}`);
      return faults.add(rule);
    },
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    advanceClock: (s) => ctx.clock.advance(s),
    setClock: (ms) => ctx.clock.set(ms),
    now: () => ctx.clock.now(),
    async mintToken(req = {}, call) {
      const issues = validate('mint-request', req);
      if (issues.length) throw invalidRequest(`mint request: ${issues.map((i) => `${i.pointer}: expected ${i.expected}, found ${i.found}`).join('; ')}`);
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
      return true;
    },
    async reset() {
      await ctx.store.reset();
      clearVerified(ctx);
      faults.clear();
      recorder.clear();
      ctx.clock.reset();
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
export function adminRefusal(call: Call, access: AdminAccess, ownOrigin: string): string | undefined {
  const remoteAddress = call.peer;
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
  const from = call.headers.origin;
  if (from !== undefined && from !== 'null') {
    let hostname = '';
    try {
      hostname = new URL(from).hostname;
    } catch {
      // an unparsable Origin is refused below
    }
    if (!allowedHost(hostname)) return 'admin refuses requests from web pages of other origins';
  } else if (from === 'null') {
    return 'admin refuses requests from opaque origins';
  }
  return undefined;
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

/** HTTP face of the admin surface. */
export async function adminRoute(admin: Admin, call: Call, info: Record<string, unknown>): Promise<Reply> {
  const path = call.path;
  const route = `${call.method} ${path.slice(adminPrefix.length) || '/'}`;
  switch (route) {
    case 'GET /':
      return json(200, info);
    case 'GET /requests':
      return json(200, { requests: admin.requests() });
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
    case 'POST /reset':
      await admin.reset();
      return empty(204);
    default: {
      const known = ['/', '/requests', '/faults', '/clock', '/tokens', '/revoke', '/reset'];
      if (known.includes(path.slice(adminPrefix.length) || '/')) throw new OAuthError('invalid_request', `method ${call.method} not allowed here`, { status: 405 });
      throw new OAuthError('not_found', `no admin endpoint at ${path}`, { status: 404 });
    }
  }
}

