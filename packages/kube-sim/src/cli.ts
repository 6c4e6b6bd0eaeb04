#!/usr/bin/env node
/** `plimsoll-sim` / `npm run sim --`: run a simulated cluster on its own. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { startSimCluster } from './index.js';
import type { SimClusterOptions } from './index.js';

const USAGE = `Usage: plimsoll-sim [options]
  --host <addr>                  listen address (default 127.0.0.1)
  --port <n>                     port, 0 = any free port (default 7443)
  --scenario <name>              demo | memory-storm | disk-fill | lease-loss | npd-kernel | autoscale | tenants | scale
  --nodes <n>  --pods-per-node <n>  --seed <n>  --speed <x>
  --https                        serve HTTPS with a generated self-signed certificate
  --token <t>                    require "Authorization: Bearer <t>"
  --watch-window <n>             events kept for watch resumption (default 10000)
  --autoscaler-status-format <yaml|text>
  --bookmark-interval-ms <n>     BOOKMARK interval on watches (default 60000)
  --write-kubeconfig <path>      write a kubeconfig for kubectl / client-node
Faults (also switchable at run time with POST /sim/v1/faults):
  --fault-watch-gone             answer every watch with 410 Gone
  --fault-throttle-rate <0..1>   answer this fraction of requests with 429 (--fault-retry-after <s>)
  --fault-error-rate <0..1>      answer this fraction of requests with 500
  --fault-latency-ms <n>         add latency to every request`;

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      scenario: { type: 'string' },
      nodes: { type: 'string' },
      'pods-per-node': { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      https: { type: 'boolean' },
      token: { type: 'string' },
      'watch-window': { type: 'string' },
      'autoscaler-status-format': { type: 'string' },
      'bookmark-interval-ms': { type: 'string' },
      'write-kubeconfig': { type: 'string' },
      'fault-watch-gone': { type: 'boolean' },
      'fault-throttle-rate': { type: 'string' },
      'fault-retry-after': { type: 'string' },
      'fault-error-rate': { type: 'string' },
      'fault-latency-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const format = values['autoscaler-status-format'];
  if (format !== undefined && format !== 'yaml' && format !== 'text')
    throw new Error('--autoscaler-status-format must be yaml or text');
  const faults: NonNullable<SimClusterOptions['faults']> = {};
  if (values['fault-watch-gone']) faults.watchGone = true;
  const throttle = num(values['fault-throttle-rate'], 'fault-throttle-rate');
  if (throttle !== undefined) faults.throttleRate = throttle;
  const retryAfter = num(values['fault-retry-after'], 'fault-retry-after');
  if (retryAfter !== undefined) faults.retryAfterSeconds = retryAfter;
  const errorRate = num(values['fault-error-rate'], 'fault-error-rate');
  if (errorRate !== undefined) faults.errorRate = errorRate;
  const latency = num(values['fault-latency-ms'], 'fault-latency-ms');
  if (latency !== undefined) faults.latencyMs = latency;

  const opts: SimClusterOptions = { port: num(values.port, 'port') ?? 7443, faults };
  if (values.host) opts.host = values.host;
  if (values.scenario) opts.scenario = values.scenario;
  const nodes = num(values.nodes, 'nodes');
  if (nodes !== undefined) opts.nodes = nodes;
  const podsPerNode = num(values['pods-per-node'], 'pods-per-node');
  if (podsPerNode !== undefined) opts.podsPerNode = podsPerNode;
  const seed = num(values.seed, 'seed');
  if (seed !== undefined) opts.seed = seed;
  const speed = num(values.speed, 'speed');
  if (speed !== undefined) opts.speed = speed;
  if (values.https) opts.https = true;
  if (values.token) opts.token = values.token;
  const watchWindow = num(values['watch-window'], 'watch-window');
  if (watchWindow !== undefined) opts.watchWindow = watchWindow;
  if (format) opts.autoscalerStatusFormat = format;
  const bookmark = num(values['bookmark-interval-ms'], 'bookmark-interval-ms');
  if (bookmark !== undefined) opts.bookmarkIntervalMs = bookmark;

  const cluster = await startSimCluster(opts);
  console.log(`kube-sim: scenario ${opts.scenario ?? 'demo'} serving at ${cluster.url}`);
  const path = values['write-kubeconfig'];
  if (path) {
    writeFileSync(path, cluster.kubeconfig(), { mode: 0o600 });
    console.log(`kubeconfig written to ${resolve(path)}\n  kubectl --kubeconfig ${path} get nodes`);
  } else {
    console.log(
      `  kubectl --server ${cluster.url} ${opts.https ? '--insecure-skip-tls-verify ' : ''}${opts.token ? `--token ${opts.token} ` : ''}get nodes`,
    );
  }
  console.log(`  curl ${opts.https ? '-k ' : ''}${cluster.url}/sim/v1/info`);
  const stop = (): void => {
    cluster.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`kube-sim: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
