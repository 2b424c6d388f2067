import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'packages/platform/src/internal/generated/**',
      '.sentinel/**',
      'coverage/**',
      'web/.next/**',
      'web/next-env.d.ts',
      'web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        btoa: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Unused-expression `void promise` is how fire-and-forget is marked here.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true }],
    },
  },
  // The platform pool (BYPASSRLS) by construction: only the platform-admin module, scheduled
  // maintenance and the composition roots (app.ts, deps.ts, worker.ts, main.ts) may name
  // PlatformDb or Provisioning (which holds it). Tenant-scoped code cannot even import them.
  {
    files: ['services/api/src/modules/**/*.ts', 'services/api/src/http/**/*.ts', 'services/api/src/core/**/*.ts', 'services/worker/src/**/*.ts'],
    ignores: [
      'services/api/src/modules/platform-admin/**',
      'services/worker/src/processors/maintenance.ts',
      'services/worker/src/repositories/maintenance.ts',
      'services/worker/src/worker.ts',
      'services/worker/src/main.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@sentinel/platform',
              importNames: ['PlatformDb', 'Provisioning'],
              message:
                'Tenant-scoped code gets AppDb only: platform-pool work belongs in modules/platform-admin (API) or maintenance (worker). See docs/architecture.md.',
            },
          ],
        },
      ],
    },
  },
  // Test-only helpers stay out of the deployables.
  {
    files: ['services/**/*.ts', 'controllers/**/*.ts', 'packages/platform/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@sentinel/platform/testing', message: 'Test helpers only (tests/, *.test.ts).' }] }],
    },
  },
  {
    files: ['tests/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
