import { resourceKey, startSimCluster } from '@plimsoll/kube-sim';
import { afterEach, describe, expect, it } from 'vitest';

import { AutoscalerIngester } from '../../src/collector/ingest-autoscaler.js';
import type { WatchEvent } from '../../src/collector/watch-event.js';
import type { RowSink } from '../../src/collector/write-buffer.js';
import type { HistoryRows } from '../../src/repositories/history-repository.js';
import { BadObjectError } from '../../src/k8s/snapshot-util.js';
import {
  toConfigMapSnapshot,
  type ConfigMapSnapshot,
} from '../../src/k8s/to-configmap-snapshot.js';
import { waitFor } from './sim-harness.js';

type Row = HistoryRows['autoscalerStatus'];

function memorySink() {
  const rows: Row[] = [];
  const sink: RowSink = {
    push: (table, row) => {
      if (table === 'autoscalerStatus') rows.push(row as Row);
    },
  };
  return { rows, sink };
}

const event = (
  object: ConfigMapSnapshot,
  type: WatchEvent['type'] = 'MODIFIED',
): WatchEvent<ConfigMapSnapshot> => ({
  cluster: 'sim',
  resource: 'autoscaler-status',
  type,
  object,
  observedAt: new Date(),
  fromList: false,
});

const CONFIGMAPS = resourceKey('', 'v1', 'configmaps');

describe('AutoscalerIngester against the simulated cluster-autoscaler', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  for (const format of ['yaml', 'text'] as const) {
    it(`writes the ${format} status only when it changes`, async () => {
      const sim = await startSimCluster({
        host: '127.0.0.1',
        port: 0,
        scenario: 'autoscale',
        seed: 5,
        speed: 300,
        autoscalerStatusFormat: format,
      });
      close = () => sim.close();
      const read = () => {
        const o = sim.store.get(CONFIGMAPS, 'kube-system', 'cluster-autoscaler-status');
        return o ? toConfigMapSnapshot(o) : undefined;
      };
      await waitFor(() => read() !== undefined, 10_000, 'the status ConfigMap');
      const first = read() as ConfigMapSnapshot;
      const { rows, sink } = memorySink();
      const ingester = new AutoscalerIngester('sim', sink);
      ingester.ingest(event(first, 'ADDED'));
      expect(rows).toHaveLength(1);
      const row = rows[0] as Row;
      expect(row.raw).toBe(first.data.status);
      expect((row.status as { format: string }).format).toBe(format);

      // The same text under a new resourceVersion (an update of another key, a relist) is not a change.
      ingester.ingest(event({ ...first, resourceVersion: `${first.resourceVersion}0` }));
      ingester.ingest(event(first, 'ADDED'));
      expect(rows).toHaveLength(1);
      // Deleting the ConfigMap is not a status.
      ingester.ingest(event(first, 'DELETED'));
      expect(rows).toHaveLength(1);

      // The autoscaler rewrites its status every scan interval; each new text is one row.
      await waitFor(() => read()?.data.status !== first.data.status, 20_000, 'a new status');
      const second = read() as ConfigMapSnapshot;
      ingester.ingest(event(second));
      ingester.ingest(event(second));
      expect(rows).toHaveLength(2);
      expect(rows[1]?.contentHash).not.toBe(rows[0]?.contentHash);

      // A new writer seeded with the stored hash writes nothing for the same text.
      const next = memorySink();
      const seeded = new AutoscalerIngester('sim', next.sink);
      seeded.seed(rows[1]?.contentHash ?? null);
      seeded.ingest(event(second, 'ADDED'));
      expect(next.rows).toHaveLength(0);
    });
  }

  it('parses both formats into the same shape', async () => {
    const statuses: Record<string, Row['status']> = {};
    for (const format of ['yaml', 'text'] as const) {
      const sim = await startSimCluster({
        host: '127.0.0.1',
        port: 0,
        scenario: 'autoscale',
        seed: 3,
        speed: 60,
        autoscalerStatusFormat: format,
      });
      try {
        await waitFor(
          () => sim.store.get(CONFIGMAPS, 'kube-system', 'cluster-autoscaler-status') !== undefined,
          10_000,
          'status',
        );
        const { rows, sink } = memorySink();
        new AutoscalerIngester('sim', sink).ingest(
          event(
            toConfigMapSnapshot(
              sim.store.get(CONFIGMAPS, 'kube-system', 'cluster-autoscaler-status'),
            ),
            'ADDED',
          ),
        );
        expect(rows).toHaveLength(1);
        statuses[format] = (rows[0] as Row).status;
      } finally {
        await sim.close();
      }
    }
    const yaml = statuses.yaml as {
      format: string;
      clusterWide: { health: { status: string } };
      nodeGroups: Array<{ name: string }>;
    };
    const text = statuses.text as typeof yaml;
    expect(yaml.format).toBe('yaml');
    expect(text.format).toBe('text');
    expect(text.clusterWide.health.status).toBe(yaml.clusterWide.health.status);
    expect(text.nodeGroups.map((g) => g.name).sort()).toEqual(
      yaml.nodeGroups.map((g) => g.name).sort(),
    );
    expect(yaml.nodeGroups.length).toBeGreaterThan(0);
  });

  it('skips a status text it cannot parse as a bad object, and keeps the last good one', () => {
    const { rows, sink } = memorySink();
    const ingester = new AutoscalerIngester('sim', sink);
    const cm: ConfigMapSnapshot = {
      namespace: 'kube-system',
      name: 'cluster-autoscaler-status',
      resourceVersion: '1',
      data: { status: '\u0000\u0001 not a status' },
    };
    expect(() => ingester.ingest(event(cm))).toThrow(BadObjectError);
    expect(rows).toHaveLength(0);
  });
});
