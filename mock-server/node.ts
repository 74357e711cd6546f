// node:http transport: turns IncomingMessage into a standard Request and the engine's Response back.
// No flow logic lives here; only HTTP framing (addresses, body size, timeouts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from './engine/index.ts';
import { maxBodyBytes, requestWithText, responseTextOf } from './engine/http.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":"invalid_request","error_description":"malformed HTTP request"}');
    else socket.destroy();
  });
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

async function respond(engine: Engine, base: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const remoteAddress = req.socket.remoteAddress;
  try {
    const request = await toRequest(base, req);
    const response = await engine.handle(request, remoteAddress ? { remoteAddress } : {});
    const written = responseTextOf(response);
    const body = written ?? Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      headers[k] = v;
    });
    // A body left unread (413) must not be taken for the next request on this connection.
    if (!req.complete) headers.connection = 'close';
    // One write with a known length: chunked framing costs a second packet per response.
    headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
    res.writeHead(response.status, headers);
    res.end(body);
  } catch (e) {
    const status = e instanceof BadRequestTarget ? 400 : 500;
    if (status === 500) console.error('oauth-conformance mock: transport error:', (e as Error).message);
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: status === 400 ? 'invalid_request' : 'server_error', error_description: status === 400 ? 'malformed request target' : 'internal error' }));
  }
}

class BadRequestTarget extends Error {}

async function toRequest(base: string, req: IncomingMessage): Promise<Request> {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) throw new BadRequestTarget();
  let url: string;
  if (/^\/(?!\/)[\x21-\x7e]*$/.test(target)) {
    url = base + target; // the common case: nothing to normalise
  } else {
    try {
      url = new URL(target.replace(/^\/+/, '/'), base).href;
    } catch {
      throw new BadRequestTarget();
    }
  }
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    } catch {
      // A header value undici refuses (control characters) is dropped, as a proxy would.
    }
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  // Read at most one chunk past the limit: enough for the engine to answer 413, never more in memory.
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
  headers.delete('content-length');
  if (body.length <= maxBodyBytes) {
    try {
      return requestWithText(url, { method, headers }, utf8.decode(body));
    } catch {
      // not UTF-8: handed over as bytes, for the engine to refuse in its own words
    }
  }
  return new Request(url, { method, headers, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Uint8Array<ArrayBuffer> });
}
