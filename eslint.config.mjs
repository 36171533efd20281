// Lint enforces the package boundaries of DESIGN.md ("Packages and their arrows"):
// services never import each other, packages never import services, no import cycles,
// and generated code (ts-proto, Prisma) is never linted.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

const serviceNames = ['campaign', 'dialer', 'media', 'recording', 'reporting'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.turbo/**',
      'packages/proto/src/gen/**',
      'packages/db/src/generated/**',
      'deploy/**',
      'coverage/**',
      '.demo/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-relative-packages': 'error',
    },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } } },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Packages are the shared layer: they never import a service.
  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...serviceNames.flatMap((name) => [`@ringpace/${name}`, `@ringpace/${name}/*`]), '**/services/**'], message: 'packages never import services (DESIGN.md, packages and their arrows)' }] }],
    },
  },
  // The CLI talks to the services over gRPC only: wire types and errors, nothing of the server side.
  {
    files: ['packages/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['@ringpace/db', '@ringpace/bus', '@ringpace/testing', '@ringpace/telemetry', '@ringpace/esl', '@ringpace/fs-sim', ...serviceNames.map((name) => `@ringpace/${name}`), '**/services/**'],
          message: 'the CLI talks to the services over gRPC only (DESIGN.md: cli ──▶ proto)',
        }],
      }],
    },
  },
  // A service may use packages/* and proto, never another service.
  ...serviceNames.map((name) => ({
    files: [`services/${name}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: serviceNames.filter((other) => other !== name).flatMap((other) => [`@ringpace/${other}`, `@ringpace/${other}/*`, `**/services/${other}/**`, `../../${other}/**`]),
          message: 'services never import each other: share through proto/ and packages/*',
        }],
      }],
    },
  })),
  // Only main.ts reads the environment.
  {
    files: ['services/**/*.ts', 'packages/**/*.ts'],
    ignores: ['**/main.ts', '**/*.test.ts', '**/*.bench.ts', 'packages/testing/**', '**/bin/**', '**/cli.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'only main.ts reads the environment; take config as a parameter' }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.bench.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
