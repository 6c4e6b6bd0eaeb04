/**
 * Ordinary least-squares slope of y over t (milliseconds since the epoch), in y per `perMs` milliseconds; 0 when
 * it is undefined (fewer than two points, or all at one instant). Shared by the quota and headroom projections,
 * so "at this rate" means the same fit everywhere.
 */
export function leastSquaresSlope(
  points: ReadonlyArray<{ t: number; y: number }>,
  perMs: number,
): number {
  if (points.length < 2) return 0;
  const t0 = points[0]?.t ?? 0;
  // Units of perMs since the first point keep the sums small; centring keeps the subtraction stable.
  const xs = points.map((p) => (p.t - t0) / perMs);
  const ys = points.map((p) => p.y);
  const n = points.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - meanX;
    sxy += dx * ((ys[i] ?? 0) - meanY);
    sxx += dx * dx;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}
