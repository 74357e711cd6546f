import { ConfigError, formatIssue } from '../lib/config-error.ts';
import { readJsonFile } from '../lib/json-file.ts';
import { loadProfile } from '../lib/profiles.ts';
import type { ResolvedProfile } from '../lib/resolved-profile.ts';
import { loadTarget } from '../lib/targets.ts';
import { checkById } from '../suites/catalogue.ts';
import { parseCommand } from './args.ts';

export const validateHelp = `usage: oauth-conformance validate FILE...

  checks each file against its schema: a profile (schemas/profile.schema.json, resolving
  \`extends\`), or a target (schemas/target.schema.json; it has "kind"). A target's secrets are not
  read: it says which environment variables a run will need and whether they are set now.

exit codes: 0 every file valid; 1 a file is invalid; 2 usage error
`;

/** `validate FILE...`: each file is a profile or a target (it has `kind`). Exit 0 when all are valid. */
export function validateFiles(argv: string[], out: (line: string) => void): number {
  const { values, positionals: files } = parseCommand(argv, {}, validateHelp);
  if (values.help) {
    out(validateHelp);
    return 0;
  }
  if (files.length === 0) {
    out(validateHelp);
    return 2;
  }
  let bad = 0;
  for (const file of files) {
    try {
      const raw = readJsonFile(file);
      const isTarget = typeof raw === 'object' && raw !== null && 'kind' in raw;
      if (isTarget) {
        const t = loadTarget(file, process.env, { secrets: false });
        const env = t.secretEnv.map((name) => `${name} (${process.env[name] ? 'set' : 'unset now'})`);
        out(`ok    ${file}: ${t.target.kind} target for profile ${t.profile.id}${env.length ? `; a run needs ${env.join(', ')}` : ''}`);
      } else {
        const p = loadProfile(file);
        out(`ok    ${file}: profile ${p.id} (${p.grants.map((g) => g.type).join(', ')})`);
        for (const line of inheritedRaises(raw, p)) out(`      ${line}`);
      }
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      bad++;
      for (const issue of e.issues) out(`error ${formatIssue(issue)}`);
    }
  }
  return bad ? 1 : 0;
}

const order = { MAY: 0, SHOULD: 1, MUST: 2 } as const;

/**
 * Rules a profile takes from its base (`extends`) that raise a check above the level of the sentence
 * it quotes: a vendor's profile should say so knowingly, so each is named with how to remove it.
 */
export function inheritedRaises(raw: unknown, p: ResolvedProfile): string[] {
  if (!raw || typeof raw !== 'object' || !('extends' in raw)) return [];
  const ownRules = (raw as { rules?: unknown }).rules;
  const own = new Set(Array.isArray(ownRules) ? ownRules.map((r) => (r as { id?: string }).id) : ownRules && typeof ownRules === 'object' ? Object.keys(ownRules) : []);
  const out: string[] = [];
  for (const rule of p.rules) {
    if (own.has(rule.id)) continue;
    const raised = (rule.checks ?? []).map((id) => checkById.get(id)).filter((d): d is NonNullable<typeof d> => !!d && order[rule.level] > order[d.level]);
    if (!raised.length) continue;
    const src = [rule.source.document, rule.source.section].filter(Boolean).join(' ');
    out.push(`inherits rule ${rule.id}${src ? ` (${src})` : ''}: raises ${raised.map((d) => `${d.id} from ${d.level}`).join(', ')} to ${rule.level}; "rules": { "${rule.id}": null } removes it`);
  }
  return out;
}
