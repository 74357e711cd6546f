import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exportPrivateJwk, generateSigningKey, startMockServer } from '../mock-server/index.ts';
import { bin, runCliAsync, tempFiles } from './helpers.ts';

const form = (o: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() });
const basic = (id: string, s: string) => `Basic ${Buffer.from(`${id}:${s}`).toString('base64')}`;

describe('startMockServer over node:http', () => {
  it('binds 127.0.0.1 on a free port and serves the profile', async () => {
    const mock = await startMockServer({ profile: 'shield', port: 0 });
    try {
      assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(mock.url, 'http://127.0.0.1:0');
      const r = await fetch(`${mock.url}/oauth/token`, { ...form({ grant_type: 'client_credentials' }), headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('shield-demo-client', 'shield-demo-secret') } });
      assert.equal(r.status, 200);
      const big = await fetch(`${mock.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a='.padEnd(200_000, 'x') });
      assert.equal(big.status, 413);
      assert.equal(((await big.json()) as { error: string }).error, 'invalid_request');
    } finally {
      await mock.close();
    }
  });
  it('takes header fields named like object properties as names (constructor, __proto__, toString)', async () => {
    const mock = await startMockServer({ profile: 'shield', port: 0 });
    try {
      const port = Number(new URL(mock.url).port);
      const body = 'grant_type=client_credentials';
      const reply = await new Promise<string>((resolve) => {
        const s = connect(port, '127.0.0.1', () =>
          s.write(`POST /oauth/token HTTP/1.1\r\nhost: 127.0.0.1\r\nconstructor: x\r\n__proto__: y\r\ntoString: z\r\nauthorization: ${basic('shield-demo-client', 'shield-demo-secret')}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`),
        );
        let data = '';
        s.on('data', (d) => (data += d));
        s.on('close', () => resolve(data));
        s.on('error', () => resolve(data));
      });
      assert.match(reply, /^HTTP\/1\.1 200/, reply.slice(0, 300));
      // The recording shows each field as sent, not joined onto an inherited property.
      const recorded = (await (await fetch(`${mock.url}/__admin/requests`)).json()) as { requests: { path: string; headers: Record<string, string> }[] };
      const headers = recorded.requests.find((r) => r.path === '/oauth/token')!.headers;
      assert.equal(headers.constructor, 'x');
      assert.equal(headers.tostring, 'z');
    } finally {
      await mock.close();
    }
  });
  it('answers a malformed request line with 400, not a crash', async () => {
    const mock = await startMockServer({ profile: 'shield', port: 0 });
    try {
      const port = Number(new URL(mock.url).port);
      const reply = await new Promise<string>((resolve) => {
        const s = connect(port, '127.0.0.1', () => s.write('BLAH /\u0001 HTTP/9\r\n\r\n'));
        let data = '';
        s.on('data', (d) => (data += d));
        s.on('close', () => resolve(data));
        s.on('error', () => resolve(data));
      });
      assert.match(reply, /^HTTP\/1\.1 400/);
      const ok = await fetch(`${mock.url}/__admin`);
      assert.equal(ok.status, 200, 'still serving');
    } finally {
      await mock.close();
    }
  });
  it('shares signing keys between instances (--keys) so tokens verify at either', async () => {
    const key = await generateSigningKey('ES256');
    const dir = tempFiles({ 'key.json': await exportPrivateJwk(key) });
    const opts = { profile: 'oauth21', port: 0, keys: join(dir, 'key.json'), issuer: 'https://auth.example.test' };
    const [a, b] = await Promise.all([startMockServer(opts), startMockServer(opts)]);
    try {
      const tok = (await (await fetch(`${a.url}/token`, { ...form({ grant_type: 'client_credentials' }), headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('oauth21-demo-client', 'oauth21-demo-secret') } })).json()) as { access_token: string };
      const r = await fetch(`${b.url}/api/resource`, { headers: { authorization: `Bearer ${tok.access_token}` } });
      assert.equal(r.status, 200);
      const jwksA = await (await fetch(`${a.url}/jwks.json`)).json();
      const jwksB = await (await fetch(`${b.url}/jwks.json`)).json();
      assert.deepEqual(jwksA, jwksB);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('oauth-conformance mock (CLI)', () => {
  it('prints the URL with the chosen port once ready, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'mock', '--profile', 'api-video', '--port', '0', '--api-key', 'my-key'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /ready at (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
        if (m && m[2] !== '0' && out.includes('  admin ')) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      });
    });
    try {
      assert.match(out, /api key\s+my-key/);
      const r = await fetch(`${url}/auth/api-key`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: 'my-key' }) });
      assert.equal(r.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0);
    assert.match(out, /mock stopped/);
  });
  it('names bad input without a stack trace', async () => {
    const cases: [string[], number, RegExp][] = [
      [['mock', '--profile', 'no-such'], 2, /no-such.*built-in profile \(api-video, fapi2, generic-oauth2, mcp-2025-06-18, mcp-2025-11-25, mcp-2026-07-28, oauth21, oauth21-extended, oidc, shakr, shield\)/],
      [['mock', '--profile', 'shield', '--port', 'abc'], 2, /--port must be/],
      [['mock', '--profile', 'shield', '--alg', 'none'], 2, /--alg must be one of/],
      [['mock', '--profile', 'shield', '--bogus'], 2, /Unknown option '--bogus'/],
      [['mock'], 2, /--profile is required/],
      [['mock', '--profile', 'shield', '--keys', '/nonexistent.json'], 2, /nonexistent\.json: at \/: expected a readable JSON Web Key file/],
      [['frobnicate'], 2, /unknown verb/],
    ];
    for (const [args, status, message] of cases) {
      const r = await runCliAsync(args);
      assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+/, 'no stack trace');
    }
  });
  it('refuses a port in use with a clear message', async () => {
    const mock = await startMockServer({ profile: 'shield', port: 0 });
    try {
      const r = await runCliAsync(['mock', '--profile', 'shield', '--port', new URL(mock.url).port]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /already in use/);
    } finally {
      await mock.close();
    }
  });
});
