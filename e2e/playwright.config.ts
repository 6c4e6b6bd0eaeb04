import { defineConfig, devices } from '@playwright/test';

import { findChromium } from './support/chromium.mjs';
import {
  API_PORT,
  DATA_DIR,
  DEMO_PASSWORD,
  EMBED_HOST_PORT,
  EMBED_TEST_KEY,
  SIM_PORT,
  WEB_PORT,
} from './support/run-env.js';

const BASE_URL = `http://127.0.0.1:${API_PORT}`;
const isCI = Boolean(process.env.CI);

// Playwright's own browser download is unreachable in some environments (TOOLCHAIN.md); Debian's
// Chromium works. CHROMIUM_PATH, else Debian's, else Playwright's bundled browser; `npm run e2e`
// checks first (support/check-browser.mjs) and names what to install when there is none.
const { executablePath } = findChromium();

// The suite always runs against a fresh embedded database, so the demo users exist with a known
// password. A DATABASE_URL in the caller's environment (the Postgres leg of CI) would point the
// server at a shared database instead, where they may not; the server started below must not see it.
delete process.env.DATABASE_URL;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  // Sign-in is rate-limited per address (10 a minute by default); a few workers stay under it.
  workers: isCI ? 2 : 3,
  reporter: [['list'], ['html', { outputFolder: './playwright-report', open: 'never' }]],
  // Each test drives a full app (simulator, collector, Next.js) on a small machine; axe alone can take 20 s.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1400, height: 900 } },
      dependencies: ['setup'],
    },
  ],
  webServer: {
    command: 'node ../scripts/start.mjs',
    url: `${BASE_URL}/api/v1/health`,
    env: {
      PORT: String(API_PORT),
      PLIMSOLL_WEB_PORT: String(WEB_PORT),
      PLIMSOLL_SIM_PORT: String(SIM_PORT),
      PLIMSOLL_DATA_DIR: DATA_DIR,
      PLIMSOLL_DEMO_PASSWORD: DEMO_PASSWORD,
      PLIMSOLL_LOG_LEVEL: 'warn',
      // The suite signs in several times a minute; retries must not trip the login rate limit.
      PLIMSOLL_LOGIN_RATE_LIMIT: '100',
      // tests/embed.spec.ts: a host page on EMBED_HOST_PORT may frame /embed/*, one on the next port may not; a known signing key
      // lets the test forge an expired token.
      PLIMSOLL_EMBED_ALLOWED_ORIGINS: `'self' http://127.0.0.1:${EMBED_HOST_PORT}`,
      PLIMSOLL_EMBED_KEYS: JSON.stringify({ e2e: EMBED_TEST_KEY }),
    },
    reuseExistingServer: false,
    timeout: 180_000,
    // SIGTERM lets the API close the embedded database cleanly before the process group goes.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
