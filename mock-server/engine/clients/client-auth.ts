// Client authentication (RFC 6749 §2.3): HTTP Basic, body parameters, a JWT signed with the client's
// private key (private_key_jwt: RFC 7523 §2.2, OpenID Connect Core §9), or none for public clients.
import { constantTimeEqual, sha256 } from '#platform';
import { decodeBase64 } from '../../../lib/base64.ts';
import type { Client } from '../../../generated/types/index.ts';
import type { ResolvedGrant } from '../../../lib/resolved-profile.ts';
import { findClient } from './client-metadata.ts';
import type { EngineContext } from '../core/context.ts';
import type { Call } from '../core/call.ts';
import { queryHas, type Params } from '../core/params.ts';
import { OAuthError, invalidRequest } from '../core/oauth-error.ts';
import { defect, type RuleDefectName } from '../core/defects.ts';
import { AssertionRefused, clientAssertionAlgs, verifyAssertion, type AssertionRules } from './assertion.ts';
import { decodeJws } from '../../../lib/token-view.ts';
import { publicJwk } from '../../../lib/jwk.ts';

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none';

// RFC 7523 §2.2: the one client_assertion_type of a JWT client assertion.
const jwtAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
// OpenID Connect Core §9 leaves the assertion's life to the server; a few minutes is the usual reading.
const defaultAssertionLifetime = 300;

/** A route's client authentication: none, or required by one of `methods`, read from these field names. */
export type ClientRule = 'none' | { methods: readonly AuthMethod[]; fields: ClientFields; /** A defect that lets a confidential client through on its client_id alone here. */ lax?: RuleDefectName };
export type ClientFields = Pick<ResolvedGrant['fields'], 'clientId' | 'clientSecret'>;

/** Compares secrets in time independent of where they differ (hashing first evens out the lengths). */
export function secretsEqual(given: string, expected: string): boolean {
  return constantTimeEqual(sha256(given), expectedDigest(expected));
}

// The configured side's digest is the same on every request: kept (a bounded few) rather than hashed each time.
const digests = new Map<string, Uint8Array>();
function expectedDigest(expected: string): Uint8Array {
  let d = digests.get(expected);
  if (!d) {
    if (digests.size >= 256) digests.clear();
    d = sha256(expected);
    digests.set(expected, d);
  }
  return d;
}

