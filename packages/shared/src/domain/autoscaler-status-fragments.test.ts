import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AutoscalerStatusParseError, parseAutoscalerStatus } from './autoscaler-status.js';

// The earliest text, from the PR that introduced it (kubernetes-retired/contrib#2409,
// 2017-02-23): cluster-wide conditions unindented with no `Cluster-wide:` line, no
// longUnregistered, `(min=5, max=5)`, and the trailing spaces of the pasted example.
const TEXT_2017 = `Cluster-autoscaler status at 2017-02-23 12:00:00.000000000 +0000 UTC:
Health:      Healthy (ready=0 unready=1 notStarted=0 longNotStarted=0 registered=1)
             LastProbeTime:      0001-01-01 00:00:00 +0000 UTC                     
             LastTransitionTime: 0001-01-01 00:00:00 +0000 UTC                     
ScaleUp:     NoActivity (ready=0 registered=1)                                     
             LastProbeTime:      0001-01-01 00:00:00 +0000 UTC                     
             LastTransitionTime: 0001-01-01 00:00:00 +0000 UTC                     
ScaleDown:   NoCandidates (candidates=0)                                           
             LastProbeTime:      0001-01-01 00:00:00 +0000 UTC                     
             LastTransitionTime: 0001-01-01 00:00:00 +0000 UTC                     
                                                                                   
NodeGroups:                                                                        
  Name:        ng1                                                                 
  Health:      Unhealthy (ready=0 unready=1 notStarted=0 longNotStarted=0 registered=1 cloudProviderTarget=5 (min=5, max=5))
               LastProbeTime:      0001-01-01 00:00:00 +0000 UTC                   
               LastTransitionTime: 0001-01-01 00:00:00 +0000 UTC                   
  ScaleUp:     NoActivity (ready=0 cloudProviderTarget=5)
               LastProbeTime:      0001-01-01 00:00:00 +0000 UTC
               LastTransitionTime: 0001-01-01 00:00:00 +0000 UTC
  ScaleDown:   NoCandidates (candidates=0)
               LastProbeTime:      0001-01-01 00:00:00 +0000 UTC
               LastTransitionTime: 0001-01-01 00:00:00 +0000 UTC
`;

// Only the NodeGroups section, as pasted in kubernetes/autoscaler#2287 (EKS, 2019), cut where
// the reporter's paste ends.
const NODE_GROUPS_ONLY = `NodeGroups:
  Name:        work-default-eks-spot1
  Health:      Healthy (ready=1 unready=0 notStarted=0 longNotStarted=0 registered=1 longUnregistered=0 cloudProviderTarget=1 (minSize=1, maxSize=7))
               LastProbeTime:      2019-09-02 14:57:47.467422992 +0000 UTC m=+238.237952298
`;

// A status cut in the middle of a line, as the request log of
// Fred78290/kubernetes-vmware-autoscaler#32 printed it (2023).
const CUT_MID_LINE = `Cluster-autoscaler status at 2023-12-11 15:54:12.006039829 +0000 UTC:
Cluster-wide:
  Health:      Healthy (ready=18 unready=0 (resourceUnready=0) notStarted=0 longNotStarted=0 registered=18 longUnregistered=0)
               LastProbeTime:      2023-12-11 15:54:11.807516668 +0000 UTC m=+767.003618571
               LastTransitionTime: 2023-12-11 15:41:57.89611969 +0000 UTC m=+33.092221592
  ScaleUp:     NoActivity (ready=18 registered=18)
               LastProbeTime:      2023-12-11 15:54:11.807516668 +0000 UTC m=+767.003618571
               LastTransitionTime: 2023-12-11 15:41:57.89611969 +0000 UTC m=+33.092221592
  ScaleDown:   NoCandidates (can`;

// The first two lines of microsoft/tyger#59 (AKS, 2023).
const TWO_LINES = `Cluster-autoscaler status at 2023-11-29 13:34:29.001925665 +0000 UTC:
Cluster-wide:
`;

// The YAML nodeGroups list alone (kubernetes/autoscaler#6375's example, from `nodeGroups:` on).
const YAML_NODE_GROUPS_ONLY = `nodeGroups:
- name: https://www.googleapis.com/compute/v1/projects/sample-project/zones/us-central1-c/instanceGroups/gke-sample-cluster-default-pool-40ce0341-grp
  health:
    status: Healthy
    nodeCounts:
      registered:
        total: 7
        ready: 7
        notStarted: 0
      longUnregistered: 0
      unregistered: 0
    cloudProviderTarget: 7
    minSize: 1
    maxSize: 100
    lastProbeTime: "2023-12-20T10:52:04.558615784Z"
    lastTransitionTime: "2023-12-20T10:46:22.549253146Z"
  scaleUp:
    status: InProgress
    lastProbeTime: "2023-12-20T10:52:04.558615784Z"
    lastTransitionTime: "2023-12-20T10:52:04.558615784Z"
  scaleDown:
    status: NoCandidates
    lastProbeTime: "2023-12-20T10:51:54.408045905Z"
`;

