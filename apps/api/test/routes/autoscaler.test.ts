import type {
  GetAutoscalerHistoryResponse,
  GetAutoscalerStatusResponse,
  GetAutoscalerTimelineResponse,
  ListExtendedResourcesResponse,
  ListMachinesResponse,
  ListPendingPodsResponse,
  WhyThisGroupResponse,
} from '@plimsoll/shared/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClusterCollector } from '../../src/collector/cluster-collector.js';
import type { ClusterManager } from '../../src/collector/cluster-manager.js';
import { LiveBus } from '../../src/collector/live-bus.js';
import {
  parseNotTriggerScaleUpReasons,
  parseScaledUpGroupMessage,
  parseTriggeredScaleUpMessage,
} from '../../src/services/autoscaler-event-messages.js';
import { eventsToTimeline } from '../../src/services/get-autoscaler-timeline.js';
import type { ConfigMapSnapshot } from '../../src/k8s/to-configmap-snapshot.js';
import {
  buildClusterTestApp,
  buildTestApp,
  errorBody,
  signIn,
  type TestContext,
} from '../helper.js';

// ---------------------------------------------------------------------------------------------------------------
// Status fixtures: what cluster-autoscaler writes into kube-system/cluster-autoscaler-status.

// Text written by cluster-autoscaler 1.27–1.29 (GetReadableString), one group in backoff.
const TEXT_STATUS = `Cluster-autoscaler status at 2023-11-24 10:25:10.316990961 +0000 UTC:
Cluster-wide:
  Health:      Unhealthy (ready=3 unready=4 (resourceUnready=1) notStarted=1 longNotStarted=0 registered=8 longUnregistered=2)
               LastProbeTime:      2023-11-24 10:25:10.061622308 +0000 UTC
               LastTransitionTime: 2023-11-24 09:11:02.53461218 +0000 UTC
  ScaleUp:     InProgress (ready=3 registered=8)
               LastProbeTime:      2023-11-24 10:25:10.061622308 +0000 UTC
               LastTransitionTime: 2023-11-24 10:04:34.898806071 +0000 UTC
  ScaleDown:   CandidatesPresent (candidates=1)
               LastProbeTime:      2023-11-24 10:25:10.061622308 +0000 UTC
               LastTransitionTime: 2023-11-24 09:11:02.53461218 +0000 UTC

NodeGroups:
  Name:        nodes-a.production.k8s.local
  Health:      Unhealthy (ready=1 unready=3 (resourceUnready=1) notStarted=1 longNotStarted=0 registered=5 longUnregistered=2 cloudProviderTarget=7 (minSize=3, maxSize=12))
               LastProbeTime:      2023-11-24 10:25:10.061622308 +0000 UTC
               LastTransitionTime: 2023-11-24 09:40:00 +0000 UTC
  ScaleUp:     Backoff (ready=1 cloudProviderTarget=7)
               LastProbeTime:      2023-11-24 10:25:10.061622308 +0000 UTC
               LastTransitionTime: 2023-11-24 10:04:34.898806071 +0000 UTC
  ScaleDown:   NoCandidates (candidates=0)
               LastProbeTime:      2023-11-24 10:25:10.061622308 +0000 UTC
               LastTransitionTime: 2023-11-24 09:11:02.53461218 +0000 UTC

  Name:        nodes-b.production.k8s.local
  Health:      Healthy (ready=2 unready=1 (resourceUnready=0) notStarted=0 longNotStarted=0 registered=3 longUnregistered=0 cloudProviderTarget=3 (minSize=1, maxSize=5))
               LastProbeTime:      2023-11-24 10:25:10.061622308 +0000 UTC
               LastTransitionTime: 2023-11-24 09:11:02.53461218 +0000 UTC
  ScaleUp:     InProgress (ready=2 cloudProviderTarget=3)
               LastProbeTime:      2023-11-24 10:25:10.061622308 +0000 UTC
               LastTransitionTime: 2023-11-24 10:04:34.898806071 +0000 UTC
  ScaleDown:   CandidatesPresent (candidates=1)
               LastProbeTime:      2023-11-24 10:25:10.061622308 +0000 UTC
               LastTransitionTime: 2023-11-24 10:20:00.5 +0000 UTC

`;

