// `npm run types`: schemas/*.schema.json -> generated/types/*.ts and generated/validators.ts. The
// output is never edited by hand; test/schemas.test.ts fails when it is stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderTypes } from '../lib/render-types.ts';
import { renderValidators } from '../lib/schema-ajv.ts';

const outDir = fileURLToPath(new URL('../generated/types/', import.meta.url));
const files = await renderTypes();
mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(outDir)) if (!(name in files)) rmSync(outDir + name);
for (const [name, text] of Object.entries(files)) writeFileSync(outDir + name, text);
console.log(`wrote ${Object.keys(files).length} files to generated/types/`);
writeFileSync(fileURLToPath(new URL('../generated/validators.ts', import.meta.url)), renderValidators());
console.log('wrote generated/validators.ts');
