/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * OpenID Connect Core 1.0 §2: the claims of an ID Token's payload (other claims are allowed).
 */
export interface IdTokenClaims {
  /**
   * REQUIRED. Issuer Identifier of the issuer of the response.
   */
  iss: string;
  /**
   * REQUIRED. Subject Identifier, at most 255 ASCII characters.
   */
  sub: string;
  /**
   * REQUIRED. Audience(s); MUST contain the client_id of the Relying Party.
   */
  aud: string | [string, ...string[]];
  /**
   * REQUIRED. Expiration time, seconds since the epoch.
   */
  exp: number;
  /**
   * REQUIRED. Issue time, seconds since the epoch.
   */
  iat: number;
  /**
   * When the End-User authenticated (REQUIRED when max_age was requested).
   */
  auth_time?: number;
  /**
   * The nonce of the Authentication Request, unmodified.
   */
  nonce?: string;
  /**
   * Authorized party: the client_id the ID Token was issued to.
   */
  azp?: string;
  /**
   * Access Token hash value (§3.1.3.6).
   */
  at_hash?: string;
}
