import { describe, expect, it } from 'vitest';

import {
  formatAutoscalerStatusText,
  formatAutoscalerStatusYaml,
} from './autoscaler-status-format.js';
import { AutoscalerStatusParseError, parseAutoscalerStatus } from './autoscaler-status.js';
import type { AutoscalerStatusToWrite } from './autoscaler-status-format.js';

// Text written by cluster-autoscaler 1.27–1.29 (WriteStatusConfigMap + GetReadableString), with
// Go's monotonic clock readings as they appear in real ConfigMaps.
const TEXT_HEALTHY = `Cluster-autoscaler status at 2023-09-11 10:40:02.369535271 +0000 UTC:
Cluster-wide:
  Health:      Healthy (ready=2 unready=0 (resourceUnready=0) notStarted=0 longNotStarted=0 registered=2 longUnregistered=0)
               LastProbeTime:      2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
               LastTransitionTime: 2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
  ScaleUp:     NoActivity (ready=2 registered=2)
               LastProbeTime:      2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
               LastTransitionTime: 2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
  ScaleDown:   NoCandidates (candidates=0)
               LastProbeTime:      2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
               LastTransitionTime: 0001-01-01 00:00:00 +0000 UTC

NodeGroups:
  Name:        MachineDeployment/tkg-ns-3/tkg-cluster-3-auto-md-0-s7d7t
  Health:      Healthy (ready=1 unready=0 (resourceUnready=0) notStarted=0 longNotStarted=0 registered=1 longUnregistered=0 cloudProviderTarget=1 (minSize=1, maxSize=4))
               LastProbeTime:      2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
               LastTransitionTime: 2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
  ScaleUp:     NoActivity (ready=1 cloudProviderTarget=1)
               LastProbeTime:      2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
               LastTransitionTime: 2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
  ScaleDown:   NoCandidates (candidates=0)
               LastProbeTime:      2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068
               LastTransitionTime: 2023-09-11 10:40:01.146686706 +0000 UTC m=+26.613355068

`;

// Unhealthy cluster, two node groups, one in backoff (the text never carried the backoff error).
const TEXT_UNHEALTHY = `Cluster-autoscaler status at 2023-11-24 10:25:10.316990961 +0000 UTC:
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

// The status of clusterstate/utils/status_test.go (`var status`) as sigs.k8s.io/yaml writes it:
// sorted keys, times at whole seconds, the quoted error message folded at 80 columns.
const YAML_BACKOFF = `autoscalerStatus: Running
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

// The 1.30 writer (gopkg.in/yaml.v2 on the struct): field order, nanosecond times; several
// groups, one unhealthy.
const YAML_V130 = `time: 2023-12-20 10:52:04.558615784 +0000 UTC
autoscalerStatus: Running
clusterWide:
  health:
    status: Unhealthy
    nodeCounts:
      registered:
        total: 7
        ready: 5
        notStarted: 1
        unready:
          total: 1
          resourceUnready: 0
      longUnregistered: 0
      unregistered: 1
    lastProbeTime: "2023-12-20T10:52:04.558615784Z"
    lastTransitionTime: "2023-12-20T10:46:22.549253146Z"
  scaleUp:
    status: InProgress
    lastProbeTime: "2023-12-20T10:52:04.558615784Z"
    lastTransitionTime: "2023-12-20T10:52:04.558615784Z"
  scaleDown:
    status: NoCandidates
    lastProbeTime: "2023-12-20T10:51:54.408045905Z"
nodeGroups:
- name: https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-c/instanceGroups/pool-a
  health:
    status: Healthy
    nodeCounts:
      registered:
        total: 4
        ready: 4
        notStarted: 0
        unready:
          total: 0
          resourceUnready: 0
      longUnregistered: 0
      unregistered: 0
    cloudProviderTarget: 4
    minSize: 1
    maxSize: 10
    lastProbeTime: "2023-12-20T10:52:04.558615784Z"
    lastTransitionTime: "2023-12-20T10:46:22.549253146Z"
  scaleUp:
    status: NoActivity
    lastProbeTime: "2023-12-20T10:52:04.558615784Z"
    lastTransitionTime: "2023-12-20T10:46:22.549253146Z"
  scaleDown:
    status: NoCandidates
    lastProbeTime: "2023-12-20T10:51:54.408045905Z"
- name: https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-c/instanceGroups/pool-b
  health:
    status: Unhealthy
    nodeCounts:
      registered:
        total: 3
        ready: 1
        notStarted: 1
        unready:
          total: 1
          resourceUnready: 0
      longUnregistered: 0
      unregistered: 1
    cloudProviderTarget: 4
    minSize: 0
    maxSize: 5
    lastProbeTime: "2023-12-20T10:52:04.558615784Z"
    lastTransitionTime: "2023-12-20T10:50:00Z"
  scaleUp:
    status: InProgress
    lastProbeTime: "2023-12-20T10:52:04.558615784Z"
    lastTransitionTime: "2023-12-20T10:52:04.558615784Z"
  scaleDown:
    status: NoCandidates
    candidates: 0
    lastProbeTime: "2023-12-20T10:51:54.408045905Z"
`;

