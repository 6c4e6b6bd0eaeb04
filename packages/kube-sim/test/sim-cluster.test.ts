import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSimCluster } from '../src/index.js';
import type { SimCluster } from '../src/index.js';
import { parseAutoscalerStatus } from '@plimsoll/shared';

import { request } from './helpers.js';

describe('startSimCluster', () => {
  let cluster: SimCluster;

  beforeAll(async () => {
    cluster = await startSimCluster({ scenario: 'demo', seed: 1, speed: 1 });
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('serves the simulation it runs, with a kubeconfig for plain http', async () => {
    const info = (await request(`${cluster.url}/sim/v1/info`)).body;
    expect(info).toMatchObject({ scenario: 'demo', speed: 1 });
    expect(info.nodes).toBeGreaterThan(0);
    const nodes = (await request(`${cluster.url}/api/v1/nodes`)).body;
    expect(nodes.items).toHaveLength(info.nodes);
    expect(nodes.items).toHaveLength(cluster.store.count('core/v1/nodes'));
    expect(cluster.kubeconfig({ contextName: 'sim' })).toMatch(
      /insecure-skip-tls-verify: true[\s\S]*current-context: sim/,
    );
    const metrics = (await request(`${cluster.url}/apis/metrics.k8s.io/v1beta1/nodes`)).body;
    expect(metrics.items).toHaveLength(info.nodes);
  });

  it('publishes the autoscaler status cut short on POST /sim/v1/autoscaler, and whole again with 0', async () => {
    const read = async () =>
      (
        await request(
          `${cluster.url}/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status`,
        )
      ).body.data.status as string;
    const whole = await read();
    expect(parseAutoscalerStatus(whole).truncated).toBe(false);
    const cut = await request(`${cluster.url}/sim/v1/autoscaler`, {
      method: 'POST',
      json: { cutStatusBytes: 25 },
    });
    expect(cut.status).toBe(200);
    const short = await read();
    expect(whole.endsWith('\n')).toBe(true);
    expect(short.endsWith('\n')).toBe(false);
    const parsed = parseAutoscalerStatus(short);
    expect(parsed.truncated).toBe(true);
    expect(parsed.sections).toContain('clusterWide');
    await request(`${cluster.url}/sim/v1/autoscaler`, {
      method: 'POST',
      json: { cutStatusBytes: 0 },
    });
    expect(parseAutoscalerStatus(await read()).truncated).toBe(false);
    const bad = await request(`${cluster.url}/sim/v1/autoscaler`, {
      method: 'POST',
      json: { cutStatusBytes: -1 },
    });
    expect(bad.status).toBe(400);
  });
});
