// Benchmark of the Kubernetes rules in @plimsoll/shared (issue 3): parse 1,000,000 quantities, and rank 110 pods
// on each of 5,000 nodes for memory.available and nodefs.available. Prints operations per second.
// Reproduce: npm run bench -- rules [--quantities 1000000] [--nodes 5000]   (--smoke: a second; --json: figures)
import { performance } from 'node:perf_hooks';

import { parseQuantity, rankPodsForEviction } from '@plimsoll/shared';

import { benchArgs, emitFigures, reproduce } from './lib.mjs';

const DEFAULTS = { quantities: 1_000_000, nodes: 5000 };
const args = benchArgs({ defaults: DEFAULTS, smoke: { quantities: 20_000, nodes: 100 } });
const { quantities: QUANTITIES, nodes: NODES } = args.opts;
const figures = {};

const SAMPLES = ['100m', '128Mi', '2', '1.5', '1Gi', '250m', '64Ki', '3Gi', '500M', '10'];

function timeIt(label, ops, fn) {
  fn(Math.min(ops, 10_000)); // warm up the JIT
  const t0 = performance.now();
  const checksum = fn(ops);
  const ms = performance.now() - t0;
  const rate = (ops / ms) * 1000;
  console.log(
    `${label.padEnd(44)} ${String(ops).padStart(9)} ops  ${ms.toFixed(0).padStart(6)} ms  ${Math.round(
      rate,
    )
      .toLocaleString('en-US')
      .padStart(12)} ops/s  (checksum ${checksum})`,
  );
  return rate;
}

figures.parseQuantityPerSecond = timeIt('parseQuantity (mixed common forms)', QUANTITIES, (n) => {
  let sum = 0n;
  for (let i = 0; i < n; i++) sum += parseQuantity(SAMPLES[i % SAMPLES.length]).milliValue();
  return sum;
});
figures.parseQuantityToStringPerSecond = timeIt('parseQuantity + toString', QUANTITIES, (n) => {
  let len = 0;
  for (let i = 0; i < n; i++) len += parseQuantity(SAMPLES[i % SAMPLES.length]).toString().length;
  return len;
});

// One node's 110 pods: a mix of QoS classes, priorities and usage above/below request.
function makeNodeCandidates(node, seed) {
  const out = [];
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 110; i++) {
    const name = `pod-${node}-${i}`;
    const reqMi = [0, 64, 128, 256, 512][i % 5];
    const container = {
      name: 'app',
      resources: reqMi
        ? { requests: { memory: `${reqMi}Mi`, 'ephemeral-storage': `${reqMi}Mi` } }
        : {},
    };
    const usage = Math.floor(rnd() * 700) * 1024 * 1024;
    out.push({
      pod: {
        metadata: { name, namespace: 'bench', uid: name },
        spec: { priority: [0, 1000, 100000][i % 3], containers: [container] },
      },
      stats: {
        podRef: { name, namespace: 'bench', uid: name },
        startTime: '2026-01-01T00:00:00Z',
        containers: [
          {
            name: 'app',
            startTime: '2026-01-01T00:00:00Z',
            memory: { time: '2026-01-01T00:00:00Z', workingSetBytes: usage },
            rootfs: { time: '2026-01-01T00:00:00Z', usedBytes: usage / 2, inodesUsed: 100 },
            logs: { time: '2026-01-01T00:00:00Z', usedBytes: 1024, inodesUsed: 1 },
          },
        ],
      },
    });
  }
  return out;
}

const nodes = Array.from({ length: NODES }, (_, i) => makeNodeCandidates(i, i + 1));
for (const [signal, key] of [
  ['memory.available', 'rankMemoryNodesPerSecond'],
  ['nodefs.available', 'rankDiskNodesPerSecond'],
]) {
  figures[key] = timeIt(`rankPodsForEviction ${signal} (110 pods/node)`, NODES, (n) => {
    let first = 0;
    for (let i = 0; i < n; i++)
      first += rankPodsForEviction(signal, nodes[i % nodes.length]).length;
    return first;
  });
}
console.log(`\nReproduce: ${reproduce('rules', args)}`);
emitFigures(args, figures);
