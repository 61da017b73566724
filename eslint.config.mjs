import nx from '@nx/eslint-plugin';

// Module boundaries are the architecture: libs never import apps, and the indexing and jdk halves
// meet only in shared libs and in the gateway (scope:gateway: it serves both, and nothing uses it).
const appImports = {
  regex:
    '^@keel/(gateway|indexer-stream|indexer-batch|indexer-recovery|jdk-inventory|jmh-runner|jdk-scan|supervisor)(/|$)',
  message: 'apps are not libraries: move what you need into a lib',
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '.local-stack/**', '.nx/**', 'tmp/**', '**/webpack.config.cjs'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:indexing', onlyDependOnLibsWithTags: ['scope:indexing', 'scope:shared'] },
            { sourceTag: 'scope:jdk', onlyDependOnLibsWithTags: ['scope:jdk', 'scope:shared'] },
            {
              sourceTag: 'scope:gateway',
              onlyDependOnLibsWithTags: ['scope:indexing', 'scope:jdk', 'scope:shared'],
            },
            // a shared lib serves both halves, so it may use neither; the gateway may use all
            { allSourceTags: ['type:lib', 'scope:shared'], onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      // apps are npm workspaces too, so their names resolve; nothing may import one
      'no-restricted-imports': [
        'error',
        {
          patterns: [appImports],
        },
      ],
    },
  },
  {
    // a lib's testing entry is set-up for integration tests and benches: no shipped code runs it
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            appImports,
            {
              regex: '^@keel/[a-z0-9-]+/testing$',
              message: 'a testing entry is for tests and benches (test/, bench/), not for src/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'tools/**/*.ts', '**/cli/**/*.ts', '**/*.cli.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