// sigs.k8s.io/yaml output (1.31+): sorted keys, a node group in backoff with its error.
const YAML_STATUS = `autoscalerStatus: Running
clusterWide:
  health:
    lastProbeTime: "2023-11-24T04:28:19Z"
    lastTransitionTime: "2023-11-23T14:52:02Z"
    nodeCounts:
      longUnregistered: 1
      registered:
        beingDeleted: 1
        notStarted: 3
        ready: 4
        suspended: 1
        total: 11
        unready:
          resourceUnready: 1
          total: 2
      unregistered: 2
    status: Healthy
  scaleDown:
    candidates: 2
    lastProbeTime: "2023-11-24T04:28:19Z"
    lastTransitionTime: "2023-11-23T14:52:02Z"
    status: NoCandidates
  scaleUp:
    lastProbeTime: "2023-11-24T04:28:19Z"
    lastTransitionTime: "2023-11-23T14:52:02Z"
    status: NoActivity
message: TEST_MSG
nodeGroups:
- health:
    cloudProviderTarget: 8
    lastProbeTime: "2023-11-24T04:28:19Z"
    lastTransitionTime: "2023-11-23T14:52:02Z"
    maxSize: 12
    minSize: 2
    nodeCounts:
      longUnregistered: 1
      registered:
        beingDeleted: 1
        notStarted: 3
        ready: 4
        suspended: 1
        total: 11
        unready:
          resourceUnready: 1
          total: 2
      unregistered: 2
    status: Healthy
  name: sample-node-group
  scaleDown:
    candidates: 2
    lastProbeTime: "2023-11-24T04:28:19Z"
    lastTransitionTime: "2023-11-23T14:52:02Z"
    status: NoCandidates
  scaleUp:
    backoffInfo:
      errorCode: QUOTA_EXCEEDED
      errorMessage: 'Instance ''sample-node-group-40ce0341-t28s'' creation failed:
        Quota ''CPUS'' exceeded. Limit: 57.0 in region us-central1.'
    lastProbeTime: "2023-11-24T04:28:19Z"
    lastTransitionTime: "2023-11-23T14:52:02Z"
    status: Backoff
time: 2023-11-24 04:28:19.546750398 +0000 UTC
`;

/** A collector with nothing but a status ConfigMap in its cache: enough for the status route. */
function fixtureManager(): { manager: ClusterManager; setStatus(raw: string | null): void } {
  const autoscaler = new Map<string, ConfigMapSnapshot>();
  const collector = {
    name: 'fixture',
    cache: {
      nodes: new Map(),
      pods: new Map(),
      leases: new Map(),
      namespaces: new Map(),
      resourcequotas: new Map(),
      autoscaler,
    },
    health: () => ({ name: 'fixture', state: 'synced' }),
  } as unknown as ClusterCollector;
  const manager = {
    collectors: new Map([['fixture', collector]]),
    bus: new LiveBus(),
    simulatorUrl: undefined,
    list: () => [],
    stop: async () => {},
  } as unknown as ClusterManager;
  return {
    manager,
    setStatus(raw) {
      autoscaler.clear();
      if (raw !== null) {
        autoscaler.set('kube-system/cluster-autoscaler-status', {
          namespace: 'kube-system',
          name: 'cluster-autoscaler-status',
          resourceVersion: '1',
          data: { status: raw },
        });
      }
    },
  };
}

