// The floor of ES256 issuance on this machine: node:http reading a token request and answering with one
// freshly signed ES256 JWT (node:crypto's threaded sign, as the mock uses), and nothing else: no
// client authentication, no profile, no store. No issuer that signs each token can beat it, so the
// mock's ES256 row is read against it as well as against the bare baseline.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign } from 'node:crypto';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const key = { key: privateKey, dsaEncoding: 'ieee-p1363' as const };
const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt' })).toString('base64url');
let n = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${header}.${Buffer.from(JSON.stringify({ sub: 'client', jti: String(++n), iat: now, exp: now + 3600 })).toString('base64url')}`;
    sign('sha256', Buffer.from(input), key, (err, sig) => {
      const body = JSON.stringify({ access_token: `${input}.${err ? '' : sig.toString('base64url')}`, token_type: 'Bearer', expires_in: 3600 });
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port} 0\n`);
});
