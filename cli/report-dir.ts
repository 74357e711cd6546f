// The report folder belongs to the user: a run never empties it. It writes only its own files (named
// per run and shard) into a folder that is new, empty, or marked as made by an earlier run.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './usage-error.ts';

export const reportMarker = '.oauth-conformance-reports';

export function claimReportDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--report ${dir} is a file, not a folder`);
    const entries = readdirSync(dir);
    if (entries.includes(reportMarker)) return;
    if (entries.length) {
      const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
      throw new UsageError(`--report ${dir} holds files oauth-conformance did not write (${shown}); name a new or empty folder, or one an earlier run made (it has a ${reportMarker} file)`);
    }
  } else {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(dir, reportMarker), 'Reports written by oauth-conformance. Runs replace only their own files here.\n');
}

/** Removes files an earlier run wrote under the same names, so a crashed run never shows a stale verdict. */
export function removeOwnFiles(dir: string, names: string[]): void {
  for (const name of names) rmSync(join(dir, name), { force: true });
}
