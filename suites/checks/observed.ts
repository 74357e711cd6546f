// Rules judged on every reply of a run, not on the first response of a kind: the media type of every
// JSON document an endpoint serves, a readable challenge on every 401, the scope syntax of every token
// response, every ID Token. The HTTP helper hands each reply here; what a rule saw is carried to the
// reporter (annotations), which folds it into the verdict of the check the rule names, whichever
// check's request brought the reply.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import type { CheckId } from '../catalogue.ts';
import type { Reply } from '../http.ts';
import type { Send } from '../request.ts';
import type { SuiteTarget } from '../target.ts';
import { discoveryUrl, parseChallenges } from '../well-known.ts';

/** One rule's reading of one reply: held, or broken with the words that say how. */
export interface Observation {
  check: CheckId;
  problem?: string;
}

/** The request as the check built it (before encoding and redaction): which client asked shows whose ID Token it is. */
export interface SentRequest {
  method: string;
  send: Send;
}

export const observedChecks = ['http.json-media-type', 'http.401-challenge', 'token.success.scope-syntax', 'oidc.id-token.signature', 'oidc.id-token.claims'] as const satisfies readonly CheckId[];

/** The attachment a test carries: per rule, what it saw (counts, and the broken replies' words and evidence). */
export const OBSERVED = 'observed';

// RFC 6749 §3.3: scope = scope-token *( SP scope-token ); scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const scopeGrammar = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

/** A JSON media type: application/json, or any type with the +json suffix (RFC 6838 §4.2.8). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[^/\s]+\+json$/.test(type);
}

/** What the target's endpoints are, by path: which replies are the server's own documents. */
export interface EndpointMap {
  /** Paths of the authorization server's endpoints (token, metadata, UserInfo, ...). */
  server: Set<string>;
  /** Paths of the grant endpoints, whose 200 replies are token responses. */
  token: Set<string>;
}

export function endpointMap(t: SuiteTarget): EndpointMap {
  const p = t.profile;
  const path = (e: { path: string } | undefined) => (e ? new URL(`${t.baseUrl}${p.basePath}${e.path}`).pathname : undefined);
  const all = Object.values(p.endpoints).map((e) => path(e as { path: string } | undefined));
  const token = p.grants.map((g) => path(p.endpoints[g.endpoint]));
  return { server: new Set(all.filter((x): x is string => Boolean(x))), token: new Set(token.filter((x): x is string => Boolean(x))) };
}

/** The rules that need nothing but the reply. */
export function observeReply(map: EndpointMap, reply: Reply): Observation[] {
  const out: Observation[] = [];
  const path = new URL(reply.url).pathname;
  // Every JSON document of an endpoint of the server, or of a well-known location: what it answers
  // as the endpoint (success or OAuth error), not a 404/405 or a server failure, which serve no document.
  const served = reply.status < 500 && reply.status !== 404 && reply.status !== 405;
  if (served && (map.server.has(path) || path.includes('/.well-known/')) && reply.text.trim() && looksJson(reply.text)) {
    const type = reply.headers['content-type'];
    out.push({ check: 'http.json-media-type', ...(isJsonMediaType(type) ? {} : { problem: `${path} answered ${reply.status} with a JSON body labelled ${type ? `"${type}"` : 'with no Content-Type'}, not application/json` }) });
  }
  if (reply.status === 401) {
    const header = reply.headers['www-authenticate'];
    if (!header) out.push({ check: 'http.401-challenge', problem: `${path} answered 401 without WWW-Authenticate` });
    else {
      const parsed = parseChallenges(header);
      out.push({ check: 'http.401-challenge', ...('error' in parsed ? { problem: `${path} answered 401 with a WWW-Authenticate that does not parse by RFC 9110 §11 (${parsed.error}): ${header.slice(0, 160)}` } : {}) });
    }
  }
  if (map.token.has(path) && reply.status === 200 && reply.body && 'scope' in reply.body) {
    const scope = reply.body.scope;
    const ok = typeof scope === 'string' && scopeGrammar.test(scope);
    out.push({ check: 'token.success.scope-syntax', ...(ok ? {} : { problem: `a token response from ${path} names scope ${JSON.stringify(scope)}: ${typeof scope !== 'string' ? 'not a string' : scope === '' ? 'empty, where a scope is one scope-token at least (omit it when none is granted)' : 'not scope-tokens separated by single spaces'}` }) });
  }
  return out;
}

