// `oauth-conformance init URL [--out DIR]`: the profile and target `check URL` would draft, written for
// the user to read and edit. Never replaces a file.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommand } from './args.ts';
import { draftFromUrl, draftUsable, inputsFrom, parseUrl, urlFlags, urlFlagsHelp, writeDraft } from './from-url.ts';
import { UsageError } from './usage-error.ts';

export const initHelp = `usage: oauth-conformance init URL [--out DIR] [credential flags]

  discovers the server as check URL does and writes NAME.profile.json and NAME.target.json into DIR
  (default: the current folder): each drafted value says where it came from (a metadata member, a
  flag, or "default"); secrets are environment variable references. Never replaces a file.
  Then: oauth-conformance validate DIR/NAME.target.json; oauth-conformance check --target DIR/NAME.target.json
  --out DIR                 where the files go (created if missing)
${urlFlagsHelp}`;

export async function runInit(argv: string[], out: (l: string) => void): Promise<number> {
  const { values, positionals } = parseCommand(argv, { ...urlFlags, out: { type: 'string' } }, initHelp);
  if (values.help) {
    out(initHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`init takes one URL\n\n${initHelp}`);
  const url = parseUrl(positionals[0]!);
  const dir = resolve(values.out ?? '.');
  const { draft, name } = await draftFromUrl(url, inputsFrom(values), out);
  const unusable = draftUsable(draft);
  if (unusable) out(`  note: ${unusable}; the files are written for you to complete`);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const files = writeDraft(dir, name, draft);
  out(`wrote ${files.profile}\nwrote ${files.target}`);
  out(`next: oauth-conformance check --target ${files.target}`);
  return 0;
}
