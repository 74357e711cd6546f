// Wire helpers: JSON replies, and the parameter parsing the pipeline reads a request's body and query with.
import { text, type Call, type Reply } from './call.ts';
import { invalidRequest } from './oauth-error.ts';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return jsonText(status, JSON.stringify(body), headers);
}

/** A JSON reply of an already serialised document. */
export function jsonText(status: number, serialised: string, headers: Record<string, string> = {}): Reply {
  return text(status, serialised, { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/** Token responses carry credentials: never cached (RFC 6749 §5.1). */
export const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

export function mediaType(call: Pick<Call, 'headers'>): string {
  return (call.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Request parameters: one value each. RFC 6749 §3.1: empty means omitted, repeated is an error. */
export type Params = Map<string, string>;

/**
 * `joined` names parameters that may repeat (RFC 8707 §2: `resource`); their values are kept
 * space-joined (they are URIs, which hold no space).
 */
export function parseForm(text: string, opts: { allowRepeats?: () => boolean; joined?: readonly string[] } = {}): Params {
  const out: Params = new Map();
  const seen = new Set<string>();
  let decoded: URLSearchParams;
  try {
    decoded = new URLSearchParams(text);
  } catch {
    throw invalidRequest('malformed form body');
  }
  for (const [k, v] of decoded) {
    if (seen.has(k) && opts.joined?.includes(k)) {
      if (v !== '') out.set(k, out.has(k) ? `${out.get(k)} ${v}` : v);
      continue;
    }
    if (seen.has(k) && !opts.allowRepeats?.()) throw invalidRequest(`parameter ${k} is repeated`);
    seen.add(k);
    if (v !== '') out.set(k, v);
  }
  return out;
}

export function parseJsonObject(text: string): Params {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest('request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('request body must be a JSON object');
  const out: Params = new Map();
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === '') continue;
    if (typeof v !== 'string') throw invalidRequest(`field ${k} must be a string`);
    out.set(k, v);
  }
  return out;
}

/** Whether the query names a parameter (without decoding the rest). */
export function queryHas(call: Pick<Call, 'query'>, name: string): boolean {
  return call.query !== '' && new URLSearchParams(call.query).has(name);
}

export function methodNotAllowed(allow: string[]): Reply {
  return json(405, { error: 'invalid_request', error_description: `method not allowed; use ${allow.join(', ')}` }, { allow: allow.join(', ') });
}

export function notFound(path: string): Reply {
  return json(404, { error: 'not_found', error_description: `no endpoint at ${path.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?').slice(0, 200)}` });
}
