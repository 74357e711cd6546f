// Named defects: deliberate, documented departures from the RFCs and seeds, switched on one by one
// (`mock --defect NAME`) to prove the suites catch what they claim (the checks each must fail are
// kept with the defect matrix, test/defect-expectations.ts: the engine knows no check id). A defect is
// one of two kinds, and nothing else in the engine names one:
// - a reply rewrite: the flow builds the correct reply and tags what it is (`Reply.kind`); the core
//   rewrites it afterwards (`rewriteReply`);
// - a rule switch: the flow reads it through `defect(ctx, name)`, beside the rule it bends.
// Every read is reported to `DefectSwitches.read` (switched on or not): the defect matrix learns from
// a clean run which checks' requests reach each defect, and runs only those under it.
import type { Reply, ReplyKind } from './call.ts';

interface RuleDefect {
  name: string;
  description: string;
}

interface ReplyDefect extends RuleDefect {
  /** The replies it rewrites. */
  at: readonly ReplyKind[];
  rewrite: (reply: Reply) => void;
}

const ruleDefects = [
  { name: 'accept-wrong-secret', description: 'client authentication accepts any secret of a known client' },
  { name: 'invalid-client-400', description: 'invalid_client is answered 400 without WWW-Authenticate, even to Basic' },
  { name: 'accept-expired-token', description: 'resources and introspection accept expired access tokens' },
  { name: 'allow-refresh-reuse', description: 'a rotated refresh token keeps working' },
  { name: 'broaden-scope-on-refresh', description: 'a refresh grants whatever scope it asks for' },
  { name: 'accept-alg-none', description: 'resources accept unsigned (alg none) JWTs' },
  { name: 'reject-lowercase-bearer', description: 'resources match the Bearer scheme case-sensitively' },
  { name: 'insufficient-scope-401', description: 'a token lacking scope gets 401 invalid_token instead of 403 insufficient_scope' },
  { name: 'keep-refresh-after-login', description: 'a new API-key or password login leaves earlier refresh tokens working' },
  { name: 'refresh-token-for-client-credentials', description: 'client_credentials responses carry a refresh token' },
  { name: 'accept-revoked-token', description: 'revocation is recorded but tokens keep working' },
  { name: 'error-in-bare-401', description: 'the challenge to a request without credentials carries error="invalid_token"' },
  { name: 'accept-query-token', description: 'resources accept access tokens in the query string' },
  { name: 'accept-duplicate-parameters', description: 'repeated parameters are accepted, the last one winning' },
  { name: 'wrong-error-code', description: 'an unknown grant_type is answered invalid_request' },
  { name: 'ignore-scope-narrowing', description: 'client_credentials ignores the requested scope (unknown ones too) and grants everything' },
  { name: 'revoke-unknown-400', description: 'revoking an unknown token answers 400' },
  { name: 'jwks-private-key', description: 'the JWKS publishes the private key (which also makes it useless for verifying)' },
  { name: 'code-reuse-allowed', description: 'an authorization code can be exchanged again' },
  { name: 'pkce-not-verified', description: 'the code_verifier is not checked' },
  { name: 'plain-pkce-allowed', description: 'plain PKCE and requests without PKCE are accepted' },
  { name: 'unregistered-redirect-allowed', description: 'the authorization endpoint redirects to any redirect_uri' },
  { name: 'state-dropped', description: 'state is not echoed on the redirect' },
  { name: 'state-dropped-on-error', description: 'state is not echoed on error redirects (a success keeps it)' },
  { name: 'iat-after-exp', description: 'JWT access tokens claim an iat later than their exp, and resources do not mind' },
  { name: 'nonce-dropped', description: 'ID Tokens leave out the nonce the authentication request sent' },
  { name: 'wrong-at-hash', description: 'the ID Token’s at_hash is computed over another value than the access token' },
  { name: 'id-token-wrong-aud', description: 'ID Tokens name an audience other than the client (so an id_token_hint names no client to log out of)' },
  { name: 'id-token-without-openid', description: 'a code flow without the openid scope still returns an ID Token' },
  { name: 'userinfo-sub-mismatch', description: 'UserInfo answers another sub than the ID Token’s' },
  { name: 'prompt-none-ignored', description: 'prompt=none without a login session shows the login page instead of answering login_required' },
  { name: 'logout-open-redirect', description: 'the end_session endpoint redirects to any post_logout_redirect_uri' },
  { name: 'no-resource-metadata', description: 'a 401 from the protected resource does not name its metadata (no resource_metadata), which is the only way a 2025-06-18 client finds it' },
  { name: 'prm-resource-mismatch', description: 'the protected resource metadata names another resource than the one it describes (so a client asks for a token for it, and is refused)' },
  { name: 'resource-ignored', description: 'the authorization server ignores resource: any value is taken and tokens keep the default audience' },
  { name: 'audience-not-checked', description: 'the protected resource accepts tokens minted for another audience' },
  { name: 'device-response-incomplete', description: 'the device authorization response leaves out verification_uri' },
  { name: 'device-pending-invalid-grant', description: 'a device code the user has not decided yet is answered invalid_grant instead of authorization_pending' },
  { name: 'device-unknown-code-pending', description: 'a device_code the mock never issued is answered authorization_pending (so a client polls it until it gives up)' },
  { name: 'device-expiry-ignored', description: 'a device code past its lifetime is answered authorization_pending, not expired_token' },
  { name: 'device-no-slow-down', description: 'a device code polled sooner than its interval is answered authorization_pending, never slow_down' },
  { name: 'device-code-reusable', description: 'an approved device code gets tokens at every poll, not once' },
  { name: 'device-deny-ignored', description: 'a denial on the verification page is not recorded: the device keeps getting authorization_pending' },
  { name: 'registration-accepts-any-redirect', description: 'client registration accepts any redirect URI, javascript: included' },
  { name: 'authorization-response-without-iss', description: 'authorization responses carry no iss, though the metadata advertises RFC 9207 support' },
  { name: 'revocation-needs-hint', description: 'revocation without token_type_hint looks for access tokens only: a refresh token sent without a hint stays valid (and 200 is answered)' },
  { name: 'introspection-needs-hint', description: 'introspection describes a refresh token only under token_type_hint=refresh_token; without a hint it is {"active": false}' },
  { name: 'introspection-token-type-hint', description: 'introspection names token_type "access_token" (a hint value) instead of the token type, Bearer' },
  { name: 'introspection-refuses-unknown-hint', description: 'introspection refuses a token_type_hint it does not know with 400 instead of looking the token up' },
  { name: 'unsupported-response-type-as-grant-type', description: 'an unsupported response_type is redirected back as error=unsupported_grant_type' },
  { name: 'redirect-uri-query-allowed', description: 'a registered redirect URI with a query added is accepted, and the code delivered there' },
  { name: 'pkce-refusal-wrong-code', description: 'the authorization endpoint refuses plain PKCE and a missing code_challenge with error=invalid_grant instead of invalid_request' },
  { name: 'refresh-id-token-wrong-aud', description: 'the ID Token a refresh returns names an audience other than the client (the code flow’s is right)' },
  { name: 'userinfo-get-only', description: 'UserInfo answers POST with 405' },
  { name: 'authorize-get-only', description: 'the authorization endpoint takes GET only: an authentication request sent by POST gets an error page' },
  { name: 'prompt-login-ignored', description: 'prompt=login with a login session issues a code without asking the user to log in again' },
  { name: 'auth-time-dropped', description: 'ID Tokens never carry auth_time, max_age requests included' },
  { name: 'mcp-any-origin', description: 'the MCP endpoint serves requests from any Origin (no DNS rebinding protection)' },
  { name: 'mcp-latest-version', description: 'the MCP endpoint answers initialize with the SDK’s newest version it knows, later than its revision, and takes any version header the SDK knows' },
  { name: 'audience-shared-by-resources', description: 'the profile’s resources accept a token minted for the MCP endpoint (one audience for all)' },
  { name: 'cimd-client-id-mismatch-accepted', description: 'a client metadata document whose client_id is not its URL is accepted' },
  { name: 'token-exchange-type-optional', description: 'token exchange takes a request without subject_token_type (as if it named an access token)' },
  { name: 'token-exchange-invalid-subject-grant', description: 'token exchange refuses an invalid subject_token or actor_token with invalid_grant instead of invalid_request' },
  { name: 'token-exchange-any-audience', description: 'token exchange mints for any audience or resource asked for, never answering invalid_target' },
  { name: 'client-assertion-any-audience', description: 'private_key_jwt takes client assertions whatever their aud names' },
  { name: 'client-assertion-expiry-ignored', description: 'private_key_jwt takes expired client assertions' },
  { name: 'client-assertion-signature-ignored', description: 'private_key_jwt takes a client assertion without verifying its signature' },
  { name: 'client-assertion-replay-allowed', description: 'private_key_jwt takes the same client assertion (same jti) again' },
  { name: 'jwt-bearer-any-audience', description: 'the JWT bearer grant takes assertions whatever their aud names' },
  { name: 'jwt-bearer-expiry-ignored', description: 'the JWT bearer grant takes expired assertions' },
  { name: 'jwt-bearer-signature-ignored', description: 'the JWT bearer grant takes an assertion that names a trusted issuer without verifying its signature' },
  { name: 'jwt-bearer-replay-allowed', description: 'the JWT bearer grant takes the same assertion (same jti) again' },
  { name: 'jwt-bearer-invalid-request', description: 'the JWT bearer grant refuses an invalid assertion with invalid_request instead of invalid_grant' },
  { name: 'token-exchange-act-dropped', description: 'token exchange with an actor_token issues a token without the act claim (delegation looks like impersonation)' },
  { name: 'dpop-signature-ignored', description: 'DPoP proofs are taken without verifying their signature against their jwk' },
  { name: 'dpop-htu-ignored', description: 'DPoP proofs are taken whatever URI their htu names' },
  { name: 'dpop-iat-ignored', description: 'DPoP proofs are taken however old (or future) their iat' },
  { name: 'dpop-ath-ignored', description: 'resources take a DPoP proof whose ath is not the hash of the token sent with it' },
  { name: 'dpop-replay-allowed', description: 'the same DPoP proof (same jti, same URI) is taken again' },
  { name: 'dpop-bound-as-bearer', description: 'resources take a DPoP-bound access token sent with the Bearer scheme, no proof' },
  { name: 'dpop-key-not-checked', description: 'resources take a DPoP-bound access token with a valid proof by any key, not only the one it is bound to' },
  { name: 'dpop-challenge-as-bearer', description: 'resources tell DPoP errors in a Bearer challenge instead of the DPoP one' },
  { name: 'dpop-nonce-without-header', description: 'use_dpop_nonce is answered without the DPoP-Nonce header, so a client has no nonce to use' },
  { name: 'par-created-200', description: 'the PAR endpoint answers a pushed request 200 instead of 201 Created' },
  { name: 'par-request-uri-reusable', description: 'a request_uri can be used again after its first authorization request' },
  { name: 'par-any-client', description: 'a request_uri is taken with any client’s client_id, not only the pushing client’s' },
  { name: 'par-expiry-ignored', description: 'a request_uri is taken after its expires_in has passed' },
  { name: 'par-not-required', description: 'a profile that requires pushed authorization requests takes ordinary ones all the same' },
  { name: 'par-client-unauthenticated', description: 'the PAR endpoint takes requests of a confidential client without authenticating it' },
  { name: 'client-assertion-issuer-refused', description: 'client assertions must name the token endpoint as aud: one naming the issuer identifier is refused' },
  { name: 'dpop-cnf-thumbprint-wrong', description: 'cnf.jkt is a hash of the proof’s jwk as sent (kid and all), not its RFC 7638 thumbprint' },
  { name: 'dpop-scheme-unknown', description: 'resources do not know the DPoP scheme: a bound token sent with it is as no token at all' },
  { name: 'dpop-optional', description: 'a profile that requires DPoP issues Bearer tokens to token requests without a proof' },
] as const satisfies readonly RuleDefect[];

