// TypeScript strict over the whole project: a type error fails the project's tests.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { root, runAsync } from './helpers.ts';

describe('typecheck', () => {
  it('tsc --noEmit passes (strict)', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = await runAsync(process.execPath, [tsc, '-p', `${root}tsconfig.json`, '--noEmit'], { what: 'tsc --noEmit' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
