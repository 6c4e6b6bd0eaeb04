'use client';

import type { WhyThisGroupResponse } from '@plimsoll/shared/schemas';
import { useEffect, useState, type FormEvent } from 'react';

import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { Card, CardBody, CardHeader } from '@/components/card';
import { QueryState } from '@/components/query-state';

import { shortGroupName } from '../format';
import { useWhyThisGroup, type WhyThisGroupInput } from '../queries';
import type { AutoscalerParams } from '../use-autoscaler-params';
import { formatQuantity } from '@/lib/format';

const EXPANDER_TEXT: Record<string, string> = {
  'least-waste': 'least-waste',
  'most-pods': 'most-pods',
  'least-nodes': 'least-nodes',
  priority: 'priority',
};

/** The form's inputs, from the URL. */
function inputFrom(p: AutoscalerParams): WhyThisGroupInput | null {
  if (p.pod && p.ns) return { namespace: p.ns, pod: p.pod };
  if (!p.cpu && !p.memory) return null;
  return {
    ...(p.cpu ? { cpu: p.cpu } : {}),
    ...(p.memory ? { memory: p.memory } : {}),
    ...(p.replicas ? { replicas: Number(p.replicas) } : {}),
    ...(p.tolerate ? { tolerate: p.tolerate } : {}),
    ...(p.selector ? { nodeSelector: p.selector } : {}),
  };
}

/** "Why this group?": a pending pod or hypothetical requests → each expander's choice, with scores. */
export function WhyThisGroupPanel({
  params,
  update,
}: {
  params: AutoscalerParams;
  update: (patch: Partial<AutoscalerParams>) => void;
}) {
  const input = inputFrom(params);
  const query = useWhyThisGroup(params.cluster, input);
  const [draft, setDraft] = useState({
    cpu: params.cpu,
    memory: params.memory,
    replicas: params.replicas,
    tolerate: params.tolerate,
    selector: params.selector,
  });
  useEffect(() => {
    setDraft({
      cpu: params.cpu,
      memory: params.memory,
      replicas: params.replicas,
      tolerate: params.tolerate,
      selector: params.selector,
    });
  }, [params.cpu, params.memory, params.replicas, params.tolerate, params.selector]);

  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Without a request there is nothing to place: say so instead of doing nothing.
    if (!draft.cpu.trim() && !draft.memory.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    update({ ...draft, ns: '', pod: '' });
  };
  const field = (key: keyof typeof draft, label: string, placeholder: string, width = 'w-24') => (
    <label className="flex flex-col gap-1 text-[11px] text-fg-subtle">
      {label}
      <input
        name={key}
        value={draft[key]}
        placeholder={placeholder}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
        className={`${width} h-7 rounded border border-line bg-surface px-2 font-mono text-xs text-fg placeholder:text-fg-subtle focus-visible:outline-2 focus-visible:outline-accent`}
      />
    </label>
  );

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Why this group?"
          description="Pick a pending pod on the Pending pods tab, or describe a hypothetical pod. Each expander runs on the node groups that could take it, as cluster-autoscaler would."
        />
        <CardBody>
          {params.pod ? (
            <div className="flex items-center gap-3 text-[13px]">
              <span className="text-fg-muted">Pod</span>
              <span className="font-mono text-xs">
                {params.ns}/{params.pod}
              </span>
              <Button size="sm" variant="ghost" onClick={() => update({ ns: '', pod: '' })}>
                Clear
              </Button>
            </div>
          ) : (
            <form
              onSubmit={submit}
              className="flex flex-wrap items-end gap-3"
              aria-label="Hypothetical pod"
            >
              {field('cpu', 'CPU request', '2')}
              {field('memory', 'Memory request', '4Gi')}
              {field('replicas', 'Replicas', '1', 'w-16')}
              {field('tolerate', 'Tolerate taint keys (* = all)', 'workload-class', 'w-48')}
              {field('selector', 'Node selector', 'key=value', 'w-48')}
              <Button type="submit" size="sm" variant="primary">
                Explain
              </Button>
              {missing && (
                <p role="alert" className="basis-full text-xs text-danger">
                  Give a CPU or a memory request (or pick a pod on the Pending pods tab): the
                  expanders need something to place.
                </p>
              )}
            </form>
          )}
        </CardBody>
      </Card>
      {input === null ? null : (
        <QueryState query={query} what="the expanders' choice">
          {(data) => <WhyThisGroupResult data={data} />}
        </QueryState>
      )}
    </div>
  );
}

