import { ConfigError, formatIssue } from '../lib/config-error.ts';
import { readJsonFile } from '../lib/json-file.ts';
import { loadProfile } from '../lib/profiles.ts';
import { loadTarget } from '../lib/targets.ts';
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
      }
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      bad++;
      for (const issue of e.issues) out(`error ${formatIssue(issue)}`);
    }
  }
  return bad ? 1 : 0;
}
