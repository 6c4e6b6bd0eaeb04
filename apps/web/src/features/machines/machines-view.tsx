'use client';

import type { ListMachinesResponse, Machine } from '@plimsoll/shared/schemas';
import type { Route } from 'next';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';

import { Badge, type BadgeTone } from '@/components/badge';
import { Card, CardBody, CardHeader } from '@/components/card';
import { EmptyState } from '@/components/empty-state';
import { LoadingState } from '@/components/loading-state';
import { PageHeader } from '@/components/page-header';
import { QueryState } from '@/components/query-state';
import { Stat } from '@/components/stat';

import { useHealth } from '../health/queries';
import { useMachines } from './queries';
import { formatDateTime } from '@/lib/format';

const PHASE_TONES: Record<string, BadgeTone> = {
  Running: 'ok',
  Provisioned: 'info',
  Provisioning: 'info',
  Pending: 'info',
  Deleting: 'warn',
  Deleted: 'neutral',
  Failed: 'danger',
  Unknown: 'warn',
};

/** The Machines view (`/machines`): which Cluster API Machine backs each node. */
export function MachinesView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const health = useHealth();
  const cluster = params.get('cluster') ?? health.data?.clusters[0]?.name ?? '';
  const q = params.get('q') ?? '';
  const setQ = (v: string) => {
    const next = new URLSearchParams(params.toString());
    if (v) next.set('q', v);
    else next.delete('q');
    const s = next.toString();
    router.replace((s ? `${pathname}?${s}` : pathname) as Route, { scroll: false });
  };
  return (
    <>
      <PageHeader
        title="Machines"
        description="Cluster API MachineDeployments → MachineSets → Machines, and the Node each Machine backs."
        actions={
          <input
            type="search"
            aria-label="Find a node or machine"
            placeholder="Node or machine name…"
            defaultValue={q}
            onChange={(e) => setQ(e.target.value.trim())}
            className="h-7 w-64 rounded border border-line bg-surface px-2 font-mono text-xs text-fg placeholder:text-fg-subtle focus-visible:outline-2 focus-visible:outline-accent"
          />
        }
      />
      {health.isPending && !cluster ? (
        <LoadingState label="clusters" />
      ) : !cluster ? (
        <EmptyState title="No cluster connected" description="Plimsoll collects no cluster yet." />
      ) : (
        <MachinesBody cluster={cluster} q={q} />
      )}
    </>
  );
}

function MachinesBody({ cluster, q }: { cluster: string; q: string }) {
  const query = useMachines(cluster);
  return (
    <QueryState query={query} what="Cluster API machines">
      {(data) =>
        data.clusterApi ? (
          <MachinesTree data={data} q={q.toLowerCase()} cluster={cluster} />
        ) : (
          <EmptyState
            title="Cluster API is not installed"
            description="The API server does not serve the cluster.x-k8s.io group, so there are no Machines: nodes here are managed some other way (a cloud node group, Karpenter, by hand)."
          />
        )
      }
    </QueryState>
  );
}

const matches = (m: Machine, q: string) =>
  !q ||
  m.name.toLowerCase().includes(q) ||
  (m.nodeName ?? '').toLowerCase().includes(q) ||
  (m.providerID ?? '').toLowerCase().includes(q);