function invalidClient(ctx: EngineContext, description: string, usedBasic: boolean, realm: string, methods: readonly AuthMethod[]): OAuthError {
  if (defect(ctx, 'invalid-client-400')) return new OAuthError('invalid_client', description, { status: 400 });
  // RFC 9110 §11.6.1: a 401 carries a challenge. Credentials sent in the body get the 401 of §5.2's
  // MAY (naming Basic, the scheme the server supports) where Basic is supported, else the plain 400.
  if (!usedBasic && !methods.includes('client_secret_basic')) return new OAuthError('invalid_client', description, { status: 400 });
  return new OAuthError('invalid_client', description, { status: 401, headers: { 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"` } });
}

/** §2.3.1: Basic credentials are form-urlencoded before base64. */
function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

function readBasic(header: string | undefined): { id: string; secret: string } | undefined | 'malformed' {
  if (!header) return undefined;
  const m = /^basic\s+(\S+)\s*$/i.exec(header);
  if (!m) return /^basic\b/i.test(header) ? 'malformed' : undefined;
  const decoded = decodeBase64(m[1]!);
  if (decoded === undefined) return 'malformed';
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

/** The client a route's rule asks for, authenticated (RFC 6749 §2.3); none where the rule asks for none. */
export async function clientByRule(ctx: EngineContext, call: Pick<Call, 'headers' | 'query' | 'origin' | 'path'>, params: Params, rule: ClientRule): Promise<Client | undefined> {
  return rule === 'none' ? undefined : authenticateClient(ctx, call, params, rule);
}

async function authenticateClient(ctx: EngineContext, call: Pick<Call, 'headers' | 'query' | 'origin' | 'path'>, params: Params, { methods, fields, lax }: Exclude<ClientRule, 'none'>): Promise<Client> {
  const realm = ctx.profile.bearer.realm ?? ctx.profile.id;
  const invalid = (description: string, usedBasic: boolean) => invalidClient(ctx, description, usedBasic, realm, methods);
  if (queryHas(call, fields.clientSecret)) throw invalidRequest('client credentials must not be sent in the query string');
  const basic = readBasic(call.headers.authorization);
  if (basic === 'malformed') throw invalid('malformed Basic credentials', true);
  const bodyId = params.get(fields.clientId);
  const bodySecret = params.get(fields.clientSecret);
  if (basic && bodySecret !== undefined) throw invalidRequest('use one client authentication method, not Basic and body credentials together');
  if (basic && bodyId !== undefined && bodyId !== basic.id) throw invalidRequest('client_id in the body differs from the authenticated client');
  const assertion = params.get('client_assertion');
  const assertionType = params.get('client_assertion_type');
  if ((assertion !== undefined || assertionType !== undefined) && (basic || bodySecret !== undefined)) throw invalidRequest('use one client authentication method, not a client assertion with a secret');

  let method: AuthMethod;
  let id: string | undefined;
  let secret: string | undefined;
  if (assertion !== undefined || assertionType !== undefined) {
    // OpenID Connect Core §9: an HMAC (HS*) keyed by the secret is client_secret_jwt; a signature is private_key_jwt.
    method = assertion && /^HS/.test(String(decodeJws(assertion)?.header.alg ?? '')) ? 'client_secret_jwt' : 'private_key_jwt';
    // RFC 7523 §3 item 2: the client is the assertion's subject; client_id, when sent, must name the same.
    id = bodyId ?? (assertion ? subjectOf(assertion) : undefined);
  } else if (basic) {
    method = 'client_secret_basic';
    ({ id, secret } = basic);
  } else if (bodySecret !== undefined) {
    method = 'client_secret_post';
    id = bodyId;
    secret = bodySecret;
  } else {
    method = 'none';
    id = bodyId;
  }
  // The route's defect: a client_id alone stands for any client.
  const unauthenticated = method === 'none' && lax !== undefined && defect(ctx, lax);
  if (!methods.includes(method) && !unauthenticated) {
    throw invalid(method === 'none' ? 'client authentication required' : `client authentication method ${method} is not supported`, Boolean(basic));
  }
  if (id === undefined) throw invalid('client authentication required', Boolean(basic));
  const client = await findClient(ctx, id);
  if (!client) throw invalid('client authentication failed', Boolean(basic));
  if (method === 'private_key_jwt' || method === 'client_secret_jwt') return assertedClient(ctx, call, client, method, assertion, assertionType, invalid);
  if (method === 'none') {
    if ((client.clientSecret || hasKeys(client)) && !unauthenticated) throw invalid('client authentication required for a confidential client', false);
  } else if (!client.clientSecret || (!secretsEqual(secret ?? '', client.clientSecret) && !defect(ctx, 'accept-wrong-secret'))) {
    throw invalid('client authentication failed', Boolean(basic));
  }
  return client;
}

/** The `sub` a client assertion names, read before its signature (to find whose keys verify it). */
function subjectOf(assertion: string): string | undefined {
  const sub = decodeJws(assertion)?.claims.sub;
  return typeof sub === 'string' ? sub : undefined;
}

/** A confidential client (RFC 6749 §2.1): it holds a secret, or keys it signs client assertions with. */
export function isConfidential(client: Client | undefined): client is Client {
  return Boolean(client && (client.clientSecret || hasKeys(client)));
}

/** A client that authenticates with private_key_jwt: it has keys (inline, at a URL, or a demo key). */
export function hasKeys(client: Client): boolean {
  return Boolean(client.jwks || client.jwksUri || client.privateJwk);
}

/**
 * RFC 7523 §2.2 and §3 (OpenID Connect Core §9): the assertion is a JWT the client signed with one of
 * its keys, iss and sub both its client_id, for this server (its issuer, its token endpoint, or the
 * endpoint it was sent to), unexpired, used once. Any failure is invalid_client (RFC 7523 §3.2).
 */
async function assertedClient(ctx: EngineContext, call: Pick<Call, 'origin' | 'path'>, client: Client, method: 'private_key_jwt' | 'client_secret_jwt', assertion: string | undefined, type: string | undefined, invalid: (d: string, basic: boolean) => OAuthError): Promise<Client> {
  if (type !== jwtAssertionType) throw invalid(`client_assertion_type must be ${jwtAssertionType} (RFC 7523 §2.2)`, false);
  if (!assertion) throw invalid('client_assertion is required with client_assertion_type (RFC 7523 §2.2)', false);
  if (method === 'private_key_jwt' && !hasKeys(client)) throw invalid('this client has no keys registered, so it cannot authenticate with private_key_jwt', false);
  if (method === 'client_secret_jwt' && !client.clientSecret) throw invalid('this client has no secret, so it cannot authenticate with client_secret_jwt', false);
  const issuer = ctx.issuer(call);
  const token = ctx.profile.endpoints.token ? `${issuer}${ctx.profile.endpoints.token.path}` : undefined;
  const keys = method === 'client_secret_jwt' ? { secret: client.clientSecret! } : client.jwks ? { jwks: client.jwks } : client.jwksUri ? { jwksUri: client.jwksUri } : { jwks: { keys: [publicJwk(client.privateJwk!)] } };
  // RFC 7523 §3, Core §9: the token endpoint identifies the server; RFC 9126 §2 and FAPI 2.0 add "MUST accept its issuer identifier"
  // (the defect refuses it), and the endpoint the assertion was sent to (the PAR endpoint).
  const audiences = [...(defect(ctx, 'client-assertion-issuer-refused') ? [] : [issuer]), ...(token ? [token] : []), `${call.origin}${call.path}`];
  try {
    const lax = { audience: defect(ctx, 'client-assertion-any-audience'), expiry: defect(ctx, 'client-assertion-expiry-ignored'), signature: defect(ctx, 'client-assertion-signature-ignored'), replay: defect(ctx, 'client-assertion-replay-allowed') };
    const trusted = { issuer: client.clientId, ...keys } as AssertionRules['issuers'][number];
    const v = await verifyAssertion(ctx, assertion, { issuers: [trusted], algs: clientAssertionAlgs(ctx.profile), audiences, maxLifetime: ctx.profile.clientAuth.assertionLifetime ?? defaultAssertionLifetime, requireJti: true, use: `${jwtAssertionType}|${method}`, lax });
    // RFC 7523 §3 item 2: "For client authentication, the subject MUST be the "client_id" of the OAuth client."
    if (v.sub !== client.clientId) throw new AssertionRefused('the assertion’s sub is not the client_id');
  } catch (e) {
    if (e instanceof AssertionRefused) throw invalid(`client assertion refused: ${e.message}`, false);
    throw e;
  }
  return client;
}
