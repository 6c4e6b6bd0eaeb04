/** Colours that read on both the light and the dark surface (Tableau 10, slightly deepened). */
export const SERIES_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#8a8f99',
  '#3f9fd8',
  '#c2693a',
];

/** One colour per starved resource, so a mark says what ran out. */
export const RESOURCE_COLORS: Record<string, string> = {
  memory: '#4e79a7',
  'ephemeral-storage': '#f28e2b',
  inodes: '#c2693a',
  pids: '#b07aa1',
};
export const OTHER_RESOURCE_COLOR = '#8a8f99';

export function resourceColor(resource: string | null | undefined): string {
  return (resource && RESOURCE_COLORS[resource]) || OTHER_RESOURCE_COLOR;
}
