// A naive client, kept to prove the client suite discriminates: a new token for every call, never a
// refresh, and on 401 (or 429/503 at the token endpoint) it simply tries again, at once, many times.
import type { ResolvedProfile } from '../lib/resolved-profile.ts';
import type { ReferenceClientOptions } from './reference-client.ts';

const tries = 12; // "endless", but a test must end

export class NaiveClient {
  constructor(private readonly o: ReferenceClientOptions) {}

  async call(method: string, url: string): Promise<Response> {
    let res: Response | undefined;
    for (let i = 0; i < tries; i++) {
      const token = await this.login();
      res = await fetch(url, { method, headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 401) return res;
    }
    return res!;
  }

  private async login(): Promise<string> {
    const p: ResolvedProfile = this.o.profile;
    const c = this.o.credentials;
    const g = p.grants.find((x) => x.type === 'password') ?? p.grants.find((x) => x.type === 'api_key' || x.type === 'client_credentials')!;
    const body: Record<string, string> = { ...(g.grantTypeParameter ? { grant_type: g.type } : {}) };
    if (g.type === 'password') Object.assign(body, { [g.fields.username]: c.username ?? '', [g.fields.password]: c.password ?? '' });
    if (g.type === 'api_key') body[g.fields.apiKey] = c.apiKey ?? '';
    if (g.type !== 'api_key' && c.clientId) Object.assign(body, { [g.fields.clientId]: c.clientId, [g.fields.clientSecret]: c.clientSecret ?? '' });
    const url = `${this.o.baseUrl}${p.basePath}${p.endpoints[g.endpoint]!.path}`;
    for (let i = 0; i < tries; i++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': g.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
        body: g.encoding === 'json' ? JSON.stringify(body) : new URLSearchParams(body).toString(),
      });
      if (res.ok) return ((await res.json()) as { access_token: string }).access_token;
    }
    throw new Error('could not log in');
  }
}
