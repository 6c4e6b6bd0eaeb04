import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the suites in test-cluster/ against a real control plane that global-setup.ts starts once.
export default defineConfig({
  test: {
    include: ['test-cluster/**/*.test.ts'],
    globalSetup: ['test-cluster/global-setup.ts'],
    // One cluster, two cores: files one after another.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
