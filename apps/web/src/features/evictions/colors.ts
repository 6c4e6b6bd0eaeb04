/** One colour per starved resource, so a mark says what ran out. */
export const RESOURCE_COLORS: Record<string, string> = {
  memory: '#4e79a7',
  'ephemeral-storage': '#f28e2b',
  inodes: '#c2693a',
  pids: '#b07aa1',
};
export const OTHER_RESOURCE_COLOR = '#8a8f99';

/**
 * Colours for groups that are not resources (nodes, namespaces …): hues the resource colours do
 * not use, so a histogram stack never reads as "memory" next to the timeline's legend.
 */
export const GROUP_COLORS = ['#59a14f', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#3f9fd8'];

/** The colour of a histogram stack: the resource's own when grouped by resource. */
export function groupColor(groupBy: string | null, key: string, index: number): string {
  if (key === 'total') return 'var(--accent)';
  if (groupBy === 'resource') return resourceColor(key);
  return GROUP_COLORS[index % GROUP_COLORS.length] as string;
}

export function resourceColor(resource: string | null | undefined): string {
  return (resource && RESOURCE_COLORS[resource]) || OTHER_RESOURCE_COLOR;
}
