// The app's OAuth client, as a frontend would write it against a real provider: authorization code
// with PKCE (S256) and state, tokens kept in sessionStorage, one refresh (shared by concurrent
// callers) and one retry when the API answers 401 invalid_token. Nothing here knows about the mock.
import { authorizeInPage } from 'oauth-conformance/msw';
import type { Provider } from './providers.ts';

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
}

export type Log = (line: string) => void;

const storageKey = 'example-app.tokens';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export class AuthClient {
  private refreshing: Promise<boolean> | undefined;


  constructor(
    private readonly provider: Provider,
    private readonly redirectUri: string,
    private readonly log: Log,
  ) {}

  get tokens(): Tokens | undefined {
    const raw = sessionStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Tokens) : undefined;
  }

  private set tokens(t: Tokens | undefined) {
    if (t) sessionStorage.setItem(storageKey, JSON.stringify(t));
    else sessionStorage.removeItem(storageKey);
  }

  signOut(): void {
    this.tokens = undefined;
  }

  async signIn(): Promise<void> {
    const verifier = randomString();
    const state = randomString();
    const url = new URL(this.provider.authorize);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.provider.clientId,
      redirect_uri: this.redirectUri,
      scope: this.provider.scope,
      state,
      code_challenge: await s256(verifier),
      code_challenge_method: 'S256',
    }).toString();
    this.log('login page opened');
    // Against a real provider this would be location.assign(url) and a callback route.
    const callback = await authorizeInPage(url, { redirectUri: this.redirectUri });
    const params = callback.searchParams;
    if (params.get('state') !== state) throw new Error('state does not match: not our authorization response');
    if (params.get('error')) throw new Error(`authorization refused: ${params.get('error')}`);
    const code = params.get('code');
    if (!code) throw new Error('no code in the authorization response');
    this.log('code received');
    const tokens = await this.tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri, code_verifier: verifier });
    if (typeof tokens === 'string') throw new Error(`the code was not exchanged for tokens (${tokens})`);
    this.tokens = tokens;
    this.log(`signed in (token expires in ${tokens.expires_in ?? '?'} s)`);
  }

  /** Tokens, or why not: `refused` (the grant is dead) or `unavailable` (try again later). */
  private async tokenRequest(fields: Record<string, string>): Promise<Tokens | 'refused' | 'unavailable'> {
    const body = new URLSearchParams({ ...fields, client_id: this.provider.clientId });
    if (this.provider.clientSecret) body.set('client_secret', this.provider.clientSecret);
    let response: Response;
    try {
      response = await fetch(this.provider.token, { method: 'POST', body });
    } catch {
      this.log('token endpoint unreachable');
      return 'unavailable';
    }
    const json = (await response.json().catch(() => ({}))) as Tokens & { error?: string };
    if (response.ok && typeof json.access_token === 'string') return json;
    this.log(`token endpoint said ${response.status} ${json.error ?? ''}`.trim());
    return response.status >= 500 || response.status === 429 ? 'unavailable' : 'refused';
  }

  /** One refresh at a time: callers that hit 401 together wait for the same one. A refused refresh
   * ends the session; an unavailable token endpoint keeps it for a later try. */
  private refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const refreshToken = this.tokens?.refresh_token;
      if (!refreshToken) return false;
      const next = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
      if (next === 'unavailable') return false;
      if (next === 'refused') {
        this.tokens = undefined;
        return false;
      }
      // A server that does not rotate leaves the refresh token out; keep the one we have.
      this.tokens = { ...next, refresh_token: next.refresh_token ?? refreshToken };
      this.log('token refreshed');
      return true;
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Calls the API with the access token; on 401 invalid_token refreshes once and retries once. */
  async api(url: string): Promise<Response> {
    const call = () => fetch(url, { headers: this.tokens ? { authorization: `Bearer ${this.tokens.access_token}` } : {} });
    const first = await call();
    const challenge = first.headers.get('www-authenticate') ?? '';
    this.log(`API ${first.status}${challenge.includes('invalid_token') ? ' invalid_token' : ''}`);
    if (first.status !== 401 || !/invalid_token/.test(challenge)) return first;
    if (!(await this.refresh())) {
      this.log(this.tokens ? 'not refreshed now: try again later' : 'session ended: sign in again');
      return first;
    }
    const second = await call();
    this.log(`API ${second.status} after refresh`);
    return second;
  }
}
