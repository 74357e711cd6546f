// The checks catalogue: data that the suites, the report and the defect tests share. An id is stable:
// a check that changes meaning gets a new id.
import type { CheckDefinition } from '../generated/types/index.ts';

const S = (id: string, level: CheckDefinition['level'], source: string, title: string): CheckDefinition => ({ id, level, source, title, suite: 'server' });
const C = (id: string, level: CheckDefinition['level'], source: string, title: string): CheckDefinition => ({ id, level, source, title, suite: 'client' });
const B = (id: string, level: CheckDefinition['level'], source: string, title: string): CheckDefinition => ({ id, level, source, title, suite: 'browser' });

export const catalogue: readonly CheckDefinition[] = [
  // token endpoint, per grant
  S('token.client-credentials.success', 'MUST', 'RFC 6749 §4.4.3, §5.1', 'client_credentials returns a token response that validates against the profile’s schema'),
  S('token.password.success', 'MUST', 'RFC 6749 §4.3.3, §5.1', 'password grant returns a token response that validates against the profile’s schema'),
  S('token.api-key.success', 'MUST', 'seed 001 (api.video)', 'API key exchange returns the documented token response'),
  S('token.success.json', 'MUST', 'RFC 6749 §5.1', 'token responses are application/json'),
  S('token.success.token-type', 'MUST', 'RFC 6749 §5.1, §7.1', 'token_type is Bearer (compared case-insensitively)'),
  S('token.success.expires-in', 'SHOULD', 'RFC 6749 §5.1', 'expires_in is present and equals the profile’s lifetime (absent where tokens never expire)'),
  S('token.success.cache-control', 'MUST', 'RFC 6749 §5.1', 'token responses carry Cache-Control: no-store'),
  S('token.success.pragma', 'MUST', 'RFC 6749 §5.1', 'token responses carry Pragma: no-cache (strict RFC 6749 profiles)'),
  S('token.success.scope-narrowed', 'MUST', 'RFC 6749 §3.3, §5.1', 'a narrower scope request is granted and the response names the granted scope'),
  S('token.client-credentials.no-refresh-token', 'SHOULD', 'RFC 6749 §4.4.3', 'client_credentials responses carry no refresh token'),
  S('token.client-auth.basic', 'MUST', 'RFC 6749 §2.3.1', 'HTTP Basic client authentication is supported'),
  S('token.client-auth.body', 'MAY', 'RFC 6749 §2.3.1', 'client credentials in the request body are accepted where the profile documents them'),
  S('token.client-auth.query-refused', 'SHOULD', 'RFC 6749 §2.3.1', 'client credentials in the query string are refused'),
  // token endpoint errors
  S('token.error.missing-grant-type', 'MUST', 'RFC 6749 §5.2', 'a request without grant_type gets 400 invalid_request'),
  S('token.error.duplicate-parameter', 'MUST', 'RFC 6749 §3.2, §5.2', 'a repeated parameter gets 400 invalid_request'),
  S('token.error.unsupported-grant-type', 'MUST', 'RFC 6749 §5.2', 'an unknown grant_type gets 400 unsupported_grant_type'),
  S('token.error.invalid-client.wrong-secret', 'MUST', 'RFC 6749 §5.2', 'a wrong secret sent by Basic gets 401 invalid_client with WWW-Authenticate: Basic'),
  S('token.error.invalid-client.unknown-client', 'MUST', 'RFC 6749 §5.2', 'an unknown client gets invalid_client (401, or 400 without the Authorization header)'),
  S('token.error.invalid-grant', 'MUST', 'RFC 6749 §5.2', 'a wrong password or API key gets 400 invalid_grant (or the profile’s error body)'),
  S('token.error.unauthorized-client', 'MUST', 'RFC 6749 §5.2', 'a grant the client may not use gets unauthorized_client'),
  S('token.error.invalid-scope', 'MUST', 'RFC 6749 §5.2', 'an unknown scope gets 400 invalid_scope'),
  // refresh
  S('refresh.success', 'MUST', 'RFC 6749 §6', 'a valid refresh token yields a new access token that works'),
  S('refresh.scope-not-broadened', 'MUST', 'RFC 6749 §6', 'a refresh never grants more scope than the original'),
  S('refresh.rotation', 'MUST', 'RFC 9700 §4.14.2; profile', 'rotation: a refresh returns a new refresh token and the old one stops working'),
  S('refresh.reuse-detection', 'MUST', 'RFC 9700 §4.14.2; profile', 'presenting a used refresh token revokes the whole family, the newest included'),
  S('refresh.reusable', 'MUST', 'profile (refresh policy reusable)', 'a reusable refresh token works again'),
  S('refresh.invalid', 'MUST', 'RFC 6749 §5.2', 'an unknown refresh token gets 400 invalid_grant (or the profile’s error body)'),
  S('refresh.lifetime', 'MUST', 'profile (refresh token lifetime); seeds 002, 003', 'a refresh token works until its lifetime ends and not after (or forever, where it never expires)'),
  S('refresh.revoked', 'MUST', 'RFC 7009 §2.1', 'a revoked refresh token gets invalid_grant'),
  S('refresh.api-key-login-invalidates', 'MUST', 'seed 004 (api.video)', 'sending the API key again voids the earlier refresh token'),
  S('refresh.password-login-invalidates', 'MUST', 'seed 002 (Shield)', 'a password login from another device voids the earlier refresh token'),
  // expiry
  S('expiry.jwt-exp-matches-expires-in', 'SHOULD', 'RFC 6749 §5.1; RFC 7519 §4.1.4', 'a JWT’s exp - iat equals expires_in'),
  S('expiry.expired-token-rejected', 'MUST', 'RFC 6750 §3.1', 'an expired access token gets 401 error="invalid_token"'),
  S('expiry.token-valid-before-expiry', 'MUST', 'RFC 6749 §5.1', 'an access token works until just before its lifetime ends'),
  S('expiry.never-expires', 'MUST', 'seed 000 (Shakr)', 'a token documented as lasting indefinitely keeps working'),
  // protected resources
  S('resource.valid-token', 'MUST', 'RFC 6750 §2.1', 'a valid token in the Authorization header is accepted'),
  S('resource.scheme-case-insensitive', 'MUST', 'RFC 7235 §2.1; RFC 6750 §2.1', 'the Bearer scheme is matched case-insensitively'),
  S('resource.no-token', 'MUST', 'RFC 6750 §3, §3.1', 'a request without credentials gets 401 with WWW-Authenticate: Bearer'),
  S('resource.no-token.no-error-code', 'SHOULD', 'RFC 6750 §3.1', 'the challenge to a request without credentials carries no error code'),
  S('resource.invalid-token', 'MUST', 'RFC 6750 §3.1', 'an invalid token gets 401 error="invalid_token"'),
  S('resource.scope-enforced', 'MUST', 'RFC 6750 §3.1; seed 000 (scoped tokens)', 'a token lacking the resource’s scope is refused'),
  S('resource.insufficient-scope', 'SHOULD', 'RFC 6750 §3.1', 'a token lacking scope gets 403 error="insufficient_scope" naming the scope'),
  S('resource.malformed-request', 'SHOULD', 'RFC 6750 §3.1', 'a malformed Authorization header gets 400 invalid_request'),
  S('resource.query-token-refused', 'SHOULD', 'RFC 6750 §2.3; RFC 9700 §4.3.2', 'a token in the query string is not accepted'),
  S('resource.alg-none-rejected', 'MUST', 'RFC 7519 §6; RFC 8725 §3.1', 'an unsigned (alg none) token is refused'),
  S('resource.wrong-key-rejected', 'MUST', 'RFC 7515 §5.2; RFC 8725', 'a token signed by an unknown key is refused'),
  S('resource.revoked-token-rejected', 'MUST', 'RFC 7009 §2', 'a revoked access token is refused'),
  // JWT access tokens
  S('jwt.signature', 'MUST', 'RFC 7515; RFC 9068 §4', 'the access token’s signature verifies against the JWKS'),
  S('jwt.claims', 'MUST', 'RFC 9068 §2.2; profile claims', 'the access token carries the claims the profile requires'),
  S('jwt.typ', 'MUST', 'RFC 9068 §2.1', 'the JOSE header typ is at+jwt'),
  S('jwt.iss', 'MUST', 'RFC 9068 §2.2; RFC 8414 §3.3', 'iss equals the issuer'),
  S('jwt.client-id', 'MUST', 'RFC 9068 §2.2', 'client_id names the client the token was issued to'),
  // revocation, introspection, metadata
  S('revocation.unknown-token', 'MUST', 'RFC 7009 §2.2', 'revoking an unknown token answers 200'),
  S('revocation.wrong-hint', 'MUST', 'RFC 7009 §2.1', 'a wrong token_type_hint still revokes the token'),
  S('revocation.requires-client-auth', 'MUST', 'RFC 7009 §2.1', 'revocation without client authentication is refused'),
  S('introspection.active', 'MUST', 'RFC 7662 §2.2', 'an active token is described with active: true'),
  S('introspection.inactive', 'MUST', 'RFC 7662 §2.2', 'unknown, revoked and expired tokens get exactly {"active": false}'),
  S('introspection.requires-client-auth', 'MUST', 'RFC 7662 §2.1', 'introspection without client authentication is refused'),
  S('metadata.fields', 'MUST', 'RFC 8414 §2', 'metadata validates: issuer, token_endpoint, response_types_supported'),
  S('metadata.issuer-matches', 'MUST', 'RFC 8414 §3.3', 'the metadata issuer equals the issuer URL it was fetched for'),
  S('jwks.public-only', 'MUST', 'RFC 7517 §5; RFC 8414 §2', 'the JWKS resolves and holds no private or symmetric keys'),
  // provider rules
  S('token-free.endpoints', 'MUST', 'seed 002 (Shield)', 'the token-free endpoints answer without an access token'),
  S('registration.then-login', 'MUST', 'seed 002 (Shield)', 'a user registered at the register endpoint can log in with the password grant'),
  // authorization code, in a real browser
  B('authz.success', 'MUST', 'RFC 6749 §4.1', 'login, consent and code exchange yield a working token'),
  B('authz.state-echoed', 'MUST', 'RFC 6749 §4.1.2', 'state comes back unchanged'),
  B('authz.pkce-mismatch', 'MUST', 'RFC 7636 §4.6', 'a wrong code_verifier gets invalid_grant'),
  B('authz.code-reuse', 'MUST', 'RFC 6749 §4.1.2', 'a code used twice is refused'),
  B('authz.code-reuse-revokes', 'SHOULD', 'RFC 6749 §4.1.2, §10.5', 'reusing a code revokes the tokens it issued'),
  B('authz.redirect-uri-mismatch', 'MUST', 'RFC 6749 §4.1.3', 'a token request with another redirect_uri gets invalid_grant'),
  B('authz.unregistered-redirect-uri', 'MUST', 'RFC 6749 §4.1.2.1; RFC 9700 §4.1.3', 'an unregistered redirect_uri is never redirected to'),
  B('authz.access-denied', 'MUST', 'RFC 6749 §4.1.2.1', 'denied consent redirects with error=access_denied'),
  B('authz.plain-pkce-refused', 'MUST', 'RFC 9700 §2.1.1; profile', 'plain PKCE is refused where S256 is required'),
  B('authz.pkce-required', 'MUST', 'OAuth 2.1 §4.1.1; profile', 'an authorization request without PKCE is refused where the profile requires it'),
  // clients under test, judged from the mock's recorded traffic
  C('client.token-request', 'MUST', 'RFC 6749 §3.2, §2.3.1; profile', 'the token request is a POST shaped as the profile says: encoding, grant, fields, client authentication'),
  C('client.token-reuse', 'SHOULD', 'seed 002 (Shield); seed 003', 'one token serves several calls; it is not fetched per call'),
  C('client.refresh-on-expiry', 'SHOULD', 'seed 003 (automatic refresh); seed 004', 'after the token expires the next call still succeeds, renewed with the refresh token where the profile issues one'),
  C('client.retry-after-401', 'SHOULD', 'seed 001; seed 003', 'on 401 invalid_token the client renews and retries the original call once'),
  C('client.bounded-retries', 'SHOULD', 'seed 001', 'when the API keeps answering 401, the client gives up after a few attempts, backing off'),
  C('client.rotation', 'MUST', 'RFC 6749 §6; RFC 9700 §4.14', 'with rotating refresh tokens the client always sends the newest one'),
  C('client.reauth-on-invalid-grant', 'MUST', 'RFC 6749 §5.2; seed 004', 'when its refresh token is refused, the client authenticates again and the call succeeds'),
  C('client.token-in-header', 'MUST', 'RFC 6750 §2.1; RFC 9700 §4.3.2', 'the access token goes in the Authorization header, never in the URL'),
  C('client.no-credentials-to-api', 'MUST', 'seed 000; RFC 6749 §10.3', 'client secrets, API keys and passwords never reach the API'),
  C('client.honours-retry-after', 'SHOULD', 'RFC 9110 §10.2.3', 'on 429/503 with Retry-After from the token endpoint the client waits at least that long'),
  C('client.single-refresh', 'SHOULD', 'design: concurrent callers share one renewal', 'several concurrent calls with an expired token cause one renewal, not many'),
];

export const checkById = new Map(catalogue.map((c) => [c.id, c]));
