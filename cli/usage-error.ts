/** A command line the CLI cannot act on: printed as one line, exit 2. */
export class UsageError extends Error {}
