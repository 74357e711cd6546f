// Loading profiles: read, validate against the schema, follow `extends`, merge, apply defaults, check
// that the parts fit. Every failure is a ConfigError naming file, JSON pointer, expected and found.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../generated/types/index.ts';
import { ConfigError } from './config-error.ts';
import { readJsonFile } from './json-file.ts';
import { profileRuleIssues } from './profile-rules.ts';
import { applyDefaults, type ResolvedProfile } from './resolved-profile.ts';
import { validate } from './validator.ts';

export const specsDir = fileURLToPath(new URL('../specs/', import.meta.url));

export function builtinProfileIds(): string[] {
  return readdirSync(specsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** A built-in id (`shield`) or a path; paths resolve against `baseDir`. */
export function profileFile(ref: string, baseDir = process.cwd()): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(ref) && existsSync(`${specsDir}${ref}.json`)) return `${specsDir}${ref}.json`;
  return isAbsolute(ref) ? ref : resolve(baseDir, ref);
}

export function loadProfile(ref: string, baseDir?: string): ResolvedProfile {
  const file = profileFile(ref, baseDir);
  const merged = readWithBases(file, []);
  const profile = applyDefaults(merged, file);
  const issues = profileRuleIssues(profile);
  if (issues.length) throw new ConfigError(issues.map((i) => ({ file, ...i })));
  return profile;
}

/** A profile given as an object (e.g. imported JSON); its `extends` may name a built-in profile or a path. */
export function resolveProfile(profile: Profile, label = `<profile ${String((profile as { id?: unknown }).id ?? 'object')}>`): ResolvedProfile {
  const merged = withBases(profile, label, [], process.cwd());
  const resolved = applyDefaults(merged, label);
  const issues = profileRuleIssues(resolved);
  if (issues.length) throw new ConfigError(issues.map((i) => ({ file: label, ...i })));
  return resolved;
}

function readWithBases(file: string, chain: string[]): Profile {
  return withBases(readJsonFile(file), file, chain, dirname(file));
}

function withBases(raw: unknown, file: string, chain: string[], baseDir: string): Profile {
  if (chain.includes(file)) {
    throw new ConfigError([{ file, pointer: '/extends', expected: 'a chain of bases without a cycle', found: `cycle ${[...chain, file].join(' -> ')}` }]);
  }
  const extending = typeof raw === 'object' && raw !== null && 'extends' in raw;
  // A profile that extends another may leave out required fields inside an object it only partly
  // overrides; the merged whole is validated in full below.
  const issues = validate('profile', raw).filter((i) => !(extending && i.found === 'nothing' && i.pointer.split('/').length > 2));
  if (issues.length) throw new ConfigError(issues.map((i) => ({ file, ...i })));
  const own = raw as Profile;
  if (!own.extends) return own;
  const baseFile = profileFile(own.extends, baseDir);
  if (!existsSync(baseFile)) {
    throw new ConfigError([{ file, pointer: '/extends', expected: `a built-in profile (${builtinProfileIds().join(', ')}) or an existing file`, found: `"${own.extends}"` }]);
  }
  const base = readWithBases(baseFile, [...chain, file]);
  const { extends: _ignored, $schema: _s, ...rest } = own;
  const { extends: _e, $schema: _b, ...baseRest } = base;
  const merged = mergeDeep(baseRest, rest);
  const mergedIssues = validate('profile', merged);
  if (mergedIssues.length) throw new ConfigError(mergedIssues.map((i) => ({ file, ...i, pointer: `${i.pointer} (after extends)` })));
  return merged as Profile;
}

/** Objects merge key by key; arrays and scalars of the overriding side replace the base's. */
export function mergeDeep(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeDeep(base[k], v) : v;
    return out;
  }
  return over === undefined ? base : over;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
