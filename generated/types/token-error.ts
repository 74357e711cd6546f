/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * An error response of the token endpoint (RFC 6749 §5.2).
 */
export interface TokenError {
  /**
   * One of the §5.2 error codes.
   */
  error:
    | 'invalid_request'
    | 'invalid_client'
    | 'invalid_grant'
    | 'unauthorized_client'
    | 'unsupported_grant_type'
    | 'invalid_scope';
  /**
   * Human-readable ASCII text without `"` or `\` (§5.2).
   */
  error_description?: string;
  /**
   * A URI of a page about the error.
   */
  error_uri?: string;
}
