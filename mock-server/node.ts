// node:http transport: turns IncomingMessage into the engine's Call and writes its Reply back, with no
// WHATWG Request or Response on the way. No flow logic lives here; only HTTP framing (addresses, body
// size, timeouts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from './engine/index.ts';
import { decodeBody, maxBodyBytes, tooLarge, type Call } from './engine/core/call.ts';

export interface NodeServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export class ListenError extends Error {}

export async function serveNode(engine: Engine, opts: { port?: number; host?: string } = {}): Promise<NodeServer> {
  const host = opts.host ?? '127.0.0.1';
  let base = '';
  const server = createServer((req, res) => {
    void respond(engine, base, req, res);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    // RFC 6585 §5: header fields too large (or too many) is 431, not a generic 400.
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = tooLarge ? '{"error":"invalid_request","error_description":"request header fields too large"}' : '{"error":"invalid_request","error_description":"malformed HTTP request"}';
    socket.end(`HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
  });
  // CONNECT never reaches the request handler in node:http; it gets the same 405 as TRACE.
  server.on('connect', (_req: IncomingMessage, socket: import('node:net').Socket) => {
    const body = '{"error":"invalid_request","error_description":"method CONNECT is not supported"}';
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nallow: ${servedMethods}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
  });
  // Beyond this many header lines a request is refused as too large, never silently cut.
  server.maxHeadersCount = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new ListenError(e.code === 'EADDRINUSE' ? `port ${opts.port} on ${host} is already in use` : `cannot listen on ${host}:${opts.port ?? 0}: ${e.code ?? e.message}`)));
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  engine.setOrigin(base);
  return {
    url: base,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Methods the WHATWG Request cannot carry and no route serves: answered here (RFC 9110 §15.5.6).
const unservable = new Set(['CONNECT', 'TRACE', 'TRACK']);
const servedMethods = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

async function respond(engine: Engine, base: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const remoteAddress = req.socket.remoteAddress;
  if (unservable.has(req.method ?? '')) {
    const body = JSON.stringify({ error: 'invalid_request', error_description: `method ${req.method} is not supported` });
    // Its body, if any, is never read: the connection closes so nothing of it is taken for a next request.
    res.writeHead(405, { allow: servedMethods, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...(req.complete ? {} : { connection: 'close' }) });
    res.end(body);
    return;
  }
  try {
    const reply = await engine.call(await toCall(base, req, remoteAddress));
    const headers = reply.headers;
    if (reply.stream) {
      res.writeHead(reply.status, headers);
      if (req.method === 'HEAD') return void res.end();
      res.flushHeaders();
      const stop = reply.stream((chunk) => void res.write(chunk));
      res.once('close', stop);
      return;
    }
    // A body left unread (413) must not be taken for the next request on this connection.
    if (!req.complete) headers.connection = 'close';
    // One write with a known length: chunked framing costs a second packet per response.
    headers['content-length'] = String(reply.body === null ? 0 : Buffer.byteLength(reply.body));
    res.writeHead(reply.status, headers);
    // A HEAD answer has the headers of its GET and never a body (RFC 9110 §9.3.2).
    res.end(req.method === 'HEAD' || reply.body === null ? undefined : reply.body);
  } catch (e) {
    // The client went away mid-body: nobody is left to answer.
    if (req.destroyed || (e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as Error).message === 'aborted') return void res.destroy();
    const status = e instanceof BadRequestTarget ? 400 : 500;
    if (status === 500) console.error('oauth-conformance mock: transport error:', (e as Error).message);
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json', ...(req.complete ? {} : { connection: 'close' }) });
    if (req.method === 'HEAD') return void res.end();
    res.end(JSON.stringify({ error: status === 400 ? 'invalid_request' : 'server_error', error_description: status === 400 ? 'malformed request target' : 'internal error' }));
  }
}

class BadRequestTarget extends Error {}

// A dot segment, a backslash or a percent sign: the URL parser's normalisation decides the path.
const needsParser = /\/\.|\\|%|\/\//;

async function toCall(base: string, req: IncomingMessage, peer: string | undefined): Promise<Call> {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) throw new BadRequestTarget();
  let path: string;
  let query: string;
  if (/^\/(?!\/)[\x21-\x7e]*$/.test(target) && !needsParser.test(target.split('?')[0]!)) {
    // the common case: nothing to normalise
    const q = target.indexOf('?');
    path = q < 0 ? target : target.slice(0, q);
    query = q < 0 ? '' : target.slice(q + 1);
    const hash = query.indexOf('#');
    if (hash >= 0) query = query.slice(0, hash);
  } else {
    try {
      const url = new URL(target.replace(/^\/+/, '/'), base);
      path = url.pathname;
      query = url.search.slice(1);
    } catch {
      throw new BadRequestTarget();
    }
  }
  // Repeated fields are joined as RFC 9110 §5.3 says (node:http would drop a second Authorization).
  // No prototype: a field named constructor or __proto__ is just a name.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!.trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const method = req.method ?? 'GET';
  const call: Call = { method, path, query, headers, body: '', origin: base, ...(peer ? { peer } : {}) };
  if (method === 'GET' || method === 'HEAD') return call;
  if (Number(headers['content-length'] ?? '0') > maxBodyBytes) return { ...call, ...tooLarge };
  // Read at most one chunk past the limit: enough to answer 413, never more in memory.
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > maxBodyBytes) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.pause();
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
  return { ...call, ...decodeBody(body) };
}
