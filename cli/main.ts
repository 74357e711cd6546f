// The `oauth-conformance` command. Each verb lives in its own module; this file only dispatches and
// turns configuration errors into messages (never stack traces).
import { ConfigError, formatIssue } from '../lib/config-error.ts';
import { builtinProfileIds, loadProfile } from '../lib/profiles.ts';
import { UsageError } from './usage-error.ts';
import { parseFlags } from './args.ts';
import { validateFiles } from './validate.ts';

const usage = `usage: oauth-conformance <verb> [options]

verbs:
  validate FILE...         check profile and target files against their schemas (see: validate --help)
  profiles                 list the built-in profiles
  mock --profile NAME|FILE start the mock authorization server (see: mock --help)
  check URL                check a server from its URL: discovery drafts the profile (see: check --help)
  check                    run the conformance suites (see: check --help)
  init URL [--out DIR]     write the profile and target check URL would draft, to edit (see: init --help)
  check-client --target F  check a client library through its adapter against the mock
  report DIR               write the report page of each run in DIR, shards merged (see: report --help)

exit codes: 0 conformant (or valid); 1 a MUST failed (or a file is invalid); 2 the run could not be
judged (bad configuration, unreachable target, no browser, nothing selected)
`;

const profilesHelp = `usage: oauth-conformance profiles

  lists the built-in profiles: id, title, grants
`;

const checkClientHelp = `usage: oauth-conformance check-client --target FILE [options]

  checks a client library, driven through its adapter (a module named in a target file of kind
  "client", JavaScript or TypeScript), against the built-in mock serving the target's profile
  --target FILE         the client target (repeatable)
  --report DIR, --grep REGEX, --fail-on-should, --workers N, --shard I/N: as for check

exit codes: 0 conformant; 1 a MUST failed; 2 the run could not be judged
`;

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  try {
    switch (verb) {
      case 'validate':
        return validateFiles(rest, out);
      case 'profiles':
        if (parseFlags(rest, {}, profilesHelp).help) {
          out(profilesHelp);
          return 0;
        }
        for (const id of builtinProfileIds()) {
          const p = loadProfile(id);
          out(`${id.padEnd(16)} ${p.title}: ${p.grants.map((g) => g.type).join(', ')}`);
        }
        return 0;
      case 'mock': {
        const { runMock } = await import('./mock.ts');
        return await runMock(rest, out, err);
      }
      case 'check-client': {
        // Same runner: a target file of kind "client" makes a client run.
        const { runCheck } = await import('./check.ts');
        if (rest.includes('--help') || rest.includes('-h')) {
          out(checkClientHelp);
          return 0;
        }
        if (!rest.includes('--target')) throw new UsageError(`check-client needs --target FILE (a target of kind "client")\n\n${checkClientHelp}`);
        return await runCheck(rest, out, err);
      }
      case 'init': {
        const { runInit } = await import('./init.ts');
        return await runInit(rest, out);
      }
      case 'report': {
        const { runReport } = await import('./report.ts');
        return runReport(rest, out, err);
      }
      case 'check': {
        const { runCheck } = await import('./check.ts');
        return await runCheck(rest, out, err);
      }
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        out(usage);
        return verb === undefined ? 2 : 0;
      default:
        err(`unknown verb "${verb}"\n\n${usage}`);
        return 2;
    }
  } catch (e) {
    // A configuration that cannot be used means the run could not be judged: exit 2, never a verdict.
    if (e instanceof ConfigError) {
      for (const issue of e.issues) err(`error ${formatIssue(issue)}`);
      return 2;
    }
    if (e instanceof UsageError) {
      err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