/** In the order they apply (a doubled expires_in is then sent as a string). */
const replyDefects = [
  {
    name: 'dpop-token-type-bearer',
    description: 'a token response to a request with a DPoP proof names token_type Bearer although the token is DPoP-bound',
    at: ['token', 'refresh'],
    rewrite: (r) => editJson(r, (b) => {
      if (b.token_type === 'DPoP') b.token_type = 'Bearer';
    }),
  },
  {
    name: 'token-exchange-no-issued-type',
    description: 'token exchange responses leave out issued_token_type',
    at: ['exchanged'],
    rewrite: (reply) => editJson(reply, (b) => delete b.issued_token_type),
  },
  {
    name: 'no-cache-control',
    description: 'token responses lack Cache-Control: no-store',
    at: ['token', 'refresh'],
    rewrite: dropHeader('cache-control'),
  },
  {
    name: 'refresh-cacheable',
    description: 'refresh responses lack Cache-Control: no-store (the first grant’s keep it)',
    at: ['refresh'],
    rewrite: dropHeader('cache-control'),
  },
  {
    name: 'no-pragma',
    description: 'token responses lack Pragma: no-cache',
    at: ['token', 'refresh'],
    rewrite: dropHeader('pragma'),
  },
  {
    name: 'no-token-type',
    description: 'token responses omit token_type',
    at: ['token', 'refresh'],
    rewrite: (r) => editJson(r, (b) => {
      delete b.token_type;
    }),
  },
  {
    name: 'empty-scope',
    description: 'token responses that grant no scope name it as "scope": ""',
    at: ['token', 'refresh'],
    // RFC 6749 §3.3: a scope is one scope-token at least; the defect names an empty one where none was granted.
    rewrite: (r) => editJson(r, (b) => {
      if (b.scope === undefined) b.scope = '';
    }),
  },
  {
    name: 'wrong-expires-in',
    description: 'expires_in says twice the real lifetime',
    at: ['token', 'refresh'],
    rewrite: (r) => editJson(r, (b) => {
      if (typeof b.expires_in === 'number') b.expires_in *= 2;
    }),
  },
  {
    name: 'expires-in-string',
    description: 'expires_in is sent as a string',
    at: ['token', 'refresh'],
    rewrite: (r) => editJson(r, (b) => {
      if (typeof b.expires_in === 'number') b.expires_in = String(b.expires_in);
    }),
  },
  {
    name: 'no-www-authenticate',
    description: 'resources answer 401 without a WWW-Authenticate challenge',
    at: ['bearer-error'],
    rewrite: dropHeader('www-authenticate'),
  },
  {
    name: 'challenge-unquoted',
    description: 'the resources’ challenges carry auth-param values unquoted, spaces and all (error_description=the access token expired)',
    at: ['bearer-error'],
    // RFC 9110 §11.2: an auth-param value is a token or a quoted-string; the defect sends them bare, spaces and all.
    rewrite: (r) => {
      const h = r.headers['www-authenticate'];
      if (h) r.headers['www-authenticate'] = h.replace(/="((?:[^"\\]|\\.)*)"/g, '=$1');
    },
  },
  {
    name: 'prm-text-plain',
    description: 'the protected resource metadata is served as text/plain',
    at: ['resource-metadata'],
    // RFC 9728 §3.2: the document is application/json; the defect labels it text/plain.
    rewrite: (r) => {
      r.headers['content-type'] = 'text/plain; charset=utf-8';
    },
  },
  {
    name: 'metadata-issuer-mismatch',
    description: 'metadata names an issuer with a trailing slash (so it is not the iss of authorization responses either, RFC 9207 §2.3)',
    at: ['metadata'],
    rewrite: issuerWithSlash,
  },
  {
    name: 'discovery-issuer-mismatch',
    description: 'the OpenID configuration names an issuer with a trailing slash',
    at: ['discovery'],
    rewrite: issuerWithSlash,
  },
] as const satisfies readonly ReplyDefect[];

