// Mutation testing (`npm run mutate`, not part of `npm test`): StrykerJS changes the engine, the NLU,
// the renderers and the channel turn code one small edit at a time and runs the tests that cover
// each edit; a mutant no test notices is a behaviour no test pins down.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  // The NLU's inference code; its training maths (softmax.ts, multihead.ts), the evaluation metrics
  // and the regex baseline reader only build or score the model the tests load from the bundle.
  mutate: [
    'src/engine/**/*.ts',
    'src/channels/{turn,payload,escape}.ts',
    'src/nlu/{situation,classifier,control,normalise,clauses,features}.ts',
    'src/channels/slack/render.ts',
    'src/channels/slack/record.ts',
    'src/channels/slack/blocks.ts',
    'src/channels/slack/context.ts',
    'src/channels/slack/listeners/*.ts',
    'src/channels/teams/render.ts',
    'src/channels/teams/record.ts',
    'src/channels/teams/card.ts',
    'src/channels/teams/bot.ts',
    'src/channels/terminal/render.ts',
    'src/channels/terminal/chat.ts',
  ],
  // A static mutant (a module-level constant: word lists, regular expressions) needs every test, each
  // of them, in a fresh process: hours for this project. They are reported as ignored.
  ignoreStatic: true,
  // The machine's two cores are shared with other work.
  concurrency: 1,
  timeoutMS: 20_000,
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
