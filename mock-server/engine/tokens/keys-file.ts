// A signing key from a JWK file (Node only), so several mock instances sign with one key.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../lib/config-error.ts';
import { importSigningKey, type SigningAlg, type SigningKey } from './keys.ts';

export async function loadSigningKey(file: string, fallbackAlg?: SigningAlg): Promise<SigningKey> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError([{ file, pointer: '/', expected: 'a readable JSON Web Key file', found: (e as Error).message }]);
  }
  return importSigningKey(doc, file, fallbackAlg);
}
