'use client';

import type { DrainJob } from '@plimsoll/shared/schemas';
import { useEffect, useState } from 'react';

import { Button } from '@/components/button';
import { Card, CardBody, CardHeader } from '@/components/card';
import { ErrorState } from '@/components/error-state';

import { useCurrentSession } from '../../auth/session-context';
import { useAfterNodeAction, useCordon, useDrainJob, useNodeDrains } from '../queries';
import { ActionLog } from './action-log';
import { DrainDialog } from './drain-dialog';

/**
 * Cordon, uncordon and drain for SREs (the API refuses everyone else, so nobody else sees the buttons). The drain
 * this page started is kept (and polled) here, so closing its dialog while it runs loses nothing; after a reload,
 * the node's running drain (whoever started it) is picked up from its latest drains.
 */
export function NodeActionsCard({
  cluster,
  node,
  unschedulable,
}: {
  cluster: string;
  node: string;
  unschedulable: boolean;
}) {
  const { user } = useCurrentSession();
  const cordon = useCordon(cluster, node);
  const [open, setOpen] = useState(false);
  const [started, setStarted] = useState<DrainJob | null>(null);
  // A drain whose result was seen and closed is not picked up again while the list still says it runs.
  const [closed, setClosed] = useState<string | null>(null);
  const latest = useNodeDrains(cluster, node, user.role === 'sre');
  const running = latest.data?.items.find((d) => d.state === 'running' && d.id !== closed);
  // After a reload the node's running drain (whoever started it) becomes this page's, and stays so once it ends.
  if (started === null && running) setStarted(running);
  const progress = useDrainJob(cluster, started);
  const job = progress.data ?? started;
  const after = useAfterNodeAction(cluster, node);
  const ended = job !== null && job.state !== 'running';
  // Evicted pods have left the node's pod list, and the drain's end is in the log: read both again.
  useEffect(() => {
    if (ended) void after();
    // `after` is a new function each render; the end of a drain is the one event that matters.
  }, [ended]);
  if (user.role !== 'sre') return null;
  return (
    <Card aria-label="Node actions">
      <CardHeader
        title="Node actions"
        description="Drain evicts through the Eviction API, so PodDisruptionBudgets hold; every action is audited."
        actions={
          <>
            <Button loading={cordon.isPending} onClick={() => cordon.mutate(!unschedulable)}>
              {unschedulable ? 'Uncordon' : 'Cordon'}
            </Button>
            <Button variant="danger" onClick={() => setOpen(true)}>
              {job?.state === 'running' ? 'Drain progress' : 'Drain…'}
            </Button>
          </>
        }
      />
      <CardBody>
        <ActionLog cluster={cluster} node={node} />
      </CardBody>
      {cordon.error && (
        <ErrorState
          what={unschedulable ? 'the uncordon' : 'the cordon'}
          error={cordon.error}
          variant="banner"
        />
      )}
      <DrainDialog
        open={open}
        onClose={() => {
          setOpen(false);
          // A finished drain's result has been seen; the next Drain… starts from a fresh preview.
          if (job && job.state !== 'running') {
            setStarted(null);
            setClosed(job.id);
          }
        }}
        cluster={cluster}
        node={node}
        job={job}
        progressError={progress.error}
        onStarted={setStarted}
      />
    </Card>
  );
}
