// The checks catalogue: data that the suites, the report and the defect tests share. An id is stable:
// a check that changes meaning gets a new id. Each entry quotes the sentence it enforces; its level is
// that sentence's BCP 14 keyword, and where the sentence has none (behaviour stated as fact, a rule
// addressed to the other party) `reading` says how it is read. A profile that promises more raises
// the level (`raisedBy` names the profile field; profile rules name themselves), and the report says so.
import type { CheckDefinition } from '../generated/types/index.ts';
import type { ResolvedProfile } from '../lib/resolved-profile.ts';

type Level = CheckDefinition['level'];
type Quote = CheckDefinition['quote'];
type Extra = Pick<CheckDefinition, 'reading' | 'raisedBy'>;

// Generic in the id, so the catalogue's ids form a union type (CheckId): a typo in a check is a compile error.
const entry = (suite: CheckDefinition['suite']) => <const Id extends string>(id: Id, level: Level, quote: Quote, title: string, extra: Extra = {}): CheckDefinition & { id: Id } => ({
  id,
  level,
  source: `${quote.spec} ${quote.section}`,
  title,
  suite,
  quote,
  ...extra,
});
const S = entry('server');
const C = entry('client');
const B = entry('browser');

const q = (spec: string, section: string, text: string): Quote => ({ spec, section, text });
const rfc6749 = (section: string, text: string) => q('RFC 6749', section, text);

// RFC 6749 sentences several checks enforce.
const noStore = rfc6749('§5.1', 'The authorization server MUST include the HTTP "Cache-Control" response header field [RFC2616] with a value of "no-store" in any response containing tokens, credentials, or other sensitive information, as well as the "Pragma" response header field [RFC2616] with a value of "no-cache".');
const errorCode = rfc6749('§5.2', 'The authorization server responds with an HTTP 400 (Bad Request) status code (unless specified otherwise) and includes the following parameters with the response: error REQUIRED. A single ASCII [USASCII] error code from the following');
const scopeParam = rfc6749('§3.3', 'If the issued access token scope is different from the one requested by the client, the authorization server MUST include the "scope" response parameter to inform the client of the actual scope granted.');
const validates = rfc6749('§7', 'The resource server MUST validate the access token and ensure that it has not expired and that its scope covers the requested resource.');
const invalidToken = q('RFC 6750', '§3.1', 'invalid_token The access token provided is expired, revoked, malformed, or invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status code.');
const refreshMay = rfc6749('§6', 'The authorization server MAY issue a new refresh token, in which case the client MUST discard the old refresh token and replace it with the new refresh token. The authorization server MAY revoke the old refresh token after issuing a new refresh token to the client.');
const revokeSupport = q('RFC 7009', '§2', 'Implementations MUST support the revocation of refresh tokens and SHOULD support the revocation of access tokens (see Implementation Note).');
const rs9068 = q('RFC 9068', '§4', 'The resource server MUST validate the signature of all incoming JWTs according to [RFC7515] using the algorithm specified in the JWT "alg" Header Parameter.');
const inactive = q('RFC 7662', '§2.2', 'If the introspection call is properly authorized but the token is not active, does not exist on this server, or the protected resource is not allowed to introspect this particular token, then the authorization server MUST return an introspection response with the "active" field set to "false".');
const codeOnce = rfc6749('§4.1.2', 'If an authorization code is used more than once, the authorization server MUST deny the request and SHOULD revoke (when possible) all tokens previously issued based on that authorization code.');
const stateBack = (section: string) => rfc6749(section, 'state REQUIRED if a "state" parameter was present in the client authorization request. The exact value received from the client.');
const seed = (n: string, what: string, text: string) => q(`seed ${n}`, what, text);

const core = (section: string, text: string) => q('OpenID Connect Core 1.0', section, text);
const discovery = (section: string, text: string) => q('OpenID Connect Discovery 1.0', section, text);
const logout = (section: string, text: string) => q('OpenID Connect RP-Initiated Logout 1.0', section, text);
const promptNone = core('§3.1.2.1', 'none The Authorization Server MUST NOT display any authentication or consent user interface pages. An error is returned if an End-User is not already authenticated or the Client does not have pre-configured consent for the requested Claims or does not fulfill other conditions for processing the request.');

const rfc9728 = (section: string, text: string) => q('RFC 9728', section, text);
const rfc8707 = (section: string, text: string) => q('RFC 8707', section, text);
const rfc7591 = (section: string, text: string) => q('RFC 7591', section, text);
const mcpSpec = (revision: string, section: string, text: string) => q(`MCP ${revision} Authorization`, section, text);

const stated = 'the document states this as the protocol’s behaviour, without a BCP 14 keyword; read as MUST';

const rfc8628 = (section: string, text: string) => q('RFC 8628', section, text);
const deviceError = 'the error code RFC 8628 §3.5 defines for exactly this state; the token endpoint "responds with an error, as defined in Section 5.2 of [RFC6749]" (§3.5); read as MUST';

const rfc8693 = (section: string, text: string) => q('RFC 8693', section, text);
const exchangeInvalid = rfc8693('§2.2.2', 'If the request itself is not valid or if either the subject_token or actor_token are invalid for any reason, or are unacceptable based on policy, the authorization server MUST construct an error response, as specified in Section 5.2 of [RFC6749]. The value of the error parameter MUST be the invalid_request error code.');

const rfc7523 = (section: string, text: string) => q('RFC 7523', section, text);
const clientAssertionRefused = 'the client assertion is not valid, which RFC 7523 §3.2 answers: "The value of the "error" parameter MUST be the "invalid_client" error code."';
const assertionRefused = 'the JWT is not valid, which §3.1 answers: "The value of the "error" parameter MUST be the "invalid_grant" error code."';

