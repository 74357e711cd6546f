// The app's OpenID Connect client for an OpenID Provider, written with oidc-client-ts as a frontend
// would: discovery, authorization code with PKCE, state and nonce, UserInfo, RP-initiated logout.
// The only mock-specific line is authorizeInPage, which stands in for the browser redirect.
import { OidcClient } from 'oidc-client-ts';
import { authorizeInPage } from 'oauth-conformance/msw';
import type { Log } from './auth.ts';
import type { Provider } from './providers.ts';

interface Session {
  access_token: string;
  id_token: string;
  name: string;
}

const storageKey = 'example-app.oidc';

export class OidcAuthClient {
  private readonly client: OidcClient;

  constructor(
    provider: Provider,
    private readonly redirectUri: string,
    private readonly postLogoutRedirectUri: string,
    private readonly log: Log,
  ) {
    this.client = new OidcClient({
      authority: provider.baseUrl,
      client_id: provider.clientId,
      redirect_uri: redirectUri,
      post_logout_redirect_uri: postLogoutRedirectUri,
      scope: provider.scope,
      response_type: 'code',
      loadUserInfo: true,
    });
  }

  get tokens(): Session | undefined {
    const raw = sessionStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  }

  async signIn(): Promise<void> {
    // oidc-client-ts sends a nonce (and checks it in the ID Token) only when given one.
    const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16)))).replace(/[+/=]/g, '');
    const request = await this.client.createSigninRequest({ nonce });
    this.log('login page opened');
    const back = await authorizeInPage(request.url, { redirectUri: this.redirectUri });
    // oidc-client-ts checks state, exchanges the code with its verifier, reads the ID Token and UserInfo.
    const response = await this.client.processSigninResponse(back.href);
    const name = String(response.profile.name ?? response.profile.sub);
    sessionStorage.setItem(storageKey, JSON.stringify({ access_token: response.access_token, id_token: response.id_token ?? '', name }));
    this.log(`signed in as ${name}`);
  }

  async api(url: string): Promise<Response> {
    const response = await fetch(url, { headers: this.tokens ? { authorization: `Bearer ${this.tokens.access_token}` } : {} });
    this.log(`API ${response.status}`);
    return response;
  }

  /** Ends the session at the provider too (RP-Initiated Logout), back to a registered URI. */
  async signOut(): Promise<void> {
    const session = this.tokens;
    sessionStorage.removeItem(storageKey);
    if (!session) return;
    const request = await this.client.createSignoutRequest({ id_token_hint: session.id_token, post_logout_redirect_uri: this.postLogoutRedirectUri });
    const back = await authorizeInPage(request.url, { redirectUri: this.postLogoutRedirectUri });
    await this.client.processSignoutResponse(back.href);
    this.log('signed out at the provider');
  }
}
