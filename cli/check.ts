import { builtinProfileIds, loadProfile } from '../lib/profiles.ts';
import { UsageError } from './usage-error.ts';

/**
 * `check`: the main job. Until the server suites land (issue 4) it validates every built-in profile and
 * lists what each declares; it says so rather than pretending to have checked a server.
 */
export async function runCheck(argv: string[], out: (l: string) => void, _err: (l: string) => void): Promise<number> {
  if (argv.length) throw new UsageError(`check takes no options yet (got ${argv.join(' ')}); the server suites are not built`);
  for (const id of builtinProfileIds()) {
    const p = loadProfile(id);
    out(`profile ${id}: valid; grants ${p.grants.map((g) => g.type).join(', ')}; ${p.resources.length} protected resources`);
  }
  out('server suites: not built yet, so no server was checked');
  return 0;
}
