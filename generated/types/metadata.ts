/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * RFC 8414 §2 authorization server metadata.
 */
export interface AuthorizationServerMetadata {
  /**
   * Issuer identifier: a URL without query or fragment, equal to where the metadata was fetched from (§3.3).
   */
  issuer: string;
  /**
   * URL of the authorization endpoint.
   */
  authorization_endpoint?: string;
  /**
   * URL of the token endpoint.
   */
  token_endpoint?: string;
  /**
   * URL of the JWK Set.
   */
  jwks_uri?: string;
  /**
   * URL of the registration endpoint.
   */
  registration_endpoint?: string;
  /**
   * Scopes the server supports.
   *
   * Items: A scope.
   */
  scopes_supported?: string[];
  /**
   * Response types the server supports (REQUIRED).
   *
   * Items: A response type.
   */
  response_types_supported: string[];
  /**
   * Grant types the server supports.
   *
   * Items: A grant type.
   */
  grant_types_supported?: string[];
  /**
   * Client authentication methods of the token endpoint.
   *
   * Items: A client authentication method.
   */
  token_endpoint_auth_methods_supported?: string[];
  /**
   * URL of the RFC 7009 revocation endpoint.
   */
  revocation_endpoint?: string;
  /**
   * URL of the RFC 7662 introspection endpoint.
   */
  introspection_endpoint?: string;
  /**
   * PKCE methods supported.
   *
   * Items: A PKCE method.
   */
  code_challenge_methods_supported?: string[];
}
