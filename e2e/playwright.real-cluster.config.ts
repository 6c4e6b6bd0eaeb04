import { defineConfig, devices } from '@playwright/test';

import base from './playwright.config.js';
import { runningCluster } from './support/real-cluster.js';

// The browser tests of `npm run test:cluster`: Plimsoll started as a user starts it against their cluster — KUBECONFIG
// naming the real control plane's kubeconfig, its current context collected, no simulator — and the same Debian
// Chromium, sign-in setup and app start as the main suite (playwright.config.ts). Plain `npm test` never loads this
// file: its tests live in real-cluster/, outside the main suite's testDir.
const cluster = runningCluster();
const webServer = Array.isArray(base.webServer) ? base.webServer[0] : base.webServer;
if (!webServer) throw new Error('playwright.config.ts starts no web server');

export default defineConfig({
  ...base,
  testDir: './real-cluster',
  outputDir: './test-results/real-cluster',
  reporter: [['list']],
  // One cluster whose nodes and namespaces the tests change: one test at a time.
  fullyParallel: false,
  workers: 1,
  projects: [
    { name: 'setup', testDir: './tests', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1400, height: 900 } },
      dependencies: ['setup'],
    },
  ],
  webServer: {
    ...webServer,
    env: {
      ...webServer.env,
      KUBECONFIG: cluster.kubeconfig,
      PLIMSOLL_SIMULATOR: 'off',
      // Every kubelet poll fails here by design (KWOK is no kubelet: "address not allowed"); one warning per node
      // each round would bury the test output.
      PLIMSOLL_LOG_LEVEL: 'error',
      // The control plane's --node-monitor-grace-period, so Plimsoll calls a Lease stale when the controller does.
      PLIMSOLL_NODE_MONITOR_GRACE_PERIOD_SECONDS: String(
        cluster.timing.nodeMonitorGracePeriodSeconds,
      ),
    },
  },
});
