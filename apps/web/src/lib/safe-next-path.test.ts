import { describe, expect, it } from 'vitest';

import { toSafeNextPath } from './safe-next-path';

describe('toSafeNextPath', () => {
  it('keeps a path on this site with its query and hash', () => {
    expect(toSafeNextPath('/nodes?sort=name#top')).toBe('/nodes?sort=name#top');
  });

  it('falls back to the overview when there is no next path', () => {
    expect(toSafeNextPath(null)).toBe('/');
    expect(toSafeNextPath(undefined)).toBe('/');
    expect(toSafeNextPath('')).toBe('/');
  });

  it.each([
    ['https://evil.example/'],
    ['//evil.example/path'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['nodes'],
  ])('refuses %s, which would leave the site', (raw) => {
    expect(toSafeNextPath(raw)).toBe('/');
  });

  it('never sends the user back to the sign-in page', () => {
    expect(toSafeNextPath('/login?next=/nodes')).toBe('/');
  });

  it('resolves dot segments before deciding', () => {
    expect(toSafeNextPath('/nodes/../evictions')).toBe('/evictions');
  });
});
