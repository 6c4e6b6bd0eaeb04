import type { V1NodeCondition } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import {
  NPD_CONDITION_TYPES,
  NPD_MONITORS,
  classifyNodeProblem,
  isNodeProblemCondition,
} from './node-problems.js';

const condition = (type: string, status: string, reason: string): V1NodeCondition => ({
  type,
  status,
  reason,
  message: '',
});

// Rules ported from kubernetes/node-problem-detector config/*.json.
describe('node-problem-detector default monitors — config/*.json', () => {
  it('lists the conditions of every default monitor and none of the kubelet', () => {
    expect([...NPD_CONDITION_TYPES].sort()).toEqual(
      [
        'ContainerRuntimeUnhealthy',
        'CorruptDockerOverlay2',
        'FrequentContainerdRestart',
        'FrequentDockerRestart',
        'FrequentKubeletRestart',
        'FrequentUnregisterNetDevice',
        'KernelDeadlock',
        'KubeletUnhealthy',
        'NTPProblem',
        'ReadonlyFilesystem',
        'XfsShutdown',
      ].sort(),
    );
    for (const kubelet of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(isNodeProblemCondition(kubelet)).toBe(false);
    }
    expect(isNodeProblemCondition('KernelDeadlock')).toBe(true);
  });

  it('gives every permanent rule a condition its monitor declares', () => {
    for (const m of NPD_MONITORS) {
      for (const r of m.rules.filter((x) => x.kind === 'permanent')) {
        expect(m.conditions.map((c) => c.type)).toContain(r.conditionType);
      }
    }
  });

  it('compiles every log pattern and matches real kernel lines', () => {
    const kernel = NPD_MONITORS.find((m) => m.config === 'kernel-monitor.json');
    const byReason = (reason: string) =>
      (kernel?.rules ?? [])
        .filter((r) => r.reason === reason)
        .map((r) => new RegExp(r.pattern ?? ''));
    const lines: Array<[string, string]> = [
      ['TaskHung', 'task jbd2/sda1-8:1234 blocked for more than 120 seconds.'],
      ['DockerHung', 'task docker:7 blocked for more than 300 seconds.'],
      [
        'UnregisterNetDevice',
        'unregister_netdevice: waiting for eth0 to become free. Usage count = 1',
      ],
      ['KernelOops', 'BUG: unable to handle kernel NULL pointer dereference at 0000000000000008'],
      ['FilesystemIsReadOnly', 'EXT4-fs (sda1): Remounting filesystem read-only'],
      ['IOError', 'Buffer I/O error on dev sdb, logical block 1039, lost async page write'],
      [
        'Ext4Error',
        'EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0',
      ],
      ['XfsHasShutdown', 'XFS (dm-4): I/O Error Detected. Shutting down filesystem'],
      [
        'MemoryReadError',
        'EDAC MC1: 128 CE memory read error on CPU_SrcID#1_Ha#0_Chan#1_DIMM#1 (channel:1)',
      ],
    ];
    for (const [reason, line] of lines) {
      expect(
        byReason(reason).some((re) => re.test(line)),
        reason,
      ).toBe(true);
    }
  });
});

