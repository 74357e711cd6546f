/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * A server or client under test: which profile it claims, where it lives and how to log in. Secrets are given by environment variable name so none sits in a file.
 */
export type Target = {
  /**
   * Path or URL of this schema, so editors can autocomplete the target.
   */
  $schema?: string;
  /**
   * `server`: an authorization server and API checked over HTTP; `client`: a client library driven through an adapter against the mock.
   */
  kind: 'server' | 'client';
  /**
   * Name shown in reports.
   */
  name?: string;
  /**
   * A built-in profile id or a path (relative to this file) of a profile file.
   */
  profile: string;
  /**
   * Base URL of the authorization server; the profile's paths are appended to it.
   */
  baseUrl?: string;
  /**
   * The issuer identifier the server names in tokens and metadata, when it differs from `baseUrl` plus the profile's basePath (a proxy, another host name).
   */
  issuer?: string;
  /**
   * Base URL of the protected API when it lives elsewhere (default `baseUrl`).
   */
  resourceBaseUrl?: string;
  /**
   * Credentials the checks use, each by value or by environment variable name.
   */
  credentials?: {
    clientId?: Secret;
    clientSecret?: Secret;
    limitedClientId?: Secret;
    limitedClientSecret?: Secret;
    apiKey?: Secret;
    username?: Secret;
    password?: Secret;
    assertionIssuer?: Secret;
    assertionSubject?: Secret;
    assertionKey?: Secret;
    jwtClientId?: Secret;
    jwtClientKey?: Secret;
  };
  /**
   * A redirect URI registered for the client (authorization code checks).
   */
  redirectUri?: string;
  /**
   * A post_logout_redirect_uri registered for the client (OpenID Connect RP-Initiated Logout checks).
   */
  postLogoutRedirectUri?: string;
  /**
   * Another resource (RFC 8707) the authorization server mints tokens for: the audience checks ask for a token for it and expect the target's protected resource to refuse it.
   */
  otherResource?: string;
  /**
   * Client targets of an MCP profile: the https URL of the Client ID Metadata Document the client uses as its client_id (MCP 2025-11-25 and later), passed to the adapter as `mcp.clientMetadataUrl`. The mock fetches it from there (its host is allowed for the run; a self-signed certificate needs NODE_EXTRA_CA_CERTS). Without it the client is taken not to host a document and `client.mcp.client-id-metadata-document` is skipped.
   */
  clientMetadataUrl?: string;
  expiredAccessToken?: Secret;
  /**
   * How a browser fills the target's own login and consent pages.
   */
  login?: {
    /**
     * Playwright selector of the user name field.
     */
    usernameSelector: string;
    /**
     * Playwright selector of the password field.
     */
    passwordSelector: string;
    /**
     * Selector of the login button.
     */
    submitSelector: string;
    /**
     * Selector of the button that grants consent, where a consent page follows.
     */
    consentSelector?: string;
    /**
     * Selector of the button that denies consent.
     */
    denySelector?: string;
    /**
     * Selector of the user code field on the device verification page (RFC 8628 §3.3), filled when the page does not take the code from verification_uri_complete.
     */
    userCodeSelector?: string;
  };
  /**
   * Path (relative to this file) of the adapter module that builds the client under test (`kind: client`).
   */
  adapter?: string;
  /**
   * SHOULD failures fail the run too (default: they are warnings).
   */
  failOnShould?: boolean;
  /**
   * The scope to request per grant on this server, overriding the profile's `requestScope` (e.g. `openid` for an OpenID provider's authorization requests).
   */
  requestScope?: {
    /**
     * Scope for client_credentials requests.
     */
    client_credentials?: string;
    /**
     * Scope for password requests.
     */
    password?: string;
    /**
     * Scope for authorization_code requests.
     */
    authorization_code?: string;
    /**
     * Scope for refresh_token requests.
     */
    refresh_token?: string;
    /**
     * Scope for api_key requests.
     */
    api_key?: string;
    /**
     * Scope for device authorization requests (RFC 8628 §3.1).
     */
    device_code?: string;
    /**
     * Scope for token exchange requests (RFC 8693 §2.1).
     */
    token_exchange?: string;
    /**
     * Scope for JWT bearer grant requests (RFC 7523 §2.1).
     */
    jwt_bearer?: string;
  };
};
/**
 * A value given inline, or `{"env": "NAME"}` to read it from an environment variable.
 */
export type Secret =
  | string
  | {
      /**
       * Environment variable name.
       */
      env: string;
    };
