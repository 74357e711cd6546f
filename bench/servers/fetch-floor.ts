// The floor of any fetch-style handler on this Node: node:http plus building a WHATWG Request and
// Response per call, and nothing else. The gap between this and the baseline is the price of the
// `(Request) => Promise<Response>` design that the mock and the MSW handlers share.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = JSON.stringify({ ok: true });
const server = createServer((req, res) => {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method ?? 'GET', headers });
  const response = new Response(body, { status: request.headers.has('authorization') ? 200 : 401, headers: { 'content-type': 'application/json' } });
  const out: Record<string, string> = { 'content-length': String(body.length) };
  response.headers.forEach((v, k) => (out[k] = v));
  res.writeHead(response.status, out);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port} 0\n`);
});
