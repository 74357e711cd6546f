// What says nothing about the target yet stops a whole run: the browser did not start (a failure), or
// a client's adapter did not load (every check ends not judged with this reason). The reporter and the
// CLI both read them, so such a run ends "not judged" (exit 2).

/** Prefix of the error a client check throws when the adapter module does not load. */
export const adapterBroken = 'adapter could not be loaded:';

/** Why a failed check's reason means the run was not judged, or undefined when it is a real verdict. */
export function unjudgedBecause(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  if (/browserType\.launch|Executable doesn't exist/.test(reason)) return 'the browser did not start';
  const line = reason.split('\n').find((l) => l.includes(adapterBroken));
  return line ? line.slice(line.indexOf(adapterBroken)) : undefined;
}
