import { Badge, type BadgeTone } from '@/components/badge';

/** Tone of an isolation score: only a clean audit is good news. */
export function isolationTone(score: number | null): BadgeTone {
  if (score === null) return 'neutral';
  if (score >= 100) return 'ok';
  if (score >= 70) return 'warn';
  return 'danger';
}

/** The 0–100 isolation score as a badge, with its meaning in the label. */
export function IsolationScore({ score, failed }: { score: number | null; failed?: number }) {
  return (
    <Badge
      tone={isolationTone(score)}
      dot
      aria-label={score === null ? 'Isolation score unknown' : `Isolation score ${score} of 100`}
      title={failed !== undefined ? `${failed} check${failed === 1 ? '' : 's'} failing` : undefined}
    >
      {score === null ? 'n/a' : `${score}/100`}
    </Badge>
  );
}
