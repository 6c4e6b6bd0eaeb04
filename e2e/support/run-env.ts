import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const DATA_ROOT = path.join(E2E_DIR, '.data');

/** Old runs' data directories kept for a look after a failure; older ones are removed. */
const RUNS_KEPT = 3;

function createRunDir(): string {
  mkdirSync(DATA_ROOT, { recursive: true });
  const runs = readdirSync(DATA_ROOT)
    .filter((name) => name.startsWith('run-'))
    .sort();
  // The names start with an ISO timestamp, so sorting puts the oldest first.
  const stale = runs.slice(0, Math.max(0, runs.length - (RUNS_KEPT - 1)));
  for (const name of stale) rmSync(path.join(DATA_ROOT, name), { recursive: true, force: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(DATA_ROOT, `run-${stamp}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Playwright loads the config and the test files again in every worker process. The runner
// creates the run directory once and passes it down through the environment, which workers
// inherit, so every process agrees on one directory per run.
process.env.PLIMSOLL_E2E_RUN_DIR ??= createRunDir();

/** This run's scratch directory under e2e/.data/ (fresh for every `playwright test`). */
export const RUN_DIR: string = process.env.PLIMSOLL_E2E_RUN_DIR;

/** The API's data directory for this run: an empty embedded database every time. */
export const DATA_DIR = path.join(RUN_DIR, 'plimsoll-data');

/** The demo users' password; the API creates the demo users with it on first start. */
export const DEMO_PASSWORD: string = (process.env.PLIMSOLL_DEMO_PASSWORD ??= 'plimsoll-e2e');

/** Browser storage (the session cookie) of the demo SRE, written by the setup project. */
export const SRE_STORAGE_STATE = path.join(RUN_DIR, 'sre.storage-state.json');

/** Ports of this run start at PLIMSOLL_E2E_PORT_BASE (3100), so two checkouts can run their suites at once. */
const PORT_BASE = Number(process.env.PLIMSOLL_E2E_PORT_BASE ?? 3100);

/** Port of the API front door during the run, and of the Next.js server behind it. */
export const API_PORT = PORT_BASE;
export const WEB_PORT = PORT_BASE + 1;
/** Port of the app's embedded simulator (PLIMSOLL_SIM_PORT): tests set up what the demo lacks (a PodDisruptionBudget) or
 * drive its /sim/v1 control routes. */
export const SIM_PORT = PORT_BASE + 2;
/** The simulated cluster's API server (no auth on loopback, as kube-sim serves it). */
export const SIM_URL = `http://127.0.0.1:${SIM_PORT}`;

/** Port of the host page allowed to frame embeddable panels (tests/embed.spec.ts); +1 is a host that is not. */
export const EMBED_HOST_PORT = PORT_BASE + 90;
/** The embed signing key of the run (kid `e2e`), so a test can forge an expired token. */
export const EMBED_TEST_KEY = 'e2e-embed-signing-key-0123456789abcdef';
