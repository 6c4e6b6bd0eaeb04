/**
 * kube-sim's objects against real ones, key path for key path (issue 18): the simulator's Nodes, Pods, Events,
 * Leases and Summary API answer are compared with real object JSON (test/fixtures/real, each file naming its
 * source). A path the simulator writes that the real object does not have fails the test; a path the real object
 * has that the simulator does not write must be one of the differences listed here, with its reason — and each
 * listed difference must still be one, and be in the README's list.
 */
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimCluster, type SimCluster } from '../src/index.js';
import { request } from './helpers.js';
import { keyPaths, mapFieldsOf, missingFrom } from './key-paths.js';
import { DIFFERENCES, SUMMARY_NEWER, type Difference } from './real-differences.js';

const covers = (d: Difference, path: string) =>
  path === d.path || path.startsWith(`${d.path}.`) || path.startsWith(`${d.path}[]`);

function fixture(file: string): { source: { path: string }; object: unknown } {
  return JSON.parse(readFileSync(new URL(`./fixtures/real/${file}`, import.meta.url), 'utf8'));
}

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('kube-sim objects against real ones, key path for key path', () => {
  let cluster: SimCluster;
  beforeAll(async () => {
    cluster = await startSimCluster({ scenario: 'demo', seed: 1, speed: 1 });
  });
  afterAll(() => cluster?.close());

  const KINDS: Array<[kind: string, file: string, list: string]> = [
    ['Node', 'core.v1.Node.json', '/api/v1/nodes'],
    ['Pod', 'core.v1.Pod.json', '/api/v1/pods'],
    ['Event', 'core.v1.Event.json', '/api/v1/events'],
    ['Lease', 'coordination.k8s.io.v1.Lease.json', '/apis/coordination.k8s.io/v1/leases'],
  ];

  for (const [kind, file, list] of KINDS) {
    it(`${kind}: every path the simulator writes is real; every real path it lacks is a listed difference`, async () => {
      const real = fixture(file).object;
      const maps = mapFieldsOf(real as never);
      const realPaths = keyPaths(real, maps);
      const items = (await request(`${cluster.url}${list}`)).body.items as unknown[];
      expect(items.length).toBeGreaterThan(0);
      const simPaths = new Set<string>();
      // A list's items carry no kind/apiVersion; a single GET has them, as the fixture does.
      for (const item of items)
        for (const p of keyPaths({ kind, apiVersion: 'v1', ...(item as object) }, maps))
          simPaths.add(p);

      expect(missingFrom(simPaths, realPaths), 'paths the simulator invents').toEqual([]);
      const differences = DIFFERENCES[kind] ?? [];
      const lacking = missingFrom(realPaths, simPaths);
      expect(
        lacking.filter((p) => !differences.some((d) => covers(d, p))),
        'real paths the simulator lacks that are not listed',
      ).toEqual([]);
      for (const d of differences) {
        expect(
          lacking.some((p) => covers(d, p)),
          `${kind} ${d.path} is no longer a difference`,
        ).toBe(true);
        expect(README.includes(`\`${d.path}\``), `README lists ${kind} ${d.path}`).toBe(true);
      }
    });
  }

  it('Summary API: every path of a real kubelet’s answer is there; the rest is what newer kubelets add', async () => {
    const nodes = (await request(`${cluster.url}/api/v1/nodes`)).body.items as Array<{
      metadata: { name: string };
    }>;
    const realPaths = keyPaths(fixture('stats-summary.json').object, new Set());
    const simPaths = new Set<string>();
    for (const n of nodes) {
      const s = (
        await request(`${cluster.url}/api/v1/nodes/${n.metadata.name}/proxy/stats/summary`)
      ).body;
      for (const p of keyPaths(s, new Set())) simPaths.add(p);
    }
    expect(missingFrom(realPaths, simPaths), 'real paths the simulator lacks').toEqual([]);
    const newer = missingFrom(simPaths, realPaths);
    const segment = (d: Difference, p: string) => p.split(/\.|\[\]/).includes(d.path);
    expect(newer.filter((p) => !SUMMARY_NEWER.some((d) => segment(d, p)))).toEqual([]);
    for (const d of SUMMARY_NEWER) {
      expect(
        newer.some((p) => segment(d, p)),
        `${d.path} is written`,
      ).toBe(true);
      expect(README.includes(`\`${d.path}\``), `README lists Summary ${d.path}`).toBe(true);
    }
  });
});
