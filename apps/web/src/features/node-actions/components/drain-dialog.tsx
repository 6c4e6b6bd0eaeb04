'use client';

import type { DrainJob, DrainOptions, DrainPreview } from '@plimsoll/shared/schemas';
import { useEffect, useRef, useState } from 'react';

import { Badge, type BadgeTone } from '@/components/badge';
import { Button } from '@/components/button';
import { ErrorState } from '@/components/error-state';
import { QueryState } from '@/components/query-state';
import { formatClock } from '@/lib/format';

import { useCancelDrain, useDrainPreview, useStartDrain } from '../queries';

type PreviewPod = DrainPreview['pods'][number];
type JobPod = DrainJob['pods'][number];

/** kubectl drain's flags, as the preview's checkboxes. */
const FLAGS: ReadonlyArray<[keyof DrainOptions, string, string]> = [
  ['ignoreDaemonSets', 'Ignore DaemonSet pods', '--ignore-daemonsets: leave them on the node'],
  [
    'deleteEmptyDirData',
    'Delete emptyDir data',
    '--delete-emptydir-data: their scratch data is lost',
  ],
  ['force', 'Force pods without a controller', '--force: nothing recreates them'],
];

const ACTION_LABELS: Record<PreviewPod['action'], [string, BadgeTone]> = {
  evict: ['evict', 'accent'],
  skip: ['stays', 'neutral'],
  blocked: ['refused', 'danger'],
};

const POD_STATES: Record<JobPod['state'], [string, BadgeTone]> = {
  pending: ['pending', 'neutral'],
  refused: ['blocked, retrying', 'warn'],
  'waiting-deletion': ['evicting', 'info'],
  evicted: ['evicted', 'ok'],
  failed: ['failed', 'danger'],
  cancelled: ['not evicted', 'neutral'],
};

const JOB_STATES: Record<DrainJob['state'], [string, BadgeTone]> = {
  running: ['draining', 'info'],
  done: ['done', 'ok'],
  failed: ['failed', 'danger'],
  cancelled: ['cancelled', 'warn'],
  interrupted: ['interrupted', 'danger'],
};

/** Props for {@link DrainDialog}. */
export interface DrainDialogProps {
  open: boolean;
  onClose: () => void;
  cluster: string;
  node: string;
  /** The drain this page started, live; kept by the caller so closing the dialog does not lose it. */
  job: DrainJob | null;
  /** Why its progress could not be read last time (the drain may still run). */
  progressError: unknown;
  onStarted: (job: DrainJob) => void;
}

/**
 * The drain of one node: a preview of what kubectl drain's filters do to each pod (and each pod's budget), the
 * flags that change it, a confirm; then the drain's live progress, its 429 retries and a Cancel.
 */
