// Unit tests for every workspace (vitest). The widget and demo builds have their own
// vite.config.ts beside their sources; end-to-end tests run under Playwright (e2e/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'bff/src/**/*.test.ts',
      'widget/src/**/*.test.ts',
      'demo/server/**/*.test.ts',
    ],
    environment: 'node',
    globalSetup: ['packages/stack/src/test-postgres.global.ts'],
    testTimeout: 20_000,
    // Vitest's default is one worker per core less one: a single worker on a 2-core runner, though
    // much of this suite waits on sockets, databases and browsers rather than on the CPU.
    maxWorkers: 2,
    hookTimeout: 60_000,
  },
});
