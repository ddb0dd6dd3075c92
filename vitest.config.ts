import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine. Most of the
    // suite's wall time is integration tests waiting on sockets, retries and timers, so two workers
    // there finish in about half the time without making the timing-sensitive tests flaky.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
