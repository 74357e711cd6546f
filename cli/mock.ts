// `oauth-conformance mock`: serve a profile on node:http until SIGINT/SIGTERM.
import cluster from 'node:cluster';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasPrivateMembers } from '../lib/jwk.ts';
import { defaultAlgFor, defectNames, demoClientKeys, demoData, exportPrivateJwk, generateSigningKey, importSigningKey, isDefectName, ListenError, loadSigningKey, signingAlgs, startMockServer, type CredentialOverrides, type Engine, type SigningAlg } from '../mock-server/index.ts';
import { loadProfile } from '../lib/profiles.ts';
import type { ResolvedProfile } from '../lib/resolved-profile.ts';
import { parseFlags } from './args.ts';
import { UsageError } from './usage-error.ts';

export const mockHelp = `usage: oauth-conformance mock --profile NAME|FILE [options]

  --profile NAME|FILE   built-in profile id or profile file (required)
  --port N              port (default 0: a free one, shown in the printed URL)
  --host H              address to bind (default 127.0.0.1)
  --alg A               JWT signing algorithm: ${signingAlgs.join(', ')}
  --keys FILE           private JWK to sign with (share it between instances)
  --issuer URL          public base URL (issuer, metadata) behind a proxy or mapped port
  --client-id, --client-secret, --api-key, --username, --password
                        replace the profile's first demo credentials
                        (also OAUTH_MOCK_CLIENT_ID, OAUTH_MOCK_CLIENT_SECRET, OAUTH_MOCK_API_KEY,
                        OAUTH_MOCK_USERNAME, OAUTH_MOCK_PASSWORD)
  --defect NAME         switch on a deliberate defect (repeatable; for proving suites):
                        ${defectNames.join(', ')}
  --client-jwks FILE    your own client's public keys (a JWK Set) for the demo client that signs
                        private_key_jwt assertions: it then authenticates with your key, and the
                        mock makes no key for it
  --admin-token T       require T in x-admin-token for /__admin (also OAUTH_MOCK_ADMIN_TOKEN);
                        without it admin answers loopback peers only
  --state FILE          keep state (registered users and clients, refresh families, revocations)
                        in FILE across restarts; written atomically; a file not written by
                        oauth-conformance is refused and left as it is
  --store URL           redis://HOST:PORT/DB: keep state in Redis, shared by every mock using it
                        (give them one --keys file so each verifies the others' tokens)
  --allow-client-metadata-host HOST
                        fetch Client ID Metadata Documents from HOST too (repeatable; loopback
                        is always allowed, nothing else is: the fetch is a request the mock makes)
  --allow-origin ORIGIN
                        trust ORIGIN (scheme://host[:port]) at an MCP profile's endpoint too
                        (repeatable): MCP transports refuse a present, untrusted Origin with 403
                        (DNS rebinding), and CORS there names the trusted origins, never *
  --workers N           serve from N processes on one port over the shared store (needs --store;
                        the memory store and a state file live in one process, so N > 1 is refused)
`;

