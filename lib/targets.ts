// Loading targets: validate, resolve the profile relative to the target file, read secrets from the
// environment. A missing variable is named with the field that wanted it.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Target } from '../generated/types/index.ts';
import { ConfigError, type FileIssue } from './config-error.ts';
import { readJsonFile } from './json-file.ts';
import { loadProfile } from './profiles.ts';
import type { ResolvedProfile } from './resolved-profile.ts';
import { validate } from './validator.ts';

type SecretRef = string | { env: string };
type CredentialName = keyof NonNullable<Target['credentials']>;

export interface ResolvedTarget {
  file: string;
  target: Target;
  profile: ResolvedProfile;
  credentials: Partial<Record<CredentialName, string>>;
  expiredAccessToken?: string;
  /** Absolute path of the client adapter module (`kind: client`). */
  adapter?: string;
  /** Environment variables the target reads its secrets from. */
  secretEnv: string[];
}

/** `secrets: false` checks the target's shape without reading its secrets (they stay unset). */
export function loadTarget(file: string, env: NodeJS.ProcessEnv = process.env, o: { secrets?: boolean } = {}): ResolvedTarget {
  const abs = resolve(file);
  const raw = readJsonFile(abs);
  const issues = validate('target', raw);
  if (issues.length) throw new ConfigError(issues.map((i) => ({ file: abs, ...i })));
  const target = raw as Target;
  const missing: FileIssue[] = [];
  const secretEnv: string[] = [];
  const read = (ref: SecretRef | undefined, pointer: string): string | undefined => {
    if (ref === undefined) return undefined;
    if (typeof ref === 'string') return ref;
    secretEnv.push(ref.env);
    if (o.secrets === false) return undefined;
    const v = env[ref.env];
    if (v === undefined || v === '') missing.push({ file: abs, pointer, expected: `environment variable ${ref.env} to be set`, found: 'it unset or empty' });
    return v;
  };
  const credentials: ResolvedTarget['credentials'] = {};
  for (const [k, ref] of Object.entries(target.credentials ?? {}) as [CredentialName, SecretRef][]) {
    const v = read(ref, `/credentials/${k}`);
    if (v !== undefined) credentials[k] = v;
  }
  const expiredAccessToken = read(target.expiredAccessToken, '/expiredAccessToken');
  if (missing.length) throw new ConfigError(missing);
  const adapter = target.adapter ? resolve(dirname(abs), target.adapter) : undefined;
  if (adapter && !existsSync(adapter)) throw new ConfigError([{ file: abs, pointer: '/adapter', expected: 'the path of the client adapter module, relative to the target file', found: `no file ${adapter}` }]);
  const profile = loadProfile(target.profile, dirname(abs));
  return {
    file: abs,
    target,
    profile,
    credentials,
    ...(expiredAccessToken ? { expiredAccessToken } : {}),
    ...(adapter ? { adapter } : {}),
    secretEnv,
  };
}