export type RuleDefectName = (typeof ruleDefects)[number]['name'];
export type ReplyDefectName = (typeof replyDefects)[number]['name'];
export type DefectName = RuleDefectName | ReplyDefectName;

export const defectNames: readonly DefectName[] = [...ruleDefects, ...replyDefects].map((d) => d.name);

export function isDefectName(s: string): s is DefectName {
  return (defectNames as readonly string[]).includes(s);
}

/** The defects switched on (empty: the strict, correct mock), and who hears of each one read. */
export interface DefectSwitches {
  readonly on: ReadonlySet<DefectName>;
  readonly read?: (name: DefectName) => void;
}

export function defectSwitches(on: readonly DefectName[] = [], read?: (name: DefectName) => void): DefectSwitches {
  return { on: new Set(on), ...(read ? { read } : {}) };
}

/** Whether a rule switch is on: the one way a flow asks. */
export function defect(ctx: { readonly defects: DefectSwitches }, name: RuleDefectName): boolean {
  ctx.defects.read?.(name);
  return ctx.defects.on.has(name);
}

/** The reply stage: run by the core after every flow, on the replies a flow tagged with their kind. */
export function rewriteReply(switches: DefectSwitches, reply: Reply): Reply {
  const kind = reply.kind;
  if (kind === undefined) return reply;
  for (const d of replyDefects) {
    if (!(d.at as readonly ReplyKind[]).includes(kind)) continue;
    switches.read?.(d.name);
    if (switches.on.has(d.name)) d.rewrite(reply);
  }
  return reply;
}

function dropHeader(name: string): (reply: Reply) => void {
  return (reply) => {
    delete reply.headers[name];
  };
}

function issuerWithSlash(reply: Reply): void {
  editJson(reply, (b) => {
    b.issuer = `${String(b.issuer)}/`;
  });
}

function editJson(reply: Reply, edit: (body: Record<string, unknown>) => void): void {
  if (reply.body === null) return;
  const body = JSON.parse(reply.body) as Record<string, unknown>;
  edit(body);
  reply.body = JSON.stringify(body);
}
