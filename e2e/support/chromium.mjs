import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian's `chromium` package installs here; TOOLCHAIN.md explains why it is preferred. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

function bundledChromiumPath() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core');
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Which Chromium the browser tests use: `CHROMIUM_PATH`, else Debian's, else Playwright's own
 * download. `executablePath` is undefined for Playwright's own; `problem` says what to install when
 * there is none, so a newcomer reads one message instead of a suite of launch failures.
 *
 * @param {{ env?: Record<string, string | undefined>, exists?: (path: string) => boolean, bundled?: () => string | undefined }} [opts]
 * @returns {{ executablePath: string | undefined, problem: string | null }}
 */
export function findChromium(opts = {}) {
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? existsSync;
  const bundled = opts.bundled ?? bundledChromiumPath;
  const named = env.CHROMIUM_PATH;
  if (named) {
    if (exists(named)) return { executablePath: named, problem: null };
    return {
      executablePath: undefined,
      problem: `CHROMIUM_PATH is ${named}, but there is no file there. Point it at a Chromium or Chrome binary, or unset it.`,
    };
  }
  if (exists(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, problem: null };
  const own = bundled();
  if (own && exists(own)) return { executablePath: undefined, problem: null };
  return {
    executablePath: undefined,
    problem: [
      'The browser tests need a Chromium, and none was found.',
      'Install one of:',
      '  sudo apt-get install chromium            (Debian/Ubuntu; used from /usr/bin/chromium)',
      '  CHROMIUM_PATH=/path/to/chrome npm test    (any Chromium or Chrome you already have)',
      '  npx playwright install chromium           (Playwright’s own build; needs its download site)',
    ].join('\n'),
  };
}
