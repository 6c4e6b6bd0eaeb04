/** "+11 %", "−20 %", "no change", or "new" when the previous window had none. */
export function describeWindowChange(current: number, previous: number): string {
  if (current === previous) return 'no change';
  if (previous === 0) return 'new';
  const pct = Math.round(((current - previous) / previous) * 100);
  return pct === 0 ? 'about the same' : `${pct > 0 ? '+' : '−'}${Math.abs(pct)} %`;
}