describe('autoscaler status fixtures through the route', () => {
  let t: TestContext;
  let fx: ReturnType<typeof fixtureManager>;
  let headers: Record<string, string>;
  beforeAll(async () => {
    fx = fixtureManager();
    t = await buildTestApp({}, { clusterManager: fx.manager });
    ({ headers } = await signIn(t.app, 'sre'));
  });
  afterAll(() => t.close());

  const getStatus = async () => {
    const res = await t.app.inject({ url: '/api/v1/clusters/fixture/autoscaler/status', headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<GetAutoscalerStatusResponse>();
  };

  it('parses the YAML format with node group bounds and the backoff error', async () => {
    fx.setStatus(YAML_STATUS);
    const body = await getStatus();
    expect(body.source).toBe('live');
    expect(body.configMap).toBe('kube-system/cluster-autoscaler-status');
    expect(body.status).toMatchObject({
      format: 'yaml',
      truncated: false,
      autoscalerStatus: 'Running',
      clusterWide: {
        health: { status: 'Healthy', ready: 4, unready: 2, notStarted: 3, longUnregistered: 1 },
      },
    });
    const [g] = body.status?.nodeGroups ?? [];
    expect(g).toMatchObject({
      name: 'sample-node-group',
      health: { minSize: 2, cloudProviderTarget: 8, maxSize: 12 },
      scaleUp: { status: 'Backoff', backoff: { errorCode: 'QUOTA_EXCEEDED' } },
    });
    expect(g?.scaleUp.backoff?.errorMessage).toContain("Quota 'CPUS' exceeded");
    expect(body.raw).toBe(YAML_STATUS);
  });

  it('parses the old text format', async () => {
    fx.setStatus(TEXT_STATUS);
    const body = await getStatus();
    expect(body.status).toMatchObject({
      format: 'text',
      truncated: false,
      clusterWide: {
        health: { status: 'Unhealthy', ready: 3, unready: 4, notStarted: 1, longUnregistered: 2 },
        scaleUp: { status: 'InProgress' },
        scaleDown: { status: 'CandidatesPresent', candidates: 1 },
      },
    });
    expect(
      body.status?.nodeGroups.map((g) => [
        g.name,
        g.health.minSize,
        g.health.cloudProviderTarget,
        g.health.maxSize,
        g.scaleUp.status,
      ]),
    ).toEqual([
      ['nodes-a.production.k8s.local', 3, 7, 12, 'Backoff'],
      ['nodes-b.production.k8s.local', 1, 3, 5, 'InProgress'],
    ]);
  });

  it('returns what a truncated text status holds, flagged truncated', async () => {
    // Cut in the middle of the second node group's Health line.
    const cut = TEXT_STATUS.slice(0, TEXT_STATUS.indexOf('Name:        nodes-b') + 60);
    fx.setStatus(cut);
    const body = await getStatus();
    expect(body.status?.truncated).toBe(true);
    expect(body.status?.format).toBe('text');
    expect(body.status?.nodeGroups[0]).toMatchObject({
      name: 'nodes-a.production.k8s.local',
      health: { maxSize: 12 },
    });
  });

  it('returns what a truncated YAML status holds, flagged truncated', async () => {
    const cut = YAML_STATUS.slice(0, YAML_STATUS.indexOf('  name: sample-node-group') - 10);
    fx.setStatus(cut);
    const body = await getStatus();
    expect(body.status?.format).toBe('yaml');
    expect(body.status?.truncated).toBe(true);
    expect(body.status?.clusterWide.health.ready).toBe(4);
  });

  it('falls back to the newest stored sample, and says so when there is none', async () => {
    fx.setStatus(null);
    const none = await getStatus();
    expect(none).toMatchObject({ source: 'none', status: null });
    expect(none.error).toMatch(/No ConfigMap kube-system\/cluster-autoscaler-status/);

    fx.setStatus(YAML_STATUS);
    const live = await getStatus();
    await t.db.prisma.autoscalerStatusSample.create({
      data: {
        cluster: 'fixture',
        contentHash: 'h1',
        status: live.status as object,
        raw: YAML_STATUS,
        observedAt: new Date(),
      },
    });
    fx.setStatus(null);
    const stored = await getStatus();
    expect(stored.source).toBe('history');
    expect(stored.status?.nodeGroups[0]?.name).toBe('sample-node-group');

    const history = await t.app.inject({
      url: '/api/v1/clusters/fixture/autoscaler/history',
      headers,
    });
    expect(history.statusCode).toBe(200);
    expect(history.json<GetAutoscalerHistoryResponse>().samples).toHaveLength(1);
    expect(history.json<GetAutoscalerHistoryResponse>().samples[0]?.groups[0]).toMatchObject({
      name: 'sample-node-group',
      target: 8,
      backoffError: expect.stringContaining('QUOTA_EXCEEDED'),
    });
  });

  it('clamps an unsafe integer in the status (with a note), and a bad stored sample never fails a route', async () => {
    const unsafe = YAML_STATUS.replace('maxSize: 12', 'maxSize: 99999999999999999999');
    fx.setStatus(unsafe);
    const live = await getStatus();
    expect(live.status?.nodeGroups[0]?.health.maxSize).toBe(Number.MAX_SAFE_INTEGER);
    // One note names the field and what is shown instead (the parser clamps; the bound adds nothing more).
    expect(live.status?.notes).toHaveLength(1);
    expect(live.status?.notes[0]).toMatch(/maxSize.*9007199254740991/);
    const why = await t.app.inject({
      url: '/api/v1/clusters/fixture/autoscaler/why-this-group?cpu=1&memory=1Gi',
      headers,
    });
    expect(why.statusCode, why.body).toBeLessThan(500);

    // Samples stored before the fix (the number as it was) or by an older parser (another shape).
    await t.db.prisma.autoscalerStatusSample.deleteMany({ where: { cluster: 'fixture' } });
    const base = Date.now() - 60_000;
    const bad = JSON.parse(JSON.stringify(live.status)) as {
      nodeGroups: Array<{ health: object }>;
    };
    (bad.nodeGroups[0] as { health: { maxSize: number } }).health.maxSize = 1e20;
    await t.db.prisma.autoscalerStatusSample.createMany({
      data: [
        {
          cluster: 'fixture',
          contentHash: 'u1',
          status: bad,
          raw: unsafe,
          observedAt: new Date(base),
        },
        {
          cluster: 'fixture',
          contentHash: 'u2',
          status: { oldShape: true },
          raw: '?',
          observedAt: new Date(base + 1000),
        },
      ],
    });
    fx.setStatus(YAML_STATUS);
    for (const path of ['status', 'history', 'timeline']) {
      const res = await t.app.inject({
        url: `/api/v1/clusters/fixture/autoscaler/${path}`,
        headers,
      });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    }
    const history = (
      await t.app.inject({ url: '/api/v1/clusters/fixture/autoscaler/history', headers })
    ).json<GetAutoscalerHistoryResponse>();
    expect(history.samples.map((x) => x.groups[0]?.maxSize)).toEqual([Number.MAX_SAFE_INTEGER]);
    expect(history.notes?.join('\n')).toMatch(/maxSize: 100000000000000000000 is beyond/);
    expect(history.notes?.join('\n')).toMatch(/left out: not a readable status/);
    // The newest stored sample is the unreadable one: the status route says so instead of failing.
    fx.setStatus(null);
    const stored = await getStatus();
    expect(stored).toMatchObject({ source: 'history', status: null });
    expect(stored.error).toMatch(/not a readable status/);
    const overview = await t.app.inject({ url: '/api/v1/clusters/fixture/overview', headers });
    expect(overview.statusCode).toBeLessThan(500);
    await t.db.prisma.autoscalerStatusSample.deleteMany({ where: { cluster: 'fixture' } });
  });

  it('says 404 for an unknown cluster and 400 for a bad why-this-group query', async () => {
    const res = await t.app.inject({ url: '/api/v1/clusters/nope/autoscaler/status', headers });
    expect(res.statusCode).toBe(404);
    expect(errorBody(res).code).toBe('NOT_FOUND');
    const bad = await t.app.inject({
      url: '/api/v1/clusters/fixture/autoscaler/why-this-group',
      headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(errorBody(bad).code).toBe('VALIDATION_FAILED');
  });
});

describe("cluster-autoscaler's Event messages", () => {
  it('reads the counted reasons of NotTriggerScaleUp, taint lists with commas included', () => {
    expect(
      parseNotTriggerScaleUpReasons(
        "pod didn't trigger scale-up: 2 node(s) had untolerated taint {dedicated: gpu, team: ml}, 1 max node group size reached, 3 Insufficient cpu",
      ),
    ).toEqual([
      { count: 2, reason: 'node(s) had untolerated taint {dedicated: gpu, team: ml}' },
      { count: 1, reason: 'max node group size reached' },
      { count: 3, reason: 'Insufficient cpu' },
    ]);
    expect(
      parseNotTriggerScaleUpReasons(
        "pod didn't trigger scale-up (it wouldn't fit if a new node is added): 1 Insufficient memory",
      ),
    ).toEqual([{ count: 1, reason: 'Insufficient memory' }]);
  });

  it('reads ScaledUpGroup attempts and results, and TriggeredScaleUp lists', () => {
    expect(
      parseScaledUpGroupMessage('Scale-up: setting group ng-1 size to 4 instead of 2 (max: 10)'),
    ).toEqual({
      group: 'ng-1',
      from: 2,
      to: 4,
      max: 10,
      phase: 'setting',
    });
    expect(
      parseScaledUpGroupMessage('Scale-up: group ng-1 size set to 4 instead of 2 (max: 10)')?.phase,
    ).toBe('set');
    expect(
      parseTriggeredScaleUpMessage(
        'pod triggered scale-up: [{ng-1 2->4 (max: 10)} {ng-2 0->1 (max: 3)}]',
      ),
    ).toEqual([
      { group: 'ng-1', from: 2, to: 4, max: 10 },
      { group: 'ng-2', from: 0, to: 1, max: 3 },
    ]);
  });

  it('folds a "setting group size" attempt into its result, but keeps one that has none', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const ev = (reason: string, message: string, ms = 0) => ({
      uid: `${reason}-${message}`,
      namespace: 'kube-system',
      type: 'Normal',
      reason,
      message,
      involvedKind: 'ConfigMap',
      involvedName: 'cluster-autoscaler-status',
      involvedNamespace: 'kube-system',
      count: 1,
      firstSeen: new Date(at.getTime() + ms),
      lastSeen: new Date(at.getTime() + ms),
    });
    const entries = eventsToTimeline([
      ev('ScaledUpGroup', 'Scale-up: setting group a size to 3 instead of 1 (max: 5)'),
      ev('ScaledUpGroup', 'Scale-up: group a size set to 3 instead of 1 (max: 5)', 10),
      ev('ScaledUpGroup', 'Scale-up: setting group b size to 1 instead of 0 (max: 2)'),
      ev('FailedToScaleUpGroup', 'Scale-up failed for group b: quota', 20),
      ev('ScaledUpGroup', 'Scale-up: setting group c size to 2 instead of 1 (max: 2)', 600_000),
    ]);
    expect(entries.map((e) => [e.kind, e.group])).toEqual([
      ['scale-up', 'a'],
      ['scale-up-failed', 'b'],
      ['scale-up', 'c'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The live `autoscale` scenario.

interface TruthEntry {
  seq: number;
  at: string;
  kind: string;
  details: Record<string, unknown>;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('autoscaler, machines and extended resources against the autoscale scenario', () => {
  let t: TestContext & { manager: ClusterManager };
  let sre: Record<string, string>;
  const url = (path: string) => `/api/v1/clusters/sim${path}`;
  const get = async <T>(path: string, headers = sre) => {
    const res = await t.app.inject({ url: url(path), headers });
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const truth = async (): Promise<TruthEntry[]> => {
    const res = await fetch(`${t.manager.simulatorUrl ?? ''}/sim/v1/truth`);
    return ((await res.json()) as { items: TruthEntry[] }).items;
  };

  beforeAll(async () => {
    // 200× speed: the batch burst scales up within a second, the failing GPU group backs off, and the emptied
    // batch nodes are scaled down about ten seconds later.
    t = await buildClusterTestApp({
      PLIMSOLL_SIM_SCENARIO: 'autoscale',
      PLIMSOLL_SIM_SPEED: '200',
    });
    ({ headers: sre } = await signIn(t.app, 'sre'));
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('puts every scale-up and scale-down of the simulation on the timeline', async () => {
    const entries = await waitFor(
      'a successful and a failed scale-up and a scale-down',
      async () => {
        const all = await truth();
        const ups = all.filter((e) => e.kind === 'scale-up');
        const ok =
          ups.some((e) => !e.details.failed) &&
          ups.some((e) => e.details.failed) &&
          all.some((e) => e.kind === 'scale-down');
        return ok ? all : null;
      },
    );
    await t.manager.collectors.get('sim')?.flush();
    const scaleUps = entries.filter((e) => e.kind === 'scale-up');
    const scaleDowns = entries.filter((e) => e.kind === 'scale-down');
    const timeline = await waitFor('the timeline to show them all', async () => {
      await t.manager.collectors.get('sim')?.flush();
      const body = await get<GetAutoscalerTimelineResponse>('/autoscaler/timeline');
      const has = (e: TruthEntry) =>
        e.kind === 'scale-down'
          ? body.entries.some(
              (x) =>
                x.kind === 'scale-down' &&
                x.source === 'event' &&
                x.message.includes(String(e.details.node)),
            )
          : e.details.failed
            ? body.entries.some(
                (x) =>
                  x.kind === 'scale-up-failed' &&
                  x.source === 'event' &&
                  x.group === e.details.group,
              )
            : body.entries.some(
                (x) =>
                  x.kind === 'scale-up' &&
                  x.source === 'event' &&
                  x.group === e.details.group &&
                  x.from === e.details.from &&
                  x.to === e.details.to,
              );
      return [...scaleUps, ...scaleDowns].every(has) ? body : null;
    });
    // Status changes are on it too: the batch group's target moved.
    expect(
      timeline.entries.some((e) => e.source === 'status' && e.reason === 'TargetSizeChanged'),
    ).toBe(true);
    // Kinds filter.
    const onlyFailed = await get<GetAutoscalerTimelineResponse>(
      '/autoscaler/timeline?kinds=scale-up-failed',
    );
    expect(onlyFailed.entries.length).toBeGreaterThan(0);
    expect(onlyFailed.entries.every((e) => e.kind === 'scale-up-failed')).toBe(true);
    const bad = await t.app.inject({
      url: url('/autoscaler/timeline?kinds=nonsense'),
      headers: sre,
    });
    expect(bad.statusCode).toBe(400);
  }, 90_000);

  it('reports the live status with both node groups, the GPU group in backoff with its error', async () => {
    const body = await waitFor('the GPU group in backoff', async () => {
      const b = await get<GetAutoscalerStatusResponse>('/autoscaler/status');
      return b.status?.nodeGroups.some((g) => g.scaleUp.status === 'Backoff') ? b : null;
    });
    expect(body.source).toBe('live');
    expect(body.status?.format).toBe('yaml');
    const groups = Object.fromEntries((body.status?.nodeGroups ?? []).map((g) => [g.name, g]));
    expect(groups['MachineDeployment/default/plimsoll-sim-batch']?.health).toMatchObject({
      minSize: 1,
      maxSize: 5,
    });
    expect(
      groups['MachineDeployment/default/plimsoll-sim-gpu']?.scaleUp.backoff?.errorMessage,
    ).toMatch(/InsufficientInstanceCapacity/);
    const history = await get<GetAutoscalerHistoryResponse>('/autoscaler/history');
    expect(history.samples.length).toBeGreaterThan(1);
  });

  it('lists pending pods with the reasons they did not trigger a scale-up', async () => {
    const body = await waitFor('arm-only with NotTriggerScaleUp', async () => {
      await t.manager.collectors.get('sim')?.flush();
      const b = await get<ListPendingPodsResponse>('/autoscaler/pending-pods');
      return b.pods.some((p) => p.name.startsWith('arm-only') && p.notTriggered) ? b : null;
    });
    const arm = body.pods.find((p) => p.name.startsWith('arm-only'));
    expect(arm?.notTriggered?.message).toMatch(/^pod didn't trigger scale-up/);
    // One reason per node group, counted: the GPU and batch pools are tainted, or in backoff, or full.
    const reasons = arm?.notTriggered?.reasons ?? [];
    expect(reasons.reduce((s, r) => s + r.count, 0)).toBe(2);
    for (const r of reasons)
      expect(r.reason).toMatch(/untolerated taint|backoff|max node group size|affinity\/selector/);
    expect(arm?.requests).toMatchObject({ cpu: '100m', memory: '128Mi' });
  });

  it('explains which group each expander would pick for a hypothetical pod, with the priority ConfigMap', async () => {
    const body = await get<WhyThisGroupResponse>(
      '/autoscaler/why-this-group?cpu=1&memory=2Gi&replicas=3&tolerate=*',
    );
    expect(body.subject).toMatchObject({
      kind: 'hypothetical',
      replicas: 3,
      requests: { cpu: '1', memory: '2Gi' },
    });
    const batch = body.options.find((o) => o.nodeGroup.endsWith('-batch'));
    expect(batch?.template?.source).toBe('node');
    expect(batch?.template?.taints).toContain('workload-class=batch:NoSchedule');
    expect(body.expanders.map((e) => e.name)).toEqual([
      'least-waste',
      'most-pods',
      'least-nodes',
      'priority',
    ]);
    expect(body.expanders.find((e) => e.name === 'least-waste')?.isDefault).toBe(true);
    expect(body.priorityConfigMap).toMatchObject({
      found: true,
      name: 'kube-system/cluster-autoscaler-priority-expander',
    });
    const eligible = body.options.filter((o) => o.excluded === null);
    if (eligible.some((o) => o.nodeGroup.endsWith('-batch'))) {
      // The sim's priorities put batch groups (50) above everything else (10).
      expect(body.expanders.find((e) => e.name === 'priority')?.chosen).toEqual([batch?.nodeGroup]);
      expect(batch?.wasteScore).toBeGreaterThanOrEqual(0);
    }
    // Without tolerations the tainted pools are not options, with the scheduler's reason.
    const plain = await get<WhyThisGroupResponse>(
      '/autoscaler/why-this-group?cpu=100m&memory=128Mi',
    );
    for (const o of plain.options)
      expect(o.excluded).toMatch(/untolerated taint|backoff|max node group size/);
    expect(plain.expanders.every((e) => e.chosen.length === 0)).toBe(true);
    // Such a small pod fits on a node that is already there, which is why no group expands for it.
    expect(plain.fitsExistingNodes.count).toBeGreaterThan(0);
    expect(plain.fitsExistingNodes.examples.length).toBe(
      Math.min(5, plain.fitsExistingNodes.count),
    );
    const huge = await get<WhyThisGroupResponse>('/autoscaler/why-this-group?cpu=500&memory=1Ti');
    expect(huge.fitsExistingNodes).toEqual({ count: 0, examples: [] });
  });

  it('explains a real pending pod from its spec', async () => {
    const pods = await get<ListPendingPodsResponse>('/autoscaler/pending-pods');
    const arm = pods.pods.find((p) => p.name.startsWith('arm-only'));
    expect(arm).toBeDefined();
    const body = await get<WhyThisGroupResponse>(
      `/autoscaler/why-this-group?namespace=default&pod=${arm?.name ?? ''}`,
    );
    expect(body.subject).toMatchObject({
      kind: 'pod',
      specSource: 'api',
      nodeSelector: { 'plimsoll.io/pool': 'graviton' },
    });
    expect(body.options.every((o) => o.excluded !== null)).toBe(true);
    const missing = await t.app.inject({
      url: url('/autoscaler/why-this-group?namespace=default&pod=nope'),
      headers: sre,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('shows MachineDeployments → MachineSets → Machines with their nodes, and nodes without machines', async () => {
    const body = await get<ListMachinesResponse>('/machines');
    expect(body).toMatchObject({ clusterApi: true, apiVersion: 'v1beta1' });
    const batch = body.machineDeployments.find((d) => d.name === 'plimsoll-sim-batch');
    expect(batch).toMatchObject({ autoscalerMin: 1, autoscalerMax: 5 });
    const machines = batch?.machineSets.flatMap((s) => s.machines) ?? [];
    expect(machines.length).toBeGreaterThan(0);
    for (const m of machines.filter((x) => x.nodeFound))
      expect(m.nodeName).toMatch(/compute\.internal$/);
    expect(body.machineHealthChecks[0]).toMatchObject({
      name: 'plimsoll-sim-workers-unhealthy',
      maxUnhealthy: '40%',
    });
    // The general pool and the control plane are not Cluster API machines in this simulation.
    expect(body.nodesWithoutMachine.some((n) => n.pool === 'general')).toBe(true);
    // Every batch Machine's node is a batch node (a node being scaled down may briefly outlive its Machine).
    const batchNodes = new Set(
      body.nodesWithoutMachine.filter((n) => n.pool === 'batch').map((n) => n.name),
    );
    for (const m of machines) expect(batchNodes.has(m.nodeName ?? '')).toBe(false);
  });

  it('shows extended resources and their allocation to pods', async () => {
    const body = await get<ListExtendedResourcesResponse>('/extended-resources');
    const dongles = body.nodes.filter((n) => n.resource === 'example.com/dongle');
    expect(dongles.length).toBeGreaterThan(0);
    expect(dongles[0]).toMatchObject({ capacity: '4', allocatable: '4' });
    const allocated = dongles.reduce((s, n) => s + Number(n.allocated), 0);
    expect(allocated).toBe(2);
    expect(dongles.flatMap((n) => n.pods).every((p) => p.name.startsWith('license-server'))).toBe(
      true,
    );
    expect(body.resources.find((r) => r.resource === 'example.com/dongle')?.allocated).toBe('2');
  });

  it('lets SREs and viewers read, refuses tenant admins (403) and anonymous callers (401)', async () => {
    const { headers: viewer } = await signIn(t.app, 'viewer');
    const { headers: tenant } = await signIn(t.app, 'acme-admin');
    for (const path of [
      '/autoscaler/status',
      '/autoscaler/history',
      '/autoscaler/timeline',
      '/autoscaler/pending-pods',
      '/autoscaler/why-this-group?cpu=1',
      '/machines',
      '/extended-resources',
    ]) {
      expect((await t.app.inject({ url: url(path), headers: viewer })).statusCode, path).toBe(200);
      const forbidden = await t.app.inject({ url: url(path), headers: tenant });
      expect(forbidden.statusCode, path).toBe(403);
      expect(errorBody(forbidden).code).toBe('FORBIDDEN');
      expect((await t.app.inject({ url: url(path) })).statusCode, path).toBe(401);
    }
  });
});
