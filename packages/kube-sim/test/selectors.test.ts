import { describe, expect, it } from 'vitest';

import {
  compileFilter,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../src/server/selectors.js';
import type { KubeObject } from '../src/store/types.js';

const labels = { app: 'web', tier: 'front', env: 'prod' };

describe('label selectors', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (db, web)', true],
    ['app notin (db,web)', false],
    ['app notin (db)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier=back', false],
    ['app=web, tier in (front), !missing', true],
    ['', true],
  ])('%s → %s', (sel, want) => {
    expect(matchesLabels(parseLabelSelector(sel), labels)).toBe(want);
  });

  it('rejects malformed selectors with 400', () => {
    expect(() => parseLabelSelector('app in web')).toThrowError(
      expect.objectContaining({ code: 400 }),
    );
    expect(() => parseLabelSelector('=x')).toThrowError(expect.objectContaining({ code: 400 }));
  });
});

describe('field selectors', () => {
  const podObj: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns' },
    spec: { nodeName: 'n1' },
    status: { phase: 'Running' },
  };

  it('parses =, == and != with escapes', () => {
    expect(
      parseFieldSelector('spec.nodeName=n1,status.phase!=Failed,metadata.name==a\\,b'),
    ).toEqual([
      { field: 'spec.nodeName', op: '=', value: 'n1' },
      { field: 'status.phase', op: '!=', value: 'Failed' },
      { field: 'metadata.name', op: '=', value: 'a,b' },
    ]);
  });

  it('matches supported pod fields and rejects unsupported ones', () => {
    expect(
      compileFilter('core/v1/pods', null, 'spec.nodeName=n1,status.phase!=Failed').matches(podObj),
    ).toBe(true);
    expect(compileFilter('core/v1/pods', null, 'spec.nodeName=n2').matches(podObj)).toBe(false);
    expect(
      compileFilter('core/v1/pods', null, 'spec.nodeName=').matches({ ...podObj, spec: {} }),
    ).toBe(true);
    expect(() => compileFilter('core/v1/pods', null, 'spec.bogus=x')).toThrowError(
      expect.objectContaining({ code: 400, message: 'field label not supported: spec.bogus' }),
    );
  });

  it('accepts the involvedObject and regarding fields on events', () => {
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'd' },
      involvedObject: { kind: 'Node', name: 'n1', uid: 'u' },
      reason: 'NodeNotReady',
      type: 'Normal',
    };
    expect(
      compileFilter(
        'core/v1/events',
        null,
        'involvedObject.kind=Node,involvedObject.name=n1,reason=NodeNotReady,type=Normal',
      ).matches(ev),
    ).toBe(true);
    expect(compileFilter('core/v1/events', null, 'regarding.name=n2').matches(ev)).toBe(false);
  });
});
