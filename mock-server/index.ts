// Programmatic API: `const mock = await startMockServer({ profile: 'shield', port: 0 })`.
import { loadProfile } from '../lib/profiles.ts';
import type { ResolvedProfile } from '../lib/resolved-profile.ts';
import type { Admin } from './engine/admin/admin.ts';
import { createEngine, defaultAlgFor, type CredentialOverrides, type Engine, type EngineOptions } from './engine/index.ts';
import { exportPrivateJwk, generateSigningKey, importSigningKey } from './engine/tokens/keys.ts';
import { loadSigningKey } from './engine/tokens/keys-file.ts';
import type { SigningAlg } from './engine/tokens/keys.ts';
import { serveNode } from './node.ts';
import { dashboardScriptLoader } from './dashboard-script.ts';
import { openFileStore } from './store/file.ts';
import { ConfigError } from '../lib/config-error.ts';

export interface MockServerOptions extends Omit<EngineOptions, 'profile'> {
  /** A built-in profile id, a profile file path, or a loaded profile. */
  profile: string | ResolvedProfile;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A JWK file (private key) to sign with, so several instances can share one. */
  keys?: string;
  /** A state file kept across restarts (created if missing; one not written by us is refused). */
  state?: string;
  /** `redis://HOST:PORT/DB`: state in Redis, shared by every mock pointed at it (with one `--keys`). */
  redis?: string;
}

export interface MockServer {
  url: string;
  engine: Engine;
  admin: Admin;
  profile: ResolvedProfile;
  close(): Promise<void>;
}

export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const profile = typeof options.profile === 'string' ? loadProfile(options.profile) : options.profile;
  const key = options.key ?? (options.keys ? await loadSigningKey(options.keys, options.alg) : undefined);
  if (options.state && options.redis) throw new ConfigError([{ file: '--state/--store', pointer: '/', expected: 'one store: a state file or Redis', found: 'both' }]);
  // A store we open here is ours to close; one passed in stays the caller's.
  const file = options.state ? await openFileStore(options.state) : undefined;
  const own = file ?? (options.redis ? await (await import('./store/redis.ts')).openRedisStore(options.redis, profile.id) : undefined);
  try {
    // A state file without --keys keeps the key too: tokens issued before a restart verify after it.
    let signing = key;
    if (!signing && file) {
      const saved = file.signingKey();
      signing = saved ? await importSigningKey(saved, options.state!, options.alg) : await generateSigningKey(options.alg ?? defaultAlgFor(profile));
      const jwk = await exportPrivateJwk(signing);
      if (!saved && jwk.kty && jwk.d) file.keepSigningKey({ ...jwk, kty: jwk.kty, d: jwk.d });
    }
    const engine = await createEngine({ dashboardScript: dashboardScriptLoader(), ...options, profile, ...(signing ? { key: signing } : {}), ...(own ? { store: own } : {}) });
    const server = await serveNode(engine, { port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    return {
      url: server.url,
      engine,
      admin: engine.admin,
      profile,
      close: async () => {
        await server.close();
        await own?.close();
      },
    };
  } catch (e) {
    await own?.close();
    throw e;
  }
}

export { createEngine, type CredentialOverrides, type Engine, type EngineOptions, type SigningAlg };
export { generateSigningKey, exportPrivateJwk, importSigningKey, signingAlgs, type SigningKey } from './engine/tokens/keys.ts';
export { demoClientKeys, demoData, defaultAlgFor } from './engine/index.ts';
export { defectNames, isDefectName, type DefectName } from './engine/core/defects.ts';
export type { RecordedExchange } from './engine/admin/recorder.ts';
export type { IdTokenSpoil } from './engine/tokens/id-token.ts';
export { ListenError } from './node.ts';
export { loadSigningKey } from './engine/tokens/keys-file.ts';
export { createMemoryStore } from './store/memory.ts';
export { openFileStore } from './store/file.ts';
export type { Store, StoreStats } from './store/store.ts';
export type { McpSdkModules } from './engine/mcp/mcp-sdk.ts';
/** A Redis store (loads ioredis only when called). */
export async function openRedisStore(url: string, namespace: string): Promise<import('./store/store.ts').Store> {
  return (await import('./store/redis.ts')).openRedisStore(url, namespace);
}
export { fingerprint } from '../lib/redact.ts';
export { loadProfile, resolveProfile, builtinProfileIds } from '../lib/profiles.ts';
export { ConfigError, type FileIssue } from '../lib/config-error.ts';
export type { ResolvedProfile } from '../lib/resolved-profile.ts';
export type { Profile, Target, ConformanceReport } from '../generated/types/index.ts';
