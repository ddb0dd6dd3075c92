import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Quickest test files first. Stryker stops at the first failing test, so a mutant that a quick unit test
 * kills never waits for the exhaustive ones (vitest's own order runs the slowest first).
 */
class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const key = (f: TestSpecification) => `${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`;
    const ms = (f: TestSpecification) => this.ctx.cache.getFileTestResults(key(f))?.duration;
    const size = (f: TestSpecification) => this.ctx.cache.getFileStats(key(f))?.size ?? 0;
    const timed = files.every((f) => ms(f) !== undefined);
    return [...files].sort((a, b) => (timed ? (ms(a) ?? 0) - (ms(b) ?? 0) : size(a) - size(b)));
  }
}

// The tests Stryker runs against each mutant (`npm run mutate`): the in-process unit and conversation
// tests. The integration tests (a real server per file, fake Slack and connector), the property tests
// and the CLI tests cost seconds per mutant and are left to `npm test`.
export default defineConfig({
  test: {
    include: ['test/{engine,nlu,conversations,channels,knowledge}/**/*.test.ts'],
    // tenth-slot trains a whole model from a copied knowledge base (over 10 s), for every mutant it covers.
    exclude: ['test/channels/teams-package.test.ts', 'test/channels/contract.test.ts', 'test/knowledge/tenth-slot.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Skips the two exhaustive checks over every answer profile (test/helpers.ts MUTATION_RUN).
    env: { MUTATION_RUN: '1' },
    // One module graph for all files: the model bundle is loaded once per run, not once per file.
    isolate: false,
    sequence: { sequencer: QuickestFirst },
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
