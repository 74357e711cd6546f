// A failed check's reason in words a vendor reads without the code: what was expected and what came
// back, and the request that produced it. Playwright's matcher text ("expect(received).toBe(expected)")
// never reaches a report.
import type { ConformanceReport } from '../../generated/types/index.ts';

type Exchange = NonNullable<ConformanceReport['checks'][number]['evidence']>[number];

const ansi = /\u001b\[[0-9;]*m/g;

/** "Expected: 200 / Received: 404" lines, and the message the check gave, as one sentence. */
export function wordedReason(message: string, evidence: Exchange[] | undefined): string {
  const lines = message.replace(ansi, '').split('\n').map((l) => l.trimEnd());
  const said = lines[0]?.replace(/^Error:\s*/, '').trim() ?? '';
  const told = said.startsWith('expect(') ? '' : said;
  const pairs: string[] = [];
  for (const l of lines) {
    const m = /^\s*(Expected|Received)([^:]*):\s?(.*)$/.exec(l);
    if (m) pairs.push(`${m[1]!.toLowerCase()}${m[2]!.toLowerCase().replace(/\s+/g, ' ')} ${m[3]!.trim()}`);
  }
  // Matchers that print no Expected/Received lines (toBeTruthy and the like) say what they wanted in the matcher name.
  const matcher = lines.find((l) => /^expect\(/.test(l.trim()));
  const wanted = !pairs.length && matcher ? matcherWords(matcher.trim()) : '';
  const received = !pairs.length ? lines.find((l) => /^Received:/.test(l)) : undefined;
  if (matcher && pairs.length && !pairs.some((p) => p.startsWith('expected'))) pairs.unshift(matcherWords(matcher.trim()));
  // expect(allowed).toContain(actual) reads backwards: the array is what was allowed, the value what came.
  const contain = matcher?.includes('toContain') ? pairs.find((p) => p.startsWith('expected value')) : undefined;
  const among = matcher?.includes('toContain') ? pairs.find((p) => p.startsWith('received array')) : undefined;
  if (contain && among) pairs.splice(0, pairs.length, `expected one of ${among.replace(/^received array\s*/, '')}, received ${contain.replace(/^expected value\s*/, '')}`);
  const body = [told, pairs.join(', ') || [wanted, received].filter(Boolean).join(', ')].filter(Boolean).join(': ');
  const other = !told && !pairs.length && !matcher ? lines.filter(Boolean).slice(0, 3).join(' ') : '';
  const last = evidence?.filter((e) => e.response || e.error).at(-1);
  const after = last ? ` (after ${last.request.method} ${last.request.url} → ${last.response ? last.response.status : last.error})` : '';
  return `${body || other || 'the check failed'}${after}`;
}

function matcherWords(matcher: string): string {
  const name = /\.(not\.)?(\w+)\(/.exec(matcher.replace(/^expect\([^)]*\)/, ''));
  if (!name) return '';
  const not = name[1] ? 'not ' : '';
  const words: Record<string, string> = { toBeTruthy: 'a value', toBeFalsy: 'no value', toBeNull: 'null', toBeUndefined: 'nothing', toBeDefined: 'a value' };
  return `expected ${not}${words[name[2]!] ?? name[2]!.replace(/^to/, '').replace(/([A-Z])/g, ' $1').trim().toLowerCase()}`;
}
