/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * A successful access token response (RFC 6749 §5.1).
 */
export interface TokenResponse {
  /**
   * The access token issued by the authorization server.
   */
  access_token: string;
  /**
   * The type of the token (RFC 6749 §7.1); `Bearer`, compared case-insensitively.
   */
  token_type: string;
  /**
   * Lifetime in seconds of the access token (RECOMMENDED).
   */
  expires_in?: number;
  /**
   * A refresh token (OPTIONAL).
   */
  refresh_token?: string;
  /**
   * The granted scope, space-delimited (REQUIRED when it differs from the request).
   */
  scope?: string;
}