function WhyThisGroupResult({ data }: { data: WhyThisGroupResponse }) {
  const s = data.subject;
  return (
    <>
      <p className="text-xs text-fg-muted">
        {s.kind === 'pod' ? (
          <>
            Pod{' '}
            <span className="font-mono text-fg">
              {s.namespace}/{s.name}
            </span>{' '}
            (spec from{' '}
            {s.specSource === 'api'
              ? 'the API server'
              : 'the collector cache: no tolerations or selectors known'}
            )
          </>
        ) : (
          <>Hypothetical pod ×{s.replicas}</>
        )}{' '}
        · requests{' '}
        <span className="font-mono text-fg">
          cpu={s.requests.cpu} memory={s.requests.memory}
        </span>
        {s.tolerations.length > 0 && (
          <>
            {' '}
            · tolerates <span className="font-mono">{s.tolerations.join(', ')}</span>
          </>
        )}
        {Object.keys(s.nodeSelector).length > 0 && (
          <>
            {' '}
            · selector{' '}
            <span className="font-mono">
              {Object.entries(s.nodeSelector)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}
            </span>
          </>
        )}
      </p>
      <ExistingNodesFit fit={data.fitsExistingNodes} />
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-4" aria-label="Expanders">
        {data.expanders.map((e) => (
          <Card key={e.name} className={e.isDefault ? 'ring-1 ring-accent/40' : ''}>
            <div className="px-4 py-3">
              <div className="flex items-center justify-between gap-2">
                <h3 className="font-mono text-[13px] font-semibold text-fg">
                  {EXPANDER_TEXT[e.name]}
                </h3>
                {e.isDefault && <Badge tone="accent">default</Badge>}
              </div>
              {e.error ? (
                <p className="mt-2 text-xs text-warn">{e.error}</p>
              ) : e.chosen.length === 0 ? (
                <p className="mt-2 text-xs text-fg-muted">No option: no scale-up.</p>
              ) : (
                <p className="mt-2 text-[13px]">
                  <span className="text-fg-subtle">→ </span>
                  {e.chosen.map((g) => (
                    <span key={g} className="mr-2 font-mono font-semibold text-accent" title={g}>
                      {shortGroupName(g)}
                    </span>
                  ))}
                  {e.chosen.length > 1 && (
                    <span className="text-[11px] text-fg-subtle">(tie, broken at random)</span>
                  )}
                </p>
              )}
              {e.scores.length > 0 && (
                <ul className="mt-2 space-y-0.5 text-[11px]">
                  {e.scores.map((sc) => (
                    <li key={sc.nodeGroup} className="flex justify-between gap-2">
                      <span className="truncate font-mono text-fg-muted" title={sc.nodeGroup}>
                        {shortGroupName(sc.nodeGroup)}
                      </span>
                      <span className="font-mono tabular-nums">
                        {sc.score === null
                          ? '—'
                          : Number.isInteger(sc.score)
                            ? sc.score
                            : sc.score.toFixed(3)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {e.note && <p className="mt-2 text-[11px] text-fg-subtle">{e.note}</p>}
            </div>
          </Card>
        ))}
      </div>
      <Card>
        <CardHeader
          title="Options"
          description="Every node group of the status: the template node the estimate used, or why the group cannot take the pod."
        />
        <CardBody flush className="overflow-x-auto">
          <table className="w-full text-left text-[13px]">
            <thead className="text-[11px] text-fg-subtle">
              <tr className="border-b border-line">
                <th className="px-4 py-2 font-medium">Group</th>
                <th className="px-3 py-2 font-medium">min / target / max</th>
                <th className="px-3 py-2 font-medium">Template</th>
                <th className="px-3 py-2 font-medium">Verdict</th>
                <th className="px-3 py-2 font-medium">Waste</th>
              </tr>
            </thead>
            <tbody>
              {data.options.map((o) => (
                <tr key={o.nodeGroup} className="border-b border-line align-top last:border-0">
                  <td className="px-4 py-2 font-mono text-xs" title={o.nodeGroup}>
                    {shortGroupName(o.nodeGroup)}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs tabular-nums">
                    {o.minSize} / {o.target} / {o.maxSize}
                  </td>
                  <td className="px-3 py-2 text-[11px] text-fg-muted">
                    {o.template ? (
                      <>
                        <div className="font-mono">
                          {o.template.cpu} CPU ·{' '}
                          <span title={o.template.memory}>
                            {formatQuantity(o.template.memory, 'memory')}
                          </span>
                        </div>
                        <div className="truncate" title={o.template.name}>
                          {o.template.source === 'node' ? 'from node ' : 'from annotations of '}
                          <span className="font-mono">{o.template.name}</span>
                        </div>
                        {o.template.taints.length > 0 && (
                          <div className="font-mono">{o.template.taints.join(', ')}</div>
                        )}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="px-3 py-2 text-xs">
                    {o.excluded ? (
                      <span className="text-warn">{o.excluded}</span>
                    ) : (
                      <span>
                        <Badge tone="ok">option</Badge>{' '}
                        <span className="font-mono tabular-nums">
                          +{o.nodeCount} node{o.nodeCount === 1 ? '' : 's'} · {o.podCount} pod
                          {o.podCount === 1 ? '' : 's'}
                        </span>
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs tabular-nums">
                    {o.wasteScore === null ? '—' : o.wasteScore.toFixed(3)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardBody>
      </Card>
      <details className="rounded-lg border border-line bg-surface text-xs">
        <summary className="cursor-pointer px-4 py-2 font-medium text-fg-muted hover:text-fg">
          Priority expander ConfigMap{' '}
          <span className="font-mono">{data.priorityConfigMap.name}</span>
          {data.priorityConfigMap.found ? '' : ' (not found)'}
        </summary>
        <pre className="border-t border-line px-4 py-3 font-mono text-[11px] text-fg">
          {data.priorityConfigMap.priorities ?? data.priorityConfigMap.error ?? '—'}
        </pre>
      </details>
    </>
  );
}

/**
 * Whether the pod fits on a node that exists now. cluster-autoscaler drops such pods before it looks at any group
 * (filterOutSchedulable), so "no scale-up" for them is the scheduler's business, not a missing node group.
 */
function ExistingNodesFit({ fit }: { fit: WhyThisGroupResponse['fitsExistingNodes'] }) {
  if (fit.count === 0) {
    return (
      <p className="text-xs text-fg-muted" data-testid="fits-existing-nodes">
        No Ready, schedulable node has room for it now: only a new node can take it.
      </p>
    );
  }
  const more = fit.count - fit.examples.length;
  return (
    <p
      role="status"
      data-testid="fits-existing-nodes"
      className="rounded-md border border-line bg-surface-muted px-3 py-2 text-xs text-fg"
    >
      Fits on {fit.count} existing node{fit.count === 1 ? '' : 's'} now (
      <span className="font-mono">{fit.examples.join(', ')}</span>
      {more > 0 ? ` and ${more} more` : ''}): the scheduler can place it, and cluster-autoscaler
      does not scale up for a pod that fits somewhere. If it stays Pending, look at the
      scheduler&apos;s events for the pod.
    </p>
  );
}
