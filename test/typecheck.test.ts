// TypeScript strict over the whole project: a type error fails the project's tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { root } from './helpers.ts';

describe('typecheck', () => {
  it('tsc --noEmit passes (strict)', { timeout: 180_000 }, () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.json`, '--noEmit'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
