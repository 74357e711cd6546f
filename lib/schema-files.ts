// The one list of our schemas: the type generator, the validator and the tests all read it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const schemaDir = fileURLToPath(new URL('../schemas/', import.meta.url));

export const schemaNames = [
  'profile',
  'target',
  'token-response',
  'token-error',
  'oauth-error',
  'problem',
  'api-video-token-response',
  'jwt-access-token',
  'shield-jwt-claims',
  'introspection',
  'metadata',
  'jwks',
  'report',
  'fault-rule',
  'mint-request',
  'check',
] as const;

export type SchemaName = (typeof schemaNames)[number];

export function schemaPath(name: SchemaName): string {
  return `${schemaDir}${name}.schema.json`;
}

export function readSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), 'utf8')) as Record<string, unknown>;
}
