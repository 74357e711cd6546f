/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * How the family's first token was obtained.
 */
export type FamilyOrigin = 'api-key' | 'password' | 'client' | 'code' | 'device';
/**
 * Epoch seconds after which the entry may be forgotten; null: never.
 */
export type Until = number | null;
/**
 * Every token of the family, or its refresh tokens only.
 */
export type FamilyRevocation = 'all' | 'refresh';

/**
 * What a mock started with --state FILE keeps across restarts: refresh families, revocations, logins, and the users and clients added at run time. No token is ever written, only hashes of revoked ones; the signing key is kept unless --keys names one.
 */
export interface StateFile {
  /**
   * Marks the file as ours: any other file is never overwritten.
   */
  format: 'oauth-conformance-state';
  /**
   * Layout version.
   */
  version: 1;
  /**
   * When the file was written (ISO 8601).
   */
  savedAt?: string;
  /**
   * Refresh families with a live refresh token.
   */
  families: Family[];
  /**
   * Revoked single tokens, each until it would have expired.
   */
  revokedTokens: RevokedToken[];
  /**
   * Revoked families (logins).
   */
  revokedFamilies: RevokedFamily[];
  /**
   * The latest login per user or API key, for the login invalidation rules.
   */
  logins: Login[];
  /**
   * Users registered at run time.
   */
  users: StoredUser[];
  /**
   * Clients registered at run time.
   */
  clients: Client[];
  /**
   * The private JWK the mock signs (and seals opaque tokens) with, kept when no --keys file was given, so tokens issued before a restart still verify after it. The file is written with mode 0600.
   */
  signingKey?: {
    /**
     * Key type.
     */
    kty: string;
    /**
     * Private part.
     */
    d: string;
  };
}
/**
 * One login's refresh chain (RFC 9700 §4.14.2).
 */
export interface Family {
  /**
   * Family id (carried inside its tokens).
   */
  id: string;
  /**
   * Client the family was issued to.
   */
  clientId?: string;
  /**
   * Subject.
   */
  sub: string;
  /**
   * User name, when a user logged in.
   */
  username?: string;
  /**
   * Scope of the original grant.
   *
   * Items: A scope.
   */
  scope: string[];
  origin: FamilyOrigin;
  /**
   * Generation of the live refresh token.
   */
  gen: number;
  until: Until;
  /**
   * When the user authenticated for this login (OpenID Connect `auth_time`, kept for ID Tokens issued on refresh, Core 1.0 §12.2).
   */
  authTime?: number;
  /**
   * RFC 8707: the resources the original grant was for; a refresh may narrow them, never widen.
   *
   * Items: A resource URI.
   */
  resource?: string[];
  /**
   * RFC 9449 §5: the JWK thumbprint a public client's refresh tokens are bound to; a refresh needs a proof by that key.
   */
  jkt?: string;
}
/**
 * A revoked token, by hash.
 */
export interface RevokedToken {
  /**
   * SHA-256 of the token, base64url.
   */
  hash: string;
  until: Until;
}
/**
 * A revoked family.
 */
export interface RevokedFamily {
  /**
   * Family id.
   */
  id: string;
  what: FamilyRevocation;
  until: Until;
}
/**
 * The latest login of a user or API key.
 */
export interface Login {
  /**
   * origin:subject, e.g. password:alice.
   */
  key: string;
  /**
   * The family that login started.
   */
  familyId: string;
}
/**
 * A user registered at run time.
 */
export interface StoredUser {
  /**
   * User name.
   */
  username: string;
  /**
   * Password (a demo fixture, kept as given).
   */
  password: string;
  /**
   * Extra claims for the user's tokens.
   */
  claims: {};
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
   *
   * Items: The grant: RFC 6749's four, `api_key` (an API key exchanged for a bearer token), `device_code` (RFC 8628 device authorization; on the wire `urn:ietf:params:oauth:grant-type:device_code`), `token_exchange` (RFC 8693; `urn:ietf:params:oauth:grant-type:token-exchange`) and `jwt_bearer` (RFC 7523 §2.1 JWT assertion; `urn:ietf:params:oauth:grant-type:jwt-bearer`).
   */
  grants?: (
    | 'client_credentials'
    | 'password'
    | 'authorization_code'
    | 'refresh_token'
    | 'api_key'
    | 'device_code'
    | 'token_exchange'
    | 'jwt_bearer'
  )[];
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
  privateJwk?: Jwk1;
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
 * The client's public keys: it authenticates with private_key_jwt, signing client assertions with one of them (RFC 7523 §2.2).
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
 * A JSON Web Key (RFC 7517): kty and the members of its kind (n and e, or crv, x and y; d and the others in a private key).
 */
export interface Jwk1 {
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
