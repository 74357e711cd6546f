/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * The payload of a Shield access token (seed 002: 'the payload contains username, issue time, and expire time').
 */
export interface ShieldJwtClaims {
  /**
   * The fan's user name (for client_credentials tokens: the client id).
   */
  username: string;
  /**
   * Issue time, seconds since the epoch.
   */
  iat: number;
  /**
   * Expiry, seconds since the epoch: one hour after `iat`.
   */
  exp: number;
}
