// The floor of a DPoP-protected resource on this machine: node:http verifying one ES256 signature per
// request (the proof's, with node:crypto's threaded verify, the key imported once) and answering a
// fixed JSON body: no claims, no token, no store. A resource that checks a proof per request cannot
// beat it; the Bearer row checks no signature per request (verified tokens are cached), so the two
// are read against this floor as well as against each other.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, verify } from 'node:crypto';

const server = createServer((req, res) => {
  const proof = String(req.headers.dpop ?? '');
  const [h = '', p = '', s = ''] = proof.split('.');
  let jwk: Record<string, unknown> = {};
  try {
    jwk = (JSON.parse(Buffer.from(h, 'base64url').toString()) as { jwk: Record<string, unknown> }).jwk;
  } catch {
    // answered below
  }
  verify('sha256', Buffer.from(`${h}.${p}`), { key: keyFor(jwk)!, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'), (err, ok) => {
    const body = JSON.stringify({ ok: !err && ok });
    res.writeHead(!err && ok ? 200 : 401, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  });
});
let cached: { id: string; key: ReturnType<typeof createPublicKey> } | undefined;
function keyFor(jwk: Record<string, unknown>) {
  const id = JSON.stringify(jwk);
  if (cached?.id !== id) cached = { id, key: createPublicKey({ key: jwk as never, format: 'jwk' }) };
  return cached.key;
}
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port} 0\n`);
});
