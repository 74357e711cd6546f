// Every schema in schemas/ has its validator in generated/validators.ts, compiled by Ajv when
// `npm run types` runs (lib/schema-ajv.ts); everything that validates goes through them.
import type { ErrorObject } from 'ajv/dist/2020.js';
import * as generated from '../generated/validators.ts';
import { definitions, validatorExport } from './schema-ajv-names.ts';
import type { SchemaName } from './schemas.ts';

interface Validator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

function validatorFor(name: SchemaName, def?: string): Validator {
  const fn = (generated as unknown as Record<string, Validator | undefined>)[validatorExport(name, def)];
  if (!fn) throw new Error(def ? `no validator for ${def} in schema ${name} (lib/schema-ajv-names.ts definitions: ${definitions.map((d) => d.join('#')).join(', ')})` : `no validator for schema ${name}: run npm run types`);
  return fn;
}

/** One thing wrong with a document: where (JSON pointer), what was expected, what was found. */
export interface Issue {
  pointer: string;
  expected: string;
  found: string;
}

export function validate(name: SchemaName, value: unknown): Issue[] {
  const fn = validatorFor(name);
  if (fn(value)) return [];
  return toIssues(fn.errors ?? [], value);
}

/** Validates against one definition inside a schema (`#/$defs/client` of the profile schema, say). */
export function validateDef(name: SchemaName, def: string, value: unknown): Issue[] {
  const fn = validatorFor(name, def);
  if (fn(value)) return [];
  return toIssues(fn.errors ?? [], value);
}

/** Turns Ajv's errors into issues a person can act on, dropping the noise of failed `oneOf`/`if` branches. */
export function toIssues(errors: ErrorObject[], value: unknown): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
    let pointer = e.instancePath || '';
    let expected: string;
    let found: string;
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties':
        pointer += `/${escapePointer(String(params.additionalProperty))}`;
        expected = 'no such field (unknown field)';
        found = `field "${String(params.additionalProperty)}"`;
        break;
      case 'required':
        pointer += `/${escapePointer(String(params.missingProperty))}`;
        expected = `required field "${String(params.missingProperty)}"`;
        found = 'nothing';
        break;
      case 'enum':
        expected = `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        found = describe(at(value, pointer));
        break;
      case 'type':
        expected = `a value of type ${String(params.type)}`;
        found = describe(at(value, pointer));
        break;
      default: {
        // A schema may say in words what its pattern or format asks for.
        const said = (e.parentSchema as { 'x-expected'?: unknown } | undefined)?.['x-expected'];
        expected = typeof said === 'string' ? said : `a value that ${e.message ?? e.keyword}`;
        found = describe(at(value, pointer));
      }
    }
    const key = `${pointer}|${expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer: pointer || '/', expected, found });
  }
  // A oneOf that failed for reasons none of the above explains still deserves a line.
  if (out.length === 0 && errors.length > 0) {
    const e = errors[0]!;
    out.push({ pointer: e.instancePath || '/', expected: `a value that ${e.message ?? e.keyword}`, found: describe(at(value, e.instancePath)) });
  }
  return out;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function at(value: unknown, pointer: string): unknown {
  if (!pointer) return value;
  let cur: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return `${typeof v} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}
