import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEBIAN_CHROMIUM, findChromium } from './chromium.mjs';

const none = () => false;

describe('findChromium', () => {
  it('uses CHROMIUM_PATH when it names a file', () => {
    const r = findChromium({
      env: { CHROMIUM_PATH: '/opt/chrome' },
      exists: (p) => p === '/opt/chrome',
    });
    assert.deepEqual(r, { executablePath: '/opt/chrome', problem: null });
  });

  it('says CHROMIUM_PATH is wrong rather than falling back silently', () => {
    const r = findChromium({
      env: { CHROMIUM_PATH: '/nope' },
      exists: (p) => p === DEBIAN_CHROMIUM,
    });
    assert.match(r.problem ?? '', /CHROMIUM_PATH is \/nope/);
  });

  it("prefers Debian's chromium, then Playwright's own", () => {
    assert.equal(
      findChromium({ env: {}, exists: (p) => p === DEBIAN_CHROMIUM }).executablePath,
      DEBIAN_CHROMIUM,
    );
    const own = findChromium({
      env: {},
      exists: (p) => p === '/cache/chrome',
      bundled: () => '/cache/chrome',
    });
    assert.deepEqual(own, { executablePath: undefined, problem: null });
  });

  it('names what to install when there is no Chromium at all', () => {
    const r = findChromium({ env: {}, exists: none, bundled: () => '/cache/chrome' });
    assert.match(r.problem ?? '', /apt-get install chromium/);
    assert.match(r.problem ?? '', /CHROMIUM_PATH/);
  });
});
