import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant (`npm run mutate`): in-process ones only. Tests that
// spawn processes or run the built CLI in dist/ cannot see a mutant, and the load, timing and
// store-outage tests only make each run slower.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/cli/**',
      // It reads the source text, which Stryker has instrumented.
      'test/architecture.test.ts',
      'test/channels/teams-package.test.ts',
      'test/docker.test.ts',
      'test/ci-check-skips.test.ts',
      'test/property/turn-cost.property.test.ts',
      'test/integration/{durable,faults,limits,serve-process,shutdown,sqlite-outage,start-failures}.test.ts',
      'test/state/**',
    ],
    setupFiles: ['test/setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
