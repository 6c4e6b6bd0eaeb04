import { describe, expect, it } from 'vitest';

import { landingPath } from './landing-path';

describe('landingPath', () => {
  it('sends a tenant admin without a requested page to their tenant', () => {
    expect(landingPath('/', { role: 'tenant-admin', tenants: ['acme', 'globex'] })).toBe(
      '/tenants/acme',
    );
  });

  it('keeps a requested page, and the overview for SREs and viewers', () => {
    expect(landingPath('/quotas?x=1', { role: 'tenant-admin', tenants: ['acme'] })).toBe(
      '/quotas?x=1',
    );
    expect(landingPath('/', { role: 'sre', tenants: [] })).toBe('/');
    expect(landingPath('/', { role: 'tenant-admin', tenants: [] })).toBe('/');
  });
});
