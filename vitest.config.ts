import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Resolves PostgreSQL and NATS once per run (env URLs, containers where Docker answers, else local).
    globalSetup: ['packages/testing/src/global-setup.ts'],
  },
});
