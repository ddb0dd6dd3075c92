#!/usr/bin/env node
/** The command line: parses arguments, then wires config -> engine -> command. */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildEngine } from './app.js';
import { runChat } from './channels/terminal/chat.js';
import { EXIT, type Io, out, usage } from './cli/io.js';
import type { Config } from './config.js';
import { isAppError } from './errors.js';
import { DEFAULT_KNOWLEDGE_DIR, DEFAULT_MODEL_PATH, PACKAGE_ROOT } from './paths.js';

// Commands are imported when run, so a one-shot `ask` loads only what it uses.

const COMMANDS = ['serve', 'chat', 'ask', 'recommend', 'validate', 'eval', 'train', 'package-teams'] as const;

/** Runs one command line; returns the exit code. Never calls process.exit, so tests can call it. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        adr: { type: 'boolean', default: false },
        answer: { type: 'string', multiple: true, default: [] },
        knowledge: { type: 'string' },
        baseline: { type: 'boolean', default: false },
        tune: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
    if (values.help) {
      out(io, (await import('./cli/help.js')).helpText());
      return EXIT.ok;
    }
    if (values.version) {
      const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
      out(io, pkg.version);
      return EXIT.ok;
    }
    const [command, ...rest] = positionals;
    if (command !== undefined && !(COMMANDS as readonly string[]).includes(command)) {
      throw usage(`unknown command "${command}" (commands: ${COMMANDS.join(', ')})`);
    }
    const knowledgeDir = values.knowledge ? resolve(values.knowledge) : DEFAULT_KNOWLEDGE_DIR;
    // Another knowledge folder gets its own model cache outside it, so checking a copy writes nothing into it.
    const modelPath = () =>
      values.knowledge ? join(tmpdir(), `runtime-advice-${createHash('sha256').update(knowledgeDir).digest('hex').slice(0, 12)}.json`) : DEFAULT_MODEL_PATH;
    const engine = () => buildEngine({ knowledgeDir, modelPath: modelPath() });
    switch (command) {
      case 'validate':
        return await (await import('./cli/validate.js')).validate(io, { knowledgeDir, manifestPath: join(knowledgeDir, '..', 'manifest.json') });
      case 'train':
        return await (await import('./cli/train.js')).train(io, { knowledgeDir, modelPath: modelPath(), quiet: values.quiet });
      case 'ask':
        if (rest.length > 1) throw usage('ask takes one TEXT argument; quote it');
        return await (await import('./cli/ask.js')).ask(await engine(), io, { json: values.json, text: rest[0] });
      case 'recommend':
        if (rest.length > 0) throw usage('recommend takes --answer SLOT=VALUE options, not arguments');
        return await (await import('./cli/recommend.js')).recommend(await engine(), io, { json: values.json, answers: values.answer, adr: values.adr });
      case 'eval': {
        const file = rest[0];
        if (!file || rest.length > 1) throw usage('eval takes one FILE.jsonl');
        return await (await import('./cli/eval.js')).evaluate(await engine(), io, { file, json: values.json, baseline: values.baseline, tune: values.tune });
      }
      case 'chat':
        await runChat(await engine(), { input: io.stdin, output: io.stdout, json: values.json, interactive: io.stdinIsTTY });
        return EXIT.ok;
      case 'package-teams': {
        const config = (await import('./config.js')).loadConfig(io.env);
        if (!config.MICROSOFT_APP_ID) throw usage("package-teams needs MICROSOFT_APP_ID (the bot's Azure app id)");
        const zip = values.out ?? join(PACKAGE_ROOT, 'dist', 'runtime-advice-teams.zip');
        const bytes = (await import('./channels/teams/package.js')).packageTeams(join(PACKAGE_ROOT, 'appPackage'), config.MICROSOFT_APP_ID, zip);
        out(io, `wrote ${zip} (${bytes} bytes)`);
        return EXIT.ok;
      }
      case 'serve':
        return await serveUntilSignal((await import('./config.js')).loadConfig(io.env), io);
      default: {
        const config = (await import('./config.js')).loadConfig(io.env);
        if (config.slackEnabled || config.teamsEnabled) return await serveUntilSignal(config, io);
        const banner = 'No Slack or Teams credentials are set (SLACK_BOT_TOKEN, MICROSOFT_APP_ID), so this is the local chat on your terminal.';
        await runChat(await engine(), { input: io.stdin, output: io.stdout, json: values.json, interactive: io.stdinIsTTY, banner });
        return EXIT.ok;
      }
    }
  } catch (err) {
    if (isAppError(err, 'USAGE') || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`runtime-advice: ${(err as Error).message}\nRun "runtime-advice --help" for usage.\n`);
      return EXIT.usage;
    }
    if (isAppError(err)) {
      io.stderr.write(`runtime-advice: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
}

/** Serves until SIGTERM or SIGINT, then stops accepting, finishes in-flight work and exits 0. */
async function serveUntilSignal(config: Config, io: Io): Promise<number> {
  const { serve } = await import('./serve.js');
  const running = await serve({ config });
  io.stdout.write(`runtime-advice serving on port ${running.port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await running.stop();
  return EXIT.ok;
}

/**
 * True when node was started on this file, whatever path led here: npm's bins (`npm i -g`, `npm link`, npx) are
 * symlinks, so the started path is resolved to the real file before comparing.
 */
function startedOnThisFile(): boolean {
  const started = process.argv[1];
  if (started === undefined) return false;
  const self = fileURLToPath(import.meta.url);
  for (const candidate of [started, `${started}.js`]) {
    try {
      if (realpathSync(candidate) === realpathSync(self)) return true;
    } catch {
      // no such file: try the next spelling
    }
  }
  return false;
}

if (startedOnThisFile()) {
  // A closed pipe (`| head`) ends output quietly instead of crashing.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const io: Io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, stdinIsTTY: Boolean(process.stdin.isTTY) };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`runtime-advice: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
