#!/usr/bin/env node
// `npm run test:cluster`: checks what the real control plane needs (Go, openssl, kubectl, a Chromium), builds it (or
// reuses the cached build), then runs the collector and API suites (apps/api/test-cluster/, their own cluster) and
// the browser tests (e2e/real-cluster/ with e2e/playwright.real-cluster.config.ts: Plimsoll started with KUBECONFIG
// naming a second cluster of 5 KWOK nodes, started here and stopped after). Without Go it says what is missing and
// exits 2. `npm run test:cluster -- api` or `-- browser` runs one part.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { findChromium } from '../../e2e/support/chromium.mjs';
import { down, up } from './cluster.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const started = Date.now();
const parts = process.argv.slice(2);
if (parts.some((p) => p !== 'api' && p !== 'browser')) {
  process.stderr.write('usage: npm run test:cluster [-- api|browser]\n');
  process.exit(2);
}
const runs = (part) => parts.length === 0 || parts.includes(part);

function has(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Go's usual home, for shells whose PATH lacks it (build.sh looks there too).
if (!has('go', ['version']) && existsSync('/usr/local/go/bin/go'))
  process.env.PATH = `/usr/local/go/bin:${process.env.PATH ?? ''}`;

const missing = [];
if (!has('go', ['version']))
  missing.push(
    'Go >= 1.26 on PATH (with the Go module proxy): it builds etcd, kube-apiserver, kube-controller-manager, ' +
      'kube-scheduler and KWOK (tools/k8s/build.sh)',
  );
if (!has('openssl', ['version'])) missing.push('openssl: it makes the cluster’s TLS certificates');
const kubectl = process.env.KUBECTL ?? '/usr/bin/kubectl';
if (!existsSync(kubectl))
  missing.push(
    `kubectl at ${kubectl} (or set KUBECTL): it applies deploy/kubernetes as an operator would`,
  );
const { problem: noBrowser } = findChromium();
if (runs('browser') && noBrowser) missing.push(noBrowser);
if (missing.length) {
  process.stderr.write(
    `test:cluster cannot run; missing:\n${missing.map((m) => `  - ${m}`).join('\n')}\n`,
  );
  process.exit(2);
}

const build = spawnSync('bash', [join(root, 'tools/k8s/build.sh')], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const bin = build.stdout.trim().split('\n').pop();

const results = [];
/** Runs one part, timing it; a failed part does not stop the next. */
async function part(name, fn) {
  const t0 = Date.now();
  let ok = false;
  try {
    ok = await fn();
  } catch (err) {
    process.stderr.write(`test:cluster ${name}: ${err?.stack ?? err}\n`);
  }
  results.push(`${name} ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

if (runs('api'))
  await part('collector and API suites', () => {
    const run = spawnSync(
      'npx',
      ['turbo', 'run', 'test:cluster', '--filter=@plimsoll/api', '--output-logs=full'],
      { cwd: root, stdio: 'inherit' },
    );
    return run.status === 0;
  });

if (runs('browser'))
  await part('browser tests', async () => {
    const dir = join(root, '.plimsoll', 'e2e-cluster');
    await up({ dir, nodes: 5, bin });
    try {
      const run = spawnSync(
        'npx',
        ['playwright', 'test', '--config', 'playwright.real-cluster.config.ts'],
        {
          cwd: join(root, 'e2e'),
          stdio: 'inherit',
          env: { ...process.env, PLIMSOLL_E2E_CLUSTER_DIR: dir },
        },
      );
      return run.status === 0;
    } finally {
      await down({ dir });
    }
  });

const failed = results.some((r) => r.includes('FAILED'));
process.stderr.write(
  `test:cluster ${failed ? 'failed' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s` +
    ` (${results.join('; ')})\n`,
);
process.exit(failed ? 1 : 0);
