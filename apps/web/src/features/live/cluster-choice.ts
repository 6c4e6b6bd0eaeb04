/** localStorage key holding the cluster the user last chose in the header switcher. */
export const CLUSTER_STORAGE_KEY = 'plimsoll.cluster';

/**
 * The one rule for which cluster a view shows: the URL's `?cluster=` when it names a known cluster, else the
 * remembered choice when still known, else the first cluster. `undefined` when there is no cluster at all.
 */
export function pickCluster(
  names: readonly string[],
  wanted: string | null | undefined,
  remembered: string | null | undefined,
): string | undefined {
  if (wanted && names.includes(wanted)) return wanted;
  if (remembered && names.includes(remembered)) return remembered;
  return names[0];
}

/** The query string of `search` with `cluster` set to `name`, every other parameter kept in its place. */
export function withClusterParam(search: string, name: string): string {
  const next = new URLSearchParams(search);
  next.set('cluster', name);
  return next.toString();
}
