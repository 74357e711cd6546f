// RFC 8414 metadata, OpenID Connect Discovery 1.0 §3 provider metadata, and the JWK Set, all derived
// from the profile. One builder: both documents describe the same served endpoints.
import type { EngineContext } from '../core/context.ts';
import type { Reply } from '../core/call.ts';
import type { FlowInput } from '../core/flow-input.ts';
import { json } from '../core/params.ts';
import { claimsSupported } from '../tokens/id-token.ts';
import { exportPrivateJwk } from '../tokens/keys.ts';
import { defect } from '../core/defects.ts';
import { clientAssertionAlgs } from '../clients/assertion.ts';
import { grantTypeOnWire } from '../../../lib/resolved-profile.ts';

/** `oauth`: the RFC 8414 document; `openid`: the one at /.well-known/openid-configuration. */
export async function metadata(ctx: EngineContext, { issuer }: FlowInput, kind: 'oauth' | 'openid' = 'oauth'): Promise<Reply> {
  const p = ctx.profile;
  const at = (name: keyof typeof p.endpoints) => (p.endpoints[name] ? `${issuer}${p.endpoints[name]!.path}` : undefined);
  const grants = p.grants.filter((g) => g.endpoint === 'token').map((g) => g.type);
  const algs = clientAssertionAlgs(p);
  // RFC 8628 §4: the device endpoint; the grant is listed by its URN.
  const body: Record<string, unknown> = {
    issuer,
    authorization_endpoint: at('authorize'),
    token_endpoint: at('token'),
    jwks_uri: at('jwks'),
    // RFC 8414 §2 / RFC 7591: client registration (a user sign-up endpoint such as Shield's is not one).
    registration_endpoint: at('clientRegistration'),
    revocation_endpoint: at('revoke'),
    introspection_endpoint: at('introspect'),
    scopes_supported: p.scopes.supported.length ? p.scopes.supported : undefined,
    response_types_supported: grants.includes('authorization_code') ? ['code'] : [],
    grant_types_supported: grants.map(grantTypeOnWire),
    device_authorization_endpoint: at('deviceAuthorization'),
    token_endpoint_auth_methods_supported: p.clientAuth.methods,
    revocation_endpoint_auth_methods_supported: p.endpoints.revoke ? p.clientAuth.methods.filter((m) => m !== 'none') : undefined,
    introspection_endpoint_auth_methods_supported: p.endpoints.introspect ? p.clientAuth.methods.filter((m) => m !== 'none') : undefined,
    // RFC 8414 §2: "This metadata entry MUST be present if either of these authentication methods are specified".
    ...(algs.length
      ? { token_endpoint_auth_signing_alg_values_supported: algs, ...(p.endpoints.revoke ? { revocation_endpoint_auth_signing_alg_values_supported: algs } : {}), ...(p.endpoints.introspect ? { introspection_endpoint_auth_signing_alg_values_supported: algs } : {}) }
      : {}),
    // RFC 9126 §5.
    pushed_authorization_request_endpoint: at('par'),
    require_pushed_authorization_requests: p.par ? p.par.required : undefined,
    // RFC 9449 §5.1.
    dpop_signing_alg_values_supported: p.dpop?.algs,
    code_challenge_methods_supported: p.pkce?.methods,
    // draft-ietf-oauth-client-id-metadata-document §4: an https URL is accepted as client_id.
    client_id_metadata_document_supported: p.clientIdMetadataDocuments ? true : undefined,
    // RFC 9207 §2.3: the mock names itself in `iss` on every authorization response, and says so.
    authorization_response_iss_parameter_supported: p.endpoints.authorize ? true : undefined,
    ...(p.oidc ? await openidFields(ctx, issuer) : {}),
  };
  return { ...json(200, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)), { 'cache-control': 'max-age=60' }), kind: kind === 'openid' ? 'discovery' : 'metadata' };
}

/** Discovery 1.0 §3 fields (also in the RFC 8414 document of an OpenID profile, as RFC 8414 §2 allows). */
async function openidFields(ctx: EngineContext, issuer: string): Promise<Record<string, unknown>> {
  const p = ctx.profile;
  const at = (name: keyof typeof p.endpoints) => (p.endpoints[name] ? `${issuer}${p.endpoints[name]!.path}` : undefined);
  return {
    userinfo_endpoint: at('userinfo'),
    end_session_endpoint: at('endSession'),
    subject_types_supported: ['public'],
    // §3: RS256 MUST be listed; the mock signs with one key, whose alg a profile names.
    id_token_signing_alg_values_supported: [(await ctx.key()).alg],
    response_modes_supported: ['query'],
    claims_supported: claimsSupported(),
    prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    // §3: request_uri_parameter_supported defaults to true when omitted; the mock has no request_uri.
    request_uri_parameter_supported: false,
  };
}

export async function jwks(ctx: EngineContext): Promise<Reply> {
  const key = await ctx.key();
  const published = defect(ctx, 'jwks-private-key') ? { ...(await exportPrivateJwk(key)) } : key.publicJwk;
  return json(200, { keys: [published] }, { 'cache-control': 'max-age=60' });
}
