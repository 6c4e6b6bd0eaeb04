import { classifyNodeProblem, isNodeProblemCondition } from '@plimsoll/shared';
import type { V1NodeCondition } from '@kubernetes/client-node';

import type { NodeConditionSnapshot, NodeSnapshot } from '../k8s/to-node-snapshot.js';
import type { CurrentNodeRow, NodeProblemEpisodeRow } from '../repositories/history-repository.js';
import { stableJson } from './stable-json.js';
import type { WatchEvent } from './watch-event.js';
import type { RowSink } from './write-buffer.js';

/** Fields whose changes are history (node_spec_changes.field). */
const SPEC_FIELDS = [
  'capacity',
  'allocatable',
  'taints',
  'nodeInfo',
  'labels',
  'unschedulable',
] as const;
type SpecField = (typeof SPEC_FIELDS)[number];

interface NodeState {
  conditions: Map<string, { status: string; lastTransitionTime: number }>;
  spec: Record<SpecField, string>;
}

const specValue = (n: NodeSnapshot, f: SpecField): unknown => n[f];

/** The node's Ready condition went Unknown because the kubelet stopped reporting: a heartbeat problem. */
export type NodeUnreachableHook = (node: string, since: Date, fromList: boolean) => void;

/**
 * Node history: condition transitions (kubelet and NPD alike), NPD problem episodes, capacity / allocatable / taint /
 * label / nodeInfo changes, and the current_nodes row. Diffs against what it last wrote (seeded from current_nodes
 * when this replica becomes the writer), so heartbeats write nothing and a relist writes only what changed; a change
 * first seen in a list is marked reconstructed.
 */
export class NodeIngester {
  private readonly state = new Map<string, NodeState>();
  private readonly openProblems = new Map<string, NodeProblemEpisodeRow>();

  constructor(
    private readonly cluster: string,
    private readonly sink: RowSink,
    private readonly onUnreachable?: NodeUnreachableHook,
  ) {}

  /** Starts from the stored state (a new writer). */
  seed(nodes: CurrentNodeRow[], openProblems: NodeProblemEpisodeRow[]): void {
    this.state.clear();
    this.openProblems.clear();
    for (const row of nodes) {
      if (row.deletedAt) continue;
      const conditions = new Map<string, { status: string; lastTransitionTime: number }>();
      for (const c of row.conditions as Array<{
        type: string;
        status: string;
        lastTransitionTime: string;
      }>) {
        conditions.set(c.type, {
          status: c.status,
          lastTransitionTime: Date.parse(c.lastTransitionTime),
        });
      }
      const spec = {} as Record<SpecField, string>;
      for (const f of SPEC_FIELDS)
        spec[f] = stableJson((row as unknown as Record<string, unknown>)[f]);
      this.state.set(row.name, { conditions, spec });
    }
    for (const p of openProblems) this.openProblems.set(`${p.node}\0${p.conditionType}`, p);
  }

  /** Names of the nodes this ingester knows (for list reconciliation). */
  knownNodes(): string[] {
    return [...this.state.keys()];
  }

  ingest(event: WatchEvent<NodeSnapshot>): void {
    if (event.type === 'DELETED')
      return this.remove(event.object.name, event.object, event.observedAt);
    const node = event.object;
    const prev = this.state.get(node.name);
    const reconstructed = event.fromList;
    let changed = !prev;
    const conditions = new Map<string, { status: string; lastTransitionTime: number }>();
    for (const c of node.conditions) {
      const ltt = c.lastTransitionTime.getTime();
      conditions.set(c.type, { status: c.status, lastTransitionTime: ltt });
      const before = prev?.conditions.get(c.type);
      if (before && before.status === c.status && before.lastTransitionTime === ltt) continue;
      changed = true;
      this.sink.push(
        'conditionTransitions',
        {
          cluster: this.cluster,
          node: node.name,
          type: c.type,
          status: c.status,
          reason: c.reason,
          message: c.message,
          lastTransitionTime: c.lastTransitionTime,
          observedAt: event.observedAt,
          reconstructed,
        },
        'nodes',
      );
      if (isNodeProblemCondition(c.type)) this.problemTransition(node.name, c);
      if (c.type === 'Ready' && c.status === 'Unknown' && before?.status !== 'Unknown') {
        this.onUnreachable?.(node.name, c.lastTransitionTime, event.fromList);
      }
    }
    const spec = {} as Record<SpecField, string>;
    for (const f of SPEC_FIELDS) {
      const value = specValue(node, f);
      spec[f] = stableJson(value);
      if (prev && prev.spec[f] === spec[f]) continue;
      changed = true;
      this.sink.push(
        'nodeSpecChanges',
        {
          cluster: this.cluster,
          node: node.name,
          field: f,
          value: value as object,
          ...(prev ? { previous: JSON.parse(prev.spec[f]) as object } : {}),
          resourceVersion: node.resourceVersion,
          observedAt: event.observedAt,
        },
        'nodes',
      );
    }
    this.state.set(node.name, { conditions, spec });
    if (changed)
      this.sink.push('currentNodes', this.currentRow(node, event.observedAt, null), 'nodes');
  }

  /** A node is gone (watch DELETED, or missing from a relist). */
  remove(name: string, last: NodeSnapshot | undefined, observedAt: Date): void {
    if (!this.state.delete(name)) return;
    if (last)
      this.sink.push('currentNodes', this.currentRow(last, observedAt, observedAt), 'nodes');
  }

  private problemTransition(node: string, c: NodeConditionSnapshot): void {
    const key = `${node}\0${c.type}`;
    const open = this.openProblems.get(key);
    if (c.status === 'True') {
      if (open) return;
      const cls = classifyNodeProblem(c as unknown as V1NodeCondition);
      const row: NodeProblemEpisodeRow = {
        cluster: this.cluster,
        node,
        conditionType: c.type,
        reason: c.reason ?? cls?.reason ?? '',
        message: c.message,
        severity: cls?.severity ?? 'warning',
        startedAt: c.lastTransitionTime,
        endedAt: null,
      };
      this.openProblems.set(key, row);
      this.sink.push('nodeProblemEpisodes', row, 'nodes');
    } else if (open) {
      this.openProblems.delete(key);
      this.sink.push('nodeProblemEpisodes', { ...open, endedAt: c.lastTransitionTime }, 'nodes');
    }
  }

  private currentRow(node: NodeSnapshot, observedAt: Date, deletedAt: Date | null): CurrentNodeRow {
    return {
      cluster: this.cluster,
      name: node.name,
      uid: node.uid,
      resourceVersion: node.resourceVersion,
      labels: node.labels,
      taints: node.taints,
      conditions: node.conditions.map((c) => ({
        type: c.type,
        status: c.status,
        reason: c.reason,
        message: c.message,
        lastTransitionTime: c.lastTransitionTime.toISOString(),
      })),
      capacity: node.capacity,
      allocatable: node.allocatable,
      nodeInfo: node.nodeInfo,
      unschedulable: node.unschedulable,
      createdAt: node.createdAt,
      deletedAt,
      observedAt,
    };
  }
}
