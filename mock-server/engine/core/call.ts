// The engine's one contract with its transports: a plain call record in, a plain reply record out.
// node:http builds a Call straight from the socket's request and writes the Reply back without any
// WHATWG object on the way; MSW (and tests) go through `callFromRequest` / `replyToResponse`.
import { OAuthError, invalidRequest } from './oauth-error.ts';

export const maxBodyBytes = 64 * 1024;

export interface Call {
  /** Upper-case method as sent. */
  method: string;
  /** The path, normalised as a URL parser would (dot segments resolved, percent-encoding kept). */
  path: string;
  /** The query without its `?`. */
  query: string;
  /** Lower-case names; repeated fields joined with ", " (RFC 9110 §5.3). */
  headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text ('' when none). */
  body: string;
  /** Why the body could not be taken; raised only where an endpoint reads it. */
  bodyProblem?: 'too-large' | 'not-utf8';
  /** scheme://host[:port] the call arrived at (the default issuer is built from it). */
  origin: string;
  /** The peer's address, for the admin loopback rule; absent in process (MSW). */
  peer?: string;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Text of the body; null for none. */
  body: string | null;
  /** What the reply is, for the stages after the flow (the deliberate defects' reply rewrites). */
  kind?: ReplyKind;
  /**
   * A body that keeps coming (server-sent events): the transport calls it once the headers are out,
   * with a writer; what it returns stops the stream when the peer goes away.
   */
  stream?: (write: (chunk: string) => void) => () => void;
}

export type ReplyKind = 'token' | 'refresh' | 'exchanged' | 'bearer-error' | 'metadata' | 'discovery' | 'resource-metadata' | 'pushed';

/** The body text, or the error its problem is (413 over the limit, 400 not UTF-8). */
export function bodyText(call: Call): string {
  if (call.bodyProblem === 'too-large') throw new OAuthError('invalid_request', `request body larger than ${maxBodyBytes} bytes`, { status: 413 });
  if (call.bodyProblem === 'not-utf8') throw invalidRequest('request body is not valid UTF-8');
  return call.body;
}

export function text(status: number, body: string, headers: Record<string, string>): Reply {
  return { status, headers, body };
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: null };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A body over the limit, declared or read: never kept. */
export const tooLarge: Pick<Call, 'body' | 'bodyProblem'> = { body: '', bodyProblem: 'too-large' };

/** Bytes of a body as the engine takes them: text, or the reason it cannot be. */
export function decodeBody(bytes: Uint8Array): Pick<Call, 'body' | 'bodyProblem'> {
  if (bytes.byteLength > maxBodyBytes) return tooLarge;
  try {
    return { body: utf8.decode(bytes) };
  } catch {
    return { body: '', bodyProblem: 'not-utf8' };
  }
}

/**
 * A body stream read into memory, up to one chunk past `max` and never more (the caller sees the size
 * and decides); the rest of the stream is cancelled.
 */
export async function readBounded(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    chunks.push(value);
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/** A WHATWG Request as a Call: the body is read up to one chunk past the limit, never more. */
export async function callFromRequest(request: Request, url: URL, peer?: string): Promise<Call> {
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => {
    headers[k] = v;
  });
  const call: Call = { method: request.method, path: url.pathname, query: url.search.slice(1), headers, body: '', origin: url.origin, ...(peer ? { peer } : {}) };
  if (!request.body || request.method === 'GET' || request.method === 'HEAD') return call;
  if (Number(headers['content-length'] ?? '0') > maxBodyBytes) return { ...call, ...tooLarge };
  const all = await readBounded(request.body, maxBodyBytes);
  return { ...call, ...decodeBody(all) };
}

/** The Reply as a WHATWG Response (a HEAD answer keeps its body here; the host drops it on the wire). */
export type Respond = (body: string | null, init: { status: number; headers: Record<string, string> }) => Response;

export function replyToResponse(reply: Reply, respond: Respond = (body, init) => new Response(body, init)): Response {
  // An empty body is no body: a client that cancels a body it does not read would wait forever on
  // msw 2's Node interceptor for an empty stream (mswjs/interceptors#799); `null` has nothing to cancel.
  if (reply.stream) {
    const start = reply.stream;
    let stop: (() => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const enc = new TextEncoder();
        stop = start((chunk) => controller.enqueue(enc.encode(chunk)));
      },
      cancel() {
        stop?.();
      },
    });
    return new Response(body, { status: reply.status, headers: reply.headers });
  }
  return respond(reply.body === '' ? null : reply.body, { status: reply.status, headers: reply.headers });
}
