// Benchmark of the derived cluster signals on /metrics (issue 20): series per metric (label cardinality), the size
// of one scrape and the time to compute it, for a writer of a cluster of N nodes (default 5,000) with 30 pods each,
// 2 % of them evicted, a ResourceQuota of 4 resources per 10 nodes and 50 autoscaler node groups. The cluster is
// built in memory in the collector's cache shapes, so the figure is the scrape's own cost (the collector's memory
// and CPU are in collector.bench.mjs).
// Reproduce: npm run bench -- metrics-scrape [--nodes 5000]   (--smoke: 200 nodes; --json: figures)
import { performance } from 'node:perf_hooks';

import { formatAutoscalerStatusYaml } from '@plimsoll/shared';
import { Registry } from 'prom-client';

import { benchArgs, emitFigures, reproduce } from './lib.mjs';

const API_DIST = new URL('../apps/api/dist/', import.meta.url);
const { registerClusterSignals, CLUSTER_SIGNAL_METRICS } = await import(
  new URL('metrics/cluster-signals.js', API_DIST).href
);

const args = benchArgs({ defaults: { nodes: 5000 }, smoke: { nodes: 200 }, positional: ['nodes'] });
const { nodes } = args.opts;
const podsPerNode = 30;
const now = new Date();
const GiB = 1024 ** 3;

const cache = {
  nodes: new Map(),
  pods: new Map(),
  leases: new Map(),
  namespaces: new Map(),
  resourcequotas: new Map(),
  autoscaler: new Map(),
};
const pressure = new Map();
const namespaces = Math.max(1, Math.round(nodes / 10));
for (let t = 0; t < namespaces; t++) {
  const name = `team-${t}`;
  cache.namespaces.set(name, { name, labels: { 'plimsoll.io/tenant': `tenant-${t % 50}` } });
  cache.resourcequotas.set(`${name}/compute`, {
    namespace: name,
    name: 'compute',
    resourceVersion: '1',
    scopes: [],
    hard: {
      'requests.cpu': '100',
      'requests.memory': '200Gi',
      pods: '300',
      'limits.memory': '400Gi',
    },
    used: {
      'requests.cpu': `${t % 100}`,
      'requests.memory': '150Gi',
      pods: '290',
      'limits.memory': '10Gi',
    },
  });
}
for (let i = 0; i < nodes; i++) {
  const name = `ip-10-${(i >> 8) & 255}-${i & 255}-1.eu-west-1.compute.internal`;
  cache.nodes.set(name, {
    name,
    uid: `n${i}`,
    resourceVersion: '1',
    labels: {},
    taints: [],
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: null,
        message: null,
        lastTransitionTime: now,
        lastHeartbeatTime: now,
      },
    ],
    capacity: { memory: '64Gi', cpu: '16', pods: '110' },
    allocatable: { memory: '62Gi', cpu: '15800m', pods: '110' },
    nodeInfo: {},
    unschedulable: false,
    createdAt: new Date(now.getTime() - 86_400_000),
  });
  cache.leases.set(`kube-node-lease/${name}`, {
    namespace: 'kube-node-lease',
    name,
    resourceVersion: '1',
    holderIdentity: name,
    leaseDurationSeconds: 40,
    renewTime: new Date(now.getTime() - (i % 97) * 1000),
  });
  pressure.set(name, {
    at: now.toISOString(),
    memoryAvailableBytes: String(Math.round((8 + (i % 40)) * GiB)),
    memoryWorkingSetBytes: String(40 * GiB),
    nodefsAvailableBytes: String(60 * GiB),
    nodefsCapacityBytes: String(100 * GiB),
    nodefsInodesFree: '5000000',
    nodefsInodes: '6500000',
    imagefsAvailableBytes: String(60 * GiB),
    imagefsCapacityBytes: String(100 * GiB),
    imagefsInodesFree: null,
    pidAvailable: '4000000',
    pidMax: '4194304',
  });
  for (let p = 0; p < podsPerNode; p++) {
    const evicted = (i * podsPerNode + p) % 50 === 0;
    const ns = `team-${(i + p) % namespaces}`;
    cache.pods.set(`${ns}/pod-${i}-${p}`, {
      uid: `p${i}-${p}`,
      namespace: ns,
      name: `pod-${i}-${p}`,
      nodeName: name,
      reason: evicted ? 'Evicted' : null,
      message: evicted
        ? 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 92Mi. '
        : null,
    });
  }
}
const group = (g) => ({
  name: `MachineDeployment/default/pool-${g}`,
  health: {
    status: 'Healthy',
    ready: 100,
    unready: 0,
    resourceUnready: 0,
    notStarted: 0,
    registered: 100,
    longUnregistered: 0,
    cloudProviderTarget: 100,
    minSize: 10,
    maxSize: 200,
  },
  scaleUp: { status: g % 10 === 0 ? 'Backoff' : 'NoActivity' },
  scaleDown: { status: 'NoCandidates' },
});
cache.autoscaler.set('kube-system/cluster-autoscaler-status', {
  namespace: 'kube-system',
  name: 'cluster-autoscaler-status',
  resourceVersion: '1',
  data: {
    status: formatAutoscalerStatusYaml({
      format: 'yaml',
      autoscalerStatus: 'Running',
      clusterWide: {
        health: {
          status: 'Healthy',
          ready: nodes,
          unready: 0,
          resourceUnready: 0,
          notStarted: 0,
          registered: nodes,
          longUnregistered: 0,
        },
        scaleUp: { status: 'NoActivity' },
        scaleDown: { status: 'NoCandidates' },
      },
      nodeGroups: Array.from({ length: 50 }, (_, g) => group(g)),
      truncated: false,
    }),
  },
});

const collector = {
  name: 'prod',
  isWriter: () => true,
  health: () => ({ name: 'prod', source: 'kubeconfig', state: 'synced' }),
  tenantLabels: ['plimsoll.io/tenant'],
  cache,
  kubelet: { pressure: (n) => pressure.get(n), config: () => undefined, summary: () => undefined },
};
const registry = new Registry();
registerClusterSignals(registry, { collectors: () => [collector] });

const times = [];
let text = '';
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  text = await registry.metrics();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(
  `nodes ${nodes}, pods ${cache.pods.size}, quotas ${cache.resourcequotas.size}, node groups 50`,
);
for (const name of CLUSTER_SIGNAL_METRICS) {
  const n = text.split('\n').filter((l) => l.startsWith(`${name}{`)).length;
  console.log(`${name.padEnd(48)} ${String(n).padStart(7)} series`);
}
const total = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
console.log(
  `total series ${total}, scrape body ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MiB`,
);
console.log(
  `scrape time: median ${times[3].toFixed(0)} ms, fastest ${times[0].toFixed(0)} ms, slowest ${times[6].toFixed(0)} ms (7 scrapes)`,
);
console.log(`machine: ${process.version}; reproduce: ${reproduce('metrics-scrape', args)}`);
emitFigures(args, {
  series: total,
  scrapeMiB: Buffer.byteLength(text) / 1024 / 1024,
  scrapeMedianMs: times[3],
});
