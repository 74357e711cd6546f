/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * OpenID Connect Discovery 1.0 §3 provider metadata, as served at /.well-known/openid-configuration: the REQUIRED fields and the types of those the checks read.
 */
export interface OpenidConfiguration {
  /**
   * REQUIRED. The Issuer Identifier: a URL without query or fragment.
   */
  issuer: string;
  /**
   * REQUIRED. URL of the Authorization Endpoint.
   */
  authorization_endpoint: string;
  /**
   * URL of the Token Endpoint (REQUIRED unless only the Implicit Flow is used).
   */
  token_endpoint?: string;
  /**
   * RECOMMENDED. URL of the UserInfo Endpoint.
   */
  userinfo_endpoint?: string;
  /**
   * REQUIRED. URL of the OP's JWK Set.
   */
  jwks_uri: string;
  /**
   * RP-Initiated Logout 1.0 §2.1: URL of the end_session endpoint.
   */
  end_session_endpoint?: string;
  /**
   * RECOMMENDED; when present it MUST include openid.
   */
  scopes_supported?: string[];
  /**
   * REQUIRED. response_type values the OP supports.
   *
   * @minItems 1
   */
  response_types_supported: [string, ...string[]];
  /**
   * REQUIRED. Subject Identifier types (public, pairwise).
   *
   * @minItems 1
   */
  subject_types_supported: ['public' | 'pairwise', ...('public' | 'pairwise')[]];
  /**
   * REQUIRED. ID Token signing algorithms; RS256 MUST be included.
   */
  id_token_signing_alg_values_supported: string[];
  /**
   * RECOMMENDED. Claims the OP may supply.
   */
  claims_supported?: string[];
}
