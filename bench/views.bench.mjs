// Benchmark of two views in headless Chromium, against the whole app (`node scripts/start.mjs`) on a scratch Postgres
// database with the simulated `scale` scenario:
//  - issue 6, the Nodes view (/nodes) with 5,000 nodes: time from navigation until the grid shows a row and the count
//    reads "5,000 of 5,000 nodes", then a sort click (Name, then Memory headroom) until the re-sorted rows render,
//    then a scroll to the bottom until the last row renders; the page's JS heap.
//  - issue 7, the Evictions view (/evictions?range=24h) with 10,000 evictions in the last 24 h: time from navigation
//    until the timeline canvas has drawn every mark (its `data-drawn-marks`), then a drag-zoom until it redraws.
// Every time is measured inside the page (performance.now(), polled each animation frame), so Playwright's own
// round trips are not in the figures. Each measurement opens a fresh tab (empty query cache; the browser's HTTP cache
// of the JS bundles stays warm after the first run). Median of --runs runs (default 3).
// With --profile 1, the first /nodes run also records a CPU profile of the page over CDP (Profiler domain) from
// navigation to interactive, prints where the main thread's time went (self time by function and by script) and
// keeps the .cpuprofile for Chromium's DevTools (Performance panel → load profile).
// Reproduce: npm run bench -- views            (DATABASE_URL defaults to postgresql://postgres@127.0.0.1:5432/)
//            npm run bench -- views --nodes 1000 --evictions 5000 --runs 5 --profile 1
//            (--smoke: 50 nodes, one run; --json: the figures as one JSON object on the last line; --port 0 picks
//             free ports for the app and its Next.js server)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { chromium } from '@playwright/test';
import pg from 'pg';

import { openDatabase } from '../apps/api/dist/db/client.js';
import { applyMigrations } from '../apps/api/dist/db/migrate.js';

import { benchArgs, emitFigures, freePort, reproduce } from './lib.mjs';

const args = benchArgs({
  defaults: { nodes: 5000, evictions: 10_000, runs: 3, port: 0, profile: 0 },
  smoke: { nodes: 50, evictions: 500, runs: 1 },
});
const { nodes: NODES, evictions: EVICTIONS, runs: RUNS, profile: PROFILE } = args.opts;
const SYNC_TIMEOUT_MS = 15 * 60_000;
const RENDER_TIMEOUT_MS = 180_000;
const PORT = args.opts.port || (await freePort());
const WEB_PORT = args.opts.port ? PORT + 1 : await freePort();
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'bench-password-1';
const root = fileURLToPath(new URL('..', import.meta.url));

const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/';
const dbName = `plimsoll_bench_views_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;
const adminUrl = new URL(serverUrl);
if (adminUrl.pathname === '/' || adminUrl.pathname === '') adminUrl.pathname = '/postgres';

const fmt = (n) => n.toLocaleString('en-US');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const figures = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MiB = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

let app = null;
let appExited = null;
let browser = null;
let admin = null;
let dbCreated = false;
let dataDir = null;
let cleaning = null;

/** Stops the app's whole process group: npx's children (next-server) can outlive start.mjs. */
async function stopApp() {
  if (!app) return;
  const group = -app.pid;
  const signal = (sig) => {
    try {
      process.kill(group, sig);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  if (!signal('SIGTERM')) return;
  await Promise.race([appExited, sleep(15_000)]);
  for (let i = 0; i < 20 && signal(0); i++) await sleep(250);
  signal('SIGKILL');
}

function cleanup() {
  cleaning ??= (async () => {
    await browser?.close().catch(() => {});
    await stopApp();
    if (admin) {
      if (dbCreated)
        await admin
          .query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
          .then(() => console.log(`dropped ${dbName}`))
          .catch((e) => console.error(`could not drop ${dbName}: ${e.message}`));
      await admin.end().catch(() => {});
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.error(`\n${sig}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });
}

/**
 * Installed in every page (through CDP, so the app's CSP does not apply): poll a predicate each animation frame;
 * resolves with performance.now() when it first holds.
 */
