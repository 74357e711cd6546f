// Where the schemas live on disk, for Node-only tools (the type generator, tests). Everything else
// takes them from schemas.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SchemaName } from './schemas.ts';

export { schemaNames, type SchemaName } from './schemas.ts';

export const schemaDir = fileURLToPath(new URL('../schemas/', import.meta.url));

export function schemaPath(name: SchemaName): string {
  return `${schemaDir}${name}.schema.json`;
}

export function readSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), 'utf8')) as Record<string, unknown>;
}
