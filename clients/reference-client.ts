// A well-behaved client, driven by a profile: one token reused until it expires, refresh preferred
// (newest refresh token, re-authentication on invalid_grant), one retry after a 401, one refresh for
// many concurrent callers, Retry-After honoured, the token only ever in the Authorization header.
import type { ResolvedGrant, ResolvedProfile } from '../lib/resolved-profile.ts';

export interface ReferenceClientOptions {
  baseUrl: string;
  profile: ResolvedProfile;
  credentials: { clientId?: string; clientSecret?: string; apiKey?: string; username?: string; password?: string };
  /** Refresh this many seconds before expiry. */
  skewSeconds?: number;
  /** Attempts of a token request that meets 429/503. */
  maxTokenAttempts?: number;
}

interface Tokens {
  access: string;
  refresh: string | undefined;
  expiresAt: number | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ReferenceClient {
  private tokens: Tokens | undefined;
  private pending: Promise<Tokens> | undefined;
  constructor(private readonly o: ReferenceClientOptions) {}

  async call(method: string, url: string): Promise<Response> {
    const tokens = await this.current();
    const res = await fetch(url, { method, headers: { authorization: `Bearer ${tokens.access}` } });
    if (res.status !== 401) return res;
    // The server no longer takes this token: renew once (shared with concurrent callers), retry once.
    const renewed = await this.renew(tokens.access);
    return fetch(url, { method, headers: { authorization: `Bearer ${renewed.access}` } });
  }

  private async current(): Promise<Tokens> {
    const t = this.tokens;
    if (t && (t.expiresAt === undefined || Date.now() < t.expiresAt - (this.o.skewSeconds ?? 30) * 1000)) return t;
    return this.renew(t?.access);
  }

  /** One renewal at a time: callers holding the same stale token share it. */
  private renew(stale: string | undefined): Promise<Tokens> {
    if (this.tokens && stale !== undefined && this.tokens.access !== stale) return Promise.resolve(this.tokens);
    this.pending ??= (async () => {
      try {
        this.tokens = this.tokens?.refresh ? await this.refreshOrLogin(this.tokens.refresh) : await this.login();
        return this.tokens;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }

  private async refreshOrLogin(refreshToken: string): Promise<Tokens> {
    const g = this.grant('refresh_token');
    if (!g) return this.login();
    const res = await this.tokenRequest(g, { [g.fields.refreshToken]: refreshToken });
    if (res.ok) return this.read(res, refreshToken);
    return this.login(); // invalid_grant (expired, revoked, rotated away): start over with credentials
  }

  private async login(): Promise<Tokens> {
    const c = this.o.credentials;
    // A user's own grant first: it comes with a refresh token where the profile issues one.
    for (const type of ['password', 'api_key', 'client_credentials'] as const) {
      const g = this.grant(type);
      if (!g) continue;
      const fields =
        type === 'password' ? (c.username ? { [g.fields.username]: c.username, [g.fields.password]: c.password ?? '' } : undefined) : type === 'api_key' ? (c.apiKey ? { [g.fields.apiKey]: c.apiKey } : undefined) : c.clientId ? {} : undefined;
      if (!fields) continue;
      const res = await this.tokenRequest(g, fields);
      if (!res.ok) throw new Error(`authentication failed: ${res.status}`);
      return this.read(res, undefined);
    }
    throw new Error('no grant this client can use with its credentials');
  }

  private async read(res: Response, previousRefresh: string | undefined): Promise<Tokens> {
    const body = (await res.json()) as { access_token: string; refresh_token?: string; expires_in?: number };
    return { access: body.access_token, refresh: body.refresh_token ?? previousRefresh, expiresAt: typeof body.expires_in === 'number' ? Date.now() + body.expires_in * 1000 : undefined };
  }

  private grant(type: ResolvedGrant['type']): ResolvedGrant | undefined {
    return this.o.profile.grants.find((g) => g.type === type);
  }

  private async tokenRequest(g: ResolvedGrant, fields: Record<string, string>): Promise<Response> {
    const p = this.o.profile;
    const c = this.o.credentials;
    const headers: Record<string, string> = { accept: 'application/json' };
    const body: Record<string, string> = { ...(g.grantTypeParameter ? { grant_type: g.type } : {}), ...fields };
    if (g.type !== 'api_key' && c.clientId) {
      if (c.clientSecret && p.clientAuth.methods.includes('client_secret_basic')) {
        const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
        headers.authorization = `Basic ${btoa(`${enc(c.clientId)}:${enc(c.clientSecret)}`)}`;
      } else {
        body[g.fields.clientId] = c.clientId;
        if (c.clientSecret) body[g.fields.clientSecret] = c.clientSecret;
      }
    }
    headers['content-type'] = g.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    const payload = g.encoding === 'json' ? JSON.stringify(body) : new URLSearchParams(body).toString();
    const url = `${this.o.baseUrl}${p.basePath}${p.endpoints[g.endpoint]!.path}`;
    let res: Response | undefined;
    for (let attempt = 1; attempt <= (this.o.maxTokenAttempts ?? 3); attempt++) {
      res = await fetch(url, { method: 'POST', headers, body: payload });
      if (res.status !== 429 && res.status !== 503) return res;
      const retryAfter = Number(res.headers.get('retry-after'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 200 * 2 ** attempt);
    }
    return res!;
  }
}
