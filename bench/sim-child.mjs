// A simulated cluster in a child process of its own, for benchmarks that measure what talks to it: the simulator's
// work (its kubelets renewing Leases, serving watches) then takes a CPU of its own instead of stalling the event
// loop being measured. Started by `startSimInChild` (bench/lib.mjs); not a benchmark itself.
import { startSimCluster } from '@plimsoll/kube-sim';

const opts = JSON.parse(process.argv[2] ?? '{}');
const sim = await startSimCluster({ port: 0, ...opts });
process.send({ type: 'ready', kubeconfig: sim.kubeconfig({ contextName: opts.contextName }) });
process.on('message', async (msg) => {
  if (msg?.type === 'stop') {
    await sim.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
