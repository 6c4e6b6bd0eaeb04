import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimCluster, type SimCluster } from '@plimsoll/kube-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  COMPONENTS,
  HAS_KUBECTL,
  NO_KUBECTL,
  OVERLAYS,
  kubectl,
  parseObjects,
  renderText,
  renderWithComponentsText,
  KUSTOMIZE_ROOT,
} from './manifests.js';

/** How kubectl names an object in its output: `deployment.apps/plimsoll-api`, `service/plimsoll-api`. */
function kubectlName(apiVersion: string, kind: string, name: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${kind.toLowerCase()}${group ? `.${group}` : ''}/${name}`;
}

// The issue's bar: every rendered overlay is accepted by an API server, checked with the real kubectl against the
// simulated cluster (packages/kube-sim) exactly as a user would run it against theirs.
describe.skipIf(!HAS_KUBECTL)(
  HAS_KUBECTL ? 'kubectl apply --dry-run=server against the simulated cluster' : NO_KUBECTL,
  () => {
    let sim: SimCluster;
    let dir: string;
    let kubeconfig: string;

    beforeAll(async () => {
      sim = await startSimCluster({ port: 0 });
      dir = mkdtempSync(join(tmpdir(), 'plimsoll-dry-run-'));
      kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, sim.kubeconfig(), { mode: 0o600 });
      // A server-side dry run creates nothing, so the namespace the namespaced objects go in must exist already, as
      // on a real cluster.
      const ns = await kubectl(['apply', '-f', '-'], {
        kubeconfig,
        stdin: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: plimsoll\n',
      });
      expect(ns.stderr).toBe('');
      expect(ns.code).toBe(0);
    });

    afterAll(async () => {
      await sim?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const cases: [string, () => Promise<string>][] = [
      ...OVERLAYS.map((o): [string, () => Promise<string>] => [
        `overlays/${o}`,
        () => renderText(`${KUSTOMIZE_ROOT}/overlays/${o}`),
      ]),
      [
        `overlays/production + components/${COMPONENTS.join(' + ')}`,
        () => renderWithComponentsText('production', COMPONENTS),
      ],
    ];

    it.each(cases)('accepts every object of %s', async (_name, renderIt) => {
      const text = await renderIt();
      const expected = parseObjects(text)
        .map((o) => kubectlName(o.apiVersion, o.kind, o.metadata.name))
        .sort();
      const result = await kubectl(['apply', '--dry-run=server', '-f', '-'], {
        kubeconfig,
        stdin: text,
      });
      // On failure kubectl's stderr names each kind the server does not serve ("no matches for kind …").
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const accepted = result.stdout
        .split('\n')
        .map(
          (line) => /^(\S+) (?:created|configured|unchanged) \(server dry run\)$/.exec(line)?.[1],
        )
        .filter((name): name is string => name !== undefined)
        .sort();
      expect(accepted).toEqual(expected);
    });
  },
);
