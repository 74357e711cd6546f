import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.ts';

/** Reads a JSON file, turning a missing file or a syntax error into a ConfigError that names the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([{ file, pointer: '/', expected: 'a readable JSON file', found: code === 'ENOENT' ? 'no such file' : code }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError([{ file, pointer: '/', expected: 'valid JSON', found: (e as Error).message }]);
  }
}
