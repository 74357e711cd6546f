// Client authentication (RFC 6749 §2.3): HTTP Basic, body parameters, or none for public clients.
import { constantTimeEqual, sha256 } from '#platform';
import { decodeBase64 } from '../../../lib/base64.ts';
import type { Client } from '../../../generated/types/index.ts';
import type { ResolvedGrant } from '../../../lib/resolved-profile.ts';
import { findClient } from './client-metadata.ts';
import type { EngineContext } from '../core/context.ts';
import type { Call } from '../core/call.ts';
import { queryHas, type Params } from '../core/params.ts';
import { OAuthError, invalidRequest } from '../core/oauth-error.ts';
import { defect } from '../core/defects.ts';

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** A route's client authentication: none, or required by one of `methods`, read from these field names. */
export type ClientRule = 'none' | { methods: readonly AuthMethod[]; fields: ClientFields };
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
export async function clientByRule(ctx: EngineContext, call: Pick<Call, 'headers' | 'query'>, params: Params, rule: ClientRule): Promise<Client | undefined> {
  return rule === 'none' ? undefined : authenticateClient(ctx, call, params, rule);
}

async function authenticateClient(ctx: EngineContext, call: Pick<Call, 'headers' | 'query'>, params: Params, { methods, fields }: Exclude<ClientRule, 'none'>): Promise<Client> {
  const realm = ctx.profile.bearer.realm ?? ctx.profile.id;
  const invalid = (description: string, usedBasic: boolean) => invalidClient(ctx, description, usedBasic, realm, methods);
  if (queryHas(call, fields.clientSecret)) throw invalidRequest('client credentials must not be sent in the query string');
  const basic = readBasic(call.headers.authorization);
  if (basic === 'malformed') throw invalid('malformed Basic credentials', true);
  const bodyId = params.get(fields.clientId);
  const bodySecret = params.get(fields.clientSecret);
  if (basic && bodySecret !== undefined) throw invalidRequest('use one client authentication method, not Basic and body credentials together');
  if (basic && bodyId !== undefined && bodyId !== basic.id) throw invalidRequest('client_id in the body differs from the authenticated client');

  let method: AuthMethod;
  let id: string | undefined;
  let secret: string | undefined;
  if (basic) {
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
  if (!methods.includes(method)) {
    throw invalid(method === 'none' ? 'client authentication required' : `client authentication method ${method} is not supported`, Boolean(basic));
  }
  if (id === undefined) throw invalid('client authentication required', Boolean(basic));
  const client = await findClient(ctx, id);
  if (!client) throw invalid('client authentication failed', Boolean(basic));
  if (method === 'none') {
    if (client.clientSecret) throw invalid('client authentication required for a confidential client', false);
  } else if (!client.clientSecret || (!secretsEqual(secret ?? '', client.clientSecret) && !defect(ctx, 'accept-wrong-secret'))) {
    throw invalid('client authentication failed', Boolean(basic));
  }
  return client;
}
