// The contract between the client suite and a client under test. An adapter module (named in a
// target file of kind "client") default-exports `create`: given the mock's base URL, the profile and
// credentials it builds the client, and offers `call()`: one authenticated API call made the
// client's ordinary way.
import type { ResolvedProfile } from '../../lib/resolved-profile.ts';

export interface AdapterContext {
  /** Base URL of the mock that plays the provider (profile paths are relative to it). */
  baseUrl: string;
  profile: ResolvedProfile;
  credentials: { clientId?: string; clientSecret?: string; apiKey?: string; username?: string; password?: string };
  /** The API call to make: a protected resource of the profile, and the scope it needs. */
  resource: { method: string; url: string; scopes: string[] };
  /** A redirect URI registered for the client (authorization code and OpenID Connect sign-ins). */
  redirectUri?: string;
  /**
   * MCP profiles: the MCP server to connect to. An MCP client's `signIn` connects there as it
   * ordinarily does (the 401, discovery, registration, authorization through `userAgent`) and
   * lists the server's tools; it resolves with whether it got connected. `clientMetadataUrl` (from
   * the target file) is the client's Client ID Metadata Document: a client that hosts one uses it
   * as its client_id where the authorization server supports that.
   */
  mcp?: { url: string; clientMetadataUrl?: string };
  /**
   * Profiles with the device authorization grant (RFC 8628): the client to use for it (a public
   * client allowed `device_code`, or the confidential one), and the scope to ask for.
   */
  device?: { clientId: string; clientSecret?: string; scope?: string };
  /** Profiles with token exchange (RFC 8693): the client allowed it, and an audience the mock mints for. */
  tokenExchange?: { clientId: string; clientSecret: string; audience: string };
  /**
   * Profiles with the JWT bearer grant (RFC 7523): a demo issuer the mock trusts, the subject to
   * assert, and its private key (a JWK) to sign with; the client authenticates as `credentials` says.
   */
  assertion?: { issuer: string; subject: string; privateJwk: Record<string, unknown> };
  /**
   * Profiles with DPoP (RFC 9449): a confidential client for client_credentials, authenticating with
   * its secret or, where the profile takes only client assertions (fapi2), with `privateJwk`
   * (private_key_jwt, RFC 7523 §2.2); and the scope the resource needs.
   */
  dpop?: { clientId: string; clientSecret?: string; privateJwk?: Record<string, unknown>; scope?: string };
}

/** What a device shows its user (RFC 8628 §3.3): the code, and where to enter it. */
export interface DevicePrompt {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
}

/**
 * The user on the other screen, played by the suite. A device client calls `show` once it has its
 * codes, as it would put them on its screen; the suite then enters the code on the verification page
 * (or not), while the client polls.
 */
export interface DeviceUser {
  show(prompt: DevicePrompt): void;
}

/**
 * Plays the user's browser for an OpenID Connect sign-in: opens the authorization URL, logs in and
 * consents on the mock's pages, and resolves with the URL the provider redirected back to (the
 * client's redirect_uri with `code`, `state`, or `error`).
 */
export type UserAgent = (authorizationUrl: string) => Promise<string>;

export interface SignInOutcome {
  /** Whether the client took the sign-in (the ID Token and the tokens with it). */
  accepted: boolean;
  /** Why it refused, as the client said it. */
  error?: string;
}

export interface SignInOptions {
  /**
   * MCP: connect to this MCP server instead of `ctx.mcp.url` (a second server with its own
   * authorization server), keeping whatever the client keeps between connections, as a host does.
   */
  mcpUrl?: string;
}

export interface ClientUnderTest {
  /** Makes the API call; resolves with the final HTTP status the client saw (or rejects, if it gives up by throwing). */
  call(): Promise<{ status: number }>;
  /**
   * OpenID Connect relying parties: one sign-in from the start (discovery or configuration, the
   * authorization request through `userAgent`, the code exchange, ID Token validation). Resolves with
   * whether the client accepted the result; the oidc client checks serve it a wrong ID Token on purpose.
   */
  signIn?(userAgent: UserAgent, options?: SignInOptions): Promise<SignInOutcome>;
  /**
   * Device clients (RFC 8628): one sign-in from the start: the device authorization request, `show`
   * on `user`, then polling until tokens (accepted) or an answer that ends it (refused, with the
   * error). `close()` must stop a sign-in still polling.
   */
  deviceSignIn?(user: DeviceUser): Promise<SignInOutcome>;
  /**
   * Token exchange (RFC 8693): trade `subjectToken` (an access token the mock issued) for a token for
   * `ctx.tokenExchange.audience`, the way the client's own code does; accepted when it got one.
   */
  exchangeToken?(subjectToken: string): Promise<SignInOutcome>;
  /** JWT bearer grant (RFC 7523 §2.1): sign an assertion with `ctx.assertion` and present it for a token. */
  assertionGrant?(): Promise<SignInOutcome>;
  /**
   * DPoP (RFC 9449): with `ctx.dpop`'s client, get a DPoP-bound token by client_credentials and make
   * the API call (`ctx.resource`) with it twice, as the client's own code does: a proof per request,
   * a server nonce answered (§8). Accepted when both calls got through.
   */
  senderConstrained?(): Promise<SignInOutcome>;
  close?(): Promise<void>;
}

export type CreateClient = (ctx: AdapterContext) => Promise<ClientUnderTest>;
