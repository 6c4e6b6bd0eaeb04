import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { EnvSchema } from '../../src/config/env.js';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

describe('README configuration table', () => {
  it('documents every setting the API reads', () => {
    const documented = new Set([...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
    const missing = Object.keys(EnvSchema.shape).filter((key) => !documented.has(key));
    expect(missing, 'add these to the Configuration table in README.md').toEqual([]);
  });
});
