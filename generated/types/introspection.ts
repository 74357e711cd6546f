/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * An RFC 7662 §2.2 introspection response. An inactive token yields `active: false` and SHOULD carry nothing else.
 */
export interface IntrospectionResponse {
  /**
   * Whether the token is currently active.
   */
  active: boolean;
  /**
   * Scopes of the token, space-delimited.
   */
  scope?: string;
  /**
   * Client the token was issued to.
   */
  client_id?: string;
  /**
   * Human-readable name of the resource owner.
   */
  username?: string;
  /**
   * Type of the token.
   */
  token_type?: string;
  /**
   * Expiry, seconds since the epoch.
   */
  exp?: number;
  /**
   * Issue time, seconds since the epoch.
   */
  iat?: number;
  /**
   * Not before, seconds since the epoch.
   */
  nbf?: number;
  /**
   * Subject of the token.
   */
  sub?: string;
  /**
   * Audience(s).
   */
  aud?: string | string[];
  /**
   * Issuer.
   */
  iss?: string;
  /**
   * Token identifier.
   */
  jti?: string;
}
