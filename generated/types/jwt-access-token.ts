/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * The payload of a JWT access token under RFC 9068 §2.2.
 */
export interface JwtAccessTokenClaims {
  /**
   * Issuer identifier of the authorization server.
   */
  iss: string;
  /**
   * Expiry, seconds since the epoch.
   */
  exp: number;
  /**
   * The resource indicator(s) the token is for.
   */
  aud: string | [string, ...string[]];
  /**
   * The user, or the client for client_credentials tokens.
   */
  sub: string;
  /**
   * The client the token was issued to.
   */
  client_id: string;
  /**
   * Issue time, seconds since the epoch.
   */
  iat: number;
  /**
   * Unique token identifier.
   */
  jti: string;
  /**
   * Granted scopes, space-delimited.
   */
  scope?: string;
  /**
   * When the user last authenticated.
   */
  auth_time?: number;
}
