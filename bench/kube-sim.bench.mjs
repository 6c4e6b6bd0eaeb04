// Benchmark of the simulated cluster (issue 4): the `scale` scenario at 5,000 nodes × 30 pods (150,000 pods) —
// start time and memory — then how many watch events per second it serves to one HTTP watch client.
// Reproduce: npm run bench -- kube-sim [--nodes 5000] [--podsPerNode 30] [--events 200000]
//   (the positional form `kube-sim 5000 30 200000` still works; --smoke: seconds; --json: figures on the last line)
import http from 'node:http';
import { performance } from 'node:perf_hooks';

import { resourceKey, startSimCluster } from '@plimsoll/kube-sim';

import { benchArgs, emitFigures, reproduce } from './lib.mjs';

const DEFAULTS = { nodes: 5000, podsPerNode: 30, events: 200_000 };
const args = benchArgs({
  defaults: DEFAULTS,
  smoke: { nodes: 50, podsPerNode: 10, events: 5000 },
  positional: ['nodes', 'podsPerNode', 'events'],
});
const { nodes, podsPerNode, events } = args.opts;
const mib = (b) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

globalThis.gc?.();
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const sim = await startSimCluster({
  port: 0,
  scenario: 'scale',
  nodes,
  podsPerNode,
  seed: 1,
  speed: 1,
});
const startMs = performance.now() - t0;
globalThis.gc?.();
const mem = process.memoryUsage();
const pods = sim.store.list(resourceKey('', 'v1', 'pods')).length;
console.log(`scale scenario: ${nodes} nodes, ${pods} pods`);
console.log(`  start time                 ${(startMs / 1000).toFixed(1)} s`);
console.log(
  `  memory after start         RSS ${mib(mem.rss)} (+${mib(mem.rss - rss0)}), heap used ${mib(mem.heapUsed)}`,
);

// One watch client on all pods from the current resourceVersion; count events as they arrive.
const podKey = resourceKey('', 'v1', 'pods');
const rv = sim.store.currentResourceVersion();
let received = 0;
let done;
const finished = new Promise((r) => (done = r));
const req = http.get(
  `${sim.url}/api/v1/pods?watch=true&resourceVersion=${rv}&timeoutSeconds=600`,
  (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        if (nl > 0) received++;
        buf = buf.slice(nl + 1);
        if (received >= events) done();
      }
    });
  },
);
await new Promise((r) => setTimeout(r, 200));

// Modify pod statuses in bursts (as kubelets do), yielding so the server can write to the socket.
const podList = sim.store.list(podKey);
const t1 = performance.now();
for (let i = 0; i < events; i++) {
  const p = podList[i % podList.length];
  sim.store.mutate(podKey, p.metadata.namespace, p.metadata.name, (o) => {
    o.metadata.annotations = {
      ...(o.metadata.annotations ?? {}),
      'bench.plimsoll.io/tick': String(i),
    };
  });
  if (i % 2000 === 1999) await new Promise((r) => setImmediate(r));
}
await finished;
const watchMs = performance.now() - t1;
req.destroy();
console.log(
  `watch: ${received} MODIFIED events to one client in ${(watchMs / 1000).toFixed(1)} s = ${Math.round((received / watchMs) * 1000).toLocaleString('en-US')} events/s`,
);
await sim.close();
console.log(`\nReproduce: ${reproduce('kube-sim', args)}`);
emitFigures(args, {
  startSeconds: startMs / 1000,
  rssMiB: mem.rss / 1024 / 1024,
  heapUsedMiB: mem.heapUsed / 1024 / 1024,
  watchEventsPerSecond: (received / watchMs) * 1000,
});
process.exit(0);
