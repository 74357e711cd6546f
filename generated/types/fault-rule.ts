/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * A failure the mock injects before routing: answer matching requests with a chosen status, body and headers, or delay them, a number of times.
 */
export interface FaultRule {
  /**
   * Name of the rule (assigned when absent).
   */
  id?: string;
  /**
   * Match only this HTTP method.
   */
  method?: string;
  /**
   * Match this path exactly, or every path starting with it when it ends in `*`.
   */
  path?: string;
  /**
   * Answer with this status instead of the real response.
   */
  status?: number;
  /**
   * Answer body: JSON, or a string sent as is.
   */
  body?: {
    [k: string]: unknown | undefined;
  };
  /**
   * Answer headers (e.g. `Retry-After`).
   */
  headers?: {
    [k: string]: string | undefined;
  };
  /**
   * Wait this long first; without `status` the real response follows.
   */
  delayMs?: number;
  /**
   * Apply to this many matching requests, then disappear (default: forever).
   */
  times?: number;
  /**
   * Without `status`: the real response follows with its `id_token` spoiled this way (re-signed with the mock's key, except `bad-signature`), so an OpenID Connect client under test can show that it refuses it (Core 1.0 §3.1.3.7).
   */
  idToken?: 'wrong-nonce' | 'wrong-aud' | 'wrong-iss' | 'bad-signature' | 'expired';
  /**
   * Without `status`: a request carrying a DPoP proof (RFC 9449) is refused as the server would refuse it, `use-nonce` with `use_dpop_nonce` and a fresh `DPoP-Nonce` (§8, §9; the nonce works even where the profile asks for none), `refuse-proof` with `invalid_dpop_proof`: 400 at the token endpoint, 401 with a DPoP challenge at a resource. A request without a proof is not matched.
   */
  dpop?: 'use-nonce' | 'refuse-proof';
  /**
   * Without `status`: the next request that authenticates with a client assertion (private_key_jwt, client_secret_jwt) is refused with invalid_client as if the assertion's aud named another server (RFC 7523 §3), so a client under test can show how it handles a refused assertion. A request without one is not matched.
   */
  clientAssertion?: 'wrong-aud';
}
