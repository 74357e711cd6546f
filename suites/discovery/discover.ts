// From a URL to what the server publishes, the way a client finds it: an authorization server's
// metadata by RFC 8414 (with the well-known segment inserted before the issuer's path, §3.1), else
// OpenID Connect Discovery 1.0 (§4: appended to the issuer); a metadata URL taken as it is; a protected
// resource (an API or an MCP endpoint) through its 401's resource_metadata, else its well-known URL
// (RFC 9728 §3.1, §5.1), to the authorization server it names.
import { metadataUrlFor, oauthMetadataUrl, openidConfigurationUrl, parseChallenge } from '../well-known.ts';

export interface Tried {
  url: string;
  outcome: string;
}

export interface Discovery {
  /** The issuer the metadata names (RFC 8414 §2), or the URL given where nothing was published. */
  issuer: string;
  /** RFC 8414 or OpenID metadata; empty where none was found. */
  metadata: Record<string, unknown>;
  /** Where the RFC 8414 document was found. */
  oauthMetadataUrl?: string;
  /** Where the OpenID configuration was found. */
  openidConfigurationUrl?: string;
  /** The protected resource the URL named, with its metadata (RFC 9728). */
  resource?: { url: string; metadataUrl?: string; metadata?: Record<string, unknown>; mcp: boolean };
  /** Every URL asked, and what came back: the trail a user reads when discovery finds nothing. */
  tried: Tried[];
}

const timeout = 10_000;

async function getJson(url: string, tried: Tried[]): Promise<Record<string, unknown> | undefined> {
  try {
    const r = await fetch(url, { headers: { accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(timeout) });
    const text = await r.text();
    if (r.status !== 200) {
      tried.push({ url, outcome: `status ${r.status}` });
      return undefined;
    }
    const body = JSON.parse(text) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      tried.push({ url, outcome: 'not a JSON object' });
      return undefined;
    }
    tried.push({ url, outcome: 'found' });
    return body as Record<string, unknown>;
  } catch (e) {
    tried.push({ url, outcome: (e as Error).name === 'SyntaxError' ? 'not JSON' : (e as Error).message });
    return undefined;
  }
}

async function asAuthorizationServer(issuer: string, tried: Tried[]): Promise<Omit<Discovery, 'tried' | 'resource'> | undefined> {
  const oauthUrl = oauthMetadataUrl(issuer);
  const oauth = await getJson(oauthUrl, tried);
  const oidcUrl = openidConfigurationUrl(issuer);
  const oidc = await getJson(oidcUrl, tried);
  if (!oauth && !oidc) return undefined;
  const metadata = { ...(oidc ?? {}), ...(oauth ?? {}) };
  return {
    issuer: typeof metadata.issuer === 'string' ? metadata.issuer : issuer,
    metadata,
    ...(oauth ? { oauthMetadataUrl: oauthUrl } : {}),
    ...(oidc ? { openidConfigurationUrl: oidcUrl } : {}),
  };
}

/** A protected resource's 401, tried with GET and then as an MCP endpoint would be called (POST initialize). */
async function challengeOf(url: string, tried: Tried[]): Promise<{ status: number; metadataUrl?: string; mcp: boolean } | undefined> {
  const attempts: { init: RequestInit; mcp: boolean }[] = [
    { init: { method: 'GET', headers: { accept: 'application/json' } }, mcp: false },
    {
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'oauth-conformance', version: '1' } } }),
      },
      mcp: true,
    },
  ];
  for (const a of attempts) {
    try {
      const r = await fetch(url, { ...a.init, redirect: 'manual', signal: AbortSignal.timeout(timeout) });
      await r.body?.cancel();
      tried.push({ url: `${a.init.method} ${url}`, outcome: `status ${r.status}${r.headers.get('www-authenticate') ? `, WWW-Authenticate: ${r.headers.get('www-authenticate')}` : ''}` });
      if (r.status === 401) {
        const metadataUrl = parseChallenge(r.headers.get('www-authenticate'))?.params.resource_metadata;
        return { status: 401, ...(metadataUrl ? { metadataUrl } : {}), mcp: a.mcp };
      }
    } catch (e) {
      tried.push({ url: `${a.init.method} ${url}`, outcome: (e as Error).message });
      return undefined;
    }
  }
  return undefined;
}

export async function discover(given: string): Promise<Discovery> {
  const tried: Tried[] = [];
  const url = given.replace(/\/$/, '') || given;
  // A metadata URL, taken as it is.
  if (/\/\.well-known\/(oauth-authorization-server|openid-configuration)/.test(new URL(given).pathname)) {
    const metadata = await getJson(given, tried);
    if (metadata) {
      const oidc = given.includes('openid-configuration');
      return { issuer: typeof metadata.issuer === 'string' ? metadata.issuer : url, metadata, ...(oidc ? { openidConfigurationUrl: given } : { oauthMetadataUrl: given }), tried };
    }
    return { issuer: url, metadata: {}, tried };
  }
  const as = await asAuthorizationServer(url, tried);
  if (as) return { ...as, tried };
  // Not an issuer: perhaps a protected resource, which names its authorization server (RFC 9728).
  const challenge = await challengeOf(given, tried);
  if (challenge) {
    const metadataUrl = challenge.metadataUrl ?? metadataUrlFor(given);
    const prm = await getJson(metadataUrl, tried);
    const servers = Array.isArray(prm?.authorization_servers) ? prm.authorization_servers.filter((s): s is string => typeof s === 'string') : [];
    const resource = { url: given, mcp: challenge.mcp, ...(prm ? { metadataUrl, metadata: prm } : {}) };
    for (const issuer of servers) {
      const found = await asAuthorizationServer(issuer, tried);
      if (found) return { ...found, resource, tried };
    }
    return { issuer: servers[0] ?? new URL(given).origin, metadata: {}, resource, tried };
  }
  return { issuer: url, metadata: {}, tried };
}
