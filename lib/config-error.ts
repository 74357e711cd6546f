import type { Issue } from './validator.ts';

/** An issue tied to the file it was found in. */
export interface FileIssue extends Issue {
  file: string;
}

/** A profile or target that cannot be used; `issues` say where and why. Never carries a stack to users. */
export class ConfigError extends Error {
  readonly issues: FileIssue[];
  constructor(issues: FileIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatIssue(i: FileIssue): string {
  return `${i.file}: at ${i.pointer}: expected ${i.expected}, found ${i.found}`;
}
