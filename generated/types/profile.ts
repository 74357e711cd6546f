/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * The grant: RFC 6749's four, `api_key` (an API key exchanged for a bearer token), `device_code` (RFC 8628 device authorization; on the wire `urn:ietf:params:oauth:grant-type:device_code`), `token_exchange` (RFC 8693; `urn:ietf:params:oauth:grant-type:token-exchange`) and `jwt_bearer` (RFC 7523 §2.1 JWT assertion; `urn:ietf:params:oauth:grant-type:jwt-bearer`).
 */
export type GrantType =
  | 'client_credentials'
  | 'password'
  | 'authorization_code'
  | 'refresh_token'
  | 'api_key'
  | 'device_code'
  | 'token_exchange'
  | 'jwt_bearer';
/**
 * A JWS algorithm with an asymmetric signature (RFC 7518 §3): never none, never a MAC.
 */
export type AsymmetricAlg =
  'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

/**
 * A provider's documented auth flows as data: what the mock serves and what the suites check a server or client against.
 */
export interface Profile {
  /**
   * Path or URL of this schema, so editors can autocomplete the profile.
   */
  $schema?: string;
  /**
   * Stable name of the profile (lower-case, digits, dashes); `--profile NAME` selects it.
   */
  id: string;
  /**
   * Human name of the provider or standard the profile describes.
   */
  title: string;
  /**
   * What the profile covers and which readings it chose where its documents are vague.
   */
  description?: string;
  /**
   * A built-in profile id or a path (relative to this file) of a profile to start from; this profile's fields override the base's (objects merge, arrays replace). A field set to null removes the inherited one (an endpoint, a block such as `pkce`); `grants` may be an object keyed by grant type that merges into the base's grants, a null entry removing that grant.
   */
  extends?: string;
  /**
   * The documents this profile's rules come from.
   */
  documents?: Document[];
  /**
   * Facts of this profile that are stated defaults, not what the server documents or publishes (a profile drafted from a URL by `check URL` or `init URL`): checks that judge them are not judged until the profile says the real value and drops the entry.
   *
   * Items: A profile field whose value is a default.
   */
  undocumented?: (
    | 'accessToken.lifetime'
    | 'accessToken.format'
    | 'refreshToken.policy'
    | 'grants.issuesRefreshToken'
    | 'resources.scopes'
  )[];
  /**
   * Path prefix every endpoint and resource path is relative to (empty for the host root).
   */
  basePath?: string;
  /**
   * How the provider writes errors of its non-OAuth endpoints (api-key exchange, refresh, registration).
   */
  errors?: {
    /**
     * `oauth`: RFC 6749 §5.2 `{error, error_description}`; `problem`: RFC 9457 `{type, title, status}`.
     */
    format: 'oauth' | 'problem';
    /**
     * URL prefix of the problem `type` for `problem` errors.
     */
    typeBase?: string;
    source?: Source;
  };
  /**
   * The endpoints the provider exposes; a grant or feature that needs one is refused at load time if it is missing.
   */
  endpoints?: {
    token?: Endpoint;
    apiKey?: Endpoint;
    refresh?: Endpoint;
    authorize?: Endpoint;
    revoke?: Endpoint;
    introspect?: Endpoint;
    register?: Endpoint;
    metadata?: Endpoint;
    jwks?: Endpoint;
    discovery?: Endpoint;
    userinfo?: Endpoint;
    endSession?: Endpoint;
    clientRegistration?: Endpoint;
    deviceAuthorization?: Endpoint;
    par?: Endpoint;
  };
  /**
   * The ways to obtain a token, each with its endpoint and request shape.
   */
  grants?: Grant[];
  /**
   * How confidential clients authenticate at the token, revocation and introspection endpoints (RFC 6749 §2.3).
   */
  clientAuth?: {
    /**
     * Accepted methods: HTTP Basic (`client_secret_basic`), body parameters (`client_secret_post`), a JWT signed with the client's private key (`private_key_jwt`, RFC 7523 §2.2, OpenID Connect Core §9), a JWT with an HMAC keyed by the client secret (`client_secret_jwt`, OpenID Connect Core §9), or none (public clients).
     *
     * @minItems 1
     *
     * Items: An RFC 8414 token endpoint auth method name.
     */
    methods: [
      'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'none' | 'private_key_jwt',
      ...('client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'none' | 'private_key_jwt')[]
    ];
    source?: Source;
    /**
     * The JWS algorithms client assertions may use (RFC 8414 `token_endpoint_auth_signing_alg_values_supported`; default: every asymmetric algorithm, and HS256, HS384 and HS512 where `client_secret_jwt` is accepted). Never `none`.
     *
     * @minItems 1
     */
    signingAlgs?: [AsymmetricAlg | ('HS256' | 'HS384' | 'HS512'), ...(AsymmetricAlg | ('HS256' | 'HS384' | 'HS512'))[]];
    /**
     * The `aud` this server's clients put in their client assertions, and the suites' do: the token endpoint's URL (OpenID Connect Core §9: "The Audience SHOULD be the URL of the Authorization Server's Token Endpoint"; the default), or the issuer identifier (FAPI 2.0 Security Profile, RFC 9126 §2 "SHOULD be used"; some servers take nothing else). The mock takes either.
     */
    assertionAudience?: 'token-endpoint' | 'issuer';
    /**
     * Seconds ahead a client assertion's exp may be (private_key_jwt, client_secret_jwt; OpenID Connect Core §9 leaves it to the server); default 300. FAPI 2.0 deployments keep it short.
     */
    assertionLifetime?: number;
  };
  accessToken?: AccessToken;
  refreshToken?: RefreshToken;
  /**
   * Scopes the provider knows (RFC 6749 §3.3).
   */
  scopes?: {
    /**
     * Every scope a client may ask for.
     *
     * Items: A scope token (RFC 6749 §3.3 scope-token).
     */
    supported: string[];
    /**
     * Scopes granted when a request names none (empty: the client's whole allowance).
     *
     * Items: A scope token.
     */
    default?: string[];
    /**
     * A request naming scopes gets a token restricted to them (Shakr's scoped access token); otherwise narrowing is refused.
     */
    scopedTokens?: boolean;
    source?: Source;
    /**
     * What the server grants for a requested scope (RFC 6749 §3.3): `exact` grants what is asked and refuses unknown scope with invalid_scope; `narrowing` (the RFC's own default) may grant less or other scope than asked, naming it in the response; `any` grants whatever is asked, known or not.
     */
    policy?: 'exact' | 'narrowing' | 'any';
  };
  /**
   * RFC 7636 policy for the authorization code grant.
   */
  pkce?: {
    /**
     * An authorization request without `code_challenge` is refused.
     */
    required: boolean;
    /**
     * Accepted `code_challenge_method` values.
     *
     * @minItems 1
     *
     * Items: A PKCE method.
     */
    methods: ['S256' | 'plain', ...('S256' | 'plain')[]];
    source?: Source;
  };
  /**
   * RFC 8628 device authorization grant: what the device endpoint answers and how the token endpoint polls. Needs a `device_code` grant and a `deviceAuthorization` endpoint.
   */
  deviceAuthorization?: {
    /**
     * The verification page's path relative to `basePath` (default `/device`): `verification_uri` (RFC 8628 §3.2).
     */
    verificationPath?: string;
    /**
     * Answer `verification_uri_complete` too, the page with the user code filled in (default true; RFC 8628 §3.3.1).
     */
    verificationUriComplete?: boolean;
    /**
     * The user code's form (RFC 8628 §6.1 advises a short code of base-20 consonants, shown in groups).
     */
    userCode?: {
      /**
       * Characters it is made of (default `BCDFGHJKLMNPQRSTVWXZ`, RFC 8628 §6.1).
       */
      charset?: string;
      /**
       * How many characters (default 8; §6.1: 8 of base 20 is 34.5 bits).
       */
      length?: number;
    };
    /**
     * Seconds the client waits between polls (default 5, RFC 8628 §3.2); `slow_down` raises it by 5 for that device code (§3.5).
     */
    interval?: number;
    /**
     * Seconds a device code and its user code live (default 600; `expires_in`, RFC 8628 §3.2).
     */
    lifetime?: number;
    source?: Source;
  };
  /**
   * RFC 8693 token exchange: which tokens the token endpoint takes as subject and actor, and for which audiences it mints. Needs a `token_exchange` grant.
   */
  tokenExchange?: {
    /**
     * Accepted `subject_token_type`s (default: access_token and jwt). The mock takes its own access tokens, ID Tokens and JWTs it signed.
     *
     * @minItems 1
     *
     * Items: An RFC 8693 §3 token type identifier.
     */
    subjectTokenTypes?: [
      (
        | 'urn:ietf:params:oauth:token-type:access_token'
        | 'urn:ietf:params:oauth:token-type:id_token'
        | 'urn:ietf:params:oauth:token-type:jwt'
      ),
      ...(
        | 'urn:ietf:params:oauth:token-type:access_token'
        | 'urn:ietf:params:oauth:token-type:id_token'
        | 'urn:ietf:params:oauth:token-type:jwt'
      )[]
    ];
    /**
     * Accepted `actor_token_type`s for delegation (default: access_token and jwt); empty: no delegation, an `actor_token` is refused.
     *
     * Items: An RFC 8693 §3 token type identifier.
     */
    actorTokenTypes?: (
      | 'urn:ietf:params:oauth:token-type:access_token'
      | 'urn:ietf:params:oauth:token-type:id_token'
      | 'urn:ietf:params:oauth:token-type:jwt'
    )[];
    /**
     * The `audience` and `resource` values it mints for (RFC 8693 §2.1), besides the profile's own audience and resources; anything else is `invalid_target` (§2.2.2).
     *
     * Items: A logical name or an absolute URI.
     */
    audiences?: string[];
    source?: Source;
  };
  /**
   * RFC 7523 §2.1 JWT bearer grant: whose assertions the token endpoint trusts and how strictly it reads them. Needs a `jwt_bearer` grant.
   */
  jwtBearer?: {
    /**
     * Trusted issuers with their public keys (the mock refuses assertions of anyone else). A profile of a real server may leave them out: its trust is the server's.
     *
     * Items: An issuer whose assertions are trusted.
     */
    issuers?: {
      /**
       * The `iss` its assertions carry.
       */
      issuer: string;
      jwks?: JwkSet;
      /**
       * Where its JWK Set is published, fetched when an assertion names it.
       */
      jwksUri?: string;
      /**
       * The subjects it may assert (default: any).
       *
       * Items: A subject.
       */
      subjects?: string[];
      /**
       * Who this issuer is.
       */
      description?: string;
    }[];
    /**
     * Seconds an assertion may still live when presented (default 300): a longer `exp` is refused (RFC 7523 §3 lets the server limit it).
     */
    maxLifetime?: number;
    /**
     * Assertions must carry `jti`, and each is accepted once while it lives (default true; RFC 7523 §3 item 7).
     */
    requireJti?: boolean;
    source?: Source;
  };
  /**
   * RFC 9449 DPoP: access tokens bound to a key the client proves it holds, with a signed proof on every token request and every resource call.
   */
  dpop?: {
    /**
     * The asymmetric JWS algorithms a proof may use (`dpop_signing_alg_values_supported`; default ES256, PS256, RS256, EdDSA).
     *
     * @minItems 1
     */
    algs?: [AsymmetricAlg, ...AsymmetricAlg[]];
    /**
     * Every proof must carry a nonce the server issued (RFC 9449 §8, §9); a proof without a fresh one is answered `use_dpop_nonce` with a `DPoP-Nonce` header. Default false.
     */
    nonce?: boolean;
    /**
     * Seconds a proof is accepted after its `iat` (RFC 9449 §11.1: "a relatively brief period"); default 120.
     */
    maxAge?: number;
    /**
     * Token requests without a proof are refused, so every access token is sender-constrained (FAPI 2.0 Security Profile §5.3.2.1). Default false.
     */
    required?: boolean;
    /**
     * Protected resources still take unbound tokens as Bearer (default: true unless `required`). A DPoP-bound token is never taken as Bearer (RFC 9449 §7.2).
     */
    bearer?: boolean;
    source?: Source;
  };
  /**
   * RFC 9126 pushed authorization requests. Needs the `par` endpoint.
   */
  par?: {
    /**
     * The authorization endpoint refuses a request that was not pushed (`require_pushed_authorization_requests`, RFC 9126 §5). Default false.
     */
    required?: boolean;
    /**
     * Seconds a request_uri stays usable (its `expires_in`; RFC 9126 §2.2: "a short lifetime"); default 60.
     */
    requestUriLifetime?: number;
    source?: Source;
  };
  /**
   * Shape and headers of a successful token response.
   */
  tokenResponse?: {
    /**
     * Which wire schema a success response follows.
     */
    schema?: 'rfc6749' | 'api-video';
    /**
     * `Pragma: no-cache` is required as well as `Cache-Control: no-store` (strict RFC 6749 §5.1; OAuth 2.1 drops it).
     */
    pragmaNoCache?: boolean;
    source?: Source;
  };
  /**
   * How protected resources accept and refuse bearer tokens (RFC 6750).
   */
  bearer?: {
    /**
     * The `realm` of `WWW-Authenticate: Bearer` challenges.
     */
    realm?: string;
    /**
     * `?access_token=` is accepted (RFC 6750 §2.3); strict profiles refuse it.
     */
    queryToken?: boolean;
    /**
     * A form body `access_token` is accepted (RFC 6750 §2.2).
     */
    bodyToken?: boolean;
    source?: Source;
  };
  /**
   * Protected resources: each needs a valid bearer token with all its scopes.
   */
  resources?: Resource[];
  /**
   * Endpoints that need no access token (Shield's list).
   */
  tokenFree?: {
    /**
     * Path relative to `basePath`.
     */
    path: string;
    /**
     * What the endpoint is for.
     */
    description?: string;
    source?: Source;
  }[];
  /**
   * How users register themselves at the `register` endpoint (Shield `/users`).
   */
  registration?: {
    /**
     * Body encoding of the registration request.
     */
    encoding: 'json' | 'form';
    /**
     * Wire names of the registration fields.
     */
    fields: {
      /**
       * Field carrying the user name.
       */
      username: string;
      /**
       * Field carrying the password.
       */
      password: string;
    };
    source?: Source;
  };
  /**
   * Further statements of the documents that a server or client could get wrong, with the check ids that enforce them.
   */
  rules?: {
    /**
     * Stable rule id, unique in the profile.
     */
    id: string;
    /**
     * How binding the document makes it.
     */
    level: 'MUST' | 'SHOULD' | 'MAY';
    /**
     * The rule in one sentence.
     */
    text: string;
    /**
     * Ids of the conformance checks that enforce it.
     *
     * Items: A check id.
     */
    checks?: string[];
    source: Source;
  }[];
  /**
   * Demo data the built-in mock serves: documented credentials a developer can use at once.
   */
  mock?: {
    /**
     * Registered clients.
     */
    clients?: Client[];
    /**
     * Users who can log in (password grant, login page).
     */
    users?: User[];
    /**
     * API keys accepted by the api-key exchange.
     */
    apiKeys?: ApiKey[];
    /**
     * JSON returned by protected resources that name no body of their own.
     */
    resourceBody?: {};
    /**
     * How the mock's login page names its fields, so suites can prove they drive pages built differently.
     */
    loginPage?: {
      /**
       * Heading of the login page.
       */
      title?: string;
      /**
       * `name` and `id` of the user name input (default `username`).
       */
      usernameField?: string;
      /**
       * Label of the user name input (default `Username`).
       */
      usernameLabel?: string;
      /**
       * `name` and `id` of the password input (default `password`).
       */
      passwordField?: string;
      /**
       * Label of the password input (default `Password`).
       */
      passwordLabel?: string;
      /**
       * Text of the login button (default `Sign in`).
       */
      submitLabel?: string;
    };
    /**
     * Private keys of the demo issuers in `jwtBearer.issuers`, so the suites and a developer can sign assertions the mock trusts (demo keys, published with the profile; never a key of yours).
     *
     * Items: A demo issuer's signing key.
     */
    assertionKeys?: {
      /**
       * The issuer it signs as.
       */
      issuer: string;
      /**
       * The subject its assertions name by default.
       */
      subject: string;
      privateJwk: Jwk;
    }[];
  };
  /**
   * How the authorization endpoint behaves beyond RFC 6749 §4.1 (the login itself is the server's own).
   */
  authorization?: {
    /**
     * A consent page follows the login (default true). False: the server redirects straight after login, so denial cannot be tried in a browser.
     */
    consent?: boolean;
    source?: Source;
  };
  /**
   * OpenID Connect: the provider issues ID Tokens to requests with the `openid` scope (Core 1.0 §3.1.3.3), answers the UserInfo endpoint, keeps a login session for `prompt` and `max_age`, and ends it at the end_session endpoint. Without this object the profile is plain OAuth.
   */
  oidc?: {
    /**
     * The ID Token (Core 1.0 §2).
     */
    idToken?: {
      /**
       * Seconds from `iat` to `exp` (default 3600).
       */
      lifetime?: number;
      /**
       * The password grant returns an ID Token when `openid` is granted (default false: Core 1.0 defines ID Tokens for the authorization endpoint flows only).
       */
      passwordGrant?: boolean;
      /**
       * A refresh of a grant with `openid` returns a new ID Token (Core 1.0 §12.2: MAY; default true).
       */
      refresh?: boolean;
      source?: Source;
    };
    /**
     * The login session the authorization endpoint keeps in a cookie, so `prompt=none` works after a login (Core 1.0 §3.1.2.1).
     */
    session?: {
      /**
       * Seconds a login session lasts (default 28800).
       */
      lifetime?: number;
      source?: Source;
    };
    source?: Source;
  };
  /**
   * RFC 9728: the provider's protected resource announces itself. Its identifier is the served origin plus basePath plus `path`; its metadata is served at `/.well-known/oauth-protected-resource` inserted before that path (§3.1), and at the root for the origin. Resources of the profile under `path` answer 401 with `resource_metadata` (§5.1).
   */
  protectedResource?: {
    /**
     * Path of the resource identifier relative to basePath (an MCP server: `/mcp`).
     */
    path: string;
    /**
     * `scopes_supported` of the metadata (default: the profile's supported scopes without openid).
     *
     * Items: A scope.
     */
    scopesSupported?: string[];
    /**
     * A 401 without credentials names the scope the resource needs (`scope=`, MCP 2025-11-25: SHOULD). Default true.
     */
    challengeScope?: boolean;
    source?: Source;
  };
  /**
   * RFC 8707: `resource` on authorization and token requests. A token's audience is the resource it was requested for; an unknown resource gets `invalid_target`; the profile's resources refuse a token for another audience.
   */
  resourceIndicators?: {
    /**
     * A request without `resource` is refused with invalid_target (default false: the token's audience is then the profile's own resource).
     */
    required?: boolean;
    /**
     * Further resource URIs tokens may be minted for (the profile's own protected resource is always accepted).
     *
     * Items: An absolute resource URI.
     */
    accepted?: string[];
    source?: Source;
  };
  /**
   * RFC 7591 dynamic client registration at `endpoints.clientRegistration`: metadata is validated, a client_id issued (a secret only for confidential clients), the client kept in the store.
   */
  clientRegistration?: {
    /**
     * token_endpoint_auth_method values accepted (default: those of clientAuth.methods).
     *
     * Items: A token_endpoint_auth_method.
     */
    authMethods?: ('none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt')[];
    source?: Source;
  };
  /**
   * OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document): an https URL as client_id is fetched (only from hosts the mock is allowed to reach: loopback, or `--allow-client-metadata-host`), its client_id must equal the URL, and its redirect_uris are the client's.
   */
  clientIdMetadataDocuments?: {
    source?: Source;
  };
  /**
   * Model Context Protocol authorization: the revision whose rules the profile follows. The protected resource at `protectedResource.path` is a small MCP server (Streamable HTTP: initialize, tools/list, an echo tool) when @modelcontextprotocol/sdk is installed.
   */
  mcp?: {
    /**
     * The MCP specification revision.
     */
    revision: '2025-06-18' | '2025-11-25' | '2026-07-28';
    source?: Source;
  };
}
/**
 * A document the profile draws on.
 */
export interface Document {
  /**
   * How `source.document` names it.
   */
  ref: string;
  /**
   * The document's title.
   */
  title: string;
  /**
   * Where the public original lives.
   */
  url?: string;
}
/**
 * Where a rule comes from: the document and the sentence, and the reading chosen where the document is vague.
 */
export interface Source {
  /**
   * An RFC (`RFC 6749`) or a seed document (`seeds/002_1340a144296c9888.txt`).
   */
  document: string;
  /**
   * Section of the document (`§5.1`).
   */
  section?: string;
  /**
   * The sentence the rule encodes, as the document says it.
   */
  quote?: string;
  /**
   * The reading chosen where the document is vague, and why.
   */
  choice?: string;
}
/**
 * One endpoint of the provider.
 */
export interface Endpoint {
  /**
   * Path relative to `basePath`.
   */
  path: string;
  source?: Source;
}
/**
 * A way to obtain a token.
 */
export interface Grant {
  type: GrantType;
  /**
   * Which endpoint serves it (default `token`; `api_key` defaults to `apiKey`).
   */
  endpoint?: 'token' | 'apiKey' | 'refresh';
  /**
   * Request body encoding (default `form`, RFC 6749 §3.2).
   */
  encoding?: 'form' | 'json';
  /**
   * The request carries `grant_type` (default true; false for dedicated endpoints such as api.video's).
   */
  grantTypeParameter?: boolean;
  fields?: FieldNames;
  /**
   * A successful grant returns a refresh token.
   */
  issuesRefreshToken?: boolean;
  source?: Source;
  /**
   * The scope the suites put on this grant's requests (for authorization_code: on the authorization request) when a check needs no particular one; some servers refuse requests without scope (e.g. OpenID providers need `openid`).
   */
  requestScope?: string;
}
/**
 * Wire names of the request's fields where they differ from RFC 6749's.
 */
export interface FieldNames {
  /**
   * Default `client_id`.
   */
  clientId?: string;
  /**
   * Default `client_secret`.
   */
  clientSecret?: string;
  /**
   * Default `apiKey`.
   */
  apiKey?: string;
  /**
   * Default `refresh_token`.
   */
  refreshToken?: string;
  /**
   * Default `username`.
   */
  username?: string;
  /**
   * Default `password`.
   */
  password?: string;
  /**
   * Default `scope`.
   */
  scope?: string;
  /**
   * Default `code`.
   */
  code?: string;
  /**
   * Default `redirect_uri`.
   */
  redirectUri?: string;
  /**
   * Default `code_verifier`.
   */
  codeVerifier?: string;
}
/**
 * What an access token is and how long it lives.
 */
export interface AccessToken {
  /**
   * A signed JWT or an opaque string.
   */
  format: 'jwt' | 'opaque';
  /**
   * Seconds until expiry; null: never expires (no `expires_in`).
   */
  lifetime: number | null;
  /**
   * JWT details, for `format: jwt`.
   */
  jwt?: {
    /**
     * Signature algorithms a real server may use; the mock signs with the first asymmetric one it supports unless told otherwise. `none` is never allowed.
     *
     * @minItems 1
     *
     * Items: A JWS algorithm.
     */
    algs?: [
      'RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384' | 'EdDSA' | 'HS256' | 'HS384' | 'HS512',
      ...('RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384' | 'EdDSA' | 'HS256' | 'HS384' | 'HS512')[]
    ];
    /**
     * The JOSE header `typ` (RFC 9068: `at+jwt`).
     */
    typ?: string;
    /**
     * `rfc9068`: the RFC 9068 claim set; `custom`: exactly the `required` list.
     */
    claims: 'rfc9068' | 'custom';
    /**
     * Claims every access token carries.
     *
     * Items: A claim name.
     */
    required: string[];
    /**
     * The `aud` the tokens carry (RFC 9068 requires one).
     */
    audience?: string;
    /**
     * Claim that names the user (Shield: `username`); for client_credentials tokens it holds the client id.
     */
    usernameClaim?: string;
  };
  source?: Source;
}
/**
 * How refresh tokens behave.
 */
export interface RefreshToken {
  /**
   * `reusable`: the same token works again; `rotating`: each refresh returns a new one and the old stops working; `rotating-reuse-detection`: as rotating, and presenting a used one revokes its whole family (RFC 9700 §4.14).
   */
  policy: 'none' | 'reusable' | 'rotating' | 'rotating-reuse-detection';
  /**
   * Seconds until a refresh token expires; null: never.
   */
  lifetime?: number | null;
  /**
   * Opaque string or signed JWT (default opaque).
   */
  format?: 'opaque' | 'jwt';
  /**
   * Events besides refresh and revocation that invalidate earlier refresh tokens.
   *
   * Items: `api-key-login`: a new API-key exchange voids the key's earlier refresh token (api.video); `password-login`: a new password login voids the user's earlier refresh tokens (Shield: login from another device).
   */
  invalidatedBy?: ('api-key-login' | 'password-login')[];
  source?: Source;
}
/**
 * A JWK Set (RFC 7517 §5).
 */
export interface JwkSet {
  /**
   * The keys.
   *
   * @minItems 1
   */
  keys: [Jwk, ...Jwk[]];
}
/**
 * A JSON Web Key (RFC 7517): kty and the members of its kind (n and e, or crv, x and y; d and the others in a private key).
 */
export interface Jwk {
  /**
   * Key type.
   */
  kty: string;
  /**
   * Key id.
   */
  kid?: string;
  /**
   * Algorithm.
   */
  alg?: string;
  [k: string]: unknown | undefined;
}
/**
 * A protected resource.
 */
export interface Resource {
  /**
   * HTTP method (default GET).
   */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Path relative to `basePath`.
   */
  path: string;
  /**
   * Scopes a token needs, all of them.
   *
   * Items: A scope token.
   */
  scopes?: string[];
  /**
   * What the resource stands for.
   */
  description?: string;
  /**
   * JSON the mock answers with (default `mock.resourceBody`).
   */
  body?: {
    [k: string]: unknown | undefined;
  };
  source?: Source;
}
/**
 * A client registered with the mock.
 */
export interface Client {
  /**
   * The client identifier.
   */
  clientId: string;
  /**
   * The secret of a confidential client; absent for a public client.
   */
  clientSecret?: string;
  /**
   * Grants the client may use (default: every grant of the profile).
   */
  grants?: GrantType[];
  /**
   * Scopes the client may be granted (default: all supported).
   *
   * Items: A scope token.
   */
  scopes?: string[];
  /**
   * Registered redirect URIs, matched exactly.
   *
   * Items: An absolute redirect URI.
   */
  redirectUris?: string[];
  /**
   * Extra claims put into this client's JWT access tokens.
   */
  claims?: {};
  /**
   * What the demo client is for.
   */
  description?: string;
  /**
   * RP-Initiated Logout 1.0 §3: where the provider may send the browser after logout, matched exactly.
   *
   * Items: An absolute URI.
   */
  postLogoutRedirectUris?: string[];
  jwks?: JwkSet;
  /**
   * Where the client publishes its public keys, fetched when an assertion of it arrives (private_key_jwt).
   */
  jwksUri?: string;
  privateJwk?: Jwk;
  /**
   * RFC 9449 §5.2 `dpop_bound_access_tokens`: the client always uses DPoP, and its token requests without a proof are refused.
   */
  dpopBoundAccessTokens?: boolean;
  /**
   * A demo client of the mock that authenticates with private_key_jwt by a key pair the mock makes at start (of this algorithm): its private JWK is handed to the user (`mock` writes it to a file of mode 0600 that the banner names; the programmatic API returns it in `engine.demo.clients`), never published in the profile.
   */
  demoKey?: 'ES256' | 'PS256' | 'EdDSA';
}
/**
 * A user known to the mock.
 */
export interface User {
  /**
   * Login name.
   */
  username: string;
  /**
   * Password.
   */
  password: string;
  /**
   * Extra claims for this user's tokens.
   */
  claims?: {};
  /**
   * OpenID Connect standard claims of this user (Core 1.0 §5.1: name, given_name, family_name, preferred_username, email, email_verified, ...), released by scope as §5.4 says (`profile`, `email`, `address`, `phone`).
   */
  userinfo?: {};
}
/**
 * An API key the mock accepts.
 */
export interface ApiKey {
  /**
   * The key.
   */
  key: string;
  /**
   * Who the key belongs to (the token's `sub`).
   */
  subject?: string;
  /**
   * What the demo key is for.
   */
  description?: string;
}
