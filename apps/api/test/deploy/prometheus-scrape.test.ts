import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { REPO_ROOT } from './manifests.js';

/** Prometheus from Debian's `prometheus` package; PROMETHEUS overrides it. */
const PROMETHEUS = process.env.PROMETHEUS ?? '/usr/bin/prometheus';
const HAS_PROMETHEUS = existsSync(PROMETHEUS);

/** A free loopback port (the kernel's choice; released for the child to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  let out = '';
  const child = spawn(cmd, args, { env, cwd });
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  return { child, output: () => out };
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  return exited;
}

async function poll<T>(
  what: string,
  timeoutMs: number,
  read: () => Promise<T | undefined>,
  log: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await read().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}\n${log()}`);
}

interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
}

describe.skipIf(!HAS_PROMETHEUS)(
  HAS_PROMETHEUS
    ? 'a real Prometheus scraping a running Plimsoll'
    : `prometheus not found at ${PROMETHEUS} (apt-get install -y prometheus, or set PROMETHEUS): skipped`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-prometheus-'));
    let plimsoll: ReturnType<typeof start> | undefined;
    let prometheus: ReturnType<typeof start> | undefined;
    afterAll(async () => {
      await stop(prometheus?.child);
      await stop(plimsoll?.child);
      rmSync(dir, { recursive: true, force: true });
    });

    it('fires PlimsollEvictionBurst during the memory-storm scenario, linking to the eviction episodes', async () => {
      const apiPort = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(apiPort),
        HOST: '127.0.0.1',
        PLIMSOLL_DATA_DIR: join(dir, 'data'),
        PLIMSOLL_WEB_URL: '',
        PLIMSOLL_LOG_LEVEL: 'warn',
        PLIMSOLL_DEMO_USERS: 'false',
        PLIMSOLL_SIM_SCENARIO: 'memory-storm',
        PLIMSOLL_SIM_SPEED: '10',
        PLIMSOLL_SIM_NODES: '6',
        PLIMSOLL_POLL_INTERVAL_SECONDS: '1',
      };
      delete env.DATABASE_URL;
      delete env.KUBECONFIG;
      delete env.PLIMSOLL_CLUSTERS;
      plimsoll = start(
        process.execPath,
        ['--import', 'tsx', 'src/server.ts'],
        env,
        join(import.meta.dirname, '../..'),
      );
      const api = plimsoll;
      await poll(
        'Plimsoll to sync the simulated cluster',
        90_000,
        async () => {
          const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`);
          const body = (await res.json()) as { clusters: { state: string }[] };
          return body.clusters[0]?.state === 'synced' ? true : undefined;
        },
        api.output,
      );

      const promPort = await freePort();
      writeFileSync(
        join(dir, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          `rule_files: ['${join(REPO_ROOT, 'deploy/prometheus/plimsoll.rules.yaml')}']`,
          'scrape_configs:',
          '  - job_name: plimsoll',
          `    static_configs: [{ targets: ['127.0.0.1:${apiPort}'] }]`,
          '',
        ].join('\n'),
      );
      prometheus = start(
        PROMETHEUS,
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'tsdb')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        { PATH: process.env.PATH, HOME: dir },
        dir,
      );
      const prom = prometheus;
      const log = () => `--- prometheus ---\n${prom.output()}\n--- plimsoll ---\n${api.output()}`;
      const base = `http://127.0.0.1:${promPort}/api/v1`;

      // Prometheus scrapes Plimsoll's derived series.
      await poll(
        'Prometheus to scrape the headroom series',
        60_000,
        async () => {
          const res = await fetch(
            `${base}/query?query=${encodeURIComponent('count(plimsoll_node_eviction_headroom_ratio{signal="memory.available"})')}`,
          );
          const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
          const n = Number(body.data.result[0]?.value[1] ?? 0);
          return n >= 6 ? n : undefined;
        },
        log,
      );

      const alert = await poll(
        'PlimsollEvictionBurst to fire',
        150_000,
        async () => {
          const res = await fetch(`${base}/alerts`);
          const body = (await res.json()) as { data: { alerts: PromAlert[] } };
          return body.data.alerts.find(
            (a) => a.labels.alertname === 'PlimsollEvictionBurst' && a.state === 'firing',
          );
        },
        log,
      );
      expect(alert.labels).toMatchObject({ cluster: 'sim', severity: 'warning' });
      expect(alert.annotations.plimsoll_url).toMatch(
        /^https:\/\/plimsoll\.example\.com\/evictions\?cluster=sim&tab=episodes/,
      );
      expect(alert.annotations.summary).toMatch(/^\d+ pods of tenant .+ evicted in 10 minutes\.$/);
    }, 330_000);
  },
);
