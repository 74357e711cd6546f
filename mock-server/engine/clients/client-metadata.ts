// OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document; MCP 2025-11-25
// and later): a client_id that is an https URL names a JSON document describing the client. The mock
// fetches it only from hosts it may reach (loopback, or hosts the user allowed), with a size and a time
// limit and no redirects, so a client_id cannot make it probe anything else (SSRF, draft §6).
import type { Client } from '../../../generated/types/index.ts';
import { readBounded } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';
import { OAuthError } from '../core/oauth-error.ts';
import { defect } from '../core/defects.ts';

const maxBytes = 64 * 1024;
const timeoutMs = 5000;
const cacheSeconds = 300;
const cacheLimit = 1000;
const loopback = ['127.0.0.1', '[::1]', 'localhost'];

/**
 * A configured client, else one registered at run time, else (profiles with Client ID Metadata
 * Documents) the one its URL describes; that last one throws invalid_client saying why it is unusable.
 */
export async function findClient(ctx: EngineContext, clientId: string): Promise<Client | undefined> {
  const known = ctx.clients.get(clientId) ?? (await ctx.store.client(clientId));
  if (known || !ctx.profile.clientIdMetadataDocuments || !isMetadataUrl(clientId)) return known;
  return clientFromMetadataDocument(ctx, clientId);
}

export const invalidClientMetadataDocument = (d: string) => new OAuthError('invalid_client', d, { status: 400 });

/** Whether a client_id is meant as a metadata document URL. */
export function isMetadataUrl(clientId: string): boolean {
  return /^https?:\/\//i.test(clientId);
}

/** The client a metadata document describes; throws invalid_client saying why it cannot be used. */
export async function clientFromMetadataDocument(ctx: EngineContext, clientId: string): Promise<Client> {
  const opts = ctx.clientMetadata;
  const now = ctx.clock.nowSeconds();
  const hit = opts.cache.get(clientId);
  if (hit && hit.until > now) return hit.client;
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw invalidClientMetadataDocument('client_id is not a URL');
  }
  const isLoopback = loopback.includes(url.hostname);
  // §3: https with a path; plain http only for a document served on this machine (tests).
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) throw invalidClientMetadataDocument('a client_id metadata document URL must use https');
  if (url.pathname === '/' || url.hash || url.username || url.password) throw invalidClientMetadataDocument('a client_id metadata document URL needs a path and no fragment or credentials');
  if (!isLoopback && !opts.allowedHosts.includes(url.host) && !opts.allowedHosts.includes(url.hostname)) {
    throw invalidClientMetadataDocument(`the mock fetches client metadata only from loopback or allowed hosts (--allow-client-metadata-host ${url.hostname})`);
  }
  let text: string;
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (res.status !== 200) throw new Error(`it answered ${res.status}${res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : ''}`);
    text = await readLimited(res);
  } catch (e) {
    throw invalidClientMetadataDocument(`the client metadata document could not be fetched: ${(e as Error).message}`);
  }
  let doc: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error();
    doc = v as Record<string, unknown>;
  } catch {
    throw invalidClientMetadataDocument('the client metadata document is not a JSON object');
  }
  // §4.1 (MCP: MUST): the document's client_id is exactly its URL.
  if (doc.client_id !== clientId && !defect(ctx, 'cimd-client-id-mismatch-accepted')) throw invalidClientMetadataDocument('the document’s client_id differs from its URL');
  const uris = doc.redirect_uris;
  if (!Array.isArray(uris) || !uris.length || !uris.every((u) => typeof u === 'string')) throw invalidClientMetadataDocument('the document has no redirect_uris');
  if (typeof doc.client_name !== 'string' || !doc.client_name) throw invalidClientMetadataDocument('the document has no client_name (MCP requires client_id, client_name and redirect_uris)');
  // §4.1: such a client has no shared secret; the mock takes public clients (none).
  const method = doc.token_endpoint_auth_method ?? 'none';
  if (method !== 'none') throw invalidClientMetadataDocument(`token_endpoint_auth_method ${String(method).slice(0, 40)} is not supported for metadata-document clients here (use none)`);
  const client: Client = { clientId, redirectUris: uris as string[], grants: ['authorization_code', 'refresh_token'], description: doc.client_name.slice(0, 200) };
  if (opts.cache.size >= cacheLimit) opts.cache.delete(opts.cache.keys().next().value as string);
  opts.cache.set(clientId, { client, until: now + cacheSeconds });
  return client;
}

async function readLimited(res: Response): Promise<string> {
  if (!res.body) return '';
  const tooLarge = new Error(`it is larger than ${maxBytes} bytes`);
  if (Number(res.headers.get('content-length') ?? '0') > maxBytes) {
    await res.body.cancel().catch(() => undefined);
    throw tooLarge;
  }
  // readBounded stops (and cancels the rest) one chunk past the limit.
  const all = await readBounded(res.body, maxBytes);
  if (all.byteLength > maxBytes) throw tooLarge;
  return new TextDecoder().decode(all);
}
