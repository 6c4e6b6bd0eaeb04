import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ApiServer } from '../src/server/api-server.js';
import type { KubeObjectStore } from '../src/store/object-store.js';
import { HAS_KUBECTL, KUBECTL, kubectl, startFixtureServer } from './helpers.js';

if (!HAS_KUBECTL) console.warn(`kube-sim: ${KUBECTL} not found; skipping the kubectl tests`);

describe.skipIf(!HAS_KUBECTL)('real kubectl against the simulated API server', () => {
  let server: ApiServer;
  let store: KubeObjectStore;
  let kubeconfig: string;

  beforeAll(async () => {
    ({ server, store, kubeconfigPath: kubeconfig } = await startFixtureServer());
  });
  afterAll(async () => {
    await server.close();
  });

  it('gets nodes with the usual columns', async () => {
    const { stdout, code, stderr } = await kubectl(kubeconfig, ['get', 'nodes']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(lines[1]).toMatch(/^node-1\s+Ready\s+control-plane\s+60m\s+v1\.32\.1$/);
    expect(lines[3]).toMatch(/^node-3\s+Ready,SchedulingDisabled\s+<none>/);
    const wide = await kubectl(kubeconfig, ['get', 'nodes', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(
      /INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME/,
    );
  });

  it('lists pods, leases, events, quotas and namespaces across namespaces', async () => {
    const pods = await kubectl(kubeconfig, ['get', 'pods', '-A']);
    expect(pods.stdout).toMatch(/NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(pods.stdout).toMatch(/team-a\s+web-5\s+0\/1\s+OOMKilled/);
    expect((await kubectl(kubeconfig, ['get', 'leases', '-A'])).stdout).toMatch(
      /kube-node-lease\s+node-1\s+node-1\s+60m/,
    );
    expect((await kubectl(kubeconfig, ['get', 'events', '-A'])).stdout).toMatch(
      /LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE[\s\S]*NodeNotReady\s+node\/node-2/,
    );
    expect((await kubectl(kubeconfig, ['get', 'resourcequotas', '-A'])).stdout).toMatch(
      /team-a\s+compute\s+60m\s+requests.cpu: 1500m\/4\s+limits.memory: 2Gi\/8Gi/,
    );
    expect((await kubectl(kubeconfig, ['get', 'ns'])).stdout).toMatch(/team-a\s+Active\s+60m/);
    expect(
      (
        await kubectl(kubeconfig, [
          'get',
          'pods',
          '-A',
          '--field-selector',
          'spec.nodeName=node-1',
          '-o',
          'name',
        ])
      ).stdout
        .trim()
        .split('\n'),
    ).toEqual(['pod/web-0', 'pod/web-3']);
  });

  it('lists api-resources and describes a node with its pods and events', async () => {
    const res = await kubectl(kubeconfig, ['api-resources']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/leases\s+coordination.k8s.io\/v1\s+true\s+Lease/);
    const describe = await kubectl(kubeconfig, ['describe', 'node', 'node-2']);
    expect(describe.code).toBe(0);
    expect(describe.stdout).toMatch(/Ready\s+Unknown/);
    expect(describe.stdout).toMatch(/Non-terminated Pods:\s+\(2 in total\)/);
    expect(describe.stdout).toMatch(/NodeNotReady\s+\S+\s+node-controller/);
  });

  it('patches, applies with --dry-run=server, and applies for real', async () => {
    expect(
      (
        await kubectl(kubeconfig, [
          'patch',
          'node',
          'node-1',
          '-p',
          '{"metadata":{"labels":{"patched":"yes"}}}',
        ])
      ).stdout,
    ).toContain('node/node-1 patched');
    expect(store.get('core/v1/nodes', undefined, 'node-1')?.metadata.labels?.patched).toBe('yes');
    const status = await kubectl(kubeconfig, [
      'patch',
      'node',
      'node-1',
      '--subresource=status',
      '-p',
      '{"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletNotReady"}]}}',
    ]);
    expect(status.code).toBe(0);
    expect(
      (store.get('core/v1/nodes', undefined, 'node-1')?.status as any).conditions,
    ).toHaveLength(2);
    const manifest = join(mkdtempSync(join(tmpdir(), 'kube-sim-apply-')), 'cm.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'applied', namespace: 'default' },
        data: { a: '1' },
      }),
    );
    const dry = await kubectl(kubeconfig, ['apply', '--dry-run=server', '-f', manifest]);
    expect(dry.stdout).toContain('configmap/applied created (server dry run)');
    expect(store.get('core/v1/configmaps', 'default', 'applied')).toBeUndefined();
    expect((await kubectl(kubeconfig, ['apply', '-f', manifest])).stdout).toContain(
      'configmap/applied created',
    );
    expect(store.get('core/v1/configmaps', 'default', 'applied')?.data).toEqual({ a: '1' });
  });

  it('watches with get -w and prints the change', async () => {
    const child = spawn(
      KUBECTL,
      ['--kubeconfig', kubeconfig, 'get', 'pods', '-n', 'team-a', '-w'],
      { env: { ...process.env, HOME: tmpdir() } },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const waitFor = async (re: RegExp): Promise<void> => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(/web-5/);
    store.mutate('core/v1/pods', 'team-a', 'web-1', (o) => {
      (o.status as any).containerStatuses = [
        {
          name: 'main',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ];
    });
    await waitFor(/CrashLoopBackOff/);
    child.kill();
    expect(out).toMatch(/web-1\s+0\/1\s+CrashLoopBackOff/);
  });
});
