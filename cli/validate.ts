import { ConfigError, formatIssue } from '../lib/config-error.ts';
import { readJsonFile } from '../lib/json-file.ts';
import { loadProfile } from '../lib/profiles.ts';
import { loadTarget } from '../lib/targets.ts';

/** `validate FILE...`: each file is a profile or a target (it has `kind`). Exit 0 when all are valid. */
export function validateFiles(files: string[], out: (line: string) => void): number {
  if (files.length === 0) {
    out('usage: oauth-conformance validate FILE...');
    return 2;
  }
  let bad = 0;
  for (const file of files) {
    try {
      const raw = readJsonFile(file);
      const isTarget = typeof raw === 'object' && raw !== null && 'kind' in raw;
      if (isTarget) {
        const t = loadTarget(file);
        out(`ok    ${file}: ${t.target.kind} target for profile ${t.profile.id}`);
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