export async function runMock(argv: string[], out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const values = parseFlags(
    argv,
    {
      profile: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      alg: { type: 'string' },
      keys: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'api-key': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'admin-token': { type: 'string' },
      'client-jwks': { type: 'string' },
      defect: { type: 'string', multiple: true },
      state: { type: 'string' },
      store: { type: 'string' },
      workers: { type: 'string' },
      'allow-client-metadata-host': { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
    },
    mockHelp,
  );
  if (values.help) {
    out(mockHelp);
    return 0;
  }
  if (!values.profile) throw new UsageError(`--profile is required\n\n${mockHelp}`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number 0-65535, got "${values.port}"`);
  if (values.alg !== undefined && !(signingAlgs as readonly string[]).includes(values.alg)) throw new UsageError(`--alg must be one of ${signingAlgs.join(', ')}, got "${values.alg}"`);
  if (values.issuer !== undefined && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(values.issuer)) throw new UsageError(`--issuer must be an http(s) URL without query or fragment, got "${values.issuer}"`);
  const bad = (values.defect ?? []).filter((d) => !isDefectName(d));
  if (bad.length) throw new UsageError(`unknown --defect ${bad.join(', ')}; known: ${defectNames.join(', ')}`);
  const defectList = (values.defect ?? []).filter(isDefectName);
  const env = process.env;
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);
  const credentials = Object.fromEntries(
    Object.entries({
      clientId: pick(values['client-id'], 'OAUTH_MOCK_CLIENT_ID'),
      clientSecret: pick(values['client-secret'], 'OAUTH_MOCK_CLIENT_SECRET'),
      apiKey: pick(values['api-key'], 'OAUTH_MOCK_API_KEY'),
      username: pick(values.username, 'OAUTH_MOCK_USERNAME'),
      password: pick(values.password, 'OAUTH_MOCK_PASSWORD'),
    }).filter(([, v]) => v !== undefined),
  );
  if (values['client-jwks'] !== undefined) Object.assign(credentials, { clientJwks: readClientJwks(values['client-jwks']) });
  const adminToken = pick(values['admin-token'], 'OAUTH_MOCK_ADMIN_TOKEN');
  const host = values.host ?? '127.0.0.1';
  if (values.store !== undefined && !/^rediss?:\/\//.test(values.store)) throw new UsageError(`--store takes a redis://HOST:PORT/DB URL, got "${values.store.slice(0, 100)}"`);
  if (values.state !== undefined && values.store !== undefined) throw new UsageError('--state and --store are two places for one state: pick one');
  const workers = values.workers === undefined ? 1 : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers must be a whole number 1-64, got "${values.workers}"`);
  if (workers > 1 && values.store === undefined) {
    throw new UsageError(`--workers ${workers} needs a store the processes share (--store redis://HOST:PORT/DB): ${values.state !== undefined ? 'a state file is written by one process' : 'the memory store lives inside one process'}, so each worker would be a separate authorization server`);
  }
  const hosts = values['allow-client-metadata-host'] ?? [];
  const badHost = hosts.find((h) => !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(h));
  if (badHost !== undefined) throw new UsageError(`--allow-client-metadata-host takes a host name (host or host:port), got "${badHost}"`);
  const origins = values['allow-origin'] ?? [];
  const badOrigin = origins.find((o) => !isOrigin(o));
  if (badOrigin !== undefined) throw new UsageError(`--allow-origin takes an origin (scheme://host[:port], no path), got "${badOrigin}"`);
  if (workers > 1 && cluster.isPrimary) return runPrimary(workers, { ...values, ...(adminToken ? { adminToken } : {}) }, credentials, out, err);
  let mock;
  try {
    mock = await startMockServer({
      profile: values.profile,
      port,
      host,
      ...(values.alg ? { alg: values.alg as SigningAlg } : {}),
      ...(values.keys ? { keys: values.keys } : {}),
      ...(values.issuer ? { issuer: values.issuer } : {}),
      ...(adminToken ? { adminToken } : {}),
      credentials,
      defects: defectList,
      ...(hosts.length ? { clientMetadataHosts: hosts } : {}),
      ...(origins.length ? { allowOrigins: origins } : {}),
      ...(values.state ? { state: values.state } : {}),
      ...(values.store ? { redis: values.store } : {}),
      ...(cluster.isWorker && process.env[workerKeyVariable] ? { key: await importSigningKey(JSON.parse(process.env[workerKeyVariable]) as unknown, 'the primary process') } : {}),
      ...(cluster.isWorker && process.env[workerClientKeysVariable] ? { clientKeys: JSON.parse(process.env[workerClientKeysVariable]) as Record<string, Record<string, unknown>> } : {}),
    });
  } catch (e) {
    if (e instanceof ListenError) throw new UsageError(e.message);
    throw e;
  }
  if (cluster.isWorker) {
    // Stop handlers go in before the worker says it listens: once told, the primary may stop it.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      process.once('disconnect', resolve);
    });
    // The primary prints the banner once; a worker only says it listens.
    process.send?.({ ready: mock.url });
    await stopped;
    // Connections still open get a few seconds; the IPC channel to the primary would keep the
    // process alive, so it leaves explicitly once its state is written.
    await Promise.race([mock.close(), new Promise((r) => setTimeout(r, 5000).unref())]);
    process.exit(0);
  }
  const publicUrl = (values.issuer ?? mock.url).replace(/\/$/, '');
  const keyFiles = await writeClientKeys(mock.profile, mock.engine.demo);
  // Whoever reads the banner may stop the mock at once: without a handler in place by then, SIGTERM
  // would end the process outright and leave the key files behind.
  const stopped = stopSignal();
  out(banner(mock.profile, mock.engine.demo, publicUrl, adminToken, defectList, mock.engine.store.description, mock.url, keyFiles.files).join('\n'));
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost' && !adminToken) err('note: bound beyond loopback; admin still answers loopback peers only (set --admin-token to open it)');
  await stopped;
  // The keys go first: nothing the mock wrote may outlive it, whatever closing the server waits for.
  await keyFiles.remove();
  await mock.close();
  out('mock stopped');
  return 0;
}

