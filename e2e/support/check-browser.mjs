// Runs before Playwright (npm test, npm run test:e2e): without a Chromium, say what to install and
// stop at once instead of letting every test fail to launch one.
import { findChromium } from './chromium.mjs';

const { problem } = findChromium();
if (problem) {
  console.error(`\n${problem}\n`);
  process.exit(1);
}
