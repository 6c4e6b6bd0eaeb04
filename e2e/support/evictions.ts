import { expect, type Page } from '@playwright/test';

/** The eviction API of the simulated cluster. */
export const EVICTIONS_API = '/api/v1/clusters/sim/evictions';

/**
 * The demo scenario starts a memory leak a minute after the API starts and the kubelet evicts about two minutes
 * later; wait (generously) until the collector has stored one.
 */
export async function waitForEvictions(page: Page) {
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`${EVICTIONS_API}?limit=1`);
        if (!res.ok()) return 0;
        return ((await res.json()) as { total: number | null }).total ?? 0;
      },
      { timeout: 270_000, intervals: [2_000, 5_000] },
    )
    .toBeGreaterThan(0);
}
