/** The real built binary, run as a user runs it. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VARIABLES } from '../../src/config.js';
import { ROOT } from '../helpers.js';
import { INTENTS, SLOTS } from '../knowledge-ids.js';

const BIN = join(ROOT, 'dist', 'src', 'cli.js');

function run(args: string[], input = '', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('runtime-advice (built CLI)', () => {
  it('is built by npm ci (prepare), with the model bundle', () => {
    expect(existsSync(BIN)).toBe(true);
    expect(existsSync(join(ROOT, 'dist', 'model.json'))).toBe(true);
  });

  it('echo "how fast do containers start?" | runtime-advice ask --json answers startup_time with the figures and the source section', () => {
    const r = run(['ask', '--json'], 'how fast do containers start?\n');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { text: string; intent: string; confidence: number; slots: object; reply: { text: string; sources: string[] } };
    expect(out.text).toBe('how fast do containers start?');
    expect(out.intent).toBe('startup_time');
    expect(out.confidence).toBeGreaterThan(0.5);
    expect(out.confidence).toBeLessThanOrEqual(1);
    expect(out.slots).toEqual({});
    expect(out.reply.text).toMatch(/under 1 s/);
    expect(out.reply.text).toMatch(/30 s to a few minutes/);
    expect(out.reply.sources).toEqual(['Performance and Scalability']);
  });

  it('ask with no TEXT answers one stdin line per output line', () => {
    const r = run(['ask', '--json'], 'hi\nwhat is a hypervisor\n\nwhat is the weather like\n');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { intent: string });
    expect(lines.map((l) => l.intent)).toEqual(['greeting', 'vm_basics', 'out_of_scope']);
    const text = run(['ask'], 'hi\nwhat is a hypervisor\n');
    expect(text.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('ask TEXT as an argument', () => {
    const r = run(['ask', 'how big is a VM disk?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/10 GB or more/);
  });

  it('validate exits 0 on the bundled knowledge', () => {
    const r = run(['validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('usage errors exit 2 with a clear message', () => {
    for (const args of [['frobnicate'], ['ask', 'a', 'b'], ['eval'], ['--nope'], ['recommend', 'extra']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^runtime-advice: .+\nRun "runtime-advice --help" for usage\.\n$/);
    }
  });

  it('--help lists every command and environment variable', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'chat', 'ask', 'recommend', 'validate', 'eval']) expect(r.stdout).toContain(`runtime-advice ${c}`);
    for (const [name] of VARIABLES) expect(r.stdout).toContain(name);
  });

  it('eval scores a labelled file and prints JSON with per-intent figures and confusions', () => {
    const r = run(['eval', join(ROOT, 'test', 'fixtures', 'dev.jsonl'), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { intents: { inScopeAccuracy: number; perIntent: Record<string, unknown>; confusions: unknown[] } };
    expect(out.intents.inScopeAccuracy).toBeGreaterThanOrEqual(0.92);
    expect(Object.keys(out.intents.perIntent).sort()).toEqual([...INTENTS].sort());
  });

  it('eval scores {"text","control"} lines: accuracy and per-label precision and recall', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-eval-'));
    const file = join(dir, 'controls.jsonl');
    const lines = [
      { text: 'lets just stop the questions here', control: 'cancel' },
      { text: 'no', control: 'answer' },
      { text: 'hmm why is that relevant', control: 'why_ask' },
      { text: 'how big are docker images', control: 'other' },
    ];
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const r = run(['eval', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { controls: { total: number; accuracy: number; perLabel: Record<string, { precision: number; recall: number }> } };
    expect(out.controls.total).toBe(4);
    expect(out.controls.accuracy).toBeGreaterThanOrEqual(0.75);
    expect(Object.keys(out.controls.perLabel).sort()).toEqual(['answer', 'cancel', 'other', 'why_ask']);
    expect(out.controls.perLabel.answer?.recall).toBe(1);
    const human = run(['eval', file]);
    expect(human.stdout).toMatch(/controls: \d+\.\d% accuracy over 4 lines/);
  });

  it('eval scores verdict lines', () => {
    const r = run(['eval', join(ROOT, 'test', 'fixtures', 'recommend-cases.jsonl'), '--json']);
    const out = JSON.parse(r.stdout) as { verdicts: { agreement: number } };
    expect(out.verdicts.agreement).toBe(1);
  });

  it('chat --json prints one contract-shaped JSON line per bot turn', () => {
    const r = run(['chat', '--json'], 'help me choose between docker and a vm\n1\n2\n');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(l).toHaveProperty('intent');
      expect(typeof l.text).toBe('string');
      expect(l).toHaveProperty('question');
      expect(l).toHaveProperty('recommendation');
      const q = l.question as { slot: string; options: string[] } | null;
      if (q) {
        expect(SLOTS).toContain(q.slot);
        expect(q.options.every((o) => typeof o === 'string')).toBe(true);
      }
    }
    expect(lines[0]?.intent).toBe('recommend');
  });

  it('recommend --adr --answer legacy=yes --answer multi_os=yes prints the decision record and exits 0', () => {
    const r = run(['recommend', '--adr', '--answer', 'legacy=yes', '--answer', 'multi_os=yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('# Run the workload in virtual machines\n')).toBe(true);
    const headings = r.stdout.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Status',
      '## Context and Problem Statement',
      '## Decision Drivers',
      '## Considered Options',
      '## Decision Outcome',
      '## Consequences',
      '## What Would Change This Decision',
      '## Sources',
    ]);
    expect(r.stdout).toContain('Chosen option: "Virtual machines".');
    // Deterministic: no date unless one is passed in.
    expect(r.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('recommend --adr --json adds the record to each JSON line, for answers and for text', () => {
    const r = run(['recommend', '--adr', '--json'], '{"answers": {"isolation": "high", "microservices": "yes"}}\n{"text": "we run microservices"}\n');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { verdict: string; record: string });
    expect(lines).toHaveLength(2);
    expect(lines[0]?.verdict).toBe('hybrid');
    expect(lines[0]?.record.startsWith('# Run the workload in containers on VM-backed infrastructure\n')).toBe(true);
    expect(lines[1]?.record).toMatch(/^# Run the workload in /);
  });

  it('chat: "write it up" after a recommendation prints the record; the listed choice does the same', () => {
    // "start over" begins an empty interview whatever the situation reader reads; 1, 1 = strongest isolation, microservices.
    const typed = run(['chat'], 'start over\n1\n1\nwrite it up\n');
    expect(typed.code).toBe(0);
    expect(typed.stdout).toMatch(/4\. Write up as a decision record/);
    expect(typed.stdout).toContain('# Run the workload in containers on VM-backed infrastructure\n');
    const picked = run(['chat', '--json'], 'start over\n1\n1\n4\n');
    const last = JSON.parse(picked.stdout.trim().split('\n').at(-1) ?? '{}') as { record?: string };
    expect(last.record).toMatch(/^# Run the workload in containers on VM-backed infrastructure\n/);
  });

  it('chat --json shows the grouped question as {slot, options, multi: true, slots}, answered by "1, 3"', () => {
    const r = run(['chat', '--json'], 'help me choose\nyes\n1, 3\n');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            question: { slot: string; options: string[]; multi?: boolean; slots?: string[] } | null;
            recommendation: { verdict: string } | null;
          },
      );
    const q = lines[1]?.question;
    expect(q?.multi).toBe(true);
    expect(q?.slots).toEqual(['microservices', 'fast_scaling', 'ci_cd', 'density', 'portability']);
    expect(q?.slot).toBe('microservices');
    expect(q?.options).toHaveLength(6);
    expect(q?.options.at(-1)).toBe('None of these');
    expect(lines[0]?.question?.multi).toBeUndefined();
    expect(lines[2]?.recommendation?.verdict).toBe('hybrid');
  });

  it('npm start with no credentials opens the local chat, says why, and exits 0 at end of input', () => {
    const r = run([], 'hello\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No Slack or Teams credentials are set/);
    expect(r.stdout).toMatch(/Hi!/);
  });

  it('bad configuration lists each problem by name and exits 1', () => {
    const r = run([], '', { PORT: 'eighty', SLACK_BOT_TOKEN: 'nope' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PORT: /);
    expect(r.stderr).toMatch(/SLACK_BOT_TOKEN: must start with xoxb-/);
    expect(r.stderr).not.toContain('nope');
  });

  it('a one-shot ask runs well under a second', () => {
    const started = performance.now();
    run(['ask', 'what is docker']);
    // Not a benchmark (see npm run bench): a guard against a start-up that trains or loads SDKs.
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
