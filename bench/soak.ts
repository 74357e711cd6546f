// `npm run soak`: does memory stay bounded? One engine (memory store, the default) issues
// SOAK_TOKENS Shakr tokens (default 1,000,000: opaque, never expiring) and SOAK_ROTATIONS refresh
// rotations (default 200,000, api.video: rotating refresh tokens over 1,000 logins), and prints the
// process's resident memory as it goes. The aim is ≤ 250 MB at the end. Requests go through the
// engine's own entry point, in process: what is measured is the state it keeps, not a socket.
import { performance } from 'node:perf_hooks';
import { loadProfile } from '../lib/profiles.ts';
import { createEngine } from '../mock-server/engine/index.ts';

const tokens = Number(process.env.SOAK_TOKENS ?? 1_000_000);
const rotations = Number(process.env.SOAK_ROTATIONS ?? 200_000);
const logins = 1000;
const aimMb = 250;
const origin = 'http://127.0.0.1:9999';
const mb = () => Math.round(process.memoryUsage().rss / 1e6);
const line = (what: string) => console.log(`${what.padEnd(44)} rss ${String(mb()).padStart(4)} MB`);

async function soakTokens(): Promise<void> {
  const engine = await createEngine({ profile: loadProfile('shakr'), recordLimit: 0 });
  const c = engine.demo.clients[0]!;
  const auth = `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
  const started = performance.now();
  const batch = 500;
  for (let done = 0; done < tokens; ) {
    const n = Math.min(batch, tokens - done);
    const answers = await Promise.all(
      Array.from({ length: n }, () => engine.handle(new Request(`${origin}/oauth/token`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' }))),
    );
    for (const a of answers) if (a.status !== 200) throw new Error(`token request answered ${a.status}: ${await a.text()}`);
    done += n;
    if (done % 200_000 === 0 || done === tokens) line(`shakr tokens issued: ${done.toLocaleString('en')}`);
  }
  const s = await engine.store.stats();
  console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s; store holds ${s.families} families, ${s.revokedTokens} revocations (the tokens verify by their seal)`);
}

async function soakRotations(): Promise<void> {
  // ES256: the soak is about memory; RSA signing would only make it longer.
  const engine = await createEngine({ profile: loadProfile('api-video'), recordLimit: 0, alg: 'ES256' });
  const key = engine.demo.apiKeys[0]!.key;
  const post = (path: string, body: unknown) => engine.handle(new Request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const started = performance.now();
  // A login every `perLogin` rotations: a new login of the key voids the chain before it (seed 004),
  // so families come and go as in real use.
  const perLogin = Math.max(1, Math.floor(rotations / logins));
  let token = '';
  for (let done = 0; done < rotations; done++) {
    if (done % perLogin === 0) {
      const r = await post('/auth/api-key', { apiKey: key });
      token = String(((await r.json()) as { refresh_token: string }).refresh_token);
    }
    const r = await post('/auth/refresh', { refreshToken: token });
    if (r.status !== 200) throw new Error(`refresh answered ${r.status}: ${await r.text()}`);
    token = String(((await r.json()) as { refresh_token: string }).refresh_token);
    if ((done + 1) % 50_000 === 0 || done + 1 === rotations) line(`api.video rotations: ${(done + 1).toLocaleString('en')}`);
  }
  const s = await engine.store.stats();
  console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s; store holds ${s.families} families (one per login whose refresh token is alive), ${s.revokedFamilies} revoked logins`);
}

line('start');
await soakTokens();
await soakRotations();
const end = mb();
console.log(`end: rss ${end} MB; aim ≤ ${aimMb} MB: ${end <= aimMb ? 'met' : 'MISSED'}`);
process.exitCode = end <= aimMb ? 0 : 1;
