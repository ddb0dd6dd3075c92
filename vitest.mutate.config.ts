import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant (`npm run mutate`): the in-process unit and conversation
// tests. The integration tests (a real server per file, fake Slack and connector), the property tests
// and the CLI tests cost seconds per mutant and are left to `npm test`.
export default defineConfig({
  test: {
    include: ['test/{engine,nlu,conversations,channels,knowledge}/**/*.test.ts'],
    exclude: ['test/channels/teams-package.test.ts', 'test/channels/contract.test.ts'],
    setupFiles: ['test/setup.ts'],
    // One module graph for all files: the model bundle is loaded once per run, not once per file.
    isolate: false,
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
