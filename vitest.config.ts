import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['testkit/global-setup.ts'],
    setupFiles: ['testkit/no-network.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each file gets its own process; DB-backed tests isolate themselves by creating their own tenants.
    fileParallelism: true,
  },
});
