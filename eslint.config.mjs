// One lint setup for the whole monorepo: typed typescript-eslint rules plus the architecture's boundaries
// (../shared/STYLE.md §8): shared stays pure, the web app never imports the API, only k8s/ talks to the cluster.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// One pattern for two blocks: a later flat-config block replaces a rule's options, so the services block repeats it.
const ONLY_K8S_TALKS_TO_THE_CLUSTER = {
  group: ['@kubernetes/client-node'],
  allowTypeImports: true,
  message: 'Only apps/api/src/k8s/ talks to the cluster.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.turbo/**',
      '**/.plimsoll/**',
      'apps/api/src/generated/**',
      'e2e/test-results/**',
      'e2e/playwright-report/**',
      '**/.data/**',
      '**/next-env.d.ts',
      '**/*.mjs',
      // Types of a .mjs script, checked by the TypeScript that imports them.
      '**/*.d.mts',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['prisma.config.ts', 'packages/*/vitest.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: [
      '**/*.test.ts',
      '**/test/**/*.ts',
      '**/test-cluster/**/*.ts',
      '**/test-helpers/**/*.ts',
      'e2e/**/*.ts',
      'bench/**/*.ts',
    ],
    // Tests probe arbitrary JSON from the API and the simulator.
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['packages/shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: '@plimsoll/shared is pure: no Node.js APIs.' },
            {
              group: ['@prisma/*', '**/generated/prisma/**'],
              message: '@plimsoll/shared does no I/O.',
            },
            {
              group: ['@kubernetes/client-node'],
              allowTypeImports: true,
              message: 'Only types from the Kubernetes client in @plimsoll/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@plimsoll/api', '**/apps/api/**'],
              message: 'The web app talks to the API over HTTP only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/k8s/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [ONLY_K8S_TALKS_TO_THE_CLUSTER],
        },
      ],
    },
  },
  {
    // Services take plain inputs (services/service-context.ts), so they run without a web framework.
    files: ['apps/api/src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ONLY_K8S_TALKS_TO_THE_CLUSTER,
            { group: ['fastify', '@fastify/*'], message: 'Services do not import Fastify.' },
          ],
        },
      ],
    },
  },
  {
    // No import cycles in product code: a cycle hides which module owns what.
    files: ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          noWarnOnMultipleProjects: true,
          project: ['apps/*/tsconfig.json', 'packages/*/tsconfig.json'],
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/config/env.ts', 'apps/api/src/server.ts', 'apps/api/src/**/*-cli.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through config/env.ts.',
        },
      ],
    },
  },
);