describe('parseAutoscalerStatus — fragments, as people paste them', () => {
  it('reads the earliest (2017) text: unindented cluster-wide conditions and (min=, max=)', () => {
    const s = parseAutoscalerStatus(TEXT_2017);
    expect(s.partial).toBe(false);
    expect(s.sections).toEqual(['header', 'clusterWide', 'nodeGroups']);
    expect(s.clusterWide.health).toMatchObject({ status: 'Healthy', unready: 1, registered: 1 });
    expect(s.clusterWide.scaleDown).toMatchObject({ status: 'NoCandidates', candidates: 0 });
    expect(s.nodeGroups).toHaveLength(1);
    expect(s.nodeGroups[0]?.health).toMatchObject({
      status: 'Unhealthy',
      cloudProviderTarget: 5,
      minSize: 5,
      maxSize: 5,
    });
  });

  it('reads a status that is only its NodeGroups section, flagged partial', () => {
    const s = parseAutoscalerStatus(NODE_GROUPS_ONLY);
    expect(s.partial).toBe(true);
    expect(s.sections).toEqual(['nodeGroups']);
    expect(s.nodeGroups[0]).toMatchObject({
      name: 'work-default-eks-spot1',
      health: { status: 'Healthy', ready: 1, minSize: 1, maxSize: 7 },
    });
    expect(s.clusterWide.health.status).toBe('');
  });

  it('reads a node group pasted without its Name line', () => {
    const lines = NODE_GROUPS_ONLY.split('\n').slice(2).join('\n');
    const s = parseAutoscalerStatus(lines);
    expect(s.partial).toBe(true);
    expect(s.nodeGroups[0]?.health).toMatchObject({ status: 'Healthy', maxSize: 7 });
    expect(s.clusterWide.health.status).toBe('');
  });

  it('keeps the sections before a cut in the middle of a line', () => {
    const s = parseAutoscalerStatus(CUT_MID_LINE);
    expect(s.truncated).toBe(true);
    expect(s.partial).toBe(true);
    expect(s.sections).toEqual(['header', 'clusterWide']);
    expect(s.clusterWide.health.ready).toBe(18);
    expect(s.clusterWide.scaleUp.status).toBe('NoActivity');
    expect(s.clusterWide.scaleDown.status).toBe('');
  });

  it('reads two lines', () => {
    const s = parseAutoscalerStatus(TWO_LINES);
    expect(s.partial).toBe(true);
    expect(s.time).toBe('2023-11-29 13:34:29.001925665 +0000 UTC');
    expect(s.sections).toEqual(['header']);
  });

  it('reads a header cut in the middle', () => {
    const s = parseAutoscalerStatus('Cluster-autoscaler status at 2023-11-29 13:3');
    expect(s.partial).toBe(true);
    expect(s.sections).toEqual([]);
  });

  it('reads the YAML nodeGroups list alone, flagged partial', () => {
    const s = parseAutoscalerStatus(YAML_NODE_GROUPS_ONLY);
    expect(s.format).toBe('yaml');
    expect(s.partial).toBe(true);
    expect(s.sections).toEqual(['nodeGroups']);
    expect(s.nodeGroups[0]?.health).toMatchObject({ status: 'Healthy', ready: 7, maxSize: 100 });
  });

  it('never throws on any prefix, or any two consecutive lines, of a real status', () => {
    for (const sample of [TEXT_2017, NODE_GROUPS_ONLY, CUT_MID_LINE, YAML_NODE_GROUPS_ONLY]) {
      const lines = sample.split('\n');
      fc.assert(
        fc.property(fc.integer({ min: 20, max: sample.length }), (end) => {
          expect(() => parseAutoscalerStatus(sample.slice(0, end))).not.toThrow();
        }),
      );
      for (let i = 0; i + 1 < lines.length; i++) {
        const pair = `${lines[i] ?? ''}\n${lines[i + 1] ?? ''}\n`;
        if (pair.trim() === '') continue;
        expect(() => parseAutoscalerStatus(pair), pair).not.toThrow();
      }
    }
  });

  it('still throws on text that is no status at all', () => {
    expect(() => parseAutoscalerStatus('hello world')).toThrow(AutoscalerStatusParseError);
  });
});

describe('parseAutoscalerStatus — integers beyond 2^53 − 1', () => {
  it('clamps a YAML maxSize of 99999999999999999999 and says so', () => {
    const s = parseAutoscalerStatus(
      YAML_NODE_GROUPS_ONLY.replace('maxSize: 100', 'maxSize: 99999999999999999999'),
    );
    expect(s.nodeGroups[0]?.health.maxSize).toBe(Number.MAX_SAFE_INTEGER);
    expect(s.notes).toEqual([
      expect.stringMatching(/^node group https:\S+-grp maxSize: 100000000000000000000 is beyond/),
    ]);
  });

  it('clamps a text maxSize the same way', () => {
    const s = parseAutoscalerStatus(
      NODE_GROUPS_ONLY.replace('maxSize=7', 'maxSize=99999999999999999999'),
    );
    expect(s.nodeGroups[0]?.health.maxSize).toBe(Number.MAX_SAFE_INTEGER);
    expect(s.notes).toHaveLength(1);
    expect(s.notes[0]).toContain('node group work-default-eks-spot1 Health maxSize');
  });

  it('writes no note for ordinary counts', () => {
    expect(parseAutoscalerStatus(TEXT_2017).notes).toEqual([]);
  });
});
