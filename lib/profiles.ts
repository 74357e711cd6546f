// Loading profiles on Node: a built-in id or a file, `extends` naming either. The resolving itself
// (schema, merge, defaults, rules) is profile-resolve.ts, shared with the browser.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../generated/types/index.ts';
import { builtinProfileIds, isBuiltinProfileId } from './builtin-profiles.ts';
import { ConfigError } from './config-error.ts';
import { readJsonFile } from './json-file.ts';
import { resolveProfileDocument, type BaseReader } from './profile-resolve.ts';
import type { ResolvedProfile } from './resolved-profile.ts';

export { builtinProfileIds } from './builtin-profiles.ts';

export const specsDir = fileURLToPath(new URL('../specs/', import.meta.url));

/** A built-in id (`shield`) or a path; paths resolve against `baseDir`. */
export function profileFile(ref: string, baseDir = process.cwd()): string {
  if (isBuiltinProfileId(ref)) return `${specsDir}${ref}.json`;
  return isAbsolute(ref) ? ref : resolve(baseDir, ref);
}

const fileBases: BaseReader = (ref, baseDir) => {
  const file = profileFile(ref, baseDir);
  return existsSync(file) ? { raw: readJsonFile(file), source: file, baseDir: dirname(file) } : undefined;
};

export function loadProfile(ref: string, baseDir?: string): ResolvedProfile {
  const file = profileFile(ref, baseDir);
  if (!existsSync(file)) {
    throw new ConfigError([{ file: ref, pointer: '/', expected: `a built-in profile (${builtinProfileIds().join(', ')}) or a profile file`, found: `no built-in profile of that name and no file ${file}` }]);
  }
  return resolveProfileDocument(readJsonFile(file), file, fileBases, dirname(file));
}

/** A profile given as an object (e.g. imported JSON); its `extends` may name a built-in profile or a path. */
export function resolveProfile(profile: Profile, label = `<profile ${String((profile as { id?: unknown }).id ?? 'object')}>`): ResolvedProfile {
  return resolveProfileDocument(profile, label, fileBases, process.cwd());
}
