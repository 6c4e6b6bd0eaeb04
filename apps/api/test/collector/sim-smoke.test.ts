import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createTestDatabase } from '../helper.js';
import { collectorFor, missingFromHistory, startSim, truth, waitFor } from './sim-harness.js';

describe('collector against the simulated cluster', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  beforeAll(async () => {
    store = await createTestDatabase();
    db = await store.open();
    await applyMigrations(db.adapterFactory);
  });
  afterAll(async () => {
    await db.close();
    await store.drop();
  });

  it('records every eviction and condition transition the simulation reports', async () => {
    const sim = await startSim({ speed: 120 });
    const { collector } = collectorFor(sim, db);
    await collector.start();
    try {
      await waitFor(() => collector.health().state === 'synced', 20_000, 'initial sync');
      await waitFor(async () => (await truth(sim)).filter((e) => e.kind === 'eviction').length >= 2, 40_000, 'evictions');
      const t = await truth(sim);
      await waitFor(async () => (await missingFromHistory(sim, db, t)).length === 0, 20_000, 'history to catch up');
      expect(await db.prisma.eviction.count()).toBeGreaterThanOrEqual(2);
      console.log(await db.prisma.nodeConditionTransition.count(), await db.prisma.kubeEvent.count(), await db.prisma.quotaSample.count(), await db.prisma.leaseStalenessEpisode.findMany(), await db.prisma.pressureSample.count());
    } finally {
      await collector.stop();
      await sim.close();
    }
  });
});
