import type { DrainJob } from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createNodeDrainRepository } from '../../src/repositories/node-drain-repository.js';
import { createTestDatabase } from '../helper.js';

const job = (id: string, node: string, state: DrainJob['state'] = 'running'): DrainJob => ({
  id,
  cluster: 'c1',
  node,
  actor: 'sre',
  options: { ignoreDaemonSets: true, deleteEmptyDirData: false, force: false },
  state,
  startedAt: '2026-06-01T12:00:00.000Z',
  finishedAt: state === 'running' ? null : '2026-06-01T12:05:00.000Z',
  message: '',
  pods: [],
});

/** Two replicas that both checked "no drain running" before either wrote: the database lets one through. */
describe('node_drains: one running drain per node', () => {
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

  it('refuses a second running drain of the same node, not of another node or once the first has ended', async () => {
    const drains = createNodeDrainRepository(db.prisma);
    const at = new Date('2026-06-01T12:00:00.000Z');
    const [first, second] = await Promise.all([
      drains.create(job('a', 'n1'), at),
      drains.create(job('b', 'n1'), at),
    ]);
    expect([first, second].sort()).toEqual([false, true]);
    expect(await drains.findRunningForNode('c1', 'n1')).toHaveLength(1);
    expect(await drains.create(job('c', 'n2'), at)).toBe(true);
    // Finished and failed drains do not hold the node.
    expect(await drains.create(job('d', 'n1', 'failed'), at)).toBe(true);
    const running = (await drains.findRunningForNode('c1', 'n1'))[0]?.job.id as string;
    await db.prisma.nodeDrain.update({ where: { id: running }, data: { state: 'done' } });
    expect(await drains.create(job('e', 'n1'), at)).toBe(true);
  });
});