export const catalogue = [
  // token endpoint, per grant
  S('token.client-credentials.success', 'MUST', rfc6749('§4.4.3', 'If the access token request is valid and authorized, the authorization server issues an access token as described in Section 5.1.'), 'client_credentials returns a token response that validates against the profile’s schema', { reading: stated }),
  S('token.password.success', 'MUST', rfc6749('§4.3.3', 'If the access token request is valid and authorized, the authorization server issues an access token and optional refresh token as described in Section 5.1.'), 'password grant returns a token response that validates against the profile’s schema', { reading: stated }),
  S('token.api-key.success', 'MUST', seed('001', 'api.video bearer tokens', 'We provide two additional endpoints that will allow you to obtain and refresh the bearer token. The API endpoint list below will return an access_token and a refresh_token.'), 'API key exchange returns the documented token response', { reading: 'a promise of the provider’s documents, binding as documented' }),
  S('token.success.json', 'MUST', rfc6749('§5.1', 'The parameters are included in the entity-body of the HTTP response using the "application/json" media type as defined by [RFC4627].'), 'token responses are application/json', { reading: stated }),
  S('token.success.token-type', 'MUST', rfc6749('§5.1', 'token_type REQUIRED. The type of the token issued as described in Section 7.1. Value is case insensitive.'), 'token_type is Bearer (compared case-insensitively)'),
  S('token.success.expires-in', 'SHOULD', rfc6749('§5.1', 'expires_in RECOMMENDED. The lifetime in seconds of the access token.'), 'expires_in is present and equals the profile’s lifetime (absent where tokens never expire)'),
  S('token.success.cache-control', 'MUST', noStore, 'token responses carry Cache-Control: no-store'),
  S('token.success.pragma', 'MUST', noStore, 'token responses carry Pragma: no-cache (strict RFC 6749 profiles)'),
  S('token.success.scope-narrowed', 'MUST', scopeParam, 'a narrower scope request is granted as asked, or the response names the scope granted', {
    reading: 'the check runs where the profile’s scope policy says requested scopes are granted (`exact` or `any`); under `narrowing` the server may grant other scope (§3.3 "MAY fully or partially ignore") and the check is skipped',
  }),
  S('token.success.scope-syntax', 'MUST', rfc6749('§3.3', 'The value of the scope parameter is expressed as a list of space-delimited, case-sensitive strings. scope = scope-token *( SP scope-token ) scope-token = 1*( %x21 / %x23-5B / %x5D-7E )'), 'every scope a token response of the run names is one scope-token or more, single spaces between (never "", never a doubled or trailing space)', {
    reading: 'the grammar is the protocol’s, stated without a keyword: read as MUST. A response that grants no scope leaves the member out. Judged on every token response the run receives, refreshes included',
  }),
  S('token.client-credentials.no-refresh-token', 'SHOULD', rfc6749('§4.4.3', 'A refresh token SHOULD NOT be included.'), 'client_credentials responses carry no refresh token'),
  S('token.client-auth.basic', 'MUST', rfc6749('§2.3.1', 'The authorization server MUST support the HTTP Basic authentication scheme for authenticating clients that were issued a client password.'), 'HTTP Basic client authentication is supported'),
  S('token.client-auth.body', 'MAY', rfc6749('§2.3.1', 'Alternatively, the authorization server MAY support including the client credentials in the request-body using the following parameters'), 'client credentials in the request body are accepted where the profile documents them'),
  S('token.client-auth.query-refused', 'SHOULD', rfc6749('§2.3.1', 'The parameters can only be transmitted in the request-body and MUST NOT be included in the request URI.'), 'client credentials in the query string are refused', {
    reading: 'the MUST NOT binds the client; a server that accepts credentials in the URI invites their leak, so refusing them is read as SHOULD',
  }),
  S('token.refresh.cache-control', 'MUST', noStore, 'refresh responses carry Cache-Control: no-store too'),
  // token endpoint errors
  S('token.error.missing-grant-type', 'MUST', errorCode, 'a request without grant_type gets 400 invalid_request'),
  S('token.error.duplicate-parameter', 'MUST', rfc6749('§3.2', 'Request and response parameters MUST NOT be included more than once.'), 'a repeated parameter gets 400 invalid_request'),
  S('token.error.unsupported-grant-type', 'MUST', errorCode, 'an unknown grant_type gets 400 unsupported_grant_type'),
  S('token.error.invalid-client.wrong-secret', 'MUST', rfc6749('§5.2', 'If the client attempted to authenticate via the "Authorization" request header field, the authorization server MUST respond with an HTTP 401 (Unauthorized) status code and include the "WWW-Authenticate" response header field matching the authentication scheme used by the client.'), 'a wrong secret sent by Basic gets 401 invalid_client with WWW-Authenticate: Basic'),
  S('token.error.invalid-client.unknown-client', 'MUST', errorCode, 'an unknown client gets invalid_client (401, or 400 without the Authorization header)'),
  S('token.error.invalid-grant', 'MUST', errorCode, 'a wrong password or API key gets 400 invalid_grant (or the profile’s error body)'),
  S('token.error.unauthorized-client', 'MUST', errorCode, 'a grant the client may not use gets unauthorized_client'),
  S('token.error.invalid-scope', 'SHOULD', rfc6749('§3.3', 'The authorization server MAY fully or partially ignore the scope requested by the client, based on the authorization server policy or the resource owner\'s instructions. If the issued access token scope is different from the one requested by the client, the authorization server MUST include the "scope" response parameter to inform the client of the actual scope granted.'), 'an unknown scope gets 400 invalid_scope, or is left out of a grant that names its scope', {
    reading: 'RFC 6749 §3.3 leaves the scope to the server’s policy: an unknown scope may be refused (invalid_scope), dropped (then the response names the scope granted) or, by policy, granted; no sentence requires refusing it, so a grant of the unknown scope is a SHOULD warning. A profile policy `exact` promises the refusal and raises the check to MUST; under `any` it is not applicable',
    raisedBy: 'scopes.policy',
  }),
  // refresh
  S('refresh.success', 'MUST', rfc6749('§6', 'If valid and authorized, the authorization server issues an access token as described in Section 5.1.'), 'a valid refresh token yields a new access token that works', { reading: stated }),
  S('refresh.scope-not-broadened', 'MUST', rfc6749('§6', 'The requested scope MUST NOT include any scope not originally granted by the resource owner, and if omitted is treated as equal to the scope originally granted by the resource owner.'), 'a refresh never grants more scope than the original'),
  S('refresh.rotation', 'MAY', refreshMay, 'rotation: a refresh returns a new refresh token and the old one stops working', { raisedBy: 'refreshToken.policy' }),
  S('refresh.reuse-detection', 'SHOULD', q('RFC 9700', '§4.14.2', 'If a refresh token is compromised and subsequently used by both the attacker and the legitimate client, one of them will present an invalidated refresh token, which will inform the authorization server of the breach. The authorization server cannot determine which party submitted the invalid refresh token, but it will revoke the active refresh token.'), 'presenting a rotated-away refresh token revokes the whole family, the newest included', {
    reading: 'RFC 9700 §4.14.2 requires replay detection ("Authorization servers MUST utilize one of these methods") for public clients only; for every rotating server it is read as SHOULD, so a vendor learns whether reuse leaves the family alive',
    raisedBy: 'refreshToken.policy',
  }),
  S('refresh.reusable', 'MAY', refreshMay, 'a reusable refresh token works again', { raisedBy: 'refreshToken.policy' }),
  S('refresh.invalid', 'MUST', errorCode, 'an unknown refresh token gets 400 invalid_grant (or the profile’s error body)'),
  S('refresh.lifetime', 'MUST', seed('003', 'token expiration', 'Refresh Tokens: Longer-lived (30 days default)'), 'a refresh token works until its lifetime ends and not after (or forever, where it never expires)', { reading: 'a lifetime the provider documents (seed 003; seed 002: never expires) is a promise, binding as documented in the profile’s refreshToken.lifetime' }),
  S('refresh.revoked', 'MUST', revokeSupport, 'a revoked refresh token gets invalid_grant'),
  S('refresh.api-key-login-invalidates', 'MUST', seed('004', 'authentication and refresh tokens', 'The refresh token lasts until you make a new call to the API to get an access token, or you send in your API key again to get an access token and refresh token.'), 'sending the API key again voids the earlier refresh token', { reading: 'a promise of the provider’s documents, binding as documented' }),
  S('refresh.password-login-invalidates', 'MUST', seed('002', 'refresh token', 'This token will never expire unless fans/users login their accounts with other devices.'), 'a password login from another device voids the earlier refresh token', { reading: 'a promise of the provider’s documents, binding as documented' }),
  // expiry
  S('expiry.jwt-exp-matches-expires-in', 'SHOULD', rfc6749('§5.1', 'expires_in RECOMMENDED. The lifetime in seconds of the access token.'), 'a JWT’s exp - iat equals expires_in'),
  S('expiry.expired-token-refused', 'MUST', validates, 'an expired access token is refused'),
  S('expiry.expired-token-rejected', 'SHOULD', invalidToken, 'an expired access token gets 401 error="invalid_token"'),
  S('expiry.token-valid-before-expiry', 'MUST', rfc6749('§5.1', 'expires_in RECOMMENDED. The lifetime in seconds of the access token. For example, the value "3600" denotes that the access token will expire in one hour from the time the response was generated.'), 'an access token works until just before its lifetime ends', {
    reading: 'where the server sends expires_in, the token lives that long: stated as fact, read as MUST',
  }),
  S('expiry.never-expires', 'MUST', seed('000', 'access token expiration', 'For now, server access token lasts indefinitely.'), 'a token documented as lasting indefinitely keeps working', { reading: 'a promise of the provider’s documents, binding as documented' }),
  S('jwt.exp-after-iat', 'MUST', q('RFC 7519', '§4.1.4', 'The "exp" (expiration time) claim identifies the expiration time on or after which the JWT MUST NOT be accepted for processing.'), 'a JWT access token’s exp is later than its iat (it is not expired when issued)', {
    reading: 'a token whose exp is not after its iat can never be accepted by a correct resource server',
  }),
  // protected resources
  S('resource.valid-token', 'MUST', q('RFC 6750', '§2.1', 'Clients SHOULD make authenticated requests with a bearer token using the "Authorization" request header field with the "Bearer" HTTP authorization scheme. Resource servers MUST support this method.'), 'a valid token in the Authorization header is accepted'),
  S('resource.scheme-case-insensitive', 'MUST', q('RFC 9110', '§11.1', 'It uses a case-insensitive token to identify the authentication scheme'), 'the Bearer scheme is matched case-insensitively', { reading: 'HTTP’s grammar defines the scheme as case-insensitive; a server that differs is not speaking HTTP authentication: read as MUST' }),
  S('resource.no-token', 'MUST', q('RFC 6750', '§3', 'If the protected resource request does not include authentication credentials or does not contain an access token that enables access to the protected resource, the resource server MUST include the HTTP "WWW-Authenticate" response header field'), 'a request without credentials gets 401 with WWW-Authenticate: Bearer'),
  S('resource.no-token.no-error-code', 'SHOULD', q('RFC 6750', '§3.1', 'If the request lacks any authentication information (e.g., the client was unaware that authentication is necessary or attempted using an unsupported authentication method), the resource server SHOULD NOT include an error code or other error information.'), 'the challenge to a request without credentials carries no error code'),
  S('resource.invalid-token-refused', 'MUST', validates, 'an invalid token is refused'),
  S('resource.invalid-token', 'SHOULD', invalidToken, 'an invalid token gets 401 error="invalid_token"'),
  S('resource.scope-enforced', 'MUST', validates, 'a token lacking the resource’s scope is refused'),
  S('resource.insufficient-scope', 'SHOULD', q('RFC 6750', '§3.1', 'insufficient_scope The request requires higher privileges than provided by the access token. The resource server SHOULD respond with the HTTP 403 (Forbidden) status code and MAY include the "scope" attribute with the scope necessary to access the protected resource.'), 'a token lacking scope gets 403 error="insufficient_scope"'),
  S('resource.malformed-request', 'SHOULD', q('RFC 6750', '§3.1', 'invalid_request The request is missing a required parameter, includes an unsupported parameter or parameter value, repeats the same parameter, uses more than one method for including an access token, or is otherwise malformed. The resource server SHOULD respond with the HTTP 400 (Bad Request) status code.'), 'a malformed Authorization header gets 400 invalid_request'),
  S('resource.query-token-refused', 'SHOULD', q('RFC 6750', '§2.3', 'Because of the security weaknesses associated with the URI method (see Section 5), including the high likelihood that the URL containing the access token will be logged, it SHOULD NOT be used unless it is impossible to transport the access token in the "Authorization" request header field or the HTTP request entity-body.'), 'a token in the query string is not accepted', {
    reading: 'the SHOULD NOT binds the client; a resource that accepts query tokens invites their leak, so refusing is read as SHOULD',
  }),
  S('resource.alg-none-rejected', 'MUST', q('RFC 9068', '§4', 'The resource server MUST reject any JWT in which the value of "alg" is "none".'), 'an unsigned (alg none) token is refused'),
  S('resource.wrong-key-rejected', 'MUST', rs9068, 'a token signed by an unknown key is refused'),
  S('resource.revoked-token-rejected', 'SHOULD', revokeSupport, 'an access token the server said it revoked is refused'),
  // JWT access tokens
  S('jwt.signature', 'MUST', rs9068, 'the access token’s signature verifies against the JWKS', { reading: 'a token that does not verify against the published keys is one every resource server must reject' }),
  S('jwt.claims', 'MUST', q('RFC 9068', '§2.2', 'iss REQUIRED - as defined in Section 4.1.1 of [RFC7519]. exp REQUIRED - as defined in Section 4.1.4 of [RFC7519]. aud REQUIRED - as defined in Section 4.1.3 of [RFC7519].'), 'the access token carries the claims the profile requires'),
  S('jwt.typ', 'MUST', q('RFC 9068', '§2.1', 'JWT access tokens MUST include this media type in the "typ" header parameter to explicitly declare that the JWT represents an access token complying with this profile.'), 'the JOSE header typ is at+jwt'),
  S('jwt.iss', 'MUST', q('RFC 9068', '§4', 'The issuer identifier for the authorization server (which is typically obtained during discovery) MUST exactly match the value of the "iss" claim.'), 'iss equals the issuer'),
  S('jwt.client-id', 'MUST', q('RFC 9068', '§2.2', 'client_id REQUIRED - as defined in Section 4.3 of [RFC8693].'), 'client_id names the client the token was issued to'),
  // device authorization grant (RFC 8628)
  S('device.authorization.response', 'MUST', rfc8628('§3.2', 'In response, the authorization server generates a unique device verification code and an end-user code that are valid for a limited time and includes them in the HTTP response body using the "application/json" format [RFC8259] with a 200 (OK) status code.'), 'the device authorization response is JSON with device_code, user_code, verification_uri and expires_in', { reading: stated }),
  S('device.token.pending', 'MUST', rfc8628('§3.5', 'authorization_pending The authorization request is still pending as the end user hasn\'t yet completed the user-interaction steps (Section 3.3).'), 'a device code the user has not yet approved is answered authorization_pending', { reading: deviceError }),
  S('device.token.unknown-code', 'MUST', rfc6749('§5.2', 'invalid_grant The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.'), 'a device_code the server never issued is refused with invalid_grant', { reading: stated }),
  S('device.token.expired', 'MUST', rfc8628('§3.5', 'expired_token The "device_code" has expired, and the device authorization session has concluded.'), 'a device code past expires_in is answered expired_token, never tokens', { reading: deviceError }),
  B('device.token.success', 'MUST', rfc8628('§3.5', 'If the user has approved the grant, the token endpoint responds with a success response defined in Section 5.1 of [RFC6749]; otherwise, it responds with an error, as defined in Section 5.2 of [RFC6749].'), 'after the user allows on the verification page, the device code gets a token response', { reading: stated }),
  B('device.token.denied', 'MUST', rfc8628('§3.5', 'access_denied The authorization request was denied.'), 'after the user denies on the verification page, the device code is answered access_denied', { reading: deviceError }),
  S('device.token.slow-down', 'MAY', rfc8628('§3.5', 'slow_down A variant of "authorization_pending", the authorization request is still pending and polling should continue, but the interval MUST be increased by 5 seconds for this and all subsequent requests.'), 'a second poll at once, sooner than the interval, is answered slow_down', { reading: 'RFC 8628 lets the server enforce the interval without requiring it; slow_down is how it tells a client that polls too fast' }),
  B('device.token.single-use', 'SHOULD', rfc6749('§10.5', 'Authorization codes MUST be short lived and single-use.'), 'an approved device code gets tokens once; polling it again is invalid_grant', { reading: 'RFC 8628 states no rule of its own for a redeemed device code; RFC 6749’s rule for the code grant is read as SHOULD for the device code, the grant this flow redeems' }),
  // token exchange (RFC 8693)
  S('token-exchange.success', 'MUST', rfc8693('§2.2.1', 'access_token REQUIRED. The security token issued by the authorization server in response to the token exchange request. ... issued_token_type REQUIRED. An identifier, as described in Section 3, for the representation of the issued security token. token_type REQUIRED.'), 'a token exchange the server accepts answers access_token, issued_token_type and token_type'),
  S('token-exchange.subject-token-type-required', 'MUST', exchangeInvalid, 'a token exchange without subject_token_type (REQUIRED, §2.1) is refused with invalid_request'),
  S('token-exchange.invalid-subject-token', 'MUST', exchangeInvalid, 'a token exchange whose subject_token is not a valid token is refused with invalid_request'),
  S('token-exchange.actor-token-type-required', 'MUST', rfc8693('§2.1', 'actor_token_type An identifier, as described in Section 3, that indicates the type of the security token in the actor_token parameter. This is REQUIRED when the actor_token parameter is present in the request but MUST NOT be included otherwise.'), 'an actor_token without actor_token_type is refused with invalid_request', { reading: 'a request missing a REQUIRED parameter is not valid, which §2.2.2 answers with invalid_request (MUST)' }),
  S('token-exchange.invalid-target', 'SHOULD', rfc8693('§2.2.2', 'If the authorization server is unwilling or unable to issue a token for any target service indicated by the resource or audience parameters, the invalid_target error code SHOULD be used.'), 'a token exchange for an audience the server does not serve is refused with invalid_target'),
  S('token-exchange.delegation-act', 'MAY', rfc8693('§4.1', 'The act (actor) claim provides a means within a JWT to express that delegation has occurred and identify the acting party to whom authority has been delegated.'), 'a delegated token (an exchange with actor_token) names the actor in its act claim, in the JWT or its introspection', { reading: 'how delegation is expressed; a server may express it otherwise, so not meeting it is a note, never a failure' }),
  // JWT bearer grant (RFC 7523 §2.1)
  // private_key_jwt client authentication (RFC 7523 §2.2, OpenID Connect Core §9)
  S('client-auth.private-key-jwt.success', 'MUST', rfc7523('§2.2', 'To use a JWT Bearer Token for client authentication, the client uses the following parameter values and encodings. The value of the "client_assertion_type" is "urn:ietf:params:oauth:client-assertion-type:jwt-bearer". The value of the "client_assertion" parameter contains a single JWT.'), 'client_credentials authenticated by a client assertion (iss = sub = client_id, aud the token endpoint, exp in two minutes, a fresh jti) gets a token response', { reading: stated }),
  S('client-auth.private-key-jwt.wrong-audience', 'MUST', rfc7523('§3', 'The JWT MUST contain an "aud" (audience) claim containing a value that identifies the authorization server as an intended audience. ... The authorization server MUST reject any JWT that does not contain its own identity as the intended audience.'), 'a client assertion for another audience is refused with invalid_client', { reading: clientAssertionRefused }),
  S('client-auth.private-key-jwt.expired', 'MUST', rfc7523('§3', 'The authorization server MUST reject any JWT with an expiration time that has passed, subject to allowable clock skew between systems.'), 'a client assertion that expired ten minutes ago is refused with invalid_client', { reading: clientAssertionRefused }),
  S('client-auth.private-key-jwt.bad-signature', 'MUST', rfc7523('§3', 'The JWT MUST be digitally signed or have a Message Authentication Code (MAC) applied by the issuer. The authorization server MUST reject JWTs with an invalid signature or Message Authentication Code.'), 'a client assertion signed with a key that is not the client’s is refused with invalid_client', { reading: clientAssertionRefused }),
  S('client-auth.private-key-jwt.replay', 'MAY', rfc7523('§3', 'The authorization server MAY ensure that JWTs are not replayed by maintaining the set of used "jti" values for the length of time for which the JWT would be considered valid based on the applicable "exp" instant.'), 'the same client assertion (same jti) presented twice is refused the second time with invalid_client'),
  S('jwt-bearer.success', 'MUST', rfc7523('§2.1', 'To use a Bearer JWT as an authorization grant, the client uses an access token request as defined in Section 4 of the OAuth Assertion Framework [RFC7521] with the following specific parameter values and encodings. The value of the "grant_type" is "urn:ietf:params:oauth:grant-type:jwt-bearer". The value of the "assertion" parameter MUST contain a single JWT.'), 'a valid assertion of a trusted issuer (aud the server’s issuer, exp in two minutes, a fresh jti) gets a token response', { reading: stated }),
  S('jwt-bearer.wrong-audience', 'MUST', rfc7523('§3', 'The JWT MUST contain an "aud" (audience) claim containing a value that identifies the authorization server as an intended audience. ... The authorization server MUST reject any JWT that does not contain its own identity as the intended audience.'), 'an assertion for another audience is refused with invalid_grant', { reading: assertionRefused }),
  S('jwt-bearer.expired', 'MUST', rfc7523('§3', 'The JWT MUST contain an "exp" (expiration time) claim that limits the time window during which the JWT can be used. The authorization server MUST reject any JWT with an expiration time that has passed, subject to allowable clock skew between systems.'), 'an assertion that expired ten minutes ago is refused with invalid_grant', { reading: assertionRefused }),
  S('jwt-bearer.bad-signature', 'MUST', rfc7523('§3', 'The JWT MUST be digitally signed or have a Message Authentication Code (MAC) applied by the issuer. The authorization server MUST reject JWTs with an invalid signature or Message Authentication Code.'), 'an assertion naming a trusted issuer but signed with another key is refused with invalid_grant', { reading: assertionRefused }),
  S('jwt-bearer.untrusted-issuer', 'MUST', rfc7523('§3', 'The JWT MUST be digitally signed or have a Message Authentication Code (MAC) applied by the issuer. The authorization server MUST reject JWTs with an invalid signature or Message Authentication Code.'), 'an assertion of an issuer the server does not know is refused with invalid_grant', { reading: `a signature the server cannot tie to a key of an issuer it trusts is not one "applied by the issuer"; ${assertionRefused}` }),
  S('jwt-bearer.replay', 'MAY', rfc7523('§3', 'The JWT MAY contain a "jti" (JWT ID) claim that provides a unique identifier for the token. The authorization server MAY ensure that JWTs are not replayed by maintaining the set of used "jti" values for the length of time for which the JWT would be considered valid based on the applicable "exp" instant.'), 'the same assertion (same jti) presented twice is refused the second time with invalid_grant'),
  // revocation, introspection, metadata
  S('revocation.unknown-token', 'MUST', q('RFC 7009', '§2.2', 'The authorization server responds with HTTP status code 200 if the token has been revoked successfully or if the client submitted an invalid token.'), 'revoking an unknown token answers 200', { reading: stated }),
  S('revocation.wrong-hint', 'MUST', q('RFC 7009', '§2.1', 'If the server is unable to locate the token using the given hint, it MUST extend its search across all of its supported token types.'), 'a refresh token revoked under a wrong token_type_hint is revoked all the same'),
  S('revocation.refresh-token-no-hint', 'MUST', revokeSupport, 'a refresh token revoked without token_type_hint stops refreshing', {
    reading: 'the hint is OPTIONAL (§2.1: "token_type_hint OPTIONAL"), so revocation that finds refresh tokens only when hinted does not support the revocation the sentence requires',
  }),
  S('revocation.access-token', 'SHOULD', revokeSupport, 'an access token can be revoked (not unsupported_token_type)'),
  S('revocation.requires-client-auth', 'MUST', q('RFC 7009', '§2.1', 'The authorization server first validates the client credentials (in case of a confidential client) and then verifies whether the token was issued to the client making the revocation request. If this validation fails, the request is refused and the client is informed of the error by the authorization server as described below.'), 'revocation without client authentication is refused', { reading: stated }),
  S('introspection.active', 'MUST', q('RFC 7662', '§2.2', 'active REQUIRED. Boolean indicator of whether or not the presented token is currently active.'), 'an active token is described with active: true'),
  S('introspection.inactive', 'MUST', inactive, 'unknown, revoked and expired tokens are described with active: false'),
  S('introspection.refresh-token-no-hint', 'MUST', q('RFC 7662', '§2.1', 'If the server is unable to locate the token using the given hint, it MUST extend its search across all of its supported token types.'), 'a refresh token the server describes as active under token_type_hint=refresh_token is described as active without a hint too', {
    reading: 'without a hint the search starts from nothing, so it covers every supported type; a server that describes refresh tokens when told their type supports them, and must find one untold',
  }),
  S('introspection.token-type', 'SHOULD', q('RFC 7662', '§2.2', 'token_type OPTIONAL. Type of the token as defined in Section 5.1 of OAuth 2.0 [RFC6749].'), 'where an active access token’s description names token_type, it is the type the token response gave (Bearer), compared case-insensitively', {
    reading: 'the member is optional, its value is not: a token type of RFC 6749 §7.1 (the IANA OAuth Access Token Types registry), not a hint value such as "access_token"; a wrong one misleads the resource server, read as SHOULD',
  }),
  S('introspection.unknown-hint', 'SHOULD', q('RFC 7662', '§2.1', 'The protected resource MAY pass this parameter to help the authorization server optimize the token lookup. If the server is unable to locate the token using the given hint, it MUST extend its search across all of its supported token types. An authorization server MAY ignore this parameter, particularly if it is able to detect the token type automatically.'), 'an active access token sent with a token_type_hint the server does not know is still described (active: true), not refused', {
    reading: 'a hint the server cannot use locates nothing, so the search extends; refusing the request instead is read as a SHOULD warning, since no error code for it exists in RFC 7662',
  }),
  S('introspection.inactive-only-active', 'SHOULD', q('RFC 7662', '§2.2', 'Note that to avoid disclosing too much of the authorization server\'s state to a third party, the authorization server SHOULD NOT include any additional information about an inactive token, including why the token is inactive.'), 'an inactive token’s description is exactly {"active": false}'),
  S('introspection.requires-client-auth', 'MUST', q('RFC 7662', '§2.1', 'To prevent token scanning attacks, the endpoint MUST also require some form of authorization to access this endpoint'), 'introspection without client authentication is refused'),
  S('metadata.fields', 'MUST', q('RFC 8414', '§2', 'issuer REQUIRED. The authorization server\'s issuer identifier, which is a URL that uses the "https" scheme and has no query or fragment components.'), 'metadata validates: issuer, token_endpoint, response_types_supported'),
  S('metadata.issuer-matches', 'MUST', q('RFC 8414', '§3.3', 'The "issuer" value returned MUST be identical to the authorization server\'s issuer identifier value into which the well-known URI string was inserted to create the URL used to retrieve the metadata.'), 'the metadata issuer equals the issuer URL it was fetched for'),
  S('jwks.public-only', 'MUST', q('RFC 8414', '§2', 'jwks_uri OPTIONAL. URL of the authorization server\'s JWK Set [JWK] document. The referenced document contains the signing key(s) the client uses to validate signatures from the authorization server.'), 'the JWKS resolves and holds no private or symmetric keys', {
    reading: 'a document published for anyone to verify with holds public keys only; a private or symmetric key there is a forfeited key: read as MUST',
  }),
  // judged on every reply of the run (suites/checks/observed.ts), and by a sweep of the documents the profile names
  S('http.json-media-type', 'MUST', q('RFC 8414', '§3.2', 'A successful response MUST use the 200 OK HTTP status code and return a JSON object using the "application/json" content type that contains a set of claims as its members that are a subset of the metadata values defined in Section 2.'), 'every JSON document the server answers (metadata, resource metadata, JWKS, UserInfo, registration, token, introspection, errors) is labelled application/json or a +json type', {
    reading: 'RFC 9728 §3.2, RFC 7591 §3.2.1, RFC 7662 §2.2, RFC 6749 §5.1 and §5.2 and OpenID Connect Core §5.3.2 say the same of their documents; a +json type (RFC 6838 §4.2.8: application/problem+json, application/jwk-set+json) is JSON by its suffix. Judged on every reply of the run from an endpoint of the profile',
  }),
  S('http.401-challenge', 'MUST', q('RFC 9110', '§11.6.1', 'A server generating a 401 (Unauthorized) response MUST send a WWW-Authenticate header field containing at least one challenge.'), 'every 401 of the run carries WWW-Authenticate, and it parses by RFC 9110 §11: a scheme, then a token68 or auth-params whose values are tokens or quoted strings', {
    reading: 'a challenge that does not parse by §11.2 (auth-param = token BWS "=" BWS ( token / quoted-string )) is no challenge a client can read. Judged on every 401 the run receives',
  }),
  // provider rules
  S('token-free.endpoints', 'MUST', seed('002', 'token free endpoints', 'See the following table for the endpoints that do not require access tokens to make requests.'), 'the token-free endpoints answer without an access token', { reading: 'a promise of the provider’s documents, binding as documented' }),
  S('registration.then-login', 'MUST', seed('002', 'token free endpoints', '/users This endpoint is used for registering an account'), 'a user registered at the register endpoint can log in with the password grant', { reading: 'a promise of the provider’s documents, binding as documented' }),
  // authorization code, in a real browser
  B('authz.success', 'MUST', rfc6749('§4.1.2', 'If the resource owner grants the access request, the authorization server issues an authorization code and delivers it to the client by adding the following parameters to the query component of the redirection URI'), 'login, consent and code exchange yield a working token', { reading: stated }),
  B('authz.state-echoed', 'MUST', stateBack('§4.1.2'), 'state comes back unchanged'),
  B('authz.error-state', 'MUST', stateBack('§4.1.2.1'), 'state comes back unchanged on an error redirect too'),
  B('authz.pkce-mismatch', 'MUST', q('RFC 7636', '§4.6', 'If the values are not equal, an error response indicating "invalid_grant" as described in Section 5.2 of [RFC6749] MUST be returned.'), 'a wrong code_verifier gets invalid_grant'),
  B('authz.code-reuse', 'MUST', codeOnce, 'a code used twice is refused'),
  B('authz.code-reuse-revokes', 'SHOULD', codeOnce, 'reusing a code revokes the tokens it issued'),
  B('authz.redirect-uri-mismatch', 'MUST', rfc6749('§4.1.3', 'The authorization server MUST: ... ensure that the "redirect_uri" parameter is present if the "redirect_uri" parameter was included in the initial authorization request as described in Section 4.1.1, and if included ensure that their values are identical.'), 'a token request with another redirect_uri gets invalid_grant'),
  B('authz.unregistered-redirect-uri', 'MUST', rfc6749('§4.1.2.1', 'If the request fails due to a missing, invalid, or mismatching redirection URI, or if the client identifier is missing or invalid, the authorization server SHOULD inform the resource owner of the error and MUST NOT automatically redirect the user-agent to the invalid redirection URI.'), 'an unregistered redirect_uri is never redirected to'),
  B('authz.unsupported-response-type', 'MUST', rfc6749('§4.1.2.1', 'error REQUIRED. A single ASCII [USASCII] error code from the following: ... unsupported_response_type The authorization server does not support obtaining an authorization code using this method.'), 'an authorization request with a response_type the server does not support is redirected back with error=unsupported_response_type'),
  B('authz.redirect-uri-exact', 'MUST', rfc6749('§3.1.2.3', 'If the client registration included the full redirection URI, the authorization server MUST compare the two URIs using simple string comparison as defined in [RFC3986] Section 6.2.1.'), 'the registered redirect URI with a query component added is not redirected to: no code reaches it', {
    reading: 'RFC 9700 §2.1 makes the same exact matching a MUST for every client ("authorization servers MUST utilize exact string matching"); the added query is the open-redirect and code-leak vector of RFC 9700 §4.1.3',
  }),
  B('authz.access-denied', 'MUST', rfc6749('§4.1.2.1', 'If the resource owner denies the access request or if the request fails for reasons other than a missing or invalid redirection URI, the authorization server informs the client by adding the following parameters to the query component of the redirection URI'), 'denied consent redirects with error=access_denied', { reading: stated }),
  B('authz.iss', 'MUST', q('RFC 9207', '§2', 'In authorization responses to the client, including error responses, an authorization server supporting this specification MUST indicate its identity by including the iss parameter in the response.'), 'a server whose metadata advertises authorization_response_iss_parameter_supported sends iss, identical to its metadata issuer, on the authorization response and on the error redirect for an unsupported response_type'),
  B('mcp.authorization-response-iss', 'SHOULD', mcpSpec('2026-07-28', 'Authorization Response Validation', 'MCP authorization servers SHOULD include the iss parameter in authorization responses, including error responses, as defined in RFC9207 Section 2.'), 'MCP 2026-07-28 and later: the authorization response and the error redirect for an unsupported response_type carry iss, the server’s issuer, advertised or not'),
  B('authz.plain-pkce-refused', 'MAY', q('RFC 7636', '§4.4.1', 'If the server supporting PKCE does not support the requested transformation, the authorization endpoint MUST return the authorization error response with "error" value set to "invalid_request".'), 'plain PKCE is refused where S256 is required: no code, and an error redirect names invalid_request', {
    reading: 'RFC 7636 lets a server support plain; refusing it is the profile’s choice (OAuth 2.1, RFC 9700 §2.1.1), binding where pkce.methods leaves plain out',
    raisedBy: 'pkce.methods',
  }),
  B('authz.pkce-required', 'MAY', q('RFC 9700', '§2.1.1', 'Authorization servers MUST support PKCE [RFC7636].'), 'an authorization request without PKCE is refused where the profile requires it: no code, and an error redirect names invalid_request', {
    reading: 'supporting PKCE is a MUST, requiring it on every request is the profile’s choice (OAuth 2.1 §4.1.1), binding where pkce.required is true; the refusal’s code is RFC 7636 §4.4.1’s: "the authorization endpoint MUST return the authorization error response with the "error" value set to "invalid_request""',
    raisedBy: 'pkce.required',
  }),
  // OpenID Connect (Core 1.0, Discovery 1.0, RP-Initiated Logout 1.0), where the profile has `oidc`
  S('oidc.discovery.fields', 'MUST', discovery('§3', 'id_token_signing_alg_values_supported REQUIRED. JSON array containing a list of the JWS signing algorithms (alg values) supported by the OP for the ID Token to encode the Claims in a JWT [JWT]. The algorithm RS256 MUST be included.'), 'the OpenID configuration validates (issuer, authorization_endpoint, jwks_uri, response_types_supported, subject_types_supported, RS256 among the ID Token algorithms) and its jwks_uri resolves'),
  S('oidc.discovery.issuer-matches', 'MUST', discovery('§4.3', 'The issuer value returned MUST be identical to the Issuer URL that was used as the prefix to /.well-known/openid-configuration to retrieve the configuration information.'), 'the OpenID configuration’s issuer equals the issuer it was fetched for'),
  S('oidc.userinfo.requires-token', 'MUST', core('§5.3.3', 'When an error condition occurs, the UserInfo Endpoint returns an Error Response as defined in Section 3 of OAuth 2.0 Bearer Token Usage [RFC6750].'), 'UserInfo without an access token gets 401 with a Bearer challenge, and with an invalid one 401 invalid_token', {
    reading: 'RFC 6750 §3, which the sentence adopts, says the resource server MUST include the WWW-Authenticate challenge when a request carries no usable token: read as MUST',
  }),
  S('oidc.prompt-none.login-required', 'MUST', promptNone, 'prompt=none without a login session redirects back with login_required (or interaction_required), never a page'),
  B('oidc.logout.unregistered-redirect', 'MUST', logout('§3', 'The OP MUST NOT perform post-logout redirection if the post_logout_redirect_uri value supplied does not exactly match one of the previously registered post_logout_redirect_uris values.'), 'the end_session endpoint never redirects to an unregistered post_logout_redirect_uri'),
  B('oidc.id-token.signature', 'MUST', core('§2', 'ID Tokens MUST be signed using JWS [JWS] and optionally both signed and then encrypted using JWS [JWS] and JWE [JWE] respectively, thereby providing authentication, integrity, non-repudiation, and optionally, confidentiality, per Section 16.14.'), 'the ID Token of a code flow with openid is signed (never alg none) by a key in jwks_uri'),
  B('oidc.id-token.claims', 'MUST', core('§2', 'aud REQUIRED. Audience(s) that this ID Token is intended for. It MUST contain the OAuth 2.0 client_id of the Relying Party as an audience value.'), 'the ID Token validates: iss equals the issuer, aud contains the client_id (other audiences may be there; azp, where present, names the client), sub, iat, and exp after iat'),
  B('oidc.id-token.nonce', 'MUST', core('§2', 'If present in the Authentication Request, Authorization Servers MUST include a nonce Claim in the ID Token with the Claim Value being the nonce value sent in the Authentication Request.'), 'the ID Token carries the nonce the authentication request sent, unchanged'),
  B('oidc.id-token.at-hash', 'MUST', core('§3.1.3.6', 'at_hash OPTIONAL. Access Token hash value. Its value is the base64url encoding of the left-most half of the hash of the octets of the ASCII representation of the access_token value, where the hash algorithm used is the hash algorithm used in the alg Header Parameter of the ID Token\'s JOSE Header.'), 'at_hash, where present, is the left half of the hash of the access token', {
    reading: 'at_hash is optional in the code flow; a wrong one makes every client that checks it (§3.1.3.8) refuse the response: read as MUST when present',
  }),
  B('oidc.id-token.requires-openid', 'SHOULD', core('§3.1.2.1', 'OpenID Connect requests MUST contain the openid scope value. If the openid scope value is not present, the behavior is entirely unspecified.'), 'a code flow without the openid scope returns no ID Token', {
    reading: 'a request without openid is plain OAuth 2.0; an ID Token there is unspecified behaviour that OAuth clients do not expect: read as SHOULD',
  }),
  B('oidc.userinfo.sub-matches', 'MUST', core('§5.3.2', 'The sub Claim in the UserInfo Response MUST be verified to exactly match the sub Claim in the ID Token; if they do not match, the UserInfo Response values MUST NOT be used.'), 'UserInfo answers the flow’s access token with JSON whose sub equals the ID Token’s', {
    reading: 'the MUST binds the client; a provider whose UserInfo names another sub makes every correct client discard it: read as MUST',
  }),
  B('oidc.userinfo.post', 'MUST', core('§5.3.1', 'The UserInfo Endpoint MUST support the use of the HTTP GET and HTTP POST methods defined in RFC 7231 [RFC7231].'), 'UserInfo answers a POST with the flow’s access token (Authorization header) with the same sub as a GET'),
  B('oidc.authorize.post', 'MUST', core('§3.1.2.1', 'Authorization Servers MUST support the use of the HTTP GET and POST methods defined in RFC 7231 [RFC7231] at the Authorization Endpoint.'), 'an authentication request sent as a form POST leads, through the login, to a code as a GET does'),
  B('oidc.prompt-login', 'MUST', core('§3.1.2.1', 'login The Authorization Server SHOULD prompt the End-User for reauthentication. If it cannot reauthenticate the End-User, it MUST return an error, typically login_required.'), 'with a login session, prompt=login shows the login again (or answers an error); it never issues a code without a new login', {
    reading: 'reauthenticating is a SHOULD and its alternative an error (MUST): a code issued without either is what the sentence rules out, read as MUST',
  }),
  B('oidc.max-age.auth-time', 'MUST', core('§3.1.2.1', 'max_age OPTIONAL. Maximum Authentication Age. Specifies the allowable elapsed time in seconds since the last time the End-User was actively authenticated by the OP. If the elapsed time is greater than this value, the OP MUST attempt to actively re-authenticate the End-User. When max_age is used, the ID Token returned MUST include an auth_time Claim Value.'), 'an authentication request with max_age returns an ID Token with auth_time, no later than its iat'),
  B('oidc.id-token.refresh', 'MUST', core('§12.2', 'its iss Claim Value MUST be the same as in the ID Token issued when the original authentication occurred, its sub Claim Value MUST be the same as in the ID Token issued when the original authentication occurred, its iat Claim MUST represent the time that the new ID Token is issued, its aud Claim Value MUST be the same as in the ID Token issued when the original authentication occurred'), 'an ID Token a refresh returns is signed by a key of jwks_uri and keeps the original’s iss, sub and aud (and auth_time where there was one)'),
  B('oidc.prompt-none.after-login', 'SHOULD', promptNone, 'after a login and consent, prompt=none in the same browser returns a code without a page', {
    reading: 'the error is conditional on no session or no consent; with both, the request proceeds. Whether consent is remembered is the provider’s policy: read as SHOULD',
  }),
  B('oidc.logout.redirect', 'MUST', logout('§2', 'state OPTIONAL. Opaque value used by the RP to maintain state between the logout request and the callback to the endpoint specified by the post_logout_redirect_uri parameter. If included in the logout request, the OP passes this value back to the RP using the state parameter when redirecting the User Agent back to the RP.'), 'logout with id_token_hint and a registered post_logout_redirect_uri ends the session and redirects there with state', { reading: stated }),
  // Protected resources that announce themselves (RFC 9728), resource indicators (RFC 8707), client
  // registration (RFC 7591, Client ID Metadata Documents), MCP authorization
  S('prm.metadata', 'MUST', mcpSpec('2025-11-25', 'Authorization Server Location', 'MCP servers MUST implement the OAuth 2.0 Protected Resource Metadata (RFC9728) specification to indicate the locations of authorization servers. The Protected Resource Metadata document returned by the MCP server MUST include the authorization_servers field containing at least one authorization server.'), 'the protected resource metadata at the well-known URL formed from the resource validates and names at least one authorization server', {
    reading: 'RFC 9728 makes serving the document a choice; the MCP revisions make it a MUST for MCP servers, and a profile with protectedResource says the server serves it',
  }),
  S('prm.resource-matches', 'MUST', rfc9728('§3.3', 'The "resource" value returned MUST be identical to the protected resource\'s resource identifier value into which the well-known URI path suffix was inserted to create the URL used to retrieve the metadata.'), 'the metadata’s resource is exactly the resource identifier its URL was formed from'),
  S('prm.challenge', 'MAY', rfc9728('§5.1', 'A protected resource MAY use the WWW-Authenticate HTTP response header field, as discussed in RFC 9110, to return a URL to its protected resource metadata to the client.'), 'a 401 without a token carries resource_metadata naming the resource’s metadata, which resolves', { raisedBy: 'mcp.revision' }),
  S('prm.authorization-servers', 'MUST', q('RFC 8414', '§3.3', 'The "issuer" value returned MUST be identical to the authorization server\'s issuer identifier value into which the well-known URI string was inserted to create the URL used to retrieve the metadata.'), 'each authorization server the resource metadata lists publishes metadata (RFC 8414, else OpenID discovery) whose issuer is exactly the listed identifier, with S256 among its PKCE methods'),
  S('resource-indicator.audience', 'SHOULD', rfc8707('§2', 'The authorization server SHOULD audience-restrict issued access tokens to the resource(s) indicated by the "resource" parameter.'), 'a token requested with resource names that resource as its audience (JWT aud or introspection)', { raisedBy: 'mcp.revision' }),
  S('resource-indicator.invalid-target', 'SHOULD', rfc8707('§2', 'invalid_target: The requested resource is invalid, missing, unknown, or malformed.'), 'a token request for a resource the server does not know gets 400 invalid_target', {
    reading: 'the error code is how the server refuses a resource it does not serve; minting a token for any audience asked defeats the audience restriction: read as SHOULD',
  }),
  S('resource-indicator.audience-enforced', 'MUST', mcpSpec('2025-11-25', 'Token Handling', 'MCP servers MUST validate that access tokens were issued specifically for them as the intended audience, according to RFC 8707 Section 2.'), 'the protected resource refuses (401) a token the same server minted for another resource', {
    reading: 'RFC 9068 §4 asks the same of every resource server reading JWT access tokens ("MUST validate that the aud claim contains a resource indicator value corresponding to an identifier the resource server expects for itself")',
  }),
  S('registration.success', 'MUST', rfc7591('§3.2.1', 'The server responds with an HTTP 201 Created status code and a body of type "application/json" with content as described in Section 3.2.1.'), 'registering a public client (PKCE, loopback redirect URI) answers 201 with a client_id and the registered metadata (a secret only with a method that uses it: the server may replace what was asked, §3.2.1); the client can start an authorization', { reading: stated }),
  S('registration.invalid-redirect-uri', 'MUST', rfc7591('§3.2.2', 'invalid_redirect_uri The value of one or more redirection URIs is invalid.'), 'registering a javascript: (or non-loopback http) redirect URI gets 400 invalid_redirect_uri', {
    reading: 'a registration endpoint open to anyone that stores a script URI hands attackers a redirect into the user’s browser; OAuth 2.1 §2.3.1 allows https, loopback http and private-use schemes only: read as MUST',
  }),
  S('registration.invalid-metadata', 'MUST', rfc7591('§3.2.2', 'invalid_client_metadata The value of one of the client metadata fields is invalid and the server has rejected this request.'), 'registering an unknown token_endpoint_auth_method gets 400 invalid_client_metadata', {
    reading: 'a server that does not reject the value must ignore it and answer what it registered instead (§3.2.1); answering the unknown method back as registered is the failure',
  }),
  S('cimd.advertised', 'SHOULD', mcpSpec('2025-11-25', 'Client ID Metadata Documents', 'Authorization servers and MCP clients SHOULD support OAuth Client ID Metadata Documents'), 'the authorization server metadata says client_id_metadata_document_supported: true'),
  S('cimd.client-id-mismatch', 'MUST', mcpSpec('2025-11-25', 'Client ID Metadata Documents: Implementation Requirements', 'MUST validate that the fetched document\'s client_id matches the URL exactly'), 'an authorization request whose client_id document names another client_id is refused (no redirect, no code)'),
  S('cimd.redirect-uris', 'MUST', mcpSpec('2025-11-25', 'Client ID Metadata Documents: Implementation Requirements', 'MUST validate redirect URIs presented in an authorization request against those in the metadata document'), 'a metadata-document client is authorized to its own redirect URI and never sent to one its document does not list'),
  S('mcp.unauthorized', 'MUST', mcpSpec('2025-11-25', 'Token Handling', 'Invalid or expired tokens MUST receive a HTTP 401 response.'), 'the MCP endpoint answers 401 with a Bearer challenge without a token and with an invalid one'),
  S('mcp.unauthorized.no-error-code', 'SHOULD', q('RFC 6750', '§3.1', 'If the request lacks any authentication information (e.g., the client was unaware that authentication is necessary or attempted using an unsupported authentication method), the resource server SHOULD NOT include an error code or other error information.'), 'the MCP endpoint’s challenge to a request without credentials carries no error code'),
  S('mcp.origin', 'MUST', q('MCP 2025-11-25 Transports', 'Streamable HTTP: Security Warning', 'Servers MUST validate the Origin header on all incoming connections to prevent DNS rebinding attacks. If the Origin header is present and invalid, servers MUST respond with HTTP 403 Forbidden.'), 'initialize with a valid token from a foreign Origin is refused: 403 from 2025-11-25 on, any 4xx under 2025-06-18 (which asks for the validation but names no status)', {
    reading: 'the server’s own origin and origins it was told to trust are valid; a page of another site is not',
  }),
  S('mcp.protocol-version', 'MUST', q('MCP 2025-11-25', 'Lifecycle: Version Negotiation', 'If the server supports the requested protocol version, it MUST respond with the same version. Otherwise, the server MUST respond with another protocol version it supports.'), 'initialize asking for the profile’s revision gets that version back; asking for a later revision’s version gets a version no later than the profile’s revision', {
    reading: 'the profile’s revision is what the server implements, so a version from a later revision is one it does not support: the answer is one it does (2025-06-18 and 2026-07-28 say the same)',
  }),
  S('mcp.initialize', 'MUST', mcpSpec('2025-11-25', 'Token Handling', 'MCP servers, acting in their role as an OAuth 2.1 resource server, MUST validate access tokens as described in OAuth 2.1 Section 5.2.'), 'with a token for the MCP server, discovered as an MCP client would (401, resource metadata, server metadata), initialize succeeds', { reading: 'the MUST applies to tokens the server must accept as much as to those it must refuse: a valid token for the server is served' }),
  // clients under test, judged from the mock's recorded traffic
  // device clients (RFC 8628)
  C('client.device.shows-code', 'MUST', rfc8628('§3.3', 'After receiving a successful authorization response, the client displays or otherwise communicates the "user_code" and the "verification_uri" to the end user and instructs them to visit the URI in a user agent on a secondary device (for example, in a browser on their mobile phone) and enter the user code.'), 'the device client shows the user the user_code and verification_uri the server issued', { reading: stated }),
  C('client.device.interval', 'MUST', rfc8628('§3.5', 'Before each new request, the client MUST wait at least the number of seconds specified by the "interval" parameter of the device authorization response (see Section 3.2), or 5 seconds if none was provided, and respect any increase in the polling interval required by the "slow_down" error.'), 'the device client polls no faster than interval (with 20% leeway for timers)'),
  C('client.device.slow-down', 'MUST', rfc8628('§3.5', 'slow_down A variant of "authorization_pending", the authorization request is still pending and polling should continue, but the interval MUST be increased by 5 seconds for this and all subsequent requests.'), 'after slow_down the device client waits interval + 5 s before each later poll'),
  C('client.device.stops-on-denied', 'MUST', rfc8628('§3.5', 'The "authorization_pending" and "slow_down" error codes define particularly unique behavior, as they indicate that the OAuth client should continue to poll the token endpoint by repeating the token request (implementing the precise behavior defined above). If the client receives an error response with any other error code, it MUST stop polling and SHOULD react accordingly, for example, by displaying an error to the user.'), 'after access_denied the device client stops polling and ends the sign-in'),
  C('client.device.stops-on-expired', 'MUST', rfc8628('§3.5', 'If the client receives an error response with any other error code, it MUST stop polling and SHOULD react accordingly, for example, by displaying an error to the user.'), 'after expired_token the device client stops polling and ends the sign-in'),
  // token exchange and JWT bearer clients (RFC 8693, RFC 7523)
  C('client.token-exchange.request', 'MUST', rfc8693('§2.1', 'subject_token REQUIRED. A security token that represents the identity of the party on behalf of whom the request is being made. ... subject_token_type REQUIRED. An identifier, as described in Section 3, that indicates the type of the security token in the subject_token parameter.'), 'the client’s token exchange request names the grant’s URN, the subject token and its registered type (an access token’s), authenticates the client and names the audience it wants'),
  C('client.jwt-bearer.assertion', 'MUST', rfc7523('§3', 'The JWT MUST contain an "iss" (issuer) claim ... The JWT MUST contain a "sub" (subject) claim ... The JWT MUST contain an "aud" (audience) claim containing a value that identifies the authorization server as an intended audience. ... The JWT MUST contain an "exp" (expiration time) claim ... The JWT MUST be digitally signed or have a Message Authentication Code (MAC) applied by the issuer.'), 'each assertion the client presents is signed by its issuer’s key and carries iss, sub, exp and the server as aud; two assertions never share a jti (RFC 7519 §4.1.7)'),
  C('client.token-request', 'MUST', rfc6749('§3.2', 'The client MUST use the HTTP "POST" method when making access token requests.'), 'the token request is a POST shaped as the profile says: encoding, grant, fields, client authentication'),
  C('client.token-reuse', 'SHOULD', seed('002', 'valid HTTP requests', 'You can keep using same access token as long as it is not expired.'), 'one token serves several calls; it is not fetched per call', { reading: 'advice of the provider’s documents (seeds 002, 003), read as SHOULD' }),
  C('client.refresh-on-expiry', 'SHOULD', seed('003', 'token expiration', 'Automatic Refresh: Implement automatic token refresh in your application'), 'after the token expires the next call still succeeds, renewed with the refresh token where the profile issues one', { reading: 'advice of the provider’s documents (seeds 003, 004), read as SHOULD' }),
  C('client.retry-after-401', 'SHOULD', seed('003', 'token expiration', 'Catching 401 Unauthorized responses; Using refresh token to obtain new access token; Retrying the original request with new token'), 'on 401 invalid_token the client renews and retries the original call once', { reading: 'advice of the provider’s documents (seeds 001, 003), read as SHOULD' }),
  C('client.bounded-retries', 'SHOULD', seed('001', '401 response implementation', 'Create a logic that will refresh the bearer token if getting 401 error from the API (for safety reasons it\'s good to create a retry logic for the main API request which will backoff after several requests).'), 'when the API keeps answering 401, the client gives up after a few attempts, backing off', { reading: 'advice of the provider’s documents, read as SHOULD' }),
  C('client.rotation', 'MUST', refreshMay, 'with rotating refresh tokens the client always sends the newest one'),
  C('client.reauth-on-invalid-grant', 'MUST', seed('004', 'authentication and refresh tokens', 'on your first request, you send your API key in an authorization header and get back an access token and a refresh token.'), 'when its refresh token is refused, the client authenticates again and the call succeeds', { reading: 'RFC 6749 §5.2 makes invalid_grant final for that token; the documents say the way on is a new login: read as MUST' }),
  C('client.token-in-header', 'MUST', q('RFC 9700', '§4.3.2', 'Clients MUST NOT pass access tokens in a URI query parameter in the way described in Section 2.3 of [RFC6750].'), 'the access token goes in the Authorization header, never in the URL'),
  C('client.no-credentials-to-api', 'MUST', rfc6749('§10.3', 'Access token credentials (as well as any confidential access token attributes) MUST be kept confidential in transit and storage, and only shared among the authorization server, the resource servers the access token is valid for, and the client to whom the access token is issued.'), 'client secrets, API keys and passwords never reach the API', {
    reading: 'the same confidentiality binds client credentials (§10.1, §2.3.1: they go to the token endpoint only); seed 000 keeps the server token server-side',
  }),
  C('client.honours-retry-after', 'SHOULD', q('RFC 9110', '§10.2.3', 'Servers send the "Retry-After" header field to indicate how long the user agent ought to wait before making a follow-up request.'), 'on 429/503 with Retry-After from the token endpoint the client waits at least that long', { reading: '"ought to wait" is advice to the client: read as SHOULD' }),
  C('client.single-refresh', 'SHOULD', refreshMay, 'several concurrent calls with an expired token cause one renewal, not many', { reading: 'where the old refresh token may be revoked once a new one is issued, concurrent renewals with one token fail all but one; sharing one renewal follows, read as SHOULD' }),
  // OpenID Connect relying parties under test (adapters with signIn), against the oidc mock
  C('client.oidc.pkce', 'MUST', q('RFC 9700', '§2.1.1', 'Clients MUST prevent injection (replay) of authorization codes into the authorization response by attackers. Public clients MUST use PKCE [RFC7636] to this end.'), 'the authentication request carries a code_challenge with method S256 and the code exchange its code_verifier', {
    reading: 'RFC 9700 §2.1.1 recommends PKCE to confidential clients and lets them use nonce instead, and asks for S256 ("clients SHOULD use PKCE code challenge methods that do not expose the PKCE verifier"); OAuth 2.1 and the MCP profiles make both binding: read as MUST',
  }),
  C('client.oidc.state-nonce', 'SHOULD', core('§3.1.2.1', 'state RECOMMENDED. Opaque value used to maintain state between the request and the callback. Typically, Cross-Site Request Forgery (CSRF, XSRF) mitigation is done by cryptographically binding the value of this parameter with a browser cookie.'), 'the authentication request carries state and nonce', {
    reading: 'nonce is OPTIONAL in the code flow and state RECOMMENDED; together they bind the response to the browser and the ID Token to the request: read as SHOULD',
  }),
  C('client.oidc.rejects-wrong-nonce', 'MUST', core('§3.1.3.7', 'If a nonce value was sent in the Authentication Request, a nonce Claim MUST be present and its value checked to verify that it is the same value as the one that was sent in the Authentication Request.'), 'the client accepts a correct ID Token and refuses one whose nonce differs from the one it sent'),
  C('client.oidc.rejects-wrong-aud', 'MUST', core('§3.1.3.7', 'The Client MUST validate that the aud (audience) Claim contains its client_id value registered at the Issuer identified by the iss (issuer) Claim as an audience.'), 'the client refuses an ID Token meant for another audience'),
  C('client.oidc.rejects-wrong-iss', 'MUST', core('§3.1.3.7', 'The Issuer Identifier for the OpenID Provider (which is typically obtained during Discovery) MUST exactly match the value of the iss (issuer) Claim.'), 'the client refuses an ID Token from another issuer'),
  C('client.oidc.rejects-expired', 'MUST', core('§3.1.3.7', 'The current time MUST be before the time represented by the exp Claim (possibly allowing for some small leeway to account for clock skew).'), 'the client refuses an ID Token that expired an hour ago'),
  C('client.oidc.rejects-bad-signature', 'MAY', core('§3.1.3.7', 'If the ID Token is received via direct communication between the Client and the Token Endpoint (which it is in this flow), the TLS server validation MAY be used to validate the issuer in place of checking the token signature. The Client MUST validate the signature of all other ID Tokens according to JWS [JWS] using the algorithm specified in the JWT alg Header Parameter.'), 'the client refuses an ID Token whose signature does not verify', {
    reading: 'in the code flow the ID Token comes straight from the token endpoint, and Core lets the client rely on TLS instead of the signature: checking it is a defence in depth, reported at MAY',
  }),
  // MCP clients under test (adapters with signIn and an mcp profile)
  C('client.mcp.discovery', 'MUST', mcpSpec('2025-11-25', 'Protected Resource Metadata Discovery Requirements', 'MCP clients MUST support both discovery mechanisms and use the resource metadata URL from the parsed WWW-Authenticate headers when present; otherwise, they MUST fall back to constructing and requesting the well-known URIs in the order listed above.'), 'the client meets the 401, fetches the resource metadata the challenge names, then the authorization server’s metadata, before it authorizes'),
  C('client.mcp.resource', 'MUST', mcpSpec('2025-11-25', 'Resource Parameter Implementation', 'MUST be included in both authorization requests and token requests.'), 'resource names the MCP server on the authorization request and on the token request'),
  C('client.mcp.pkce', 'MUST', mcpSpec('2025-11-25', 'Authorization Code Protection', 'MCP clients MUST use the S256 code challenge method when technically capable, as required by OAuth 2.1 Section 4.1.1.'), 'the authorization request carries a code_challenge with method S256, the token request its verifier'),
  C('client.mcp.token-per-server', 'MUST', mcpSpec('2025-11-25', 'Token Handling', 'MCP clients MUST NOT send tokens to the MCP server other than ones issued by the MCP server\'s authorization server.'), 'connected to one MCP server, the client sends a second server none of the first one’s tokens: it discovers and authorizes there anew'),
  C('client.mcp.registration', 'MUST', mcpSpec('2026-07-28', 'Authorization Server Binding', 'clients MUST NOT reuse client credentials from a different authorization server and MUST re-register with the new authorization server.'), 'the client authorizes with a client_id this server knows: pre-registered, issued by its registration endpoint in this session, or an https metadata document URL'),
  C('client.mcp.metadata-issuer', 'MUST', q('RFC 8414', '§3.3', 'The "issuer" value returned MUST be identical to the authorization server\'s issuer identifier value into which the well-known URI string was inserted to create the URL used to retrieve the metadata. If these values are not identical, the data contained in the response MUST NOT be used.'), 'served authorization server metadata whose issuer is another server’s, the client uses none of its endpoints (no registration, authorization or token request)', { reading: 'every MCP revision has clients follow RFC 8414 (2025-06-18: “MCP clients MUST follow the OAuth 2.0 Authorization Server Metadata [RFC8414] specification”); 2026-07-28 restates this rule with this very example' }),
  C('client.mcp.iss', 'MUST', mcpSpec('2026-07-28', 'Authorization Response Validation', 'On receiving the authorization response, MCP clients MUST apply the validation in RFC9207 Section 2.4 before transmitting the authorization code to any token endpoint'), 'MCP 2026-07-28 and later: an authorization response naming another issuer, or none where the metadata advertises iss, is rejected: its code never reaches a token endpoint'),
  C('client.mcp.application-type', 'MUST', mcpSpec('2026-07-28', 'Application Type and Redirect URI Constraints', 'MCP clients MUST specify an appropriate application_type during Dynamic Client Registration.'), 'MCP 2026-07-28 and later: every dynamic registration request names application_type, "native" or "web"', { reading: 'which of the two is appropriate the revision gives as SHOULDs (native for desktop, CLI and localhost apps); this check holds the client to naming one' }),
  C('client.mcp.client-id-metadata-document', 'SHOULD', mcpSpec('2025-11-25', 'Client Registration Approaches', 'Clients supporting all options SHOULD follow the following priority order: 1. Use pre-registered client information for the server if the client has it available 2. Use Client ID Metadata Documents if the Authorization Server indicates if the server supports it (via client_id_metadata_document_supported in OAuth Authorization Server Metadata) 3. Use Dynamic Client Registration as a fallback if the Authorization Server supports it'), 'a client that hosts a metadata document (the target’s clientMetadataUrl) uses its URL as client_id where the server advertises support, and does not register dynamically first', { reading: 'judged only for a client the target says hosts a document; which clients “support all options” is the target’s to say' }),
] as const satisfies readonly CheckDefinition[];

