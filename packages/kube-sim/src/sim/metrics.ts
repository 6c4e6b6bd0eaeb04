/** metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics as metrics-server serves them. */
import type { KubeObject } from '../store/types.js';
import type { Cluster } from './cluster.js';
import { toKubeTime } from './event-recorder.js';
import { nodeLabels } from './node-factory.js';

const ki = (bytes: number) => `${Math.round(bytes / 1024)}Ki`;
const nano = (milli: number) => `${Math.round(milli * 1_000_000)}n`;

/** NodeMetrics for every connected node (metrics-server has no fresh scrape of an unreachable one). */
export function buildNodeMetrics(cluster: Cluster): KubeObject[] {
  const now = cluster.clock.now();
  const t = toKubeTime(now);
  const out: KubeObject[] = [];
  for (const k of cluster.kubelets.values()) {
    if (!k.connected) continue;
    out.push({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'NodeMetrics',
      metadata: { name: k.name, creationTimestamp: t, labels: nodeLabels(k.id) },
      timestamp: toKubeTime(new Date(now.getTime() - 7_000)),
      window: '20.052s',
      usage: { cpu: nano(k.cpuMilliUsed()), memory: ki(k.systemMemoryBytes + k.podsMemoryBytes()) },
    });
  }
  return out;
}

/** PodMetrics for running pods on connected nodes, optionally in one namespace. */
export function buildPodMetrics(cluster: Cluster, namespace?: string): KubeObject[] {
  const now = cluster.clock.now();
  const t = toKubeTime(now);
  const out: KubeObject[] = [];
  for (const k of cluster.kubelets.values()) {
    if (!k.connected) continue;
    for (const p of k.pods.values()) {
      if (namespace && p.namespace !== namespace) continue;
      out.push({
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'PodMetrics',
        metadata: {
          name: p.name,
          namespace: p.namespace,
          creationTimestamp: t,
          labels: { app: p.workload.name },
        },
        timestamp: toKubeTime(new Date(now.getTime() - 9_000)),
        window: '16.327s',
        containers: p.containers.map((c) => ({
          name: c.name,
          usage: { cpu: nano(c.cpuMilli), memory: ki(c.memoryBytes) },
        })),
      });
    }
  }
  return out;
}
