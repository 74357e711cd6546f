// The app as an MCP host, written with the official SDK's client as a browser MCP client would be:
// the SDK finds the authorization server through the 401 and the protected resource metadata,
// registers itself (dynamic client registration), authorizes with PKCE and `resource`, and calls a
// tool. The only mock-specific line is authorizeInPage, which stands in for the browser redirect.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { authorizeInPage } from 'oauth-conformance/msw';
import type { Log } from './auth.ts';
import type { Provider } from './providers.ts';

const storageKey = 'example-app.mcp';

interface Saved {
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  verifier?: string;
}

/** What the SDK asks a host to remember per MCP server; kept in sessionStorage. */
class SessionProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  constructor(readonly redirectUrl: string) {}
  private get saved(): Saved {
    return JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as Saved;
  }
  private save(part: Saved): void {
    sessionStorage.setItem(storageKey, JSON.stringify({ ...this.saved, ...part }));
  }
  get clientMetadata() {
    return { client_name: 'Example app (MCP)', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  clientInformation() {
    return this.saved.client;
  }
  saveClientInformation(client: OAuthClientInformationMixed) {
    this.save({ client });
  }
  tokens() {
    return this.saved.tokens;
  }
  saveTokens(tokens: OAuthTokens) {
    this.save({ tokens });
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.save({ verifier });
  }
  codeVerifier() {
    return this.saved.verifier ?? '';
  }
}

export class McpAuthClient {
  private readonly provider: SessionProvider;
  private readonly url: URL;

  constructor(
    provider: Provider,
    redirectUri: string,
    private readonly log: Log,
  ) {
    this.provider = new SessionProvider(redirectUri);
    this.url = new URL(provider.api);
  }

  get tokens(): OAuthTokens | undefined {
    return this.provider.tokens();
  }

  private async connect(): Promise<Client> {
    const client = new Client({ name: 'example-app', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(this.url, { authProvider: this.provider }));
    return client;
  }

  async signIn(): Promise<void> {
    try {
      await (await this.connect()).close();
      return;
    } catch (e) {
      if (!(e instanceof UnauthorizedError) || !this.provider.authorizationUrl) throw e;
    }
    this.log('login page opened');
    const back = await authorizeInPage(this.provider.authorizationUrl, { redirectUri: this.provider.redirectUrl });
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`authorization refused: ${back.searchParams.get('error') ?? 'no code'}`);
    await new StreamableHTTPClientTransport(this.url, { authProvider: this.provider }).finishAuth(code);
    const client = await this.connect();
    const { tools } = await client.listTools();
    await client.close();
    this.log(`connected to the MCP server (tools: ${tools.map((t) => t.name).join(', ')})`);
  }

  /** "Call API" here is an MCP tool call: the SDK attaches the token. */
  async api(): Promise<Response> {
    const client = await this.connect();
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hello from the browser' } });
    await client.close();
    const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('');
    this.log(`tool echo answered`);
    return new Response(text, { status: result.isError ? 500 : 200 });
  }

  signOut(): void {
    sessionStorage.removeItem(storageKey);
  }
}
