import { describe, expect, it } from 'vitest';

import { pickCluster, withClusterParam } from './cluster-choice';

describe('pickCluster', () => {
  const names = ['alpha', 'beta'];

  it('prefers the cluster the URL names', () => {
    expect(pickCluster(names, 'beta', 'alpha')).toBe('beta');
  });

  it('falls back to the remembered cluster when the URL names none', () => {
    expect(pickCluster(names, null, 'beta')).toBe('beta');
  });

  it('ignores an unknown URL cluster and an unknown remembered cluster', () => {
    expect(pickCluster(names, 'gamma', 'beta')).toBe('beta');
    expect(pickCluster(names, 'gamma', 'delta')).toBe('alpha');
  });

  it('is undefined without clusters', () => {
    expect(pickCluster([], 'alpha', 'alpha')).toBeUndefined();
  });
});

describe('withClusterParam', () => {
  it('sets the cluster and keeps the other parameters', () => {
    expect(withClusterParam('range=6h&cluster=alpha&tab=why', 'beta')).toBe(
      'range=6h&cluster=beta&tab=why',
    );
    expect(withClusterParam('', 'beta')).toBe('cluster=beta');
  });
});
