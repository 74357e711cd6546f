import { compile } from 'json-schema-to-typescript';
import { readSchema, schemaDir, schemaNames } from './schema-files.ts';

const banner = '/* Generated from schemas/ by `npm run types`. Do not edit by hand. */';

/** Renders every schema's TypeScript types: file name -> contents. */
export async function renderTypes(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const exports: string[] = [];
  const exported = new Set<string>();
  for (const name of schemaNames) {
    const schema = withoutRefDescriptions(readSchema(name));
    const text = await compile(schema as Parameters<typeof compile>[0], String(schema.title), {
      bannerComment: banner,
      cwd: schemaDir,
      additionalProperties: false,
      strictIndexSignatures: true,
      format: true,
      style: { singleQuote: true },
    });
    files[`${name}.ts`] = text;
    // A schema that refers to another's definition repeats its type: the index names each type once.
    const names = [...text.matchAll(/^export (?:type|interface) (\w+)/gm)].map((m) => m[1]!);
    const fresh = names.filter((n) => !exported.has(n));
    for (const n of names) exported.add(n);
    exports.push(fresh.length === names.length ? `export type * from './${name}.ts';` : `export type { ${fresh.join(', ')} } from './${name}.ts';`);
  }
  files['index.ts'] = `${banner}\n${exports.join('\n')}\n`;
  return files;
}

/**
 * A `description` beside a `$ref` documents the property in the schema, but makes the generator emit a
 * numbered copy of the referenced type per property (Endpoint1, Endpoint2, ...). Types keep one name each.
 */
function withoutRefDescriptions<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withoutRefDescriptions) as T;
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, unknown>);
  const isRef = entries.some(([k]) => k === '$ref');
  return Object.fromEntries(
    entries.filter(([k]) => !(isRef && k === 'description')).map(([k, v]) => [k, withoutRefDescriptions(v)]),
  ) as T;
}