function installWaitFrame() {
  window.__waitFrame = (test, timeoutMs) => {
    const start = performance.now();
    return new Promise((resolve, reject) => {
      const tick = () => {
        let ok = false;
        try {
          ok = test();
        } catch {
          ok = false;
        }
        if (ok) return resolve(performance.now());
        if (performance.now() - start > timeoutMs)
          return reject(new Error(`timed out: ${test.toString()}`));
        requestAnimationFrame(tick);
      };
      tick();
    });
  };
}

async function heap(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const used = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')
      .value;
  const before = await used();
  await cdp.send('HeapProfiler.collectGarbage');
  const after = await used();
  await cdp.detach();
  return { used: before, afterGc: after };
}

/** Duration (ms) of the last resource fetched whose URL contains `part`, from the page's resource timing. */
const fetchMs = (page, part) =>
  page.evaluate((p) => {
    const e = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.includes(p))
      .at(-1);
    return e ? e.responseEnd - e.startTime : null;
  }, part);

/** Runs `fn(page)` in a fresh tab; on failure keeps a screenshot of the tab in the temp folder. */
async function inTab(context, fn) {
  const page = await context.newPage();
  try {
    return await fn(page);
  } catch (error) {
    const shot = path.join(tmpdir(), `views-bench-failure-${Date.now()}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.error(`screenshot of the failing tab: ${shot}`);
    throw error;
  } finally {
    await page.close().catch(() => {});
  }
}

/** Where a CPU profile's time went: self time by function and by script, the top `n` of each. */
function summariseProfile(profile, n = 15) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    self.set(node, (self.get(node) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const byFunction = new Map();
  const byScript = new Map();
  for (const [node, ms] of self) {
    const f = node.callFrame;
    const script = f.url
      ? f.url.replace(/^.*\/_next\/static\//, '').replace(/\?.*$/, '')
      : `(${f.functionName || 'native'})`;
    const fn =
      `${f.functionName || '(anonymous)'} ${f.url ? `${script}:${f.lineNumber + 1}` : ''}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byScript.set(script, (byScript.get(script) ?? 0) + ms);
  }
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return { total, functions: top(byFunction), scripts: top(byScript) };
}

async function measureNodes(page, { profile = false } = {}) {
  let cdp = null;
  if (profile) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(`${BASE}/nodes?cluster=sim`, { waitUntil: 'commit' });
  const total = fmt(NODES);
  // Interactive: the grid has a data row and the count reads "5,000 of 5,000 nodes".
  const interactive = await page.evaluate(
    ([total, timeout]) =>
      window.__waitFrame(() => {
        const grid = document.querySelector('[role="grid"][aria-label^="Nodes of"]');
        if (!grid?.querySelector('[role="row"][aria-rowindex="2"]')) return false;
        const count =
          document.querySelector('[aria-label="Filter nodes"] [aria-live="polite"]')?.textContent ??
          '';
        return new RegExp(`${total}\\s+of\\s+${total}\\s+nodes`).test(count);
      }, timeout),
    [total, RENDER_TIMEOUT_MS],
  );
  let profileSummary = null;
  if (cdp) {
    const { profile: cpu } = await cdp.send('Profiler.stop');
    const file = path.join(tmpdir(), `views-bench-nodes-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(cpu));
    profileSummary = { file, ...summariseProfile(cpu) };
    await cdp.detach();
  }
  const listFetch = await fetchMs(page, '/nodes?');
  // A sort click, timed from the click to the commit that shows the re-sorted rows (aria-sort flips with them).
  const sortBy = (label, expected) =>
    page.evaluate(
      ([label, expected, timeout]) => {
        const header = [...document.querySelectorAll('[role="columnheader"]')].find((h) =>
          h.querySelector('button')?.textContent?.trim().startsWith(label),
        );
        const first = () =>
          document.querySelector('[role="row"][aria-rowindex="2"]')?.textContent ?? '';
        const before = first();
        const t0 = performance.now();
        header.querySelector('button').click();
        return window
          .__waitFrame(
            () => header.getAttribute('aria-sort') === expected && first() !== '',
            timeout,
          )
          .then((t) => ({ ms: t - t0, changed: first() !== before }));
      },
      [label, expected, RENDER_TIMEOUT_MS],
    );
  const sortName = await sortBy('Name', 'descending');
  const sortHeadroom = await sortBy('Memory headroom', 'ascending');
  // Scroll to the bottom, timed until the last row is in the DOM.
  const scroll = await page.evaluate(
    ([lastIndex, timeout]) => {
      const grid = document.querySelector('[role="grid"][aria-label^="Nodes of"]');
      const t0 = performance.now();
      grid.scrollTop = grid.scrollHeight;
      return window
        .__waitFrame(
          () => !!grid.querySelector(`[role="row"][aria-rowindex="${lastIndex}"]`),
          timeout,
        )
        .then((t) => t - t0);
    },
    [NODES + 1, RENDER_TIMEOUT_MS],
  );
  const mem = await heap(page);
  return { interactive, listFetch, sortName, sortHeadroom, scroll, mem, profileSummary };
}

async function measureEvictions(page) {
  await page.goto(`${BASE}/evictions?cluster=sim&range=24h`, { waitUntil: 'commit' });
  // Drawn: the canvas has painted its marks (data-drawn-marks is set right after the last fill).
  const drawn = await page.evaluate(
    ([expected, timeout]) =>
      window.__waitFrame(
        () =>
          Number(
            document.querySelector('[data-testid="eviction-timeline"] canvas')?.dataset
              .drawnMarks ?? 0,
          ) >= expected,
        timeout,
      ),
    [EVICTIONS, RENDER_TIMEOUT_MS],
  );
  const marks = await page.evaluate(() =>
    Number(document.querySelector('[data-testid="eviction-timeline"] canvas').dataset.drawnMarks),
  );
  const timelineFetch = await fetchMs(page, '/timeline?');
  // Drag across the middle half of the plot: the URL gets the window, the timeline refetches and redraws.
  const canvas = page.locator('[data-testid="eviction-timeline"] canvas');
  const box = await canvas.boundingBox();
  const y = box.y + box.height / 2;
  await page.evaluate(() => {
    window.__benchRange = document.querySelector(
      '[data-testid="eviction-timeline"] canvas',
    ).dataset.drawnRange;
    window.addEventListener('pointerup', () => (window.__benchUp = performance.now()), {
      capture: true,
      once: true,
    });
  });
  await page.mouse.move(box.x + box.width * 0.25, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.75, y, { steps: 4 });
  await page.mouse.up();
  const zoom = await page.evaluate(
    ([timeout]) =>
      window
        .__waitFrame(() => {
          const c = document.querySelector('[data-testid="eviction-timeline"] canvas');
          return !!c?.dataset.drawnRange && c.dataset.drawnRange !== window.__benchRange;
        }, timeout)
        .then((t) => t - window.__benchUp),
    [RENDER_TIMEOUT_MS],
  );
  const zoomMarks = await page.evaluate(() =>
    Number(document.querySelector('[data-testid="eviction-timeline"] canvas').dataset.drawnMarks),
  );
  const mem = await heap(page);
  return { drawn, marks, timelineFetch, zoom, zoomMarks, mem };
}

async function waitForSync() {
  const t0 = performance.now();
  let last = '';
  while (performance.now() - t0 < SYNC_TIMEOUT_MS) {
    if (app.exitCode !== null || app.signalCode !== null) throw new Error('the app exited');
    try {
      const res = await fetch(`${BASE}/api/v1/health`);
      if (res.ok) {
        const body = await res.json();
        const sim = body.clusters?.find((c) => c.name === 'sim');
        if (sim && sim.state !== last) {
          last = sim.state;
          console.log(
            `  sim cluster ${sim.state} after ${((performance.now() - t0) / 1000).toFixed(0)} s`,
          );
        }
        if (sim?.state === 'synced') return;
      }
    } catch {
      // not listening yet
    }
    await sleep(1000);
  }
  throw new Error(`the sim cluster did not sync within ${SYNC_TIMEOUT_MS / 60_000} min`);
}

async function seedEvictions() {
  const client = new pg.Client({ connectionString: dbUrl.toString() });
  await client.connect();
  try {
    // Spread over the 24 h before now, a minute clear of the window's ends (the view rounds them to the minute).
    const spanSec = 24 * 3600 - 10 * 60;
    await client.query(
      `INSERT INTO evictions (cluster, namespace, pod, pod_uid, node, owner_kind, owner_name, qos_class, priority,
         resource, threshold, available, offenders, message, evicted_at, observed_at, reconstructed)
       SELECT 'sim', 'bench-' || (i % 20), 'app-' || (i % 300) || '-' || substr(md5(i::text), 1, 5),
         'bench-views-' || i, 'bench-node-' || lpad((i % 200)::text, 4, '0'), 'Deployment', 'app-' || (i % 300),
         (ARRAY['BestEffort','Burstable','Burstable','Guaranteed'])[1 + i % 4], 0,
         res, CASE WHEN res = 'memory' THEN '100Mi' ELSE '10%' END, '80Mi', '[]'::jsonb,
         'The node was low on resource: ' || res || '. ', at, at, false
       FROM (
         SELECT i,
           CASE WHEN i % 10 < 7 THEN 'memory' WHEN i % 10 < 9 THEN 'ephemeral-storage' ELSE 'pids' END AS res,
           now() - make_interval(secs => 60 + (i::float8 * ${spanSec} / ${EVICTIONS})) AS at
         FROM generate_series(0, ${EVICTIONS - 1}) i
       ) s`,
    );
    await client.query('ANALYZE evictions');
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM evictions WHERE cluster = 'sim' AND evicted_at > now() - interval '24 hours'`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

try {
  admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  dbCreated = true;
  // Migrate before the app starts: the API registers its routes (the embed keyring reads app_settings) before it
  // applies migrations itself, which fails on an empty database.
  const db = await openDatabase({ databaseUrl: dbUrl.toString(), dataDir: '' });
  try {
    await applyMigrations(db.adapterFactory);
  } finally {
    await db.close();
  }
  dataDir = mkdtempSync(path.join(tmpdir(), 'plimsoll-bench-views-'));
  console.log(`database ${dbName} on ${adminUrl.host}; data dir ${dataDir}`);

  const t0 = performance.now();
  app = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    detached: true, // its own process group, so cleanup stops the API, Next.js and npx together
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(PORT),
      PLIMSOLL_WEB_PORT: String(WEB_PORT),
      PLIMSOLL_WEB_URL: `http://127.0.0.1:${WEB_PORT}`,
      PLIMSOLL_DATA_DIR: dataDir,
      DATABASE_URL: dbUrl.toString(),
      PLIMSOLL_DEMO_USERS: 'true',
      PLIMSOLL_DEMO_PASSWORD: PASSWORD,
      PLIMSOLL_SIM_SCENARIO: 'scale',
      PLIMSOLL_SIM_NODES: String(NODES),
      PLIMSOLL_LOG_LEVEL: 'warn',
      PLIMSOLL_LOGIN_RATE_LIMIT: '100',
    },
  });
  appExited = new Promise((r) => app.on('exit', r));
  console.log(
    `started the app (scale scenario, ${fmt(NODES)} nodes); waiting for the sim cluster to sync`,
  );
  await waitForSync();
  console.log(`  app ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.addInitScript(installWaitFrame);
  const login = await context.request.post(`${BASE}/api/v1/auth/login`, {
    data: { username: 'sre', password: PASSWORD },
  });
  if (login.status() !== 200) throw new Error(`sign-in failed: HTTP ${login.status()}`);

  console.log(`\nNodes view (issue 6), ${RUNS} runs`);
  const nodeRuns = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await inTab(context, (page) => measureNodes(page, { profile: PROFILE && i === 0 }));
    nodeRuns.push(r);
    if (r.profileSummary) {
      const p = r.profileSummary;
      const line = ([what, ms]) => `      ${ms.toFixed(0).padStart(6)} ms  ${what}`;
      console.log(
        `  CPU profile of run 1, navigation → interactive: ${p.total.toFixed(0)} ms sampled (${p.file})`,
      );
      console.log(`    self time by script:\n${p.scripts.map(line).join('\n')}`);
      console.log(`    self time by function:\n${p.functions.map(line).join('\n')}`);
    }
    console.log(
      `  run ${i + 1}: interactive ${r.interactive.toFixed(0)} ms (list fetch ${r.listFetch?.toFixed(0)} ms), ` +
        `sort Name ${r.sortName.ms.toFixed(0)} ms, sort Memory headroom ${r.sortHeadroom.ms.toFixed(0)} ms, ` +
        `scroll to last row ${r.scroll.toFixed(0)} ms, heap ${MiB(r.mem.used)} (${MiB(r.mem.afterGc)} after GC)`,
    );
  }

  console.log(`\nseeding ${fmt(EVICTIONS)} evictions over the last 24 h`);
  const seeded = await seedEvictions();
  console.log(`  ${fmt(seeded)} evictions of cluster sim in the last 24 h`);
  console.log(`\nEvictions view (issue 7), ${RUNS} runs`);
  const evRuns = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await inTab(context, measureEvictions);
    evRuns.push(r);
    console.log(
      `  run ${i + 1}: ${fmt(r.marks)} marks drawn ${r.drawn.toFixed(0)} ms after navigation ` +
        `(timeline fetch ${r.timelineFetch?.toFixed(0)} ms), drag-zoom redraw ${r.zoom.toFixed(0)} ms ` +
        `(${fmt(r.zoomMarks)} marks), heap ${MiB(r.mem.used)} (${MiB(r.mem.afterGc)} after GC)`,
    );
  }

  const row = (what, ms) => console.log(`  ${what.padEnd(74)} ${ms.padStart(10)}`);
  const ms = (xs) => `${median(xs).toFixed(0)} ms`;
  console.log(`\nMedians of ${RUNS} runs (headless Chromium, viewport 1600×1000)`);
  row(
    `/nodes: navigation → grid shows a row and "${fmt(NODES)} of ${fmt(NODES)} nodes"`,
    ms(nodeRuns.map((r) => r.interactive)),
  );
  row(
    '  of which the node list fetch (GET …/nodes?limit=5000)',
    ms(nodeRuns.map((r) => r.listFetch ?? 0)),
  );
  row(
    '/nodes: click "Name" (sort desc) → re-sorted rows rendered',
    ms(nodeRuns.map((r) => r.sortName.ms)),
  );
  row(
    '/nodes: click "Memory headroom" (sort asc) → re-sorted rows rendered',
    ms(nodeRuns.map((r) => r.sortHeadroom.ms)),
  );
  row(
    `/nodes: scroll to the bottom → row ${fmt(NODES)} rendered`,
    ms(nodeRuns.map((r) => r.scroll)),
  );
  row('/nodes: JS heap used (CDP JSHeapUsedSize)', MiB(median(nodeRuns.map((r) => r.mem.used))));
  row('/nodes: JS heap used after a forced GC', MiB(median(nodeRuns.map((r) => r.mem.afterGc))));
  row(
    `/evictions?range=24h: navigation → ${fmt(median(evRuns.map((r) => r.marks)))} timeline marks drawn`,
    ms(evRuns.map((r) => r.drawn)),
  );
  row(
    '  of which the timeline fetch (GET …/evictions/timeline)',
    ms(evRuns.map((r) => r.timelineFetch ?? 0)),
  );
  row(
    '/evictions: drag-zoom to the middle 12 h → timeline refetched and redrawn',
    ms(evRuns.map((r) => r.zoom)),
  );
  row('/evictions: JS heap used (CDP JSHeapUsedSize)', MiB(median(evRuns.map((r) => r.mem.used))));
  row('/evictions: JS heap used after a forced GC', MiB(median(evRuns.map((r) => r.mem.afterGc))));
  Object.assign(figures, {
    nodesInteractiveP50Ms: median(nodeRuns.map((r) => r.interactive)),
    nodesInteractiveMaxMs: Math.max(...nodeRuns.map((r) => r.interactive)),
    nodesListFetchP50Ms: median(nodeRuns.map((r) => r.listFetch ?? 0)),
    nodesSortP50Ms: median(nodeRuns.map((r) => r.sortName.ms)),
    nodesSortHeadroomP50Ms: median(nodeRuns.map((r) => r.sortHeadroom.ms)),
    nodesScrollP50Ms: median(nodeRuns.map((r) => r.scroll)),
    nodesHeapMiB: median(nodeRuns.map((r) => r.mem.used)) / 1024 / 1024,
    evictionsDrawnP50Ms: median(evRuns.map((r) => r.drawn)),
    evictionsZoomP50Ms: median(evRuns.map((r) => r.zoom)),
  });
} catch (error) {
  console.error(`\nbenchmark failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  console.log(`reproduce: ${reproduce('views', args)}`);
}
emitFigures(args, figures);
