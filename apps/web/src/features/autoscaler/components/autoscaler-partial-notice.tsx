import type { AutoscalerStatusWire } from '@plimsoll/shared/schemas';

const SECTION_LABELS: Record<AutoscalerStatusWire['sections'][number], string> = {
  header: 'header',
  clusterWide: 'cluster-wide',
  nodeGroups: 'node groups',
};

/**
 * Says when the status on screen is not the whole status the autoscaler wrote — cut off (at its
 * 1 MB limit, by a copy) or a fragment — which sections were readable, and any value that could
 * not be kept as written.
 */
export function AutoscalerPartialNotice({
  status,
  configMap,
}: {
  status: AutoscalerStatusWire;
  configMap: string;
}) {
  const partial = status.partial || status.truncated;
  if (!partial && status.notes.length === 0) return null;
  const readable = status.sections.map((s) => SECTION_LABELS[s]);
  return (
    <div
      role="status"
      aria-label="Partial autoscaler status"
      className="space-y-1 rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-xs text-fg"
    >
      {partial && (
        <p>
          The status in <span className="font-mono">{configMap}</span> is{' '}
          {status.truncated ? 'cut off' : 'partial'}
          {status.truncated &&
            ' (the autoscaler cuts it at 1 MB, dropping the least important node groups)'}
          : what follows is what was readable —{' '}
          {readable.length > 0 ? readable.join(', ') : 'no complete section'}.
        </p>
      )}
      {status.notes.length > 0 && (
        <ul className="list-inside list-disc font-mono text-[11px]">
          {status.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
