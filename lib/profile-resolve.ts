// Resolving a profile document: validate against the schema, follow `extends`, merge, apply defaults,
// check that the parts fit. No file system here (profiles.ts adds files on Node), so the browser
// resolves built-in ids and objects with the same code. Every failure is a ConfigError naming
// source, JSON pointer, expected and found.
import type { Profile } from '../generated/types/index.ts';
import { builtinProfileIds, builtinProfiles, isBuiltinProfileId } from './builtin-profiles.ts';
import { ConfigError } from './config-error.ts';
import { profileRuleIssues } from './profile-rules.ts';
import { applyDefaults, type ResolvedProfile } from './resolved-profile.ts';
import { validate } from './validator.ts';

/** A base named by `extends`: its raw document and the source it came from (a file or `builtin:id`). */
export interface BaseDocument {
  raw: unknown;
  source: string;
  /** Where the base's own `extends` resolves relative paths from. */
  baseDir: string;
}

/** Finds what `extends` names; undefined when nothing by that name exists. */
export type BaseReader = (ref: string, baseDir: string) => BaseDocument | undefined;

export const builtinBases: BaseReader = (ref) => (isBuiltinProfileId(ref) ? { raw: builtinProfiles[ref], source: `builtin:${ref}`, baseDir: '' } : undefined);

/** A profile document (e.g. imported JSON) resolved in full; `extends` goes through `readBase`. */
export function resolveProfileDocument(raw: unknown, source: string, readBase: BaseReader = builtinBases, baseDir = ''): ResolvedProfile {
  const merged = withBases(raw, source, [], baseDir, readBase);
  const resolved = applyDefaults(merged, source);
  const issues = profileRuleIssues(resolved);
  if (issues.length) throw new ConfigError(issues.map((i) => ({ file: source, ...i })));
  return resolved;
}

function withBases(raw: unknown, source: string, chain: string[], baseDir: string, readBase: BaseReader): Profile {
  if (chain.includes(source)) {
    throw new ConfigError([{ file: source, pointer: '/extends', expected: 'a chain of bases without a cycle', found: `cycle ${[...chain, source].join(' -> ')}` }]);
  }
  const extending = typeof raw === 'object' && raw !== null && 'extends' in raw;
  // A profile that extends another may leave out required fields inside an object it only partly
  // overrides, remove inherited fields with null, and name grants by type and rules by id (null
  // removes an inherited one); the merged whole is validated in full below.
  const issues = validate('profile', extending ? asOverride(raw) : raw).filter((i) => !(extending && i.found === 'nothing' && i.pointer.split('/').length > 2));
  if (issues.length) throw new ConfigError(issues.map((i) => ({ file: source, ...i })));
  const own = raw as Profile;
  if (!own.extends) return own;
  const baseDoc = readBase(own.extends, baseDir);
  if (!baseDoc) {
    throw new ConfigError([{ file: source, pointer: '/extends', expected: `a built-in profile (${builtinProfileIds().join(', ')}) or an existing file`, found: `"${own.extends}"` }]);
  }
  const base = withBases(baseDoc.raw, baseDoc.source, [...chain, source], baseDoc.baseDir, readBase);
  const { extends: _ignored, $schema: _s, ...rest } = own;
  const { extends: _e, $schema: _b, ...baseRest } = base;
  const merged = mergeDeep(baseRest, {
    ...rest,
    ...(isPlainObject(rest.grants) ? { grants: mergeGrants(baseRest.grants ?? [], rest.grants) } : {}),
    ...(isPlainObject(rest.rules) ? { rules: mergeRules(baseRest.rules ?? [], rest.rules) } : {}),
  });
  const mergedIssues = validate('profile', merged);
  if (mergedIssues.length) throw new ConfigError(mergedIssues.map((i) => ({ file: source, ...i, pointer: `${i.pointer} (after extends)` })));
  return merged as Profile;
}

/** Objects merge key by key (null removes the key); arrays and scalars of the overriding side replace the base's. */
export function mergeDeep(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
      if (v === null) delete out[k];
      else out[k] = k in base ? mergeDeep(base[k], v) : v;
    }
    return out;
  }
  return over === undefined ? base : over;
}

/** `grants` given as an object keyed by type: each entry merges into the base's grant of that type; null removes it. */
function mergeGrants(base: readonly unknown[], over: Record<string, unknown>): unknown[] {
  const out = base.filter((g) => !(isPlainObject(g) && typeof g.type === 'string' && g.type in over && over[g.type] === null)).map((g) => {
    const type = isPlainObject(g) ? g.type : undefined;
    return typeof type === 'string' && isPlainObject(over[type]) ? mergeDeep(g, over[type]) : g;
  });
  const known = new Set(base.map((g) => (isPlainObject(g) ? g.type : undefined)));
  for (const [type, g] of Object.entries(over)) if (isPlainObject(g) && !known.has(type)) out.push({ ...g, type });
  return out;
}

/** `rules` given as an object keyed by rule id: null removes the base's rule, an object adds or replaces one. */
function mergeRules(base: readonly unknown[], over: Record<string, unknown>): unknown[] {
  const out = base.filter((r) => !(isPlainObject(r) && typeof r.id === 'string' && r.id in over));
  for (const [id, r] of Object.entries(over)) if (isPlainObject(r)) out.push({ ...r, id });
  return out;
}

/** An extending document as the schema can judge it: nulls (removals) left out, grants by type as a list. */
function asOverride(raw: unknown): unknown {
  const strip = (v: unknown): unknown => (isPlainObject(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, strip(x)])) : v);
  const out = strip(raw) as Record<string, unknown>;
  if (isPlainObject(out.grants)) out.grants = Object.entries(out.grants).map(([type, g]) => ({ ...(g as object), type }));
  if (isPlainObject(out.rules)) out.rules = Object.entries(out.rules).map(([id, r]) => ({ ...(r as object), id }));
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