/** Resolves on the first SIGINT or SIGTERM; from the call on, neither ends the process by default. */
function stopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/**
 * `--client-jwks FILE`: a JWK Set of public keys. Private members are refused, not dropped: a file
 * holding a private key is the wrong file to hand a server.
 */
function readClientJwks(file: string): { keys: Record<string, unknown>[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--client-jwks ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError(`--client-jwks ${file}: not JSON; give a JWK Set, {"keys": [...]} (RFC 7517 §5)`);
  }
  const keys = v && typeof v === 'object' && Array.isArray((v as { keys?: unknown }).keys) ? ((v as { keys: unknown[] }).keys) : undefined;
  if (!keys || keys.length === 0) throw new UsageError(`--client-jwks ${file}: /keys must be a non-empty array of JWKs (RFC 7517 §5)`);
  keys.forEach((k, i) => {
    if (!k || typeof k !== 'object' || typeof (k as { kty?: unknown }).kty !== 'string') throw new UsageError(`--client-jwks ${file}: /keys/${i} must be a JWK with a kty (RFC 7517 §4.1)`);
    if (hasPrivateMembers(k)) throw new UsageError(`--client-jwks ${file}: /keys/${i} holds private key material; give the public keys only (your client keeps its private key)`);
  });
  return { keys: keys as Record<string, unknown>[] };
}

/**
 * The private keys the mock made for demo clients (`demoKey`), each in a file of mode 0600 in a new
 * directory of mode 0700, which the banner names; removed when the mock stops (the mock made them).
 */
