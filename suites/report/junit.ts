// JUnit XML from conformance reports: a failed MUST is a <failure>; a SHOULD or MAY not met passes with
// a warning in <system-out> (CI systems have no warning state); not judged and not applicable are
// <skipped>, each saying which and why.
import type { ConformanceReport } from '../../generated/types/index.ts';

const xml = (s: string) => s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function junitXml(runs: { name: string; report: ConformanceReport }[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = runs.flatMap((r) => r.report.checks);
  out.push(`<testsuites name="oauth-conformance" tests="${all.length}" failures="${all.filter((c) => c.verdict === 'fail').length}" skipped="${all.filter((c) => c.verdict === 'not-judged' || c.verdict === 'not-applicable').length}">`);
  for (const { name, report } of runs) {
    const cs = report.checks;
    out.push(`  <testsuite name="${xml(name)}" tests="${cs.length}" failures="${cs.filter((c) => c.verdict === 'fail').length}" skipped="${cs.filter((c) => c.verdict === 'not-judged' || c.verdict === 'not-applicable').length}" timestamp="${report.startedAt}">`);
    for (const c of cs) {
      const open = `    <testcase classname="${xml(`${name}.${c.id.split('.')[0]}`)}" name="${xml(`${c.id} [${c.level}] ${c.title}`)}">`;
      const why = `${c.source}: ${c.reason ?? ''}`;
      if (c.verdict === 'pass') out.push(`${open}</testcase>`);
      else if (c.verdict === 'fail') out.push(`${open}<failure message="${xml(c.reason?.split('\n')[0] ?? 'failed')}" type="MUST">${xml(`${why}\n\n"${c.quote?.text ?? ''}"`)}</failure></testcase>`);
      else if (c.verdict === 'warn') out.push(`${open}<system-out>${xml(`WARNING (${c.level}) ${why}`)}</system-out></testcase>`);
      else out.push(`${open}<skipped message="${xml(`${c.verdict}: ${c.reason ?? ''}`)}"/></testcase>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