describe('parseAutoscalerStatus — text format (≤ 1.29, clusterstate/api/utils.go)', () => {
  it('reads a healthy status with one node group', () => {
    const s = parseAutoscalerStatus(TEXT_HEALTHY);
    expect(s.format).toBe('text');
    expect(s.truncated).toBe(false);
    expect(s.time).toBe('2023-09-11 10:40:02.369535271 +0000 UTC');
    expect(s.clusterWide.health).toEqual({
      status: 'Healthy',
      ready: 2,
      unready: 0,
      resourceUnready: 0,
      notStarted: 0,
      longNotStarted: 0,
      registered: 2,
      longUnregistered: 0,
      lastProbeTime: '2023-09-11T10:40:01.146686706Z',
      lastTransitionTime: '2023-09-11T10:40:01.146686706Z',
    });
    expect(s.clusterWide.scaleDown).toEqual({
      status: 'NoCandidates',
      candidates: 0,
      lastProbeTime: '2023-09-11T10:40:01.146686706Z',
    });
    expect(s.nodeGroups).toHaveLength(1);
    const ng = s.nodeGroups[0];
    expect(ng?.name).toBe('MachineDeployment/tkg-ns-3/tkg-cluster-3-auto-md-0-s7d7t');
    expect(ng?.health).toMatchObject({ cloudProviderTarget: 1, minSize: 1, maxSize: 4, ready: 1 });
    expect(ng?.scaleUp.status).toBe('NoActivity');
  });

  it('reads an unhealthy status with several groups and a backoff', () => {
    const s = parseAutoscalerStatus(TEXT_UNHEALTHY);
    expect(s.truncated).toBe(false);
    expect(s.clusterWide.health).toMatchObject({
      status: 'Unhealthy',
      ready: 3,
      unready: 4,
      resourceUnready: 1,
      notStarted: 1,
      registered: 8,
      longUnregistered: 2,
    });
    expect(s.clusterWide.scaleUp.status).toBe('InProgress');
    expect(s.clusterWide.scaleDown.candidates).toBe(1);
    expect(s.nodeGroups.map((g) => [g.name, g.health.status, g.scaleUp.status])).toEqual([
      ['nodes-a.production.k8s.local', 'Unhealthy', 'Backoff'],
      ['nodes-b.production.k8s.local', 'Healthy', 'InProgress'],
    ]);
    expect(s.nodeGroups[0]?.scaleUp.backoff).toBeUndefined();
    expect(s.nodeGroups[0]?.health.lastTransitionTime).toBe('2023-11-24T09:40:00Z');
    expect(s.nodeGroups[1]?.scaleDown.lastTransitionTime).toBe('2023-11-24T10:20:00.5Z');
  });

  it('reads the Initializing status', () => {
    const s = parseAutoscalerStatus(
      'Cluster-autoscaler status at 2023-09-11 10:39:30.1 +0000 UTC:\nInitializing',
    );
    expect(s.autoscalerStatus).toBe('Initializing');
    expect(s.truncated).toBe(false);
    expect(s.nodeGroups).toEqual([]);
  });

  it('keeps what precedes a cut in the middle of a line', () => {
    const cut = TEXT_UNHEALTHY.slice(0, TEXT_UNHEALTHY.indexOf('cloudProviderTarget=3 (min'));
    const s = parseAutoscalerStatus(cut);
    expect(s.truncated).toBe(true);
    expect(s.clusterWide.health.status).toBe('Unhealthy');
    expect(s.nodeGroups.map((g) => g.name)).toEqual([
      'nodes-a.production.k8s.local',
      'nodes-b.production.k8s.local',
    ]);
    expect(s.nodeGroups[0]?.scaleUp.status).toBe('Backoff');
    // The half-written Health line of the second group is dropped, not half-read.
    expect(s.nodeGroups[1]?.health.status).toBe('');
  });

  it('notices a cut on a line boundary', () => {
    const cut = TEXT_HEALTHY.slice(0, TEXT_HEALTHY.indexOf('  ScaleUp:     NoActivity (ready=1'));
    const s = parseAutoscalerStatus(cut);
    expect(s.truncated).toBe(true);
    expect(s.nodeGroups[0]?.health.status).toBe('Healthy');
    expect(s.nodeGroups[0]?.scaleUp.status).toBe('');
  });

  it('does not call a complete status without its final newline truncated', () => {
    expect(parseAutoscalerStatus(TEXT_HEALTHY.trimEnd()).truncated).toBe(false);
  });

  it('drops a cut status word rather than reading it', () => {
    const cut = TEXT_HEALTHY.slice(0, TEXT_HEALTHY.indexOf('NoActivity (ready=2') + 5);
    const s = parseAutoscalerStatus(cut);
    expect(s.truncated).toBe(true);
    expect(s.clusterWide.scaleUp.status).toBe('');
  });
});

