import { describe, expect, it } from 'vitest';

import { canonicalRequestTarget } from '../../src/plugins/canonical-url.js';

describe('canonicalRequestTarget', () => {
  it('leaves a canonical target as it is', () => {
    for (const t of [
      '/',
      '/api/v1/health',
      '/api/v1/clusters/sim/nodes?q=a%2Fb&x=..',
      '/_next/x.js',
    ]) {
      expect(canonicalRequestTarget(t)).toBe(t);
    }
  });

  it('decodes percent-encoded unreserved characters in any segment', () => {
    expect(canonicalRequestTarget('/%61pi/v1/clusters/sim/machines')).toBe(
      '/api/v1/clusters/sim/machines',
    );
    expect(canonicalRequestTarget('/api/%76%31/clusters/%73im/nodes')).toBe(
      '/api/v1/clusters/sim/nodes',
    );
    expect(canonicalRequestTarget('/api/v1/clusters/sim/nodes/a%2Db%5Fc%7e')).toBe(
      '/api/v1/clusters/sim/nodes/a-b_c~',
    );
  });

  it('keeps reserved escapes encoded, upper-cased, and leaves the query alone', () => {
    expect(canonicalRequestTarget('/api/v1/x%2fy%3a/z?a=%61')).toBe('/api/v1/x%2Fy%3A/z?a=%61');
    expect(canonicalRequestTarget('/api/v1/%00')).toBe('/api/v1/%00');
  });

  it('turns an absolute-form target into its path and query', () => {
    expect(canonicalRequestTarget('http://127.0.0.1:3000/api/v1/clusters/sim/machines')).toBe(
      '/api/v1/clusters/sim/machines',
    );
    expect(canonicalRequestTarget('HTTPS://example.test/%61pi/v1/health?x=1')).toBe(
      '/api/v1/health?x=1',
    );
    expect(canonicalRequestTarget('http://example.test')).toBe('/');
    expect(canonicalRequestTarget('http://example.test?x=1')).toBe('/?x=1');
  });

  it('removes dot segments, encoded or not, and never climbs above the root', () => {
    expect(canonicalRequestTarget('/api/v1/./clusters')).toBe('/api/v1/clusters');
    expect(canonicalRequestTarget('/web/../api/v1/clusters')).toBe('/api/v1/clusters');
    expect(canonicalRequestTarget('/x/%2e%2E/api/v1/%2e/clusters')).toBe('/api/v1/clusters');
    expect(canonicalRequestTarget('/../../api/v1/health')).toBe('/api/v1/health');
    expect(canonicalRequestTarget('/api/v1/clusters/.')).toBe('/api/v1/clusters/');
  });

  it('drops empty segments (doubled slashes)', () => {
    expect(canonicalRequestTarget('//api//v1///clusters')).toBe('/api/v1/clusters');
    expect(canonicalRequestTarget('/api/v1/clusters/')).toBe('/api/v1/clusters/');
  });

  it('returns other targets unchanged for the router to refuse', () => {
    expect(canonicalRequestTarget('*')).toBe('*');
    expect(canonicalRequestTarget('ftp://x/api')).toBe('ftp://x/api');
  });
});
