// The conformance report as a page for people who do not read test output: one self-contained HTML
// file per run (inline style and script, no network; it opens from disk). The verdict and target on
// top, counts by level, failures first with the sentence each breaks and the exchanges that show it,
// then every check grouped by specification and section, with filters by level and outcome.
import type { ConformanceReport } from '../../generated/types/index.ts';
import { escapeHtml as h } from '../../lib/html.ts';
import { runVerdict } from './verdict.ts';
import { tokenViewHtml, tokenViewStyle } from '../../lib/token-view-html.ts';

type Check = ConformanceReport['checks'][number];
type Exchange = NonNullable<Check['evidence']>[number];

const outcomes: { verdict: Check['verdict']; label: string }[] = [
  { verdict: 'fail', label: 'failed' },
  { verdict: 'warn', label: 'warning' },
  { verdict: 'pass', label: 'passed' },
  { verdict: 'not-judged', label: 'not judged' },
  { verdict: 'not-applicable', label: 'not applicable' },
];
const levels = ['MUST', 'SHOULD', 'MAY'] as const;
const labelOf = (v: Check['verdict']) => outcomes.find((o) => o.verdict === v)!.label;

export function summaryPage(name: string, r: ConformanceReport, opts: { shards?: number } = {}): string {
  const verdict = runVerdict(r);
  const problems = r.checks.filter((c) => c.verdict === 'fail' || c.verdict === 'warn').sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const target = r.target;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(`${verdict.words}: ${name} (${target.profile})`)}</title>
<style>${style}</style>
</head>
<body>
<header class="verdict ${verdict.outcome}">
<h1><span class="word">${h(verdict.words)}</span> <span class="name">${h(name)}</span></h1>
<p>${h(target.kind === 'client' ? 'Client' : 'Server')} <strong>${h(target.name ?? name)}</strong> checked against profile <strong>${h(target.profile)}</strong>${target.baseUrl ? ` at <code>${h(target.baseUrl)}</code>` : ''}${target.builtInMock ? ' (the built-in mock)' : ''}.
${h(time(r.startedAt))} to ${h(time(r.finishedAt))}${opts.shards && opts.shards > 1 ? `, ${opts.shards} shards merged` : ''}; ${h(r.tool.name)} ${h(r.tool.version)}.</p>
</header>
<main>
<section aria-labelledby="counts-h">
<h2 id="counts-h">Counts</h2>
${countsTable(r)}
</section>
${problems.length ? `<section aria-labelledby="problems-h">
<h2 id="problems-h">Failures and warnings (${problems.length})</h2>
${problems.map((c) => checkBlock(c, 'p', true)).join('\n')}
</section>` : ''}
${notJudged(r)}
<section aria-labelledby="all-h">
<h2 id="all-h">All checks by specification (${r.checks.length})</h2>
<form class="filters" aria-label="Filter the checks">
<fieldset><legend>Level</legend>${levels.map((l) => `<label><input type="checkbox" name="level" value="${l}" checked> ${l}</label>`).join('')}</fieldset>
<fieldset><legend>Outcome</legend>${outcomes.map((o) => `<label><input type="checkbox" name="outcome" value="${o.verdict}" checked> ${o.label}</label>`).join('')}</fieldset>
<p id="shown" role="status" aria-live="polite">${r.checks.length} of ${r.checks.length} checks shown</p>
</form>
${bySpecification(r.checks)}
</section>
</main>
<script>${script}</script>
</body>
</html>
`;
}

/** Failures before warnings, MUST before SHOULD before MAY. */
function rank(c: Check): number {
  return (c.verdict === 'fail' ? 0 : 10) + levels.indexOf(c.level);
}

function time(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function countsTable(r: ConformanceReport): string {
  const cols: [string, keyof ConformanceReport['summary']['MUST']][] = [
    ['passed', 'passed'],
    ['failed', 'failed'],
    ['warnings', 'warned'],
    ['not judged', 'notJudged'],
    ['not applicable', 'notApplicable'],
  ];
  const rows = levels.map((l) => `<tr><th scope="row">${l}</th>${cols.map(([, k]) => `<td>${r.summary[l][k]}</td>`).join('')}</tr>`).join('\n');
  return `<table class="counts"><caption>Judged: ${r.summary.judged}. Not judged and not applicable are counted apart; neither is a verdict.</caption>
