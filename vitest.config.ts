import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The in-process unit and conversation tests: they share one module graph per worker (the knowledge
// bundle and trained models load once per worker, not once per file). `npm run mutate` runs the same set
// this way, so they are known not to leak state into each other.
const UNIT = ['test/{engine,nlu,conversations,channels,knowledge}/**/*.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine. Most of the
    // suite's wall time is integration tests waiting on sockets, retries and timers, so two workers
    // there finish in about half the time without making the timing-sensitive tests flaky.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      // The unit project holds the article checks: it says once, up front, when they are skipped.
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false, globalSetup: ['test/global-setup.ts'] } },
      { extends: true, test: { name: 'system', include: ['test/**/*.test.ts'], exclude: UNIT } },
    ],
  },
});
