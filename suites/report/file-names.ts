// The names of a run's report files. Apart from the reporter, which runs inside Playwright Test: the
// CLI reads them before it knows Playwright is installed (and says how to install it when it is not).

/** Names a shard's own files, so shards sharing one report folder never replace each other's. */
export function shardSuffix(shard: { current: number; total: number } | null): string {
  return shard && shard.total > 1 ? `.shard-${shard.current}-of-${shard.total}` : '';
}

/** A run's name as it appears in its files. */
export function safeName(project: string): string {
  return project.replace(/[^A-Za-z0-9._-]+/g, '_');
}

export function reportFileName(project: string, shard: { current: number; total: number } | null): string {
  return `${safeName(project)}${shardSuffix(shard)}.conformance.json`;
}