<thead><tr><th scope="col">Level</th>${cols.map(([label]) => `<th scope="col">${label}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function notJudged(r: ConformanceReport): string {
  const groups = r.notJudged ?? [];
  if (!groups.length && !r.unlock?.length) return '';
  return `<section aria-labelledby="nj-h">
<h2 id="nj-h">Not judged</h2>
${groups.length ? `<ul>${groups.map((g) => `<li>${h(g.reason)}: ${g.checks.map((id) => `<a href="#c-${h(id)}"><code>${h(id)}</code></a>`).join(', ')}</li>`).join('')}</ul>` : ''}
${r.unlock?.length ? `<h3>To judge more</h3><ul>${r.unlock.map((u) => `<li>+${u.checks.length}: ${h(u.fix)}</li>`).join('')}</ul>` : ''}
</section>`;
}

/** Grouped by the quoted specification, then its section; a check without a quote goes under its source. */
function bySpecification(checks: Check[]): string {
  const specs = new Map<string, Map<string, Check[]>>();
  for (const c of checks) {
    const spec = c.quote?.spec ?? c.source;
    const section = c.quote?.section ?? '';
    const sections = specs.get(spec) ?? new Map<string, Check[]>();
    sections.set(section, [...(sections.get(section) ?? []), c]);
    specs.set(spec, sections);
  }
  return [...specs.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(
      ([spec, sections]) => `<section class="spec" data-group>
<h3>${h(spec)}</h3>
${[...sections.entries()]
  .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
  .map(([section, list]) => `<div class="section" data-group>${section ? `<h4>${h(section)}</h4>` : ''}
${list.map((c) => checkBlock(c, 'c', false)).join('\n')}</div>`)
  .join('\n')}
</section>`,
    )
    .join('\n');
}

function checkBlock(c: Check, prefix: 'p' | 'c', open: boolean): string {
  const raised = c.raisedBy ? ` <span class="raised">(${h(c.catalogueLevel ?? '')} raised by ${h(c.raisedBy)})</span>` : '';
  return `<details class="check ${c.verdict}" id="${prefix}-${h(c.id)}" data-level="${c.level}" data-outcome="${c.verdict}"${open ? ' open' : ''}>
<summary><span class="badge ${c.verdict}">${labelOf(c.verdict)}</span> <span class="level">${c.level}</span> <code>${h(c.id)}</code> ${h(c.title)}${raised}</summary>
<div class="body">
${c.quote ? `<blockquote cite="${h(c.source)}"><p>${h(c.quote.text)}</p><footer>${h(c.quote.spec)} ${h(c.quote.section)}</footer></blockquote>` : `<p class="source">${h(c.source)}</p>`}
${c.reason ? `<p class="reason"><strong>${c.verdict === 'fail' || c.verdict === 'warn' ? 'What was expected and what came back' : 'Why'}:</strong> ${h(c.reason)}</p>` : ''}
${c.unlock ? `<p class="unlock">Would be judged with: ${h(c.unlock)}</p>` : ''}
${c.trace ? `<p class="trace">Browser trace: <a href="${h(c.trace)}">${h(c.trace)}</a> (open with <code>npx playwright show-trace ${h(c.trace)}</code>)</p>` : ''}
${c.evidence?.length ? `<div class="evidence"><p class="label">Evidence: ${c.evidence.length} exchange${c.evidence.length === 1 ? '' : 's'} (secrets, codes and tokens are fingerprinted)</p>${c.evidence.map((e, i, all) => exchange(e, i, all.length - 1)).join('\n')}</div>` : ''}
</div>
</details>`;
}

/** The last exchange is open: the one the failure names ("after GET …"). */
function exchange(e: Exchange, i: number, last: number): string {
  const req = e.request as { method?: string; url?: string; headers?: Record<string, string>; body?: string };
  const res = e.response as { status?: number; headers?: Record<string, string>; body?: string } | undefined;
  const headers = (hs: Record<string, string> | undefined) => Object.entries(hs ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n');
  const request = `${req.method ?? ''} ${req.url ?? ''}\n${headers(req.headers)}${req.body ? `\n\n${req.body}` : ''}`;
  const response = res ? `${res.status ?? ''}\n${headers(res.headers)}${res.body ? `\n\n${pretty(res.body)}` : ''}` : `no response: ${e.error ?? 'unknown'}`;
  return `<details class="exchange"${i === last ? ' open' : ''}><summary>${i + 1}. ${h(req.method ?? '')} ${h(req.url ?? '')} → ${res ? h(String(res.status ?? '')) : 'no response'}</summary>
<div class="pair"><div><p class="label">Request</p><pre>${h(request)}</pre></div><div><p class="label">Response</p><pre>${h(response)}</pre></div></div>
${e.tokens?.length ? `<p class="label">Tokens in this exchange, decoded</p>${e.tokens.map((t) => tokenViewHtml(t)).join('\n')}` : ''}</details>`;
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

const style = `
:root{color-scheme:light;--fail:#b00020;--warn:#8a5a00;--pass:#1b6e2a;--muted:#555;--line:#ddd}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;background:#fff}
header,main{max-width:1100px;margin:0 auto;padding:1rem 1.25rem}
header.verdict{border-bottom:4px solid var(--line)}
header.not-conformant{border-color:var(--fail)}header.conformant{border-color:var(--pass)}header.not-judged{border-color:var(--warn)}
h1{margin:.2rem 0;font-size:1.6rem}.not-conformant .word{color:var(--fail)}.conformant .word{color:var(--pass)}.not-judged .word{color:var(--warn)}
h1 .name{color:var(--muted);font-weight:400}
h2{margin-top:2rem;border-bottom:1px solid var(--line)}
table.counts{border-collapse:collapse;min-width:60%}table.counts th,table.counts td{border:1px solid var(--line);padding:.3rem .7rem;text-align:right}
table.counts th[scope=row],table.counts thead th:first-child{text-align:left}caption{text-align:left;color:var(--muted);padding-bottom:.3rem}
details.check{border:1px solid var(--line);border-left-width:5px;border-radius:4px;margin:.4rem 0;padding:.2rem .6rem}
details.check.fail{border-left-color:var(--fail)}details.check.warn{border-left-color:var(--warn)}details.check.pass{border-left-color:var(--pass)}
summary{cursor:pointer}summary:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
.badge{display:inline-block;min-width:6.5em;text-align:center;border-radius:3px;padding:0 .3em;font-size:.85em;color:#fff;background:#555}
.badge.fail{background:var(--fail)}.badge.warn{background:var(--warn)}.badge.pass{background:var(--pass)}.badge.not-applicable{background:#666}
.level{font-weight:600;font-size:.85em}.raised{color:var(--muted);font-size:.85em}
blockquote{margin:.5rem 0;padding:.3rem .8rem;border-left:3px solid #888;background:#f6f6f6}blockquote p{margin:0}blockquote footer{color:var(--muted);font-size:.85em}
.reason{white-space:pre-wrap}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}@media (max-width:800px){.pair{grid-template-columns:1fr}}
pre{margin:0;padding:.5rem;background:#f4f4f4;border:1px solid var(--line);overflow:auto;max-height:28rem;white-space:pre-wrap;word-break:break-all;font-size:.85em}
.label{margin:.5rem 0 .2rem;font-size:.9rem;font-weight:600}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid var(--line);z-index:1}
fieldset{border:1px solid var(--line);padding:.2rem .6rem}fieldset label{margin-right:.7rem;white-space:nowrap}
#shown{margin:0;color:var(--muted)}
[hidden]{display:none!important}
${tokenViewStyle}`;

// Filters hide checks whose level or outcome is unticked, and groups left empty; the count says how many show.
const script = `
(function(){
  var form = document.querySelector('.filters');
  var checks = Array.prototype.slice.call(document.querySelectorAll('.spec details.check'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('[data-group]')).reverse();
  function ticked(name){ return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked')).map(function(i){ return i.value; }); }
  function apply(){
    var levels = ticked('level'), outs = ticked('outcome'), shown = 0;
    checks.forEach(function(c){ var on = levels.indexOf(c.dataset.level) >= 0 && outs.indexOf(c.dataset.outcome) >= 0; c.hidden = !on; if (on) shown++; });
    groups.forEach(function(g){ g.hidden = !g.querySelector('details.check:not([hidden])'); });
    document.getElementById('shown').textContent = shown + ' of ' + checks.length + ' checks shown';
  }
  form.addEventListener('change', apply);
  function openTarget(){ var t = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))); if (t && t.tagName === 'DETAILS') { t.hidden = false; t.open = true; } }
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
`;
