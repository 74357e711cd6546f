// axe-core run in a page (the report page, the dashboard): its violations, and the serious or critical ones.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: number;
}

export async function axeViolations(page: Page): Promise<{ all: Violation[]; serious: Violation[] }> {
  await page.addScriptTag({ content: axeSource });
  const all = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: unknown[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return { all, serious: all.filter((v) => v.impact === 'serious' || v.impact === 'critical') };
}
