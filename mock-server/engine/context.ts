// What every flow receives: the profile and the engine's state. Flows read time only from `clock`.
import type { Client, User } from '../../generated/types/index.ts';
import type { ResolvedProfile } from '../../lib/resolved-profile.ts';
import type { Clock } from './clock.ts';
import type { SigningKey } from './keys.ts';
import type { Store } from './store.ts';

export interface ApiKeyEntry {
  key: string;
  subject: string;
}

export interface EngineContext {
  profile: ResolvedProfile;
  clock: Clock;
  store: Store;
  key: SigningKey;
  clients: Map<string, Client>;
  apiKeys: ApiKeyEntry[];
  /** Issuer URL for a request: the configured one, else the request's origin plus basePath. */
  issuer(request: Request): string;
  /** Where the engine is served (set by the transport once it listens), for minting outside a request. */
  origin(): string;
  /** Lifetime of authorization codes, seconds. */
  codeLifetime: number;
  /** Demo users as configured (registered users live in the store). */
  configuredUsers: User[];
}

export function randomToken(bytes = 32): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Buffer.from(buf).toString('base64url');
}