async function writeClientKeys(p: ResolvedProfile, demo: Engine['demo']): Promise<{ files: Record<string, string>; remove: () => Promise<void> }> {
  const made = demo.clients.filter((c) => c.privateJwk && p.mock.clients.some((pc) => pc.clientId === c.clientId && pc.demoKey && !pc.privateJwk));
  if (!made.length) return { files: {}, remove: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'oauth-conformance-keys-'));
  const files: Record<string, string> = {};
  for (const c of made) {
    const file = join(dir, `${c.clientId.replace(/[^A-Za-z0-9._-]/g, '_')}.private.jwk.json`);
    await writeFile(file, `${JSON.stringify(c.privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    files[c.clientId] = file;
  }
  // And should the process end another way (an uncaught error, process.exit), the files go with it.
  const sweep = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', sweep);
  return {
    files,
    remove: async () => {
      process.off('exit', sweep);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function banner(p: ResolvedProfile, demo: Engine['demo'], publicUrl: string, adminToken: string | undefined, defectList: readonly string[], store: string, listening: string, keyFiles: Record<string, string> = {}): string[] {
  const lines = [`mock ${p.id} (${p.title}) ready at ${publicUrl}`];
  if (listening.replace(/\/$/, '') !== publicUrl) lines.push(`  listening on ${listening.replace(/\/$/, '')}`);
  const shortNames: Record<string, string> = { clientRegistration: 'register', deviceAuthorization: 'device' };
  for (const [name, ep] of Object.entries(p.endpoints)) if (ep) lines.push(`  ${(shortNames[name] ?? name).padEnd(10)} ${publicUrl}${p.basePath}${ep.path}`);
  if (p.deviceAuthorization) lines.push(`  verify     ${publicUrl}${p.basePath}${p.deviceAuthorization.verificationPath}  (RFC 8628 verification page)`);
  if (p.protectedResource) {
    const id = `${publicUrl}${p.basePath}${p.protectedResource.path}`;
    if (p.mcp) lines.push(`  mcp        ${id}  (MCP ${p.mcp.revision}; scope ${p.protectedResource.scopesSupported?.join(' ') ?? 'none'})`);
    lines.push(`  prm        ${new URL(id).origin}/.well-known/oauth-protected-resource${new URL(id).pathname}  (RFC 9728)`);
  }
  for (const r of p.resources) lines.push(`  resource   ${(r.method ?? 'GET').padEnd(6)} ${publicUrl}${p.basePath}${r.path}${r.scopes?.length ? `  (scope ${r.scopes.join(' ')})` : ''}`);
  // Demo credentials are printed on purpose: they are public fixtures a developer logs in with.
  const how = (c: Engine['demo']['clients'][number]) =>
    c.clientSecret ? ` / ${c.clientSecret}` : keyFiles[c.clientId] ? `  (private_key_jwt; its private key, made at start: ${keyFiles[c.clientId]})` : c.privateJwk ? `  (private_key_jwt; its demo key: mock.clients in ${p.file})` : c.jwks || c.jwksUri ? '  (private_key_jwt; your keys)' : ' (public)';
  for (const c of demo.clients) lines.push(`  client     ${c.clientId}${how(c)}${c.grants ? `  grants: ${c.grants.join(', ')}` : ''}`);
  for (const u of demo.users) lines.push(`  user       ${u.username} / ${u.password}`);
  for (const k of demo.apiKeys) lines.push(`  api key    ${k.key}`);
  // RFC 7523: a demo issuer's key, so a developer can sign an assertion the mock trusts.
  for (const k of p.mock.assertionKeys ?? []) lines.push(`  assertion  iss ${k.issuer}  sub ${k.subject}  (its private JWK: mock.assertionKeys in ${p.file})`);
  if (defectList.length) lines.push(`  DEFECTS    ${defectList.join(', ')} (deliberately non-conformant)`);
  lines.push(`  admin      ${publicUrl}/__admin${adminToken ? ' (x-admin-token required)' : ' (loopback only)'}`);
  lines.push(`  dashboard  ${publicUrl}/__admin/ui  (traffic, decoded tokens, clock, faults, clients, users)`);
  lines.push(`  state      ${store}`);
  return lines;
}

const workerKeyVariable = 'OAUTH_CONFORMANCE_WORKER_KEY';
const workerClientKeysVariable = 'OAUTH_CONFORMANCE_WORKER_CLIENT_KEYS';

/**
 * `--workers N`: N processes share one listening port (node:cluster) and one store. Every worker
 * signs with one key, the --keys file's or one made here and handed over in the worker's environment
 * (never on a command line, which other users of the machine can read).
 */
async function runPrimary(workers: number, values: { profile?: string; keys?: string; alg?: string; issuer?: string; adminToken?: string; defect?: string[]; store?: string }, credentials: CredentialOverrides, out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const profile = loadProfile(values.profile!);
  const alg = values.alg as SigningAlg | undefined;
  const key = values.keys ? await loadSigningKey(values.keys, alg) : await generateSigningKey(alg ?? defaultAlgFor(profile));
  // Every worker signs, and knows the demo clients' keys, as one server: the primary makes them once.
  const clientKeys = await demoClientKeys(profile, credentials);
  const env = { [workerKeyVariable]: JSON.stringify(await exportPrivateJwk(key)), [workerClientKeysVariable]: JSON.stringify(clientKeys) };
  const started = Array.from({ length: workers }, () => cluster.fork(env));
  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      let ready = 0;
      for (const w of started) {
        w.once('exit', (code) => reject(new UsageError(`a worker stopped before it was ready (exit ${code}); run without --workers to see why`)));
        w.on('message', (m: { ready?: string }) => {
          if (m.ready && ++ready === workers) resolve(m.ready);
        });
      }
    });
  } catch (e) {
    for (const w of started) w.process.kill();
    throw e;
  }
  for (const w of started) w.removeAllListeners('exit');
  const publicUrl = (values.issuer ?? url).replace(/\/$/, '');
  const demo = demoData(profile, credentials, clientKeys);
  const keyFiles = await writeClientKeys(profile, demo);
  const lines = banner(profile, demo, publicUrl, values.adminToken, values.defect ?? [], `redis ${values.store!.replace(/\/\/[^@/]*@/, '//')}`, url, keyFiles.files);
  lines.push(`  workers    ${workers} processes (admin clock, faults and recordings are per process)`);
  const stopped = stopSignal();
  out(lines.join('\n'));
  cluster.on('exit', (w, code, signal) => {
    if (!stopping) err(`worker ${w.process.pid} stopped (${signal ?? `exit ${code}`}); the others keep serving`);
  });
  let stopping = false;
  await stopped;
  stopping = true;
  await Promise.all(
    Object.values(cluster.workers ?? {}).map(
      (w) =>
        new Promise<void>((resolve) => {
          if (!w || w.isDead()) return resolve();
          const force = setTimeout(() => w.process.kill('SIGKILL'), 10_000);
          w.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          w.process.kill('SIGTERM');
        }),
    ),
  );
  await keyFiles.remove();
  out('mock stopped');
  return 0;
}

/** An origin as a browser sends it (RFC 6454 §6.1): scheme, host and port, nothing after. */
function isOrigin(o: string): boolean {
  try {
    return new URL(o).origin === o;
  } catch {
    return false;
  }
}
