// The catalogue is traceable: every check quotes the sentence it enforces, its level is that
// sentence's keyword (or a written reading says why not), and every entry has a test.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { builtinProfileIds, loadProfile } from '../lib/profiles.ts';
import { catalogue, effectiveLevel } from '../suites/catalogue.ts';

const keywords = { MUST: /\b(MUST|REQUIRED|SHALL)\b/, SHOULD: /\b(SHOULD|RECOMMENDED)\b/, MAY: /\b(MAY|OPTIONAL)\b/ } as const;

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? specFiles(join(dir, e.name)) : e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : []));
}

describe('checks catalogue', () => {
  it('every entry quotes its sentence, and its level is that sentence’s keyword or says how it reads it', () => {
    const wrong: string[] = [];
    for (const c of catalogue) {
      if (!c.quote?.text || c.quote.text.length < 10 || !c.quote.spec || !c.quote.section) wrong.push(`${c.id}: no quote`);
      else if (!keywords[c.level].test(c.quote.text) && !c.reading) wrong.push(`${c.id}: level ${c.level} but the quote has no ${c.level} keyword and no reading`);
      if (c.quote.spec.startsWith('seed ') && !c.reading) wrong.push(`${c.id}: a provider's sentence needs a reading saying how binding it is`);
    }
    assert.deepEqual(wrong, []);
  });

  const seedDir = join(import.meta.dirname, '../../shared/seeds');
  it('seed quotes are the seeds’ own words', { skip: existsSync(seedDir) ? false : `the seed documents are not beside this checkout (${seedDir})` }, () => {
    const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.txt'));
    const text = (n: string) => readFileSync(join(import.meta.dirname, '../../shared/seeds', seeds.find((f) => f.startsWith(n))!), 'utf8').replace(/\s+/g, ' ');
    for (const c of catalogue.filter((x) => x.quote.spec.startsWith('seed '))) {
      const n = c.quote.spec.slice(5);
      // Items of a list are quoted joined by "; ", so each part must be found on its own.
      for (const part of c.quote.text.split('; ')) assert.ok(text(n).includes(part.replace(/\s+/g, ' ')), `${c.id}: "${part}" is not in seed ${n}`);
    }
  });

  it('each entry has a check in the suites, and ids are unique', () => {
    const src = specFiles(join(import.meta.dirname, '../suites')).map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.equal(new Set(catalogue.map((c) => c.id)).size, catalogue.length, 'duplicate ids');
    for (const c of catalogue) {
      const literal = src.split(`'${c.id}'`).length - 1;
      assert.ok(literal >= 1, `${c.id} has no check in suites/`);
    }
  });

  it('a profile raises a level and never lowers it, and says what raised it', () => {
    const order = { MAY: 0, SHOULD: 1, MUST: 2 };
    for (const id of builtinProfileIds()) {
      const p = loadProfile(id);
      for (const c of catalogue) {
        const e = effectiveLevel(c, p);
        assert.ok(order[e.level] >= order[c.level], `${id}: ${c.id} lowered`);
        if (e.level !== c.level) assert.ok(e.raisedBy, `${id}: ${c.id} raised without naming what raised it`);
      }
    }
    const oauth21 = loadProfile('oauth21');
    assert.match(effectiveLevel(catalogue.find((c) => c.id === 'refresh.reuse-detection')!, oauth21).raisedBy ?? '', /refreshToken\.policy|oauth21\.refresh\.reuse-detection/);
    assert.equal(effectiveLevel(catalogue.find((c) => c.id === 'refresh.reuse-detection')!, loadProfile('api-video')).level, 'SHOULD', 'rotation without promised detection: SHOULD');
  });
});
