// The three outcomes of a check, carried from the check to the reporter as test annotations:
// judged (pass, fail, or warn for a SHOULD or MAY), not judged (an input is missing or the server never
// reached the behaviour judged: never a failure) and not applicable (the profile lacks the capability).
import { test } from '@playwright/test';
import type { InputName, Unmet } from './requirements.ts';
import { unjudgedBecause } from '../unjudged.ts';

export type Outcome = 'not-applicable' | 'not-judged';

export const OUTCOME = 'outcome';
export const UNLOCK = 'unlock';

/** Ends the check with an outcome that is not a verdict; the reporter reads the annotations. */
export function endUnjudged(u: Unmet): never {
  const info = test.info();
  info.annotations.push({ type: OUTCOME, description: u.outcome });
  if (u.outcome === 'not-judged' && u.input) info.annotations.push({ type: UNLOCK, description: u.input });
  test.skip(true, u.reason);
  throw new Error('unreachable');
}

export const notApplicable = (reason: string): never => endUnjudged({ outcome: 'not-applicable', reason });

/** Not judged: `input` names what the user could give to unlock it; without one, the reason says what would. */
export const notJudged = (reason: string, input?: InputName): never => endUnjudged({ outcome: 'not-judged', reason, ...(input ? { input } : {}) });

export const WARNING = 'warning';

/**
 * A SHOULD or MAY not met is a warning, not a failure, in every report, Playwright's own included:
 * the check ends passed with a `warning` annotation (the words of what was not met), which the
 * reporter reads as `warn`. A MUST fails as it is; a skip, and a failure that says nothing about the
 * target (no browser, an adapter that did not load), go on as they are.
 */
export async function judgedAt(run: () => Promise<void>): Promise<void> {
  // The level this profile gives the check, as the check declared it (fixtures.ts levelAnnotations).
  const level = test.info().annotations.find((a) => a.type === 'level')?.description;
  if (level !== 'SHOULD' && level !== 'MAY') return run();
  try {
    await run();
  } catch (e) {
    const info = test.info();
    if (info.expectedStatus === 'skipped' || !(e instanceof Error) || unjudgedBecause(e.message)) throw e;
    info.annotations.push({ type: WARNING, description: e.message });
  }
}
