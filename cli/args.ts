import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; strict: true; options: O & { help: { type: 'boolean'; short: 'h' } } }>>['values'];

/** Parses a verb's flags strictly; a bad flag is a UsageError carrying the verb's help. */
export function parseFlags<O extends Options>(argv: string[], options: O, help: string): Parsed<O> {
  const { values, positionals } = parseCommand(argv, options, help);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"; this command takes only options\n\n${help}`);
  return values;
}

/** Flags and positional arguments (file names), for verbs that take both. */
export function parseCommand<O extends Options>(argv: string[], options: O, help: string): { values: Parsed<O>; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
    return { values: r.values as Parsed<O>, positionals: r.positionals };
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${help}`);
  }
}