function looksJson(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null;
  } catch {
    return false;
  }
}

/** The client a token request authenticated as: Basic's id, else client_id in the body. */
export function clientOf(req: SentRequest): string | undefined {
  const s = req.send;
  if (s.basic) return s.basic[0];
  const fields = typeof s.form === 'string' ? Object.fromEntries(new URLSearchParams(s.form)) : (s.form ?? (s.json as Record<string, unknown> | undefined) ?? {});
  return typeof fields.client_id === 'string' ? fields.client_id : undefined;
}

/**
 * Every ID Token a reply carries (Core 1.0 §2, §3.1.3.7, refreshes included, §12.2): signed by a key
 * of jwks_uri, never alg none; iss the issuer; aud containing the client that asked; sub; exp after iat.
 */
export async function observeIdToken(t: SuiteTarget, keys: () => Promise<JSONWebKeySet | undefined>, reply: Reply, req: SentRequest): Promise<Observation[]> {
  const idToken = reply.body?.id_token;
  if (!t.profile.oidc || typeof idToken !== 'string') return [];
  const out: Observation[] = [];
  const where = `the ID Token of ${req.method} ${new URL(reply.url).pathname}`;
  let claims: ReturnType<typeof decodeJwt>;
  let alg: unknown;
  try {
    claims = decodeJwt(idToken);
    alg = decodeProtectedHeader(idToken).alg;
  } catch (e) {
    return [{ check: 'oidc.id-token.signature', problem: `${where} is not a JWS: ${(e as Error).message}` }];
  }
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none') out.push({ check: 'oidc.id-token.signature', problem: `${where} is not signed (alg ${String(alg)})` });
  else {
    const jwks = await keys();
    if (jwks) {
      try {
        await jwtVerify(idToken, createLocalJWKSet(jwks), { currentDate: new Date((typeof claims.iat === 'number' ? claims.iat : 0) * 1000) });
        out.push({ check: 'oidc.id-token.signature' });
      } catch (e) {
        out.push({ check: 'oidc.id-token.signature', problem: `${where} does not verify with the keys of jwks_uri: ${(e as Error).message}` });
      }
    }
  }
  const client = clientOf(req) ?? t.credentials.clientId;
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const wrong = [
    claims.iss !== t.issuer ? `iss ${JSON.stringify(claims.iss)} is not the issuer ${t.issuer}` : undefined,
    client && !aud.includes(client) ? `aud ${JSON.stringify(claims.aud)} does not contain the client_id ${client}` : undefined,
    client && claims.azp !== undefined && claims.azp !== client ? `azp ${JSON.stringify(claims.azp)} is not the client_id ${client}` : undefined,
    typeof claims.sub !== 'string' || !claims.sub ? 'no sub' : undefined,
    typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.exp <= claims.iat ? `exp ${String(claims.exp)} is not after iat ${String(claims.iat)}` : undefined,
  ].filter(Boolean);
  out.push({ check: 'oidc.id-token.claims', ...(wrong.length ? { problem: `${where}: ${wrong.join('; ')}` } : {}) });
  return out;
}

/** The JWKS an ID Token verifies with: the OpenID configuration's jwks_uri, else the profile's. Fetched once, outside the evidence. */
export function jwksLoader(t: SuiteTarget): () => Promise<JSONWebKeySet | undefined> {
  let loaded: Promise<JSONWebKeySet | undefined> | undefined;
  return () =>
    (loaded ??= (async () => {
      const get = async (url: string) => {
        const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        return r.ok ? ((await r.json()) as Record<string, unknown>) : undefined;
      };
      try {
        // As oidc.ts verifyIdToken finds them: the configuration's jwks_uri, else the profile's JWKS.
        const e = t.profile.endpoints;
        const conf = e.discovery || !e.jwks ? await get(discoveryUrl(t)).catch(() => undefined) : undefined;
        const uri = typeof conf?.jwks_uri === 'string' ? conf.jwks_uri : e.jwks ? `${t.baseUrl}${t.profile.basePath}${e.jwks.path}` : undefined;
        const keys = uri ? await get(uri) : undefined;
        return Array.isArray(keys?.keys) ? (keys as unknown as JSONWebKeySet) : undefined;
      } catch {
        return undefined;
      }
    })());
}