function MachinesTree({
  data,
  q,
  cluster,
}: {
  data: ListMachinesResponse;
  q: string;
  cluster: string;
}) {
  const all = [
    ...data.machineDeployments.flatMap((d) => d.machineSets.flatMap((s) => s.machines)),
    ...data.otherMachines,
  ];
  const running = all.filter((m) => m.phase === 'Running').length;
  const unhealthy = all.filter((m) => m.unhealthy).length;
  return (
    <div className="space-y-4">
      <Card aria-label="Summary">
        <dl className="grid grid-cols-2 gap-y-3 px-4 py-3 sm:grid-cols-3 lg:grid-cols-6">
          <Stat label="MachineDeployments">{data.machineDeployments.length}</Stat>
          <Stat label="Machines">{all.length}</Stat>
          <Stat label="Running">{running}</Stat>
          <Stat label="Unhealthy (MHC)">
            <span className={unhealthy > 0 ? 'text-danger' : ''}>{unhealthy}</span>
          </Stat>
          <Stat label="Nodes without machine">{data.nodesWithoutMachine.length}</Stat>
          <Stat label="Machines without node">
            <span className={data.machinesWithoutNode.length > 0 ? 'text-warn' : ''}>
              {data.machinesWithoutNode.length}
            </span>
          </Stat>
        </dl>
        <p className="border-t border-line px-4 py-2 text-xs text-fg-muted">
          <span className="font-mono">cluster.x-k8s.io/{data.apiVersion}</span> · read from the API
          server on demand
        </p>
      </Card>
      {data.machineDeployments.map((d) => {
        const sets = d.machineSets.map((s) => ({
          ...s,
          machines: s.machines.filter((m) => matches(m, q)),
        }));
        if (q && sets.every((s) => s.machines.length === 0)) return null;
        return (
          <Card key={`${d.namespace}/${d.name}`} aria-label={`MachineDeployment ${d.name}`}>
            <CardHeader
              title={
                <span className="font-mono">
                  <span className="text-fg-subtle">MachineDeployment {d.namespace}/</span>
                  {d.name}
                </span>
              }
              description={
                <>
                  {d.version ?? '—'} · {d.readyReplicas ?? 0}/{d.replicas ?? 0} ready ·{' '}
                  {d.updatedReplicas ?? 0} updated
                  {d.autoscalerMin !== null && d.autoscalerMax !== null && (
                    <>
                      {' '}
                      · autoscaler {d.autoscalerMin}–{d.autoscalerMax}
                    </>
                  )}
                </>
              }
              actions={
                d.phase ? <Badge tone={PHASE_TONES[d.phase] ?? 'neutral'}>{d.phase}</Badge> : null
              }
            />
            <CardBody flush className="overflow-x-auto">
              {sets.map((s) => (
                <div key={s.name} className="border-b border-line last:border-0">
                  <div className="bg-surface-muted px-4 py-1.5 text-xs text-fg-muted">
                    <span className="font-mono text-fg">MachineSet {s.name}</span> ·{' '}
                    {s.readyReplicas ?? 0}/{s.replicas ?? 0} ready
                  </div>
                  <MachineTable machines={s.machines} cluster={cluster} />
                </div>
              ))}
            </CardBody>
          </Card>
        );
      })}
      {data.otherMachines.filter((m) => matches(m, q)).length > 0 && (
        <Card>
          <CardHeader
            title="Other machines"
            description="Not owned by a MachineSet (control plane, standalone)."
          />
          <CardBody flush>
            <MachineTable
              machines={data.otherMachines.filter((m) => matches(m, q))}
              cluster={cluster}
            />
          </CardBody>
        </Card>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Nodes without a machine"
            description="No Machine's nodeRef names them."
          />
          <CardBody>
            {data.nodesWithoutMachine.length === 0 ? (
              <p className="text-[13px] text-fg-muted">Every node is backed by a Machine.</p>
            ) : (
              <ul
                className="max-h-72 space-y-0.5 overflow-y-auto font-mono text-xs"
                tabIndex={0}
                aria-label="Nodes without a machine"
              >
                {data.nodesWithoutMachine
                  .filter((n) => !q || n.name.toLowerCase().includes(q))
                  .map((n) => (
                    <li key={n.name}>
                      {n.name} {n.pool && <span className="text-fg-subtle">· {n.pool}</span>}
                    </li>
                  ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Machines without a node"
            description="Still provisioning, failed to join, or their Node was deleted."
          />
          <CardBody>
            {data.machinesWithoutNode.length === 0 ? (
              <p className="text-[13px] text-fg-muted">Every Machine has its Node.</p>
            ) : (
              <ul className="space-y-0.5 font-mono text-xs">
                {data.machinesWithoutNode.map((m) => (
                  <li key={`${m.namespace}/${m.name}`}>
                    {m.namespace}/{m.name}{' '}
                    <span className="text-fg-subtle">· {m.phase ?? 'no phase'}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
      {data.machineHealthChecks.map((h) => (
        <Card key={`${h.namespace}/${h.name}`} aria-label={`MachineHealthCheck ${h.name}`}>
          <CardHeader
            title={
              <span className="font-mono">
                MachineHealthCheck {h.namespace}/{h.name}
              </span>
            }
            description={`${h.currentHealthy ?? '—'}/${h.expectedMachines ?? '—'} healthy · remediations allowed ${h.remediationsAllowed ?? '—'} · maxUnhealthy ${h.maxUnhealthy ?? '—'} · nodeStartupTimeout ${h.nodeStartupTimeout ?? '—'}`}
          />
          <CardBody className="space-y-1 text-xs text-fg-muted">
            <div>
              selector{' '}
              <span className="font-mono text-fg">
                {Object.entries(h.selector)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ') || '(all)'}
              </span>
            </div>
            <div>
              unhealthy when{' '}
              <span className="font-mono text-fg">
                {h.unhealthyConditions
                  .map((c) => `${c.type}=${c.status} for ${c.timeout}`)
                  .join(' or ') || '—'}
              </span>
            </div>
            {h.targets.length > 0 && (
              <div>
                targets: <span className="font-mono">{h.targets.join(', ')}</span>
              </div>
            )}
            {h.conditions.map((c) => (
              <div key={c.type}>
                <Badge tone={c.status === 'True' ? 'ok' : 'warn'}>
                  {c.type}={c.status}
                </Badge>{' '}
                {c.reason} {c.message}
              </div>
            ))}
          </CardBody>
        </Card>
      ))}
    </div>
  );
}

function MachineTable({ machines, cluster }: { machines: Machine[]; cluster: string }) {
  if (machines.length === 0) return <p className="px-4 py-2 text-xs text-fg-muted">No machines.</p>;
  return (
    <table className="w-full text-left text-[13px]">
      <thead className="text-[11px] text-fg-subtle">
        <tr className="border-b border-line">
          <th className="px-4 py-1.5 font-medium">Machine</th>
          <th className="px-3 py-1.5 font-medium">Phase</th>
          <th className="px-3 py-1.5 font-medium">Version</th>
          <th className="px-3 py-1.5 font-medium">Node</th>
          <th className="px-3 py-1.5 font-medium">Provider ID</th>
          <th className="px-3 py-1.5 font-medium">Conditions</th>
        </tr>
      </thead>
      <tbody>
        {machines.map((m) => {
          const bad = m.conditions.filter((c) => c.status !== 'True');
          return (
            <tr
              key={m.name}
              className="border-b border-line align-top last:border-0 hover:bg-surface-hover"
            >
              <td
                className="px-4 py-1.5 font-mono text-xs"
                title={`created ${formatDateTime(m.createdAt)}`}
              >
                {m.name}
              </td>
              <td className="px-3 py-1.5">
                <Badge tone={PHASE_TONES[m.phase ?? ''] ?? 'neutral'} dot>
                  {m.phase ?? '—'}
                </Badge>
                {m.unhealthy && (
                  <Badge tone="danger" className="ml-1">
                    MHC unhealthy
                  </Badge>
                )}
              </td>
              <td className="px-3 py-1.5 font-mono text-xs">{m.version ?? '—'}</td>
              <td className="px-3 py-1.5 font-mono text-xs">
                {m.nodeName ? (
                  m.nodeFound ? (
                    <Link
                      href={
                        `/nodes/${encodeURIComponent(m.nodeName)}?cluster=${encodeURIComponent(cluster)}` as Route
                      }
                      className="text-accent hover:underline"
                    >
                      {m.nodeName}
                    </Link>
                  ) : (
                    <span className="text-warn" title="No such Node in the cluster">
                      {m.nodeName} (missing)
                    </span>
                  )
                ) : (
                  <span className="text-fg-subtle">not joined</span>
                )}
              </td>
              <td
                className="max-w-[16rem] truncate px-3 py-1.5 font-mono text-[11px] text-fg-muted"
                title={m.providerID ?? ''}
              >
                {m.providerID ?? '—'}
              </td>
              <td className="px-3 py-1.5 text-[11px]">
                {bad.length === 0 ? (
                  <span className="text-ok">all True</span>
                ) : (
                  bad.map((c) => (
                    <div key={c.type} className="text-warn" title={c.message ?? ''}>
                      {c.type}={c.status}
                      {c.reason ? ` (${c.reason})` : ''}
                    </div>
                  ))
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
