/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * Admin request to mint an access token with chosen claims, expired ones too.
 */
export interface MintRequest {
  /**
   * Subject (default: the first demo user, else client or API key subject).
   */
  sub?: string;
  /**
   * Client the token belongs to.
   */
  clientId?: string;
  /**
   * User name for profiles with a username claim.
   */
  username?: string;
  /**
   * Scopes of the token (default: all supported).
   *
   * Items: A scope.
   */
  scope?: string[];
  /**
   * Extra JWT claims.
   */
  claims?: {};
  /**
   * Lifetime in seconds from now; negative makes an already-expired token; null never expires.
   */
  expiresIn?: number | null;
}
