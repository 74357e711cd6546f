/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * An OAuth error body of any endpoint (revocation, introspection, registration, resources): an `error` code of RFC 6749 §A.7 characters.
 */
export interface OAuthError {
  /**
   * The error code.
   */
  error: string;
  /**
   * Human-readable ASCII text without `"` or `\`.
   */
  error_description?: string;
  /**
   * A URI of a page about the error.
   */
  error_uri?: string;
}
