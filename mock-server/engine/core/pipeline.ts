// The pipeline every routed request passes: it reads what the route declares (routes.ts), once, in
// this order: parameters from the query or body, the grant (token endpoints), the client's
// authentication, a DPoP proof (RFC 9449, where the profile has DPoP), the bearer or DPoP token; then
// the route's flow runs on the typed input. Whatever is thrown
// on the way is written by the engine in the route's error style.
import { clientByRule } from '../clients/client-auth.ts';
import { bodyText, type Call, type Reply } from './call.ts';
import type { EngineContext } from './context.ts';
import { defect } from './defects.ts';
import type { FlowInput, RequestView } from './flow-input.ts';
import { findToken } from './bearer-token.ts';
import { OAuthError, invalidRequest, unauthorizedClient, unsupportedGrantType } from './oauth-error.ts';
import { errorPage } from './pages.ts';
import { mediaType, parseForm, parseJsonObject, type Params } from './params.ts';
import type { GrantRoute, ParamsBody, Route } from './routes.ts';
import { grantTypeOnWire, type ResolvedDpop } from '../../../lib/resolved-profile.ts';
import { dpopError, proofHeader, resourceProof, verifyProof, type Proof } from '../tokens/dpop.ts';
import type { Client } from '../../../generated/types/index.ts';

export async function runRoute(ctx: EngineContext, route: Route, call: Call): Promise<Reply> {
  const input: FlowInput = { params: noParams, client: undefined, issuer: ctx.issuer(call), clock: ctx.clock, store: ctx.store, request: requestView(call) };
  switch (route.input) {
    case 'none':
      return route.handle(ctx, input);
    case 'params': {
      let params: Params;
      try {
        params = readParams(call, route.body);
      } catch (e) {
        if (route.body.malformed === 'page' && e instanceof Error) return errorPage('invalid_request', e.message);
        throw e;
      }
      const client = await clientByRule(ctx, call, params, route.client);
      return route.handle(ctx, { ...input, params, client });
    }
    case 'grant': {
      // RFC 6749 §3.2: repeated parameters are refused; the defect lets them through (read only when one repeats).
      const params = readParams(call, route.body, () => defect(ctx, 'accept-duplicate-parameters'));
      const { grant, client: rule } = pickGrant(ctx, route.grants, params);
      // RFC 6749 §3.2.1: the client is authenticated before any grant is looked at.
      const client = await clientByRule(ctx, call, params, rule);
      if (client?.grants && !client.grants.includes(grant.type)) throw unauthorizedClient(`client may not use the ${grant.type} grant`);
      const proof = ctx.profile.dpop ? await tokenRequestProof(ctx, call, ctx.profile.dpop, client) : undefined;
      return route.handle(ctx, { ...input, params, client, grant, ...(proof ? { proof } : {}) });
    }
    case 'bearer': {
      const found = findToken(ctx, { method: call.method, headers: call.headers, query: call.query, body: () => bodyText(call) }, route.bodyToken);
      const proof = found?.scheme === 'DPoP' ? await resourceProof(ctx, call, found.token) : undefined;
      return route.handle(ctx, { ...input, token: found?.token, presented: { scheme: found?.scheme ?? 'Bearer', proof } });
    }
    case 'document':
      return route.handle(ctx, { ...input, document: readDocument(call, route.malformed) });
    case 'transport':
      return route.handle(ctx, { ...input, query: call.query, body: () => bodyText(call) });
  }
}

const noParams: Params = new Map();

/**
 * RFC 9449 §5: a token request's DPoP proof, checked for this endpoint (htm, htu) once the client is
 * authenticated. Where the profile requires DPoP (FAPI 2.0 §5.3.2.1), or the client registered
 * `dpop_bound_access_tokens` (§5.2: the server "MUST reject token requests from the client that do
 * not contain the DPoP header"), a request without one is refused.
 */
async function tokenRequestProof(ctx: EngineContext, call: Call, dpop: ResolvedDpop, client: Client | undefined): Promise<Proof | undefined> {
  const site = { method: call.method, url: call.origin + call.path, at: 'server' as const };
  const header = proofHeader(call.headers, site);
  if (header !== undefined) return verifyProof(ctx, header, site);
  if ((dpop.required && !defect(ctx, 'dpop-optional')) || client?.dpopBoundAccessTokens) throw dpopError(site, 'invalid_dpop_proof', 'this server issues DPoP-bound tokens only: send a DPoP proof (RFC 9449 §5)');
  return undefined;
}

function requestView(call: Call): RequestView {
  return { method: call.method, path: call.path, origin: call.origin, headers: call.headers, cookies: cookies(call.headers.cookie), ...(call.peer ? { peer: call.peer } : {}) };
}

/** RFC 6265 §5.4: `name=value; name=value`; the first of a repeated name wins (§5.4 orders by path, then age). */
function cookies(header: string | undefined): Record<string, string> {
  // No prototype: a cookie named __proto__ or constructor is just a name.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!header) return out;
  for (const part of header.split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!(name in out)) out[name] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Parameters as the route declares: the query on GET where it allows, else a body of an accepted encoding. */
function readParams(call: Call, body: ParamsBody, allowRepeats?: () => boolean): Params {
  const opts = { ...(allowRepeats ? { allowRepeats } : {}), ...(body.joined ? { joined: body.joined } : {}) };
  if (call.method === 'GET' && body.queryOnGet) return parseForm(call.query, opts);
  const type = mediaType(call);
  const text = bodyText(call);
  if (type === 'application/x-www-form-urlencoded' && body.encodings.includes('form')) return parseForm(text, opts);
  if (type === 'application/json' && body.encodings.includes('json')) return parseJsonObject(text);
  const want = body.encodings.map((e) => (e === 'form' ? 'application/x-www-form-urlencoded' : 'application/json')).join(' or ');
  throw invalidRequest(`content-type must be ${want}`);
}

/** A JSON object body; anything else is the route's `malformed` error. */
function readDocument(call: Call, malformed: string): Record<string, unknown> {
  if (mediaType(call) !== 'application/json') throw invalidRequest('content-type must be application/json');
  const text = bodyText(call);
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new OAuthError(malformed, 'the request body must be a JSON object');
}

/** A dedicated endpoint serves its one grant; the token endpoint picks by grant_type (RFC 6749 §4.x). */
function pickGrant(ctx: EngineContext, grants: readonly GrantRoute[], params: Params): GrantRoute {
  const dedicated = grants.find((g) => !g.grant.grantTypeParameter);
  if (dedicated) return dedicated;
  const type = params.get('grant_type');
  if (type === undefined) throw invalidRequest('grant_type is required');
  const found = grants.find((g) => grantTypeOnWire(g.grant.type) === type);
  if (!found && defect(ctx, 'wrong-error-code')) throw invalidRequest('bad grant_type');
  if (!found) throw unsupportedGrantType(`grant_type ${type.slice(0, 64)} is not supported`);
  return found;
}