describe('classifyNodeProblem — conditions', () => {
  it.each([
    ['KernelDeadlock', 'DockerHung', 'kernel-monitor', 'critical'],
    ['KernelDeadlock', 'AUFSUmountHung', 'kernel-monitor', 'critical'],
    ['ReadonlyFilesystem', 'FilesystemIsReadOnly', 'kernel-monitor', 'critical'],
    ['XfsShutdown', 'XfsHasShutdown', 'kernel-monitor', 'critical'],
    ['FrequentUnregisterNetDevice', 'UnregisterNetDevice', 'kernel-monitor', 'warning'],
    ['CorruptDockerOverlay2', 'CorruptDockerOverlay2', 'docker-monitor', 'critical'],
    ['FrequentKubeletRestart', 'FrequentKubeletRestart', 'systemd-monitor', 'critical'],
    ['FrequentDockerRestart', 'FrequentDockerRestart', 'systemd-monitor', 'critical'],
    ['FrequentContainerdRestart', 'FrequentContainerdRestart', 'systemd-monitor', 'critical'],
    ['KubeletUnhealthy', 'KubeletUnhealthy', 'health-checker', 'critical'],
    ['ContainerRuntimeUnhealthy', 'ContainerdUnhealthy', 'health-checker', 'critical'],
    ['ContainerRuntimeUnhealthy', 'DockerUnhealthy', 'health-checker', 'critical'],
    ['NTPProblem', 'NTPIsDown', 'ntp-custom-plugin-monitor', 'warning'],
  ])('classifies %s=True/%s', (type, reason, monitor, severity) => {
    expect(classifyNodeProblem(condition(type, 'True', reason))).toEqual({
      monitor,
      kind: 'permanent',
      conditionType: type,
      reason,
      severity,
    });
  });

  it('rates a condition at its healthy default as info', () => {
    expect(
      classifyNodeProblem(condition('KernelDeadlock', 'False', 'KernelHasNoDeadlock')),
    ).toEqual({
      monitor: 'kernel-monitor',
      kind: 'permanent',
      conditionType: 'KernelDeadlock',
      reason: 'KernelHasNoDeadlock',
      severity: 'info',
    });
  });

  it('rates a True NPD condition with a custom reason as the worst rule for it', () => {
    expect(classifyNodeProblem(condition('KernelDeadlock', 'True', 'MyHang'))?.severity).toBe(
      'critical',
    );
  });

  it("returns null for the kubelet's own conditions", () => {
    expect(classifyNodeProblem(condition('Ready', 'False', 'KubeletNotReady'))).toBeNull();
    expect(
      classifyNodeProblem(condition('MemoryPressure', 'True', 'KubeletHasInsufficientMemory')),
    ).toBeNull();
    expect(
      classifyNodeProblem(condition('DiskPressure', 'True', 'KubeletHasDiskPressure')),
    ).toBeNull();
  });
});

describe('classifyNodeProblem — events', () => {
  it.each([
    ['OOMKilling', 'kernel-monitor', 'warning'],
    ['TaskHung', 'kernel-monitor', 'warning'],
    ['UnregisterNetDevice', 'kernel-monitor', 'warning'],
    ['KernelOops', 'kernel-monitor', 'warning'],
    ['Ext4Error', 'kernel-monitor', 'warning'],
    ['Ext4Warning', 'kernel-monitor', 'warning'],
    ['IOError', 'kernel-monitor', 'warning'],
    ['MemoryReadError', 'kernel-monitor', 'warning'],
    ['CorruptDockerImage', 'docker-monitor', 'warning'],
    ['KubeletStart', 'systemd-monitor', 'info'],
    ['DockerStart', 'systemd-monitor', 'info'],
    ['ContainerdStart', 'systemd-monitor', 'info'],
    ['NTPIsDown', 'ntp-custom-plugin-monitor', 'warning'],
  ])('classifies the temporary %s event', (reason, component, severity) => {
    expect(classifyNodeProblem({ reason, source: { component }, type: 'Warning' })).toEqual({
      monitor: component,
      kind: 'temporary',
      reason,
      severity,
    });
  });

  it('classifies the event of a permanent condition change', () => {
    expect(
      classifyNodeProblem({ reason: 'DockerHung', source: { component: 'kernel-monitor' } }),
    ).toEqual({
      monitor: 'kernel-monitor',
      kind: 'permanent',
      conditionType: 'KernelDeadlock',
      reason: 'DockerHung',
      severity: 'critical',
    });
    expect(
      classifyNodeProblem({
        reason: 'FilesystemIsReadOnly',
        source: { component: 'readonly-monitor' },
      })?.monitor,
    ).toBe('readonly-monitor');
  });

  it('classifies a recovery event by the healthy default reason', () => {
    expect(
      classifyNodeProblem({
        reason: 'NoFrequentKubeletRestart',
        source: { component: 'systemd-monitor' },
      }),
    ).toMatchObject({
      kind: 'permanent',
      conditionType: 'FrequentKubeletRestart',
      severity: 'info',
    });
  });

  it('classifies by reason when the event carries no source', () => {
    expect(classifyNodeProblem({ reason: 'TaskHung' })?.monitor).toBe('kernel-monitor');
  });

  it("returns null for other components' events and unknown reasons", () => {
    expect(
      classifyNodeProblem({ reason: 'NodeNotReady', source: { component: 'node-controller' } }),
    ).toBeNull();
    expect(
      classifyNodeProblem({ reason: 'OOMKilling', source: { component: 'kubelet' } }),
    ).toBeNull();
    expect(
      classifyNodeProblem({ reason: 'SystemOOM', source: { component: 'kubelet' } }),
    ).toBeNull();
    expect(classifyNodeProblem({ reason: 'Starting' })).toBeNull();
    expect(
      classifyNodeProblem({ reason: 'TaskHung', source: { component: 'systemd-monitor' } }),
    ).toBeNull();
  });
});
