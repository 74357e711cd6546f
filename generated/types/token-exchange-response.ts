/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * A successful token exchange response (RFC 8693 §2.2.1).
 */
export interface TokenExchangeResponse {
  /**
   * The security token issued (REQUIRED), named access_token whatever its type.
   */
  access_token: string;
  /**
   * The RFC 8693 §3 identifier of the issued token's representation (REQUIRED), a URI.
   */
  issued_token_type: string;
  /**
   * How the token is used (REQUIRED; RFC 6749 §7.1): `Bearer`, or `N_A` for a token that is not an access token.
   */
  token_type: string;
  /**
   * Lifetime in seconds of the issued token (RECOMMENDED).
   */
  expires_in?: number;
  /**
   * The scope of the issued token (OPTIONAL if identical to the request, REQUIRED otherwise).
   */
  scope?: string;
  /**
   * A refresh token (OPTIONAL).
   */
  refresh_token?: string;
}
