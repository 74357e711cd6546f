// The app's OAuth client for a provider that binds tokens to the browser's key (RFC 9449 DPoP),
// written with oauth4webapi as a frontend would: a non-extractable WebCrypto key pair made at sign-in,
// authorization code with PKCE, then a DPoP proof signed for every token request and API call. The
// server's nonce is answered once per request; the public client's refresh token is bound to the key
// too (§5), so a stolen token, access or refresh, is useless without it. The only mock-specific line
// is authorizeInPage, which stands in for the browser redirect.
import * as oauth from 'oauth4webapi';
import { authorizeInPage } from 'oauth-conformance/msw';
import type { Log } from './auth.ts';
import type { Provider } from './providers.ts';

interface Session {
  access_token: string;
  refresh_token?: string;
  token_type: string;
}

export class DpopAuthClient {
  private session: Session | undefined;
  private dpop: oauth.DPoPHandle | undefined;
  private readonly client: oauth.Client;
  private as: oauth.AuthorizationServer | undefined;

  constructor(
    private readonly provider: Provider,
    private readonly redirectUri: string,
    private readonly log: Log,
  ) {
    this.client = { client_id: provider.clientId };
  }

  /** The key never leaves this page (non-extractable), so the session is the page's: nothing to store. */
  get tokens(): Session | undefined {
    return this.session;
  }

  signOut(): void {
    this.session = undefined;
    this.dpop = undefined;
  }

  private async server(): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(this.provider.baseUrl);
    this.as ??= await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2' }));
    return this.as;
  }

  /** §8: a request the server answered use_dpop_nonce is made once more; the handle kept the nonce. */
  private async once<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (!oauth.isDPoPNonceError(e)) throw e;
      this.log('server asked for a DPoP nonce');
      return run();
    }
  }

  async signIn(): Promise<void> {
    const as = await this.server();
    // A key pair of the browser's own, its private half not extractable.
    this.dpop = oauth.DPoP(this.client, await oauth.generateKeyPair('ES256'));
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({ response_type: 'code', client_id: this.client.client_id, redirect_uri: this.redirectUri, scope: this.provider.scope, state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
    this.log('login page opened');
    const callback = await authorizeInPage(url, { redirectUri: this.redirectUri });
    const params = oauth.validateAuthResponse(as, this.client, callback, state);
    const dpop = this.dpop;
    const tokens = await this.once(async () => oauth.processAuthorizationCodeResponse(as, this.client, await oauth.authorizationCodeGrantRequest(as, this.client, oauth.None(), params, this.redirectUri, verifier, { DPoP: dpop })));
    this.session = { access_token: tokens.access_token, token_type: tokens.token_type, ...(tokens.refresh_token ? { refresh_token: tokens.refresh_token } : {}) };
    this.log(`signed in (token_type ${tokens.token_type})`);
  }

  private async refresh(): Promise<boolean> {
    const refreshToken = this.session?.refresh_token;
    if (!refreshToken || !this.dpop) return false;
    const as = await this.server();
    const dpop = this.dpop;
    try {
      const next = await this.once(async () => oauth.processRefreshTokenResponse(as, this.client, await oauth.refreshTokenGrantRequest(as, this.client, oauth.None(), refreshToken, { DPoP: dpop })));
      this.session = { access_token: next.access_token, token_type: next.token_type, refresh_token: next.refresh_token ?? refreshToken };
      this.log('token refreshed');
      return true;
    } catch (e) {
      this.log(`refresh refused: ${(e as { error?: string }).error ?? (e as Error).message}`);
      this.session = undefined;
      return false;
    }
  }

  /** The API with the DPoP scheme and a proof for this call (`ath` hashes the token); on 401 invalid_token, one refresh and one retry. */
  async api(url: string): Promise<Response> {
    const call = () => {
      if (!this.session || !this.dpop) return fetch(url);
      const { access_token } = this.session;
      const dpop = this.dpop;
      return this.once(() => oauth.protectedResourceRequest(access_token, 'GET', new URL(url), new Headers(), null, { DPoP: dpop }));
    };
    let first: Response;
    try {
      first = await call();
    } catch (e) {
      // oauth4webapi throws on a 401 with a WWW-Authenticate challenge: the response is on the error.
      first = (e as { response?: Response }).response ?? new Response(null, { status: 401 });
    }
    const challenge = first.headers.get('www-authenticate') ?? '';
    this.log(`API ${first.status}${challenge.includes('invalid_token') ? ' invalid_token' : ''}`);
    if (first.status !== 401 || !/invalid_token/.test(challenge) || !(await this.refresh())) return first;
    const second = await call();
    this.log(`API ${second.status} after refresh`);
    return second;
  }
}
