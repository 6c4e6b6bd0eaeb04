import { beforeAll, describe, expect, it } from 'vitest';

import {
  COMPONENTS,
  KUSTOMIZE_ROOT,
  OVERLAYS,
  parseObjects,
  renderText,
  renderWithComponentsText,
} from '../test/deploy/manifests.js';
import { applyPlimsollAccess, kube, kubectlAdmin } from './harness.js';

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

describe('deploy/kubernetes against a real kube-apiserver', () => {
  beforeAll(async () => {
    // The namespace (Pod Security "restricted" enforced), the ServiceAccount and its RBAC, applied for real.
    await applyPlimsollAccess();
  });

  // Real validation, defaulting and admission (PodSecurity among them) judge every object; a pod template the
  // namespace's restricted level would refuse shows up as a warning on stderr.
  it.each(cases)(
    'accepts every object of %s in a server-side dry run, without a warning',
    async (_n, render) => {
      const text = await render();
      const objects = parseObjects(text);
      const result = await kubectlAdmin(['apply', '--dry-run=server', '-f', '-'], text);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const accepted = result.stdout.split('\n').filter((l) => / \(server dry run\)$/.test(l));
      expect(accepted).toHaveLength(objects.length);
    },
  );

  it('the Pod Security admission of the plimsoll namespace refuses a pod that is not restricted', async () => {
    const res = await kube(
      'POST',
      '/api/v1/namespaces/plimsoll/pods?dryRun=All',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'privileged' },
        spec: {
          containers: [
            { name: 'c', image: 'registry.example/x:1', securityContext: { privileged: true } },
          ],
        },
      },
      { ok: [403] },
    );
    expect(res.reason).toBe('Forbidden');
    expect(res.message).toMatch(/violates PodSecurity "restricted:latest"/);
  });

  it('the ServiceAccount holds exactly the read access the ClusterRole grants, and no more', async () => {
    const canI = async (...args: string[]) =>
      (
        await kubectlAdmin([
          'auth',
          'can-i',
          ...args,
          '--as=system:serviceaccount:plimsoll:plimsoll',
        ])
      ).stdout.trim();
    expect(await canI('watch', 'nodes')).toBe('yes');
    expect(await canI('get', 'nodes/proxy')).toBe('yes');
    expect(await canI('patch', 'resourcequotas', '-n', 'acme')).toBe('yes');
    expect(await canI('update', 'leases/plimsoll-collector', '-n', 'plimsoll')).toBe('yes');
    expect(await canI('update', 'leases/kube-controller-manager', '-n', 'kube-system')).toBe('no');
    expect(await canI('list', 'secrets')).toBe('no');
    expect(await canI('get', 'configmaps/other', '-n', 'kube-system')).toBe('no');
    expect(await canI('patch', 'nodes')).toBe('no');
  });
});