describe('parseAutoscalerStatus — YAML format (≥ 1.30, clusterstate/utils/status_test.go)', () => {
  it('reads the upstream test status with a backoff error', () => {
    const s = parseAutoscalerStatus(YAML_BACKOFF);
    expect(s.format).toBe('yaml');
    expect(s.truncated).toBe(false);
    expect(s.time).toBe('2023-11-24 04:28:19.546750398 +0000 UTC');
    expect(s.autoscalerStatus).toBe('Running');
    expect(s.message).toBe('TEST_MSG');
    expect(s.clusterWide.health).toEqual({
      status: 'Healthy',
      ready: 4,
      unready: 2,
      resourceUnready: 1,
      notStarted: 3,
      registered: 11,
      beingDeleted: 1,
      suspended: 1,
      longUnregistered: 1,
      unregistered: 2,
      lastProbeTime: '2023-11-24T04:28:19Z',
      lastTransitionTime: '2023-11-23T14:52:02Z',
    });
    const ng = s.nodeGroups[0];
    expect(ng?.name).toBe('sample-node-group');
    expect(ng?.health).toMatchObject({ cloudProviderTarget: 8, minSize: 2, maxSize: 12 });
    expect(ng?.scaleUp.status).toBe('Backoff');
    expect(ng?.scaleUp.backoff).toEqual({
      errorCode: 'QUOTA_EXCEEDED',
      errorMessage:
        "Instance 'sample-node-group-40ce0341-t28s' creation failed: Quota 'CPUS' exceeded. Limit: 57.0 in region us-central1.",
    });
  });

  it('reads the 1.30 field-ordered variant with several groups', () => {
    const s = parseAutoscalerStatus(YAML_V130);
    expect(s.truncated).toBe(false);
    expect(s.clusterWide.health.status).toBe('Unhealthy');
    expect(s.clusterWide.scaleDown.lastTransitionTime).toBeUndefined();
    expect(s.nodeGroups.map((g) => [g.health.status, g.health.unregistered])).toEqual([
      ['Healthy', 0],
      ['Unhealthy', 1],
    ]);
    expect(s.nodeGroups[1]?.scaleDown.candidates).toBe(0);
  });

  it('keeps what precedes a cut inside a quoted error message', () => {
    const cut = YAML_BACKOFF.slice(0, YAML_BACKOFF.indexOf('t28s'));
    const s = parseAutoscalerStatus(cut);
    expect(s.truncated).toBe(true);
    expect(s.clusterWide.health.registered).toBe(11);
    expect(s.nodeGroups[0]?.name).toBe('sample-node-group');
    expect(s.nodeGroups[0]?.scaleUp.backoff?.errorCode).toBe('QUOTA_EXCEEDED');
    expect(s.time).toBeUndefined();
  });

  it('notices a cut on a line boundary of the field-ordered variant', () => {
    const cut = YAML_V130.slice(0, YAML_V130.lastIndexOf('  scaleUp:'));
    const s = parseAutoscalerStatus(cut);
    expect(s.truncated).toBe(true);
    expect(s.nodeGroups).toHaveLength(2);
    expect(s.nodeGroups[1]?.health.status).toBe('Unhealthy');
  });

  it('drops a half-written value', () => {
    const cut = YAML_V130.slice(0, YAML_V130.indexOf('status: Unhealthy') + 'status: Unh'.length);
    const s = parseAutoscalerStatus(cut);
    expect(s.truncated).toBe(true);
    expect(s.clusterWide.health.status).toBe('');
  });

  it('throws only when nothing is recognisable', () => {
    expect(() => parseAutoscalerStatus('hello world')).toThrow(AutoscalerStatusParseError);
    expect(() => parseAutoscalerStatus('')).toThrow(AutoscalerStatusParseError);
    expect(() => parseAutoscalerStatus('{{{ not yaml')).toThrow(AutoscalerStatusParseError);
    expect(parseAutoscalerStatus('autoscalerStatus: Initializing\n').truncated).toBe(true);
  });
});

