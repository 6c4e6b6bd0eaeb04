import { describe, expect, it } from 'vitest';

import type { EvictionRepository } from '../../src/repositories/eviction-repository.js';
import {
  neutraliseCsvCell,
  openEvictionExport,
  toEvictionCsvChunks,
  toEvictionJsonChunks,
} from '../../src/services/export-evictions.js';

/** A repository of `n` evictions, newest first, that counts the pages read. */
function fakeRepo(n: number) {
  const base = Date.parse('2026-01-01T00:00:00Z');
  const rows = Array.from({ length: n }, (_, i) => ({
    id: BigInt(n - i),
    cluster: 'sim',
    namespace: 'ns',
    pod: `pod-${n - i}`,
    podUid: `uid-${n - i}`,
    node: 'node-a',
    tenant: null,
    ownerKind: null,
    ownerName: null,
    qosClass: 'BestEffort',
    priority: 0,
    resource: 'memory',
    threshold: '100Mi',
    available: '-5Mi',
    offenders: [],
    message: 'The node was low on resource: memory. ',
    evictedAt: new Date(base + (n - i) * 1000),
    observedAt: new Date(base + (n - i) * 1000),
    reconstructed: false,
  }));
  const reads: number[] = [];
  const repo = {
    countEvictions: async () => n,
    findEvictions: async (
      _f: unknown,
      opts: { limit: number; cursor?: { evictedAt: Date; id: bigint } | null },
    ) => {
      const start = opts.cursor ? rows.findIndex((r) => r.id < (opts.cursor?.id ?? 0n)) : 0;
      const page = start < 0 ? [] : rows.slice(start, start + opts.limit);
      reads.push(page.length);
      return page;
    },
  } as unknown as EvictionRepository;
  return { repo, reads };
}

const query = { from: '2025-12-31T00:00:00Z', to: '2026-01-02T00:00:00Z' };

describe('eviction export', () => {
  it('reads the database one page at a time, as the response is written', async () => {
    const { repo, reads } = fakeRepo(12_000);
    const out = await openEvictionExport({
      repo,
      cluster: 'sim',
      query,
      scope: { kind: 'all' },
      now: new Date(),
    });
    expect(out.truncated).toBe(false);
    expect(reads).toEqual([]);
    const chunks = toEvictionCsvChunks(out.pages)[Symbol.asyncIterator]();
    await chunks.next(); // header
    const first = await chunks.next();
    expect(reads).toEqual([5000]);
    expect((first.value as string).split('\r\n').length - 1).toBe(5000);
    let lines = 5001;
    for (let c = await chunks.next(); !c.done; c = await chunks.next())
      lines += c.value.split('\r\n').length - 1;
    expect(lines).toBe(12_001);
    expect(reads).toEqual([5000, 5000, 2000]);
  });

  it('stops at the cap and says so before the first byte', async () => {
    const { repo, reads } = fakeRepo(120);
    const out = await openEvictionExport({
      repo,
      cluster: 'sim',
      query,
      scope: { kind: 'all' },
      now: new Date(),
      maxRows: 100,
    });
    expect(out.truncated).toBe(true);
    let json = '';
    for await (const c of toEvictionJsonChunks(out.pages)) json += c;
    expect((JSON.parse(json) as unknown[]).length).toBe(100);
    expect(reads).toEqual([100]);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const c of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(neutraliseCsvCell(c)).toBe(`'${c}`);
    for (const c of ['web', '1', '', "'=already", ' =x']) expect(neutraliseCsvCell(c)).toBe(c);
  });
});
