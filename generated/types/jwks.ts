/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * A public JSON Web Key Set (RFC 7517 §5): no private or symmetric key material.
 */
export interface Jwks {
  /**
   * The public keys.
   *
   * Items: A public JWK.
   */
  keys: {
    /**
     * Key type; `oct` (symmetric) never belongs in a public set.
     */
    kty: 'RSA' | 'EC' | 'OKP';
    /**
     * Key id, matched against a JWT's `kid`.
     */
    kid?: string;
    /**
     * Intended use (`sig`).
     */
    use?: string;
    /**
     * Algorithm the key is for.
     */
    alg?: string;
  }[];
}
