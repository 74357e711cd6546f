// Recordings and logs hold no secret in any form: each secret (client secret, password, API key,
// refresh token, access token, authorization code) is sent in each place (query, form, JSON,
// text/plain, multipart, no content type, headers) and then searched for, verbatim and URL-encoded,
// in what /__admin/requests returns and in everything the mock process printed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { bin, waitForLine } from './helpers.ts';

const redirectUri = 'http://127.0.0.1:8765/callback';

type Place = (secret: string, field: string) => { path?: string; headers: Record<string, string>; body?: string };

// Every way a secret can arrive, under the field name the profile uses for it.
const places: Record<string, Place> = {
  query: (s, f) => ({ path: `?${f}=${encodeURIComponent(s)}`, headers: {} }),
  form: (s, f) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `${f}=${encodeURIComponent(s)}&grant_type=password` }),
  json: (s, f) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [f]: s }) }),
  textPlainForm: (s, f) => ({ headers: { 'content-type': 'text/plain' }, body: `grant_type=password&${f}=${encodeURIComponent(s)}` }),
  textPlainJson: (s, f) => ({ headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ [f]: s }) }),
  textPlainRaw: (s) => ({ headers: { 'content-type': 'text/plain' }, body: `my secret is ${s} ok` }),
  noType: (s, f) => ({ headers: {}, body: `${f}=${encodeURIComponent(s)}` }),
  multipart: (s, f) => ({ headers: { 'content-type': 'multipart/form-data; boundary=XyZ' }, body: `--XyZ\r\ncontent-disposition: form-data; name="${f}"\r\n\r\n${s}\r\n--XyZ--\r\n` }),
  bearer: (s) => ({ headers: { authorization: `Bearer ${s}` } }),
  basic: (s) => ({ headers: { authorization: `Basic ${Buffer.from(`some-client:${s}`).toString('base64')}` } }),
  apiKeyHeader: (s) => ({ headers: { 'x-api-key': s } }),
};

async function startCli(profile: string, extra: string[] = []) {
  const child = spawn(process.execPath, [bin, 'mock', '--profile', profile, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const [, url] = (await waitForLine(child, /ready at (http:\/\/\S+)/, `mock ${profile}`)) as RegExpMatchArray;
  return { url: url!, output: () => output, stop: () => new Promise<void>((r) => (child.once('exit', () => r()), child.kill())) };
}

const leaks = (text: string, secrets: Record<string, string>) =>
  Object.entries(secrets).flatMap(([name, s]) => [s, encodeURIComponent(s), Buffer.from(`some-client:${s}`).toString('base64')].filter((v) => text.includes(v)).map(() => name));

describe('recordings and logs never hold a secret', () => {
  it('each secret in each place, across three profiles: the recording and the process output carry fingerprints only', async () => {
    const found: string[] = [];
    // Shield: client secret and password (non-demo values, since demo credentials are printed on purpose), tokens.
    const shield = await startCli('shield', ['--client-secret', 'Shield-Client-Secret-9f8e', '--password', 'Shield-User-Pass-7d6c']);
    // api.video: an API key; oauth21: the authorization code in the redirect Location.
    const video = await startCli('api-video', ['--api-key', 'Video-Api-Key-5b4a']);
    const strict = await startCli('oauth21');
    try {
      const basic = `Basic ${Buffer.from('shield-demo-client:Shield-Client-Secret-9f8e').toString('base64')}`;
      const login = await (await fetch(`${shield.url}/oauth/token`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password&username=fan%40example.com&password=Shield-User-Pass-7d6c' })).json() as Record<string, string>;
      assert.ok(login.access_token && login.refresh_token, JSON.stringify(login));
      const registered = 'Registered-Pass-3e2d';
      await fetch(`${shield.url}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'new@example.com', password: registered }) });
      await fetch(`${shield.url}/users`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ username: 'plain@example.com', password: registered }) });
      const shieldSecrets = { clientSecret: 'Shield-Client-Secret-9f8e', password: 'Shield-User-Pass-7d6c', registered, access: login.access_token, refresh: login.refresh_token };
      const fieldOf: Record<string, string> = { clientSecret: 'client_secret', password: 'password', registered: 'password', access: 'access_token', refresh: 'refresh_token' };
      for (const [name, secret] of Object.entries(shieldSecrets)) {
        for (const [where, place] of Object.entries(places)) {
          const p = place(secret, fieldOf[name]!);
          for (const path of ['/oauth/token', '/users', '/videos']) {
            await fetch(`${shield.url}${path}${p.path ?? ''}`, { method: p.body === undefined && !p.path ? 'GET' : 'POST', headers: p.headers, ...(p.body !== undefined ? { body: p.body } : {}) }).then((r) => r.arrayBuffer()).catch(() => undefined);
          }
          void where;
        }
      }
      const videoLogin = await (await fetch(`${video.url}/auth/api-key`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: 'Video-Api-Key-5b4a' }) })).json() as Record<string, string>;
      const videoSecrets = { apiKey: 'Video-Api-Key-5b4a', refresh: videoLogin.refresh_token!, access: videoLogin.access_token! };
      for (const [name, secret] of Object.entries(videoSecrets)) {
        for (const place of Object.values(places)) {
          const p = place(secret, name === 'apiKey' ? 'apiKey' : name === 'refresh' ? 'refreshToken' : 'access_token');
          for (const path of ['/auth/api-key', '/auth/refresh', '/videos']) await fetch(`${video.url}${path}${p.path ?? ''}`, { method: 'POST', headers: p.headers, ...(p.body !== undefined ? { body: p.body } : {}) }).then((r) => r.arrayBuffer()).catch(() => undefined);
        }
      }
      // The code travels in the 303 Location of the consent step.
      const q = new URLSearchParams({ response_type: 'code', client_id: 'oauth21-demo-client', redirect_uri: redirectUri, state: 's', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' });
      const page = await (await fetch(`${strict.url}/authorize?${q}`)).text();
      const pending = /name="pending" value="([^"]+)"/.exec(page)![1]!;
      const form = (b: Record<string, string>) => fetch(`${strict.url}/authorize`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(b) });
      await (await form({ pending, step: 'login', username: 'alice', password: 'alice-password' })).text();
      const done = await form({ pending, step: 'consent', decision: 'allow' });
      const code = new URL(done.headers.get('location')!).searchParams.get('code')!;
      assert.ok(code, 'a code was issued');
      for (const place of Object.values(places)) {
        const p = place(code, 'code');
        await fetch(`${strict.url}/token${p.path ?? ''}`, { method: 'POST', headers: p.headers, ...(p.body !== undefined ? { body: p.body } : {}) }).then((r) => r.arrayBuffer());
      }
      for (const [m, secrets] of [
        [shield, shieldSecrets],
        [video, videoSecrets],
        [strict, { code }],
      ] as const) {
        const recording = await (await fetch(`${m.url}/__admin/requests`)).text();
        assert.ok(recording.length > 1000, 'something was recorded');
        for (const name of leaks(recording, secrets)) found.push(`${m.url} recording holds ${name}`);
      }
    } finally {
      await shield.stop();
      await video.stop();
      await strict.stop();
    }
    for (const [m, secrets] of [
      [shield, { registered: 'Registered-Pass-3e2d' }],
      [strict, {}],
    ] as const) for (const name of leaks(m.output(), secrets)) found.push(`${m.url} output holds ${name}`);
    assert.deepEqual([...new Set(found)], []);
  });
});
