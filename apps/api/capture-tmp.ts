import { writeFileSync } from 'node:fs';
import { startSimCluster } from '@plimsoll/kube-sim';
import { clusterTargetFromKubeconfig } from './src/k8s/kube-config.js';

const sim = await startSimCluster({ host: '127.0.0.1', port: 0, scenario: 'demo', speed: 120, nodes: 3, seed: 11 });
const { client } = clusterTargetFromKubeconfig('sim', 'simulated', sim.kubeconfig());
const out: Array<{ resource: string; type: string; object: unknown }> = [];
const keep: Record<string, (o: any) => boolean> = {
  '/api/v1/nodes': () => true,
  '/api/v1/pods': (o) => o.status?.reason === 'Evicted',
  '/api/v1/events': (o) => o.type === 'Warning' || o.reason === 'NodeNotReady',
  '/apis/coordination.k8s.io/v1/leases': (o) => o.metadata.namespace !== 'kube-node-lease' || o.metadata.name === firstNode,
  '/api/v1/resourcequotas': () => true,
};
const nodes = await client.list('/api/v1/nodes', {});
const firstNode = (nodes.items[0] as any).metadata.name;
const resources: Record<string, string> = { '/api/v1/nodes': 'nodes', '/api/v1/pods': 'pods', '/api/v1/events': 'events', '/apis/coordination.k8s.io/v1/leases': 'leases', '/api/v1/resourcequotas': 'resourcequotas' };
const handles = [];
for (const [path, f] of Object.entries(keep)) {
  handles.push(await client.watch(path, { resourceVersion: '0' }, (type, object) => { if ((type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') && f(object)) out.push({ resource: resources[path]!, type, object }); }, () => {}));
}
await new Promise((r) => setTimeout(r, 12000));
for (const h of handles) h.abort();
const truth = await (await fetch(`${sim.url}/sim/v1/truth`)).json();
writeFileSync('/work/main/apps/api/test/collector/fixtures/demo-watch-events.json', JSON.stringify({ events: out, truth: truth.items.filter((e: any) => e.kind === 'eviction' || e.kind === 'condition-transition') }, null, 0));
const c: Record<string, number> = {}; for (const e of out) c[e.resource] = (c[e.resource] ?? 0) + 1;
console.log(c, truth.items.length);
client.close();
await sim.close();
