// Named defects: deliberate, documented departures from the RFCs and seeds, switched on one by one
// (`mock --defect NAME`). They exist to prove the suites catch what they claim: each names the checks
// it must make fail on the profile it is tried on, and no others (test/defects.test.ts).

import type { Reply } from './call.ts';

export interface DefectDefinition {
  name: string;
  description: string;
  /** Profile -> the check ids this defect must fail there (and nothing else may fail). */
  breaks: Record<string, string[]>;
}

export const defects = [
  { name: 'accept-wrong-secret', description: 'client authentication accepts any secret of a known client', breaks: { shield: ['token.error.invalid-client.wrong-secret'] } },
  { name: 'no-cache-control', description: 'token responses lack Cache-Control: no-store', breaks: { shield: ['token.success.cache-control', 'token.refresh.cache-control'] } },
  { name: 'no-pragma', description: 'token responses lack Pragma: no-cache', breaks: { shakr: ['token.success.pragma'] } },
  { name: 'invalid-client-400', description: 'invalid_client is answered 400 without WWW-Authenticate, even to Basic', breaks: { 'generic-oauth2': ['token.error.invalid-client.wrong-secret'] } },
  { name: 'accept-expired-token', description: 'resources and introspection accept expired access tokens', breaks: { shield: ['expiry.expired-token-refused', 'expiry.expired-token-rejected'] } },
  { name: 'allow-refresh-reuse', description: 'a rotated refresh token keeps working', breaks: { 'api-video': ['refresh.rotation'] } },
  { name: 'broaden-scope-on-refresh', description: 'a refresh grants whatever scope it asks for', breaks: { 'generic-oauth2': ['refresh.scope-not-broadened'] } },
  { name: 'accept-alg-none', description: 'resources accept unsigned (alg none) JWTs', breaks: { shield: ['resource.alg-none-rejected'] } },
  { name: 'reject-lowercase-bearer', description: 'resources match the Bearer scheme case-sensitively', breaks: { shield: ['resource.scheme-case-insensitive'] } },
  { name: 'insufficient-scope-401', description: 'a token lacking scope gets 401 invalid_token instead of 403 insufficient_scope', breaks: { 'generic-oauth2': ['resource.insufficient-scope'] } },
  { name: 'expires-in-string', description: 'expires_in is sent as a string', breaks: { shield: ['token.client-credentials.success', 'token.password.success', 'token.success.expires-in', 'expiry.jwt-exp-matches-expires-in', 'refresh.success'] } },
  { name: 'no-token-type', description: 'token responses omit token_type', breaks: { 'api-video': ['token.api-key.success', 'token.success.token-type', 'refresh.success'] } },
  { name: 'keep-refresh-after-login', description: 'a new API-key or password login leaves earlier refresh tokens working', breaks: { 'api-video': ['refresh.api-key-login-invalidates'], shield: ['refresh.password-login-invalidates'] } },
  { name: 'refresh-token-for-client-credentials', description: 'client_credentials responses carry a refresh token', breaks: { shield: ['token.client-credentials.no-refresh-token'] } },
  { name: 'accept-revoked-token', description: 'revocation is recorded but tokens keep working', breaks: { oauth21: ['resource.revoked-token-rejected', 'introspection.inactive', 'authz.code-reuse-revokes'] } },
  { name: 'no-www-authenticate', description: 'resources answer 401 without a WWW-Authenticate challenge', breaks: { shakr: ['resource.no-token', 'resource.no-token.no-error-code', 'resource.invalid-token', 'resource.insufficient-scope', 'resource.malformed-request', 'http.401-challenge'] } },
  { name: 'error-in-bare-401', description: 'the challenge to a request without credentials carries error="invalid_token"', breaks: { shield: ['resource.no-token.no-error-code'] } },
  { name: 'accept-query-token', description: 'resources accept access tokens in the query string', breaks: { shield: ['resource.query-token-refused'] } },
  { name: 'accept-duplicate-parameters', description: 'repeated parameters are accepted, the last one winning', breaks: { 'generic-oauth2': ['token.error.duplicate-parameter'] } },
  { name: 'wrong-error-code', description: 'an unknown grant_type is answered invalid_request', breaks: { shield: ['token.error.unsupported-grant-type'] } },
  { name: 'ignore-scope-narrowing', description: 'client_credentials ignores the requested scope (unknown ones too) and grants everything', breaks: { shakr: ['token.success.scope-narrowed', 'resource.scope-enforced', 'resource.insufficient-scope', 'token.error.invalid-scope'] } },
  { name: 'wrong-expires-in', description: 'expires_in says twice the real lifetime', breaks: { shield: ['token.success.expires-in', 'expiry.jwt-exp-matches-expires-in'] } },
  { name: 'revoke-unknown-400', description: 'revoking an unknown token answers 400', breaks: { oauth21: ['revocation.unknown-token'] } },
  { name: 'metadata-issuer-mismatch', description: 'metadata names an issuer with a trailing slash (so it is not the iss of authorization responses either, RFC 9207 §2.3)', breaks: { oauth21: ['metadata.issuer-matches', 'authz.iss'] } },
  { name: 'jwks-private-key', description: 'the JWKS publishes the private key (which also makes it useless for verifying)', breaks: { oauth21: ['jwks.public-only', 'jwt.signature'] } },
  { name: 'code-reuse-allowed', description: 'an authorization code can be exchanged again', breaks: { oauth21: ['authz.code-reuse', 'authz.code-reuse-revokes'] } },
  { name: 'pkce-not-verified', description: 'the code_verifier is not checked', breaks: { oauth21: ['authz.pkce-mismatch'] } },
  { name: 'plain-pkce-allowed', description: 'plain PKCE and requests without PKCE are accepted', breaks: { oauth21: ['authz.plain-pkce-refused', 'authz.pkce-required'] } },
  { name: 'unregistered-redirect-allowed', description: 'the authorization endpoint redirects to any redirect_uri', breaks: { oauth21: ['authz.unregistered-redirect-uri', 'authz.redirect-uri-exact'] } },
  { name: 'state-dropped', description: 'state is not echoed on the redirect', breaks: { oauth21: ['authz.state-echoed'] } },
  { name: 'state-dropped-on-error', description: 'state is not echoed on error redirects (a success keeps it)', breaks: { oauth21: ['authz.error-state'] } },
  { name: 'refresh-cacheable', description: 'refresh responses lack Cache-Control: no-store (the first grant’s keep it)', breaks: { 'generic-oauth2': ['token.refresh.cache-control'] } },
  { name: 'iat-after-exp', description: 'JWT access tokens claim an iat later than their exp, and resources do not mind', breaks: { shield: ['jwt.exp-after-iat', 'expiry.jwt-exp-matches-expires-in'] } },
  { name: 'nonce-dropped', description: 'ID Tokens leave out the nonce the authentication request sent', breaks: { oidc: ['oidc.id-token.nonce'] } },
  { name: 'wrong-at-hash', description: 'the ID Token’s at_hash is computed over another value than the access token', breaks: { oidc: ['oidc.id-token.at-hash'] } },
  { name: 'id-token-wrong-aud', description: 'ID Tokens name an audience other than the client (so an id_token_hint names no client to log out of)', breaks: { oidc: ['oidc.id-token.claims', 'oidc.logout.redirect'] } },
  { name: 'id-token-without-openid', description: 'a code flow without the openid scope still returns an ID Token', breaks: { oidc: ['oidc.id-token.requires-openid'] } },
  { name: 'discovery-issuer-mismatch', description: 'the OpenID configuration names an issuer with a trailing slash', breaks: { oidc: ['oidc.discovery.issuer-matches'] } },
  { name: 'userinfo-sub-mismatch', description: 'UserInfo answers another sub than the ID Token’s', breaks: { oidc: ['oidc.userinfo.sub-matches'] } },
  { name: 'prompt-none-ignored', description: 'prompt=none without a login session shows the login page instead of answering login_required', breaks: { oidc: ['oidc.prompt-none.login-required'] } },
  { name: 'logout-open-redirect', description: 'the end_session endpoint redirects to any post_logout_redirect_uri', breaks: { oidc: ['oidc.logout.unregistered-redirect'] } },
  { name: 'no-resource-metadata', description: 'a 401 from the protected resource does not name its metadata (no resource_metadata), which is the only way a 2025-06-18 client finds it', breaks: { 'mcp-2025-06-18': ['prm.challenge', 'mcp.initialize'] } },
  { name: 'prm-resource-mismatch', description: 'the protected resource metadata names another resource than the one it describes (so a client asks for a token for it, and is refused)', breaks: { 'mcp-2025-11-25': ['prm.resource-matches', 'prm.challenge', 'mcp.initialize'] } },
  { name: 'resource-ignored', description: 'the authorization server ignores resource: any value is taken and tokens keep the default audience', breaks: { 'mcp-2025-11-25': ['resource-indicator.audience', 'resource-indicator.invalid-target'] } },
  { name: 'audience-not-checked', description: 'the protected resource accepts tokens minted for another audience', breaks: { 'mcp-2025-11-25': ['resource-indicator.audience-enforced'] } },
  { name: 'registration-accepts-any-redirect', description: 'client registration accepts any redirect URI, javascript: included', breaks: { 'mcp-2025-06-18': ['registration.invalid-redirect-uri'] } },
  { name: 'authorization-response-without-iss', description: 'authorization responses carry no iss, though the metadata advertises RFC 9207 support', breaks: { 'mcp-2026-07-28': ['authz.iss', 'mcp.authorization-response-iss'] } },
  { name: 'revocation-needs-hint', description: 'revocation without token_type_hint looks for access tokens only: a refresh token sent without a hint stays valid (and 200 is answered)', breaks: { oauth21: ['revocation.refresh-token-no-hint'] } },
  { name: 'introspection-needs-hint', description: 'introspection describes a refresh token only under token_type_hint=refresh_token; without a hint it is {"active": false}', breaks: { oauth21: ['introspection.refresh-token-no-hint'] } },
  { name: 'introspection-token-type-hint', description: 'introspection names token_type "access_token" (a hint value) instead of the token type, Bearer', breaks: { oauth21: ['introspection.token-type'] } },
  { name: 'introspection-refuses-unknown-hint', description: 'introspection refuses a token_type_hint it does not know with 400 instead of looking the token up', breaks: { oauth21: ['introspection.unknown-hint'] } },
  { name: 'unsupported-response-type-as-grant-type', description: 'an unsupported response_type is redirected back as error=unsupported_grant_type', breaks: { oauth21: ['authz.unsupported-response-type'] } },
  { name: 'redirect-uri-query-allowed', description: 'a registered redirect URI with a query added is accepted, and the code delivered there', breaks: { oauth21: ['authz.redirect-uri-exact'] } },
  { name: 'pkce-refusal-wrong-code', description: 'the authorization endpoint refuses plain PKCE and a missing code_challenge with error=invalid_grant instead of invalid_request', breaks: { oauth21: ['authz.plain-pkce-refused', 'authz.pkce-required'] } },
  { name: 'empty-scope', description: 'token responses that grant no scope name it as "scope": ""', breaks: { shield: ['token.success.scope-syntax'] } },
  { name: 'prm-text-plain', description: 'the protected resource metadata is served as text/plain', breaks: { 'mcp-2025-11-25': ['http.json-media-type'] } },
  { name: 'challenge-unquoted', description: 'the resources’ challenges carry auth-param values unquoted, spaces and all (error_description=the access token expired)', breaks: { shield: ['http.401-challenge'] } },
  { name: 'refresh-id-token-wrong-aud', description: 'the ID Token a refresh returns names an audience other than the client (the code flow’s is right)', breaks: { oidc: ['oidc.id-token.refresh', 'oidc.id-token.claims'] } },
  { name: 'userinfo-get-only', description: 'UserInfo answers POST with 405', breaks: { oidc: ['oidc.userinfo.post'] } },
  { name: 'authorize-get-only', description: 'the authorization endpoint takes GET only: an authentication request sent by POST gets an error page', breaks: { oidc: ['oidc.authorize.post'] } },
  { name: 'prompt-login-ignored', description: 'prompt=login with a login session issues a code without asking the user to log in again', breaks: { oidc: ['oidc.prompt-login'] } },
  { name: 'auth-time-dropped', description: 'ID Tokens never carry auth_time, max_age requests included', breaks: { oidc: ['oidc.max-age.auth-time'] } },
  { name: 'mcp-any-origin', description: 'the MCP endpoint serves requests from any Origin (no DNS rebinding protection)', breaks: { 'mcp-2025-11-25': ['mcp.origin'] } },
  { name: 'mcp-latest-version', description: 'the MCP endpoint answers initialize with the SDK’s newest version it knows, later than its revision, and takes any version header the SDK knows', breaks: { 'mcp-2025-06-18': ['mcp.protocol-version'] } },
  { name: 'audience-shared-by-resources', description: 'the profile’s resources accept a token minted for the MCP endpoint (one audience for all)', breaks: { 'mcp-2025-11-25': ['resource-indicator.audience-enforced'] } },
  { name: 'cimd-client-id-mismatch-accepted', description: 'a client metadata document whose client_id is not its URL is accepted', breaks: { 'mcp-2026-07-28': ['cimd.client-id-mismatch'] } },
] as const satisfies readonly DefectDefinition[];

