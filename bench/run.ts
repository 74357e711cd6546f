// `npm run bench`: one run, side by side, on this machine. A bare node:http baseline, this mock and
// oauth2-mock-server (the peer) are each started in their own process and loaded with autocannon.
// Ratios are against the baseline and the peer of the same run; absolute numbers vary by machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { redisMissing, startRedis } from '../test/redis-server.ts';

const duration = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const here = fileURLToPath(new URL('./servers/', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

interface Started {
  url: string;
  readyMs: number;
  child: ChildProcess;
}

function start(script: string, ...args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [tsx, `${here}${script}`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /READY (\S+) ([\d.]+)/.exec(out);
      if (m) resolve({ url: m[1]!, readyMs: Number(m[2]), child });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}: ${out}`)));
  });
}

interface Load {
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** A header value per request (DPoP proofs are used once): taken from a pool made before the run. */
  each?: { header: string; values: () => string[] };
}

interface Measured {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, l: Load): Promise<Measured> {
  const base = { url: url + l.path, method: l.method ?? 'GET', headers: l.headers ?? {}, ...(l.body ? { body: l.body } : {}), connections, pipelining: 1 };
  const withEach = (): typeof base & { requests?: unknown[] } => {
    if (!l.each) return base;
    const values = l.each.values();
    let i = 0;
    const { header } = l.each;
    return { ...base, requests: [{ setupRequest: (req: { headers: Record<string, string> }) => ({ ...req, headers: { ...req.headers, [header]: values[i++ % values.length]! } }) }] };
  };
  await autocannon({ ...withEach(), duration: 1 } as autocannon.Options); // warm-up: JIT, key caches
  const r = await autocannon({ ...withEach(), duration } as autocannon.Options);
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

const basic = (id: string, s: string) => `Basic ${Buffer.from(`${id}:${s}`).toString('base64')}`;
const ccBody = 'grant_type=client_credentials';
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const ourToken: Load = { path: '/token', method: 'POST', headers: { ...form, authorization: basic('oauth21-demo-client', 'oauth21-demo-secret') }, body: ccBody };
const peerToken: Load = { path: '/token', method: 'POST', headers: { ...form, authorization: basic('client', 'secret') }, body: ccBody };

type Row = { name: string; m: Measured; readyMs?: number };

// One key for every proof; each proof has its own jti (RFC 9449 §11.1: a proof is used once).
const proofKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const proofJwk = { ...proofKey.publicKey.export({ format: 'jwk' }) };
const proofsPerRun = (duration + 1) * 15_000;

/** Proofs for `count` requests to one URI, signed now with node:crypto (synchronous, faster than a JWS library). */
function proofPool(htm: string, htu: string, accessToken?: string, count = proofsPerRun): string[] {
  const header = Buffer.from(JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk: proofJwk })).toString('base64url');
  const ath = accessToken ? createHash('sha256').update(accessToken).digest('base64url') : undefined;
  const iat = Math.floor(Date.now() / 1000);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const payload = Buffer.from(JSON.stringify({ jti: `${i}-${randomUUID()}`, htm, htu, iat, ...(ath ? { ath } : {}) })).toString('base64url');
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: proofKey.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    out.push(`${header}.${payload}.${signature}`);
  }
  return out;
}
const rows: Row[] = [];

/** The CLI itself (`oauth-conformance mock …`), for the store and --workers rows; ready = spawn to URL printed. */
function startCli(...args: string[]): Promise<Started> {
  const t0 = performance.now();
  const bin = fileURLToPath(new URL('../bin/oauth-conformance.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'mock', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready at (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, readyMs: performance.now() - t0, child });
    });
    child.on('exit', (code) => reject(new Error(`mock ${args.join(' ')} exited ${code}: ${out}`)));
  });
}

async function measure(name: string, script: string | (() => Promise<Started>), args: string[], l: Load | ((s: Started) => Promise<Load>)): Promise<Row> {
  const s = typeof script === 'string' ? await start(script, ...args) : await script();
  try {
    const m = await load(s.url, typeof l === 'function' ? await l(s) : l);
    const row = { name, m, readyMs: s.readyMs };
    rows.push(row);
    process.stderr.write(`${name}: ${m.rps.toFixed(0)} req/s, p99 ${m.p99} ms${m.non2xx || m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ''}\n`);
    return row;
  } finally {
    s.child.kill();
  }
}

async function cliReady(): Promise<number> {
  const t0 = performance.now();
  const bin = fileURLToPath(new URL('../bin/oauth-conformance.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'mock', '--profile', 'oauth21', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => (/ready at/.test(String(d)) ? resolve() : undefined)));
  const ms = performance.now() - t0;
  child.kill();
  return ms;
}

const base = await measure('baseline node:http fixed JSON', 'baseline.ts', [], { path: '/', method: 'POST', headers: form, body: ccBody });
const floor = await measure('floor: node:http + Request/Response objects', 'fetch-floor.ts', [], { path: '/api/resource', headers: { authorization: 'Bearer x' } });
const signFloor = await measure('floor: node:http + one ES256 signature', 'sign-floor.ts', [], { path: '/token', method: 'POST', headers: form, body: ccBody });
const rs = await measure('ours: token, RS256', 'ours.ts', ['RS256'], ourToken);
const es = await measure('ours: token, ES256', 'ours.ts', ['ES256'], ourToken);
const res = await measure('ours: protected resource', 'ours.ts', ['ES256'], async (s) => {
  const r = await fetch(`${s.url}/token`, { method: 'POST', headers: ourToken.headers!, body: ccBody });
  const { access_token } = (await r.json()) as { access_token: string };
  return { path: '/api/resource', headers: { authorization: `Bearer ${access_token}` } };
});
// RFC 9449: the same profile (DPoP optional, no nonce) with and without a proof, so only the proof differs.
const dpopProfile = fileURLToPath(new URL('./servers/oauth21-dpop.profile.json', import.meta.url));
const plainOnDpop = await measure('ours: token, ES256, no proof (DPoP profile)', 'ours.ts', ['ES256', dpopProfile], ourToken);
const proofed = await measure('ours: token, ES256, with a DPoP proof', 'ours.ts', ['ES256', dpopProfile], async (s) => ({ ...ourToken, each: { header: 'dpop', values: () => proofPool('POST', `${s.url}/token`) } }));
const bearerOnDpop = await measure('ours: protected resource, Bearer (DPoP profile)', 'ours.ts', ['ES256', dpopProfile], async (s) => {
  const r = await fetch(`${s.url}/token`, { method: 'POST', headers: ourToken.headers!, body: ccBody });
  const { access_token } = (await r.json()) as { access_token: string };
  return { path: '/api/resource', headers: { authorization: `Bearer ${access_token}` } };
});
const dpopResource = await measure('ours: protected resource, DPoP-bound token and proof', 'ours.ts', ['ES256', dpopProfile], async (s) => {
  const r = await fetch(`${s.url}/token`, { method: 'POST', headers: { ...ourToken.headers!, dpop: proofPool('POST', `${s.url}/token`, undefined, 1)[0]! }, body: ccBody });
  const { access_token } = (await r.json()) as { access_token: string };
  return { path: '/api/resource', headers: { authorization: `DPoP ${access_token}` }, each: { header: 'dpop', values: () => proofPool('GET', `${s.url}/api/resource`, access_token) } };
});
const verifyFloor = await measure('floor: node:http + one ES256 proof verification', 'verify-floor.ts', [], async (s) => ({ path: '/api/resource', each: { header: 'dpop', values: () => proofPool('GET', `${s.url}/api/resource`) } }));
const peerRs = await measure('peer oauth2-mock-server: token, RS256', 'peer.ts', ['RS256'], peerToken);
const peerEs = await measure('peer oauth2-mock-server: token, ES256', 'peer.ts', ['ES256'], peerToken);
const cli = await cliReady();
// Scale-out: RS256 signing is CPU-bound, so a second process on the second core should show. Both
// rows use the Redis store, so the comparison is of processes alone.
const redisWhy = redisMissing();
let redisRows: { one: Row; two: Row } | undefined;
if (!redisWhy) {
  const redis = await startRedis();
  try {
    const one = await measure('ours: token, RS256, Redis store, 1 process', () => startCli('--profile', 'oauth21', '--alg', 'RS256', '--store', redis.url), [], ourToken);
    const two = await measure('ours: token, RS256, Redis store, --workers 2', () => startCli('--profile', 'oauth21', '--alg', 'RS256', '--store', redis.url, '--workers', '2'), [], ourToken);
    redisRows = { one, two };
  } finally {
    await redis.stop();
  }
}

const ratio = (a: Row, b: Row) => (a.m.rps / b.m.rps).toFixed(2);
const table = rows.map((r) => `| ${r.name} | ${r.m.rps.toFixed(0)} | ${r.m.p99} | ${ratio(r, base)}x | ${r.readyMs?.toFixed(0) ?? ''} |`);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
console.log(`\nbench: ${duration}s per run, ${connections} connections, node ${process.version}, one run\n`);
console.log('| server / scenario | req/s | p99 ms | vs baseline | ready ms |');
console.log('|---|---|---|---|---|');
console.log(table.join('\n'));
console.log(`\n- ES256 issuance vs baseline: ${ratio(es, base)}x (aim >= 0.35x: ${verdict(es.m.rps / base.m.rps >= 0.35)})`);
console.log(`- ES256 issuance vs the signing floor: ${ratio(es, signFloor)}x (the floor itself: ${ratio(signFloor, base)}x baseline; no issuer that signs each token can pass it)`);
console.log(`- RS256 issuance vs peer: ${ratio(rs, peerRs)}x (aim >= 2x: ${verdict(rs.m.rps / peerRs.m.rps >= 2)})`);
console.log(`- ES256 issuance vs peer: ${ratio(es, peerEs)}x`);
console.log(`- protected resource vs baseline: ${ratio(res, base)}x (aim >= 0.5x: ${verdict(res.m.rps / base.m.rps >= 0.5)}); vs the fetch-style floor: ${ratio(res, floor)}x (the floor itself: ${ratio(floor, base)}x)`);
console.log(`- ready (startMockServer to listening): ${rs.readyMs?.toFixed(0)} ms RS256, ${es.readyMs?.toFixed(0)} ms ES256 (aim <= 250 ms: ${verdict((rs.readyMs ?? 1e9) <= 250)}); peer ${peerRs.readyMs?.toFixed(0)} ms`);
console.log(`- CLI wall time, spawn to URL printed (node + tsx start included): ${cli.toFixed(0)} ms`);
console.log(`- token issuance with a DPoP proof vs without, same profile: ${ratio(proofed, plainOnDpop)}x (aim >= 0.6x: ${verdict(proofed.m.rps / plainOnDpop.m.rps >= 0.6)})`);
console.log(`- DPoP-protected resource vs Bearer, same profile: ${ratio(dpopResource, bearerOnDpop)}x (aim >= 0.7x: ${verdict(dpopResource.m.rps / bearerOnDpop.m.rps >= 0.7)}); vs the one-verification floor: ${ratio(dpopResource, verifyFloor)}x (the floor itself: ${ratio(verifyFloor, bearerOnDpop)}x the Bearer row, which verifies no signature per request)`);
console.log(`  (proofs are signed before each run, ${proofsPerRun} per run, so the load generator's signing is not in the measurement)`);
console.log(redisRows ? `- RS256 issuance, --workers 2 vs 1 process (both over Redis): ${ratio(redisRows.two, redisRows.one)}x on ${availableParallelism()} cores` : `- --workers over Redis: not measured (${redisWhy})`);
