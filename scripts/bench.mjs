#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs bench/<name>.bench.mjs after building what it needs.
// `npm run bench -- all [--smoke] [args]`: runs every benchmark in turn with `--json` and checks that each exits 0
// and ends with one JSON object carrying the figures it promises (FIGURES below), so benchmarks cannot rot: CI runs
// `npm run bench -- all --smoke`. `collector --real` is one of them when the real control plane is built
// (`npm run k8s:build`); without its binaries `all` skips it and prints why. Each benchmark prints its figures and
// the command that reproduces them; bench/RESULTS.md summarises them.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { builtBinaries } from '../tools/k8s/cluster.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const names = readdirSync(`${root}/bench`)
  .filter((f) => f.endsWith('.bench.mjs'))
  .map((f) => f.replace('.bench.mjs', ''))
  .sort();

/** The keys each benchmark's JSON line must carry (at least). */
const FIGURES = {
  rules: ['parseQuantityPerSecond', 'rankMemoryNodesPerSecond'],
  'kube-sim': ['startSeconds', 'rssMiB', 'watchEventsPerSecond'],
  'nodes-api': ['pageP99Ms', 'fullListP95Ms', 'historyP95Ms'],
  views: ['nodesInteractiveP50Ms', 'nodesSortP50Ms', 'evictionsDrawnP50Ms'],
  'evictions-api': ['listYearP95Ms', 'histogramYearP95Ms', 'histogramYearByNodeP95Ms'],
  'metrics-scrape': ['series', 'scrapeMiB', 'scrapeMedianMs'],
  collector: ['rssMiB', 'podChangesPerSecond', 'initialSyncSeconds', 'leaseRenewalsPerSecond'],
};

const [name, ...args] = process.argv.slice(2);
if (!name || !(names.includes(name) || name === 'all')) {
  console.error(
    `usage: npm run bench -- <name>|all [--smoke] [--json] [args]\nbenchmarks: ${names.join(', ')}\n` +
      'collector --real: the collector benchmark against a real control plane (npm run k8s:build first)',
  );
  process.exit(2);
}
const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

const nodeArgs = (bench, extra) => ['--expose-gc', `${root}/bench/${bench}.bench.mjs`, ...extra];

if (name !== 'all') {
  const run = spawnSync(process.execPath, nodeArgs(name, args), { cwd: root, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

/** Runs one benchmark with --json, echoing its output, and returns its exit code and last line. */
function runCollecting(bench, extra) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs(bench, [...extra, '--json']), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-64 * 1024);
    });
    child.on('close', (code, signal) => {
      const lines = tail.trimEnd().split('\n');
      resolve({ code: code ?? (signal ? 128 : 1), last: lines.at(-1) ?? '' });
    });
  });
}

/** What `all` runs: every benchmark, and the collector once more against a real control plane. */
const runs = names.flatMap((bench) => [
  { label: bench, bench, extra: [] },
  ...(bench === 'collector'
    ? [{ label: 'collector --real', bench, extra: ['--real'], needsControlPlane: true }]
    : []),
]);

const summary = [];
const t0 = performance.now();
for (const { label, bench, extra, needsControlPlane } of runs) {
  console.log(`\n==> bench ${label} ${args.join(' ')}`);
  if (needsControlPlane) {
    const { problem } = builtBinaries();
    if (problem) {
      const reason = `skipped: ${problem.split('\n')[0]}`;
      console.log(reason);
      summary.push({ label, bench, seconds: 0, skipped: reason, problem: null, figures: null });
      continue;
    }
  }
  const started = performance.now();
  const { code, last } = await runCollecting(bench, [...extra, ...args]);
  const seconds = (performance.now() - started) / 1000;
  let problem = code === 0 ? null : `exited with ${code}`;
  let figures = null;
  if (!problem) {
    try {
      figures = JSON.parse(last);
      if (figures === null || typeof figures !== 'object') throw new Error('not an object');
      const missing = (FIGURES[bench] ?? []).filter((k) => typeof figures[k] !== 'number');
      if (missing.length) problem = `its JSON lacks ${missing.join(', ')}`;
    } catch {
      problem = 'its last line is not a JSON object of figures';
    }
  }
  summary.push({ label, bench, seconds, problem, figures });
}
console.log(
  `\nbenchmarks (${args.join(' ') || 'full size'}), ${((performance.now() - t0) / 1000).toFixed(0)} s in all:`,
);
for (const s of summary) {
  const shown = s.figures
    ? (FIGURES[s.bench] ?? []).map((k) => `${k}=${s.figures[k]}`).join(' ')
    : '';
  console.log(
    `  ${s.problem ? 'FAIL' : s.skipped ? 'skip' : 'ok  '} ${s.label.padEnd(17)} ${s.seconds.toFixed(0).padStart(4)} s  ${s.problem ?? s.skipped ?? shown}`,
  );
}
process.exit(summary.some((s) => s.problem) ? 1 : 0);
