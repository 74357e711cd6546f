// Names shared by the validators' generator (lib/schema-ajv.ts) and their reader (lib/validator.ts),
// which must not load Ajv itself.
import type { SchemaName } from './schemas.ts';

/** Definitions validated on their own (`validateDef`): the admin API registers clients and users. */
export const definitions = [
  ['profile', 'client'],
  ['profile', 'user'],
] as const satisfies readonly (readonly [SchemaName, string])[];

/** The export name of a schema's validator (or a definition's) in generated/validators.ts. */
export function validatorExport(name: string, def?: string): string {
  return `${name}${def ? `$${def}` : ''}`.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