/** Every check id the catalogue holds. */
export type CheckId = (typeof catalogue)[number]['id'];


export const checkById: ReadonlyMap<string, CheckDefinition> = new Map(catalogue.map((c) => [c.id, c]));

const order: Record<Level, number> = { MAY: 0, SHOULD: 1, MUST: 2 };

/**
 * What in the profile makes a check binding at MUST, or undefined. The catalogue names the field
 * (`raisedBy`); the profile's value there decides.
 */
function profileRaise(def: CheckDefinition, p: Pick<ResolvedProfile, 'refreshToken' | 'pkce' | 'mcp' | 'undocumented' | 'scopes'>): string | undefined {
  // A drafted default promises nothing: the level stays the sentence's.
  if (def.id.startsWith('refresh.') && p.undocumented.includes('refreshToken.policy')) return undefined;
  switch (def.id) {
    case 'refresh.rotation':
      return p.refreshToken.policy.startsWith('rotating') ? `profile refreshToken.policy "${p.refreshToken.policy}"` : undefined;
    case 'refresh.reuse-detection':
      return p.refreshToken.policy === 'rotating-reuse-detection' ? `profile refreshToken.policy "${p.refreshToken.policy}"` : undefined;
    case 'refresh.reusable':
      return p.refreshToken.policy === 'reusable' ? 'profile refreshToken.policy "reusable"' : undefined;
    // A profile whose server grants exactly what is asked, or refuses it, promises the refusal.
    case 'token.error.invalid-scope':
      return (p.scopes.policy ?? (p.scopes.scopedTokens ? 'exact' : 'narrowing')) === 'exact' ? `profile scopes.policy "exact"${p.scopes.policy ? '' : ' (scopedTokens)'}` : undefined;
    case 'authz.plain-pkce-refused':
      return p.pkce && !p.pkce.methods.includes('plain') ? 'profile pkce.methods (no "plain")' : undefined;
    case 'authz.pkce-required':
      return p.pkce?.required ? 'profile pkce.required' : undefined;
    // MCP 2025-06-18: "MCP servers MUST use the HTTP header WWW-Authenticate when returning a 401".
    case 'prm.challenge':
      return p.mcp?.revision === '2025-06-18' ? 'profile mcp.revision "2025-06-18" (WWW-Authenticate MUST point at the metadata)' : undefined;
    // MCP: servers MUST validate the audience, so the server must mint audience-bound tokens.
    case 'resource-indicator.audience':
      return p.mcp ? `profile mcp.revision "${p.mcp.revision}" (tokens MUST be for the MCP server as audience)` : undefined;
    default:
      return undefined;
  }
}

export interface EffectiveLevel {
  level: Level;
  /** Set when the profile raised the level above the quoted sentence's. */
  raisedBy?: string;
}

/**
 * The level a check has for this profile: the quoted sentence's, raised (never lowered) by the field
 * the catalogue names or by a profile rule that names the check.
 */
export function effectiveLevel(def: CheckDefinition, p: Pick<ResolvedProfile, 'refreshToken' | 'pkce' | 'rules' | 'mcp' | 'undocumented' | 'scopes'>): EffectiveLevel {
  let out: EffectiveLevel = { level: def.level };
  const byField = profileRaise(def, p);
  if (byField && order.MUST > order[out.level]) out = { level: 'MUST', raisedBy: byField };
  for (const rule of p.rules) {
    if (!rule.checks?.includes(def.id) || order[rule.level] <= order[out.level]) continue;
    const src = [rule.source.document, rule.source.section].filter(Boolean).join(' ');
    out = { level: rule.level, raisedBy: `profile rule ${rule.id}${src ? ` (${src})` : ''}` };
  }
  return out;
}
