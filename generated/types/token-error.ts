/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * An error response of the token endpoint (RFC 6749 §5.2).
 */
export interface TokenError {
  /**
   * One of the §5.2 error codes, or a token endpoint code registered since (§8.5): RFC 8628 §3.5's four for device code polling, RFC 8707 §2's invalid_target, RFC 9449 §5 and §8's invalid_dpop_proof and use_dpop_nonce.
   */
  error:
    | 'invalid_request'
    | 'invalid_client'
    | 'invalid_grant'
    | 'unauthorized_client'
    | 'unsupported_grant_type'
    | 'invalid_scope'
    | 'authorization_pending'
    | 'slow_down'
    | 'access_denied'
    | 'expired_token'
    | 'invalid_target'
    | 'invalid_dpop_proof'
    | 'use_dpop_nonce';
  /**
   * Human-readable ASCII text without `"` or `\` (§5.2).
   */
  error_description?: string;
  /**
   * A URI of a page about the error.
   */
  error_uri?: string;
}
