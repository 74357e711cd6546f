import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a verb's flags strictly; a bad flag is a UsageError carrying the verb's help. */
export function parseFlags<O extends Options>(argv: string[], options: O, help: string) {
  try {
    return parseArgs({ args: argv, strict: true, options: { ...options, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${help}`);
  }
}
