/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * RFC 9728 §2 protected resource metadata (other members are allowed).
 */
export interface ProtectedResourceMetadata {
  /**
   * REQUIRED. The protected resource's resource identifier: a URL without a fragment.
   */
  resource: string;
  /**
   * Issuer identifiers of authorization servers usable with this resource.
   *
   * Items: An authorization server's issuer identifier.
   */
  authorization_servers?: string[];
  /**
   * The resource's JWK Set.
   */
  jwks_uri?: string;
  /**
   * Scope values used to request access to this resource.
   *
   * Items: A scope.
   */
  scopes_supported?: string[];
  /**
   * How bearer tokens may be sent.
   *
   * Items: A bearer token method (RFC 6750).
   */
  bearer_methods_supported?: ('header' | 'body' | 'query')[];
  /**
   * Human-readable name of the resource.
   */
  resource_name?: string;
}
