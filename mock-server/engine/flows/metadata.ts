// RFC 8414 metadata and the JWK Set, both derived from the profile.
import type { EngineContext } from '../context.ts';
import type { Call, Reply } from '../call.ts';
import { reshapeReply } from '../defects.ts';
import { json } from '../http.ts';
import { exportPrivateJwk } from '../keys.ts';

export function metadata(ctx: EngineContext, call: Call): Reply {
  const p = ctx.profile;
  const issuer = ctx.issuer(call);
  const at = (name: keyof typeof p.endpoints) => (p.endpoints[name] ? `${issuer}${p.endpoints[name]!.path}` : undefined);
  const grants = p.grants.filter((g) => g.endpoint === 'token').map((g) => g.type);
  const body: Record<string, unknown> = {
    issuer,
    authorization_endpoint: at('authorize'),
    token_endpoint: at('token'),
    jwks_uri: at('jwks'),
    registration_endpoint: at('register'),
    revocation_endpoint: at('revoke'),
    introspection_endpoint: at('introspect'),
    scopes_supported: p.scopes.supported.length ? p.scopes.supported : undefined,
    response_types_supported: grants.includes('authorization_code') ? ['code'] : [],
    grant_types_supported: grants,
    token_endpoint_auth_methods_supported: p.clientAuth.methods,
    revocation_endpoint_auth_methods_supported: p.endpoints.revoke ? p.clientAuth.methods.filter((m) => m !== 'none') : undefined,
    introspection_endpoint_auth_methods_supported: p.endpoints.introspect ? p.clientAuth.methods.filter((m) => m !== 'none') : undefined,
    code_challenge_methods_supported: p.pkce?.methods,
  };
  return reshapeReply(ctx.defects, 'metadata', json(200, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)), { 'cache-control': 'max-age=60' }));
}

export async function jwks(ctx: EngineContext): Promise<Reply> {
  const key = await ctx.key();
  const published = ctx.defects.has('jwks-private-key') ? { ...(await exportPrivateJwk(key)) } : key.publicJwk;
  return json(200, { keys: [published] }, { 'cache-control': 'max-age=60' });
}
