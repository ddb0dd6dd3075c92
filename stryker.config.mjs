// Mutation testing (`npm run mutate`, not part of `npm test`): StrykerJS changes the engine, the NLU,
// the renderers and the channel turn code one small edit at a time and runs the tests that cover
// each edit; a mutant no test notices is a behaviour no test pins down.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  // What the issue asks to be held to a score: the engine, the NLU's inference, the renderers and the shared
  // channel turn. The listeners, the Teams bot and the local chat are transport: the integration tests (real
  // HTTP, fake platforms) cover them, and those are too slow to run once per mutant. In the NLU, its
  // inference code: the training maths (softmax.ts, multihead.ts), the evaluation metrics and the regex
  // baseline reader only build or score the model the tests load from the bundle.
  mutate: [
    'src/engine/**/*.ts',
    'src/nlu/{situation,classifier,control,normalise,clauses,features,indexed}.ts',
    'src/channels/{turn,payload,escape}.ts',
    'src/channels/slack/{render,record,blocks,encoded}.ts',
    'src/channels/teams/{render,record,card}.ts',
    'src/channels/terminal/render.ts',
  ],
  // A static mutant (a module-level constant: word lists, regular expressions) needs every test, each
  // of them, in a fresh process: hours for this project. They are reported as ignored.
  ignoreStatic: true,
  concurrency: 2,
  // On top of 1.5x the covering tests' own time: a mutant that loops is given up on within seconds.
  timeoutMS: 5_000,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // TypeScript 7 has no JavaScript API for Stryker's tsconfig rewriting, and the sandbox needs none
  // (our tsconfig has no extends or references): name a file that does not exist.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