export function DrainDialog({
  open,
  onClose,
  cluster,
  node,
  job,
  progressError,
  onStarted,
}: DrainDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [opts, setOpts] = useState<DrainOptions>({
    ignoreDaemonSets: true,
    deleteEmptyDirData: false,
    force: false,
  });
  const preview = useDrainPreview(cluster, node, opts, open && job === null);
  const start = useStartDrain(cluster, node);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="drain-dialog-title"
      className="m-auto max-h-[calc(100dvh-2rem)] w-[min(44rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/40"
    >
      <header className="sticky top-0 flex items-center justify-between gap-2 border-b border-line bg-surface px-4 py-2.5">
        <h2 id="drain-dialog-title" className="min-w-0 text-[13px] font-semibold">
          Drain <span className="font-mono break-all">{node}</span>
        </h2>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close">
          ✕
        </Button>
      </header>
      {open && job ? (
        <DrainProgress
          cluster={cluster}
          job={job}
          error={progressError}
          preview={preview.data ?? null}
          onClose={onClose}
        />
      ) : (
        <div className="grid gap-3 px-4 py-3">
          <fieldset className="grid gap-1.5">
            <legend className="mb-1 text-xs font-medium text-fg-muted">Options</legend>
            {FLAGS.map(([key, label, hint]) => (
              <label key={key} className="flex items-start gap-2 text-[13px]">
                <input
                  type="checkbox"
                  className="mt-0.5 accent-accent"
                  checked={opts[key]}
                  onChange={(e) => setOpts((o) => ({ ...o, [key]: e.target.checked }))}
                />
                <span>
                  {label} <span className="text-xs text-fg-subtle">({hint})</span>
                </span>
              </label>
            ))}
          </fieldset>
          <QueryState
            query={preview}
            what="the drain preview"
            isEmpty={(p) => p.pods.length === 0}
            empty={
              <p className="text-[13px] text-fg-muted">No pods on this node: nothing to evict.</p>
            }
          >
            {(p) => <PreviewList preview={p} />}
          </QueryState>
          {start.error && <ErrorState what="the drain" error={start.error} variant="banner" />}
          <div className="flex flex-wrap justify-end gap-2 border-t border-line pt-3">
            <Button onClick={onClose}>Cancel</Button>
            <Button
              variant="primary"
              loading={start.isPending}
              disabled={!preview.data || preview.data.errors.length > 0}
              onClick={() => start.mutate(opts, { onSuccess: onStarted })}
            >
              Cordon and drain
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
}

function PreviewList({ preview }: { preview: DrainPreview }) {
  const evict = preview.pods.filter((p) => p.action === 'evict');
  const guarded = evict.filter((p) => p.pdb && p.pdb.disruptionsAllowed === 0);
  return (
    <div className="grid gap-2">
      <p className="text-[13px]" aria-live="polite">
        {evict.length} of {preview.pods.length} pods will be evicted through the Eviction API
        {guarded.length > 0 &&
          `; ${guarded.length === 1 ? 'one is' : `${guarded.length} are`} guarded by a PodDisruptionBudget that allows no disruption now, so the drain will retry ${guarded.length === 1 ? 'it' : 'them'} until it does (or you cancel)`}
        .
      </p>
      {preview.errors.length > 0 && (
        <div
          role="alert"
          className="rounded-md border border-danger/40 bg-danger/5 px-3 py-2 text-xs text-danger"
        >
          <p className="font-medium">The drain would not start (as kubectl drain refuses):</p>
          <ul className="mt-1 list-disc pl-4 break-words">
            {preview.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.warnings.length > 0 && (
        <ul className="text-xs break-words text-warn">
          {preview.warnings.map((w) => (
            <li key={w}>Warning: {w}</li>
          ))}
        </ul>
      )}
      <ul
        aria-label="Pods on the node"
        className="divide-y divide-line rounded-md border border-line"
      >
        {preview.pods.map((p) => {
          const [label, tone] = ACTION_LABELS[p.action];
          return (
            <li key={`${p.namespace}/${p.name}`} className="grid gap-0.5 px-3 py-1.5 text-xs">
              <div className="flex flex-wrap items-center gap-1.5">
                <Badge tone={tone}>{label}</Badge>
                <span className="font-mono break-all">
                  {p.namespace}/{p.name}
                </span>
                {p.ownerKind && <span className="text-fg-subtle">{p.ownerKind}</span>}
              </div>
              {p.message && <p className="text-fg-muted">{p.message}</p>}
              {p.pdb && (
                <p className={p.pdb.disruptionsAllowed === 0 ? 'text-warn' : 'text-fg-muted'}>
                  PodDisruptionBudget {p.pdb.name}: {p.pdb.disruptionsAllowed} disruption
                  {p.pdb.disruptionsAllowed === 1 ? '' : 's'} allowed ({p.pdb.currentHealthy}{' '}
                  healthy, {p.pdb.desiredHealthy} needed)
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function DrainProgress({
  cluster,
  job,
  error,
  preview,
  onClose,
}: {
  cluster: string;
  job: DrainJob;
  error: unknown;
  preview: DrainPreview | null;
  onClose: () => void;
}) {
  const cancel = useCancelDrain(cluster);
  const running = job.state === 'running';
  const pdbOf = (p: JobPod) =>
    preview?.pods.find((q) => q.namespace === p.namespace && q.name === p.name)?.pdb?.name;
  const [stateLabel, stateTone] = JOB_STATES[job.state];
  const evicted = job.pods.filter((p) => p.state === 'evicted').length;
  return (
    <div className="grid gap-3 px-4 py-3">
      <div className="flex flex-wrap items-center gap-2 text-[13px]" aria-live="polite">
        <Badge tone={stateTone} dot>
          {stateLabel}
        </Badge>
        <span>
          {evicted} of {job.pods.length} pods evicted
        </span>
        <span className="text-xs text-fg-muted">
          started {formatClock(job.startedAt)} by {job.actor}
        </span>
      </div>
      {job.message && (
        <p role="status" className="text-[13px]">
          {job.message}
        </p>
      )}
      {error ? <ErrorState what="the drain's progress" error={error} variant="banner" /> : null}
      <ul
        aria-label="Drain progress"
        className="divide-y divide-line rounded-md border border-line"
      >
        {job.pods.map((p) => {
          const [label, tone] = POD_STATES[p.state];
          const pdb = pdbOf(p);
          return (
            <li key={`${p.namespace}/${p.name}`} className="grid gap-0.5 px-3 py-1.5 text-xs">
              <div className="flex flex-wrap items-center gap-1.5">
                <Badge tone={tone}>{label}</Badge>
                <span className="font-mono break-all">
                  {p.namespace}/{p.name}
                </span>
                {p.attempts > 1 && <span className="text-fg-subtle">{p.attempts} attempts</span>}
              </div>
              {p.state === 'refused' && (
                <p className="text-warn">
                  Blocked by PodDisruptionBudget {pdb ?? '(see below)'}, retrying
                  {p.nextAttemptAt ? ` at ${formatClock(p.nextAttemptAt)}` : ''}
                </p>
              )}
              {p.lastRefusal && p.state !== 'evicted' && (
                <p className="break-words text-fg-muted">{p.lastRefusal}</p>
              )}
              {p.error && <p className="break-words text-danger">{p.error}</p>}
            </li>
          );
        })}
      </ul>
      {!running && (
        <p className="text-xs text-fg-muted">
          Every step of this drain is in the node&apos;s action log (Node actions card) under drain{' '}
          <span className="font-mono break-all">{job.id}</span>.
        </p>
      )}
      {cancel.error && <ErrorState what="the cancel" error={cancel.error} variant="banner" />}
      <div className="flex flex-wrap justify-end gap-2 border-t border-line pt-3">
        {running ? (
          <Button variant="danger" loading={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
            Cancel drain
          </Button>
        ) : null}
        <Button onClick={onClose}>{running ? 'Hide (keeps draining)' : 'Close'}</Button>
      </div>
    </div>
  );
}
