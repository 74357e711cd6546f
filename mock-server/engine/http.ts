// Wire helpers shared by every flow: JSON responses, bounded body reading, parameter parsing.
import { OAuthError, invalidRequest } from './oauth-error.ts';

export const maxBodyBytes = 64 * 1024;

// The text of each response the engine wrote, so the recorder and the node transport need not read
// it back through a stream.
const bodiesWritten = new WeakMap<Response, string>();

export function responseTextOf(response: Response): string | undefined {
  return bodiesWritten.get(response);
}

export function textResponse(text: string, init: ResponseInit): Response {
  const r = new Response(text, init);
  bodiesWritten.set(r, text);
  return r;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return textResponse(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/** Token responses carry credentials: never cached (RFC 6749 §5.1). */
export const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

// The text each request's body was read as, for the recorder: no second copy of the stream.
const bodiesRead = new WeakMap<Request, string>();

export function bodyTextOf(request: Request): string {
  return bodiesRead.get(request) ?? '';
}

/**
 * A request whose body a transport has already read and decoded (node:http buffers it anyway): the
 * engine takes the text as is instead of streaming it a second time.
 */
export function requestWithText(url: string, init: { method: string; headers: Headers }, text: string): Request {
  const request = new Request(url, init);
  bodiesRead.set(request, text);
  return request;
}

/** Reads the body up to maxBodyBytes; more is a 413, never buffered. */
export async function readText(request: Request): Promise<string> {
  const known = bodiesRead.get(request);
  if (known !== undefined) return known;
  const text = await readLimited(request);
  bodiesRead.set(request, text);
  return text;
}

function concatBytes(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

async function readLimited(request: Request): Promise<string> {
  if (!request.body) return '';
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBodyBytes) throw new OAuthError('invalid_request', `request body larger than ${maxBodyBytes} bytes`, { status: 413 });
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel().catch(() => undefined);
      throw new OAuthError('invalid_request', `request body larger than ${maxBodyBytes} bytes`, { status: 413 });
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(concatBytes(chunks, size));
  } catch {
    throw invalidRequest('request body is not valid UTF-8');
  }
}

/** Request parameters: one value each. RFC 6749 §3.1: empty means omitted, repeated is an error. */
export type Params = Map<string, string>;

export function parseForm(text: string, opts: { allowRepeats?: boolean } = {}): Params {
  const out: Params = new Map();
  const seen = new Set<string>();
  let decoded: URLSearchParams;
  try {
    decoded = new URLSearchParams(text);
  } catch {
    throw invalidRequest('malformed form body');
  }
  for (const [k, v] of decoded) {
    if (seen.has(k) && !opts.allowRepeats) throw invalidRequest(`parameter ${k} is repeated`);
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

/** Reads a POST body of the accepted encodings into parameters. */
export async function readParams(request: Request, encodings: ReadonlyArray<'form' | 'json'>, opts: { allowRepeats?: boolean } = {}): Promise<Params> {
  const type = mediaType(request);
  const text = await readText(request);
  if (type === 'application/x-www-form-urlencoded' && encodings.includes('form')) return parseForm(text, opts);
  if (type === 'application/json' && encodings.includes('json')) return parseJsonObject(text);
  const want = encodings.map((e) => (e === 'form' ? 'application/x-www-form-urlencoded' : 'application/json')).join(' or ');
  throw invalidRequest(`content-type must be ${want}`);
}

export function methodNotAllowed(allow: string[]): Response {
  return json(405, { error: 'invalid_request', error_description: `method not allowed; use ${allow.join(', ')}` }, { allow: allow.join(', ') });
}

export function notFound(path: string): Response {
  return json(404, { error: 'not_found', error_description: `no endpoint at ${path.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?').slice(0, 200)}` });
}