describe('formatAutoscalerStatusYaml — clusterstate/utils/status_test.go', () => {
  it('writes the empty status of TestWriteStatusConfigMap byte for byte', () => {
    const s: AutoscalerStatusToWrite = {
      format: 'yaml',
      time: '2023-12-21 00:00:00 +0000 UTC',
      message: 'TEST_MSG',
      clusterWide: {
        health: {
          status: '',
          ready: 0,
          unready: 0,
          resourceUnready: 0,
          notStarted: 0,
          registered: 0,
          suspended: 0,
          longUnregistered: 0,
          unregistered: 0,
        },
        scaleUp: { status: '' },
        scaleDown: { status: '' },
      },
      nodeGroups: [],
      truncated: false,
    };
    expect(formatAutoscalerStatusYaml(s)).toBe(
      'clusterWide:\n  health:\n    lastProbeTime: null\n    lastTransitionTime: null\n    nodeCounts:\n      longUnregistered: 0\n      registered:\n        notStarted: 0\n        ready: 0\n        suspended: 0\n        total: 0\n        unready:\n          resourceUnready: 0\n          total: 0\n      unregistered: 0\n  scaleDown:\n    lastProbeTime: null\n    lastTransitionTime: null\n  scaleUp:\n    lastProbeTime: null\n    lastTransitionTime: null\nmessage: TEST_MSG\ntime: 2023-12-21 00:00:00 +0000 UTC\n',
    );
  });

  it('round-trips the upstream test status byte for byte', () => {
    expect(formatAutoscalerStatusYaml(parseAutoscalerStatus(YAML_BACKOFF))).toBe(YAML_BACKOFF);
  });

  it('writes metav1 times at whole seconds in UTC and reads back the same status', () => {
    const s = parseAutoscalerStatus(YAML_V130);
    const written = formatAutoscalerStatusYaml(s);
    expect(written).toContain('lastProbeTime: "2023-12-20T10:52:04Z"');
    expect(written).not.toContain('candidates: 0');
    const again = parseAutoscalerStatus(written);
    expect(again.truncated).toBe(false);
    expect(again.nodeGroups.map((g) => g.name)).toEqual(s.nodeGroups.map((g) => g.name));
    expect(again.clusterWide.health.registered).toBe(7);
    expect(formatAutoscalerStatusYaml(again)).toBe(written);
  });

  it('quotes strings that would read back as another type', () => {
    const s = parseAutoscalerStatus(YAML_BACKOFF);
    const ng = s.nodeGroups[0];
    if (ng === undefined) throw new Error('fixture has a node group');
    ng.name = '12345';
    ng.scaleUp.backoff = { errorCode: 'true', errorMessage: '- leading dash' };
    const written = formatAutoscalerStatusYaml(s);
    expect(written).toContain('  name: "12345"\n');
    expect(written).toContain('      errorCode: "true"\n');
    expect(written).toContain("      errorMessage: '- leading dash'\n");
    expect(parseAutoscalerStatus(written).nodeGroups[0]?.scaleUp.backoff).toEqual(
      ng.scaleUp.backoff,
    );
  });
});

describe('formatAutoscalerStatusText — clusterstate/api/utils.go GetReadableString', () => {
  it('round-trips a status without monotonic clock readings byte for byte', () => {
    expect(formatAutoscalerStatusText(parseAutoscalerStatus(TEXT_UNHEALTHY))).toBe(TEXT_UNHEALTHY);
  });

  it('drops the monotonic readings and otherwise reproduces a real status', () => {
    const written = formatAutoscalerStatusText(parseAutoscalerStatus(TEXT_HEALTHY));
    expect(written).toBe(TEXT_HEALTHY.replace(/ m=\+[\d.]+/g, ''));
  });

  it('writes the Initializing status', () => {
    const s = parseAutoscalerStatus(
      'Cluster-autoscaler status at 2023-09-11 10:39:30 +0000 UTC:\nInitializing',
    );
    expect(formatAutoscalerStatusText(s)).toBe(
      'Cluster-autoscaler status at 2023-09-11 10:39:30 +0000 UTC:\nInitializing',
    );
  });

  it('converts a YAML status to the text layout', () => {
    const text = formatAutoscalerStatusText(parseAutoscalerStatus(YAML_BACKOFF));
    expect(text).toContain(
      '  Health:      Healthy (ready=4 unready=2 (resourceUnready=1) notStarted=3 longNotStarted=0 registered=11 longUnregistered=1 cloudProviderTarget=8 (minSize=2, maxSize=12))\n',
    );
    expect(text).toContain('               LastProbeTime:      2023-11-24 04:28:19 +0000 UTC\n');
    const back = parseAutoscalerStatus(text);
    expect(back.format).toBe('text');
    expect(back.truncated).toBe(false);
    expect(back.nodeGroups[0]?.scaleUp.status).toBe('Backoff');
  });
});