/**
 * What the clean mock reports as SHOULD warnings on a profile, by design: the profile describes a
 * provider whose documents promise rotation but not reuse detection, and the report says so.
 */
export const cleanWarnings: Record<string, string[]> = {
  'api-video': ['refresh.reuse-detection'],
  'generic-oauth2': ['refresh.reuse-detection'],
};

export type DefectName = (typeof defects)[number]['name'];

export const defectNames: readonly DefectName[] = defects.map((d) => d.name);

export function isDefectName(s: string): s is DefectName {
  return (defectNames as readonly string[]).includes(s);
}

/** Where a reply was made, for the defects that only reshape what the correct engine wrote. */
export type ReplyKind = 'token' | 'refresh' | 'bearer-error' | 'metadata' | 'discovery' | 'resource-metadata';

/**
 * The defects that change nothing but the reply: applied after the correct reply is built, so the
 * flows hold only the rules (and the defects that bend a rule stay beside the rule they bend).
 */
export function reshapeReply(defects: ReadonlySet<DefectName>, kind: ReplyKind, reply: Reply): Reply {
  if (!defects.size) return reply;
  const h = reply.headers;
  if (kind === 'token' || kind === 'refresh') {
    if (defects.has('no-cache-control') || (kind === 'refresh' && defects.has('refresh-cacheable'))) delete h['cache-control'];
    if (defects.has('no-pragma')) delete h.pragma;
    if (reply.body !== null && (defects.has('no-token-type') || defects.has('wrong-expires-in') || defects.has('expires-in-string') || defects.has('empty-scope'))) {
      const body = JSON.parse(reply.body) as Record<string, unknown>;
      if (defects.has('no-token-type')) delete body.token_type;
      // RFC 6749 §3.3: a scope is one scope-token at least; the defect names an empty one where none was granted.
      if (defects.has('empty-scope') && body.scope === undefined) body.scope = '';
      if (typeof body.expires_in === 'number') {
        if (defects.has('wrong-expires-in')) body.expires_in *= 2;
        if (defects.has('expires-in-string')) body.expires_in = String(body.expires_in);
      }
      reply.body = JSON.stringify(body);
    }
  }
  if (kind === 'bearer-error' && defects.has('no-www-authenticate')) delete h['www-authenticate'];
  // RFC 9110 §11.2: an auth-param value is a token or a quoted-string; the defect sends them bare, spaces and all.
  if (kind === 'bearer-error' && defects.has('challenge-unquoted') && h['www-authenticate']) h['www-authenticate'] = h['www-authenticate'].replace(/="((?:[^"\\]|\\.)*)"/g, '=$1');
  // RFC 9728 §3.2: the document is application/json; the defect labels it text/plain.
  if (kind === 'resource-metadata' && defects.has('prm-text-plain')) h['content-type'] = 'text/plain; charset=utf-8';
  if (((kind === 'metadata' && defects.has('metadata-issuer-mismatch')) || (kind === 'discovery' && defects.has('discovery-issuer-mismatch'))) && reply.body !== null) {
    const body = JSON.parse(reply.body) as Record<string, unknown>;
    body.issuer = `${String(body.issuer)}/`;
    reply.body = JSON.stringify(body);
  }
  return reply;
}
