/**
 * Adding an interview question and a topic touches knowledge/ only (docs/adding-a-question.md): a copy of
 * the knowledge base with a tenth slot (`gpu`) and an extra topic (`gpu_access`) goes through the normal
 * path (validate, loader, training, bundle, engine) and the engine asks the new question, lets its answer
 * change the verdict and the reasons, and answers a question about the new topic with its text.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildEngine } from '../../src/app.js';
import { main } from '../../src/cli.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Answers } from '../../src/ids.js';
import { slotsOf } from '../../src/knowledge/ids.js';
import { type Reply, replyText } from '../../src/reply.js';
import { MemoryStore } from '../../src/state/store.js';
import { answerAction, fakeIo, ROOT } from '../helpers.js';

const QUESTION = 'Does the workload need direct access to GPUs or other special hardware on the host?';
const YES_REASON = 'It needs direct access to GPUs; a VM can be given the whole device, where containers depend on the host being set up for it.';
const TOPIC_SUMMARY = 'A container reaches a GPU only through the host: the driver and the device must be set up on the host and handed into the container.';

type Doc = Record<string, unknown>;

function edit(dir: string, file: string, change: (doc: Doc) => void): void {
  const path = join(dir, file);
  const doc = parse(readFileSync(path, 'utf8')) as Doc;
  change(doc);
  writeFileSync(path, stringify(doc));
}

/** A copy of knowledge/ with a tenth slot and an eleventh-and-more topic, edited as a person would: YAML only. */
function knowledgeWithGpu(): string {
  const root = mkdtempSync(join(tmpdir(), 'ra-tenth-slot-'));
  const dir = join(root, 'knowledge');
  cpSync(join(ROOT, 'knowledge'), dir, { recursive: true });
  cpSync(join(ROOT, 'manifest.json'), join(root, 'manifest.json'));
  edit(dir, 'interview.yaml', (d) => {
    (d.slots as Doc).gpu = {
      name: 'GPU access',
      kind: 'vm',
      question: QUESTION,
      rationale: 'A VM can be handed a whole GPU; a container reaches one only through the host, which must be set up for it.',
      explanation: 'Asking whether the workload uses GPUs (machine learning, video) or other devices it must reach directly.',
      topic: 'gpu_access',
      sections: ['When To Use Each Approach'],
      options: [
        { value: 'yes', label: 'Yes', synonyms: ['gpu', 'gpus', 'cuda'] },
        { value: 'no', label: 'No', synonyms: ['no gpu'] },
        { value: 'unsure', label: 'Not sure' },
      ],
      weights: { yes: { containers: -2, vms: 2, hybrid: 1.25 }, no: { containers: 0, vms: -0.1, hybrid: -0.1 }, unsure: {} },
      reasons: { yes: YES_REASON, no: 'No special hardware is needed, so nothing ties the workload to a VM.' },
      negated: 'no',
    };
    (d.order as string[]).push('gpu');
    // A tunable: show one reason instead of four.
    (d.shown as Doc).reasons = 1;
  });
  edit(dir, 'responses.yaml', (d) => {
    (d.recommendation as Doc).why = 'Because:';
    (d.buttons as Doc).why = 'Tell me why';
  });
  edit(dir, 'records.yaml', (d) => {
    (d.facts as Doc).gpu = {
      yes: 'It needs direct access to GPUs or other special hardware.',
      no: 'It needs no special hardware.',
      unsure: 'It is not yet clear whether it needs GPUs.',
    };
  });
  edit(dir, 'situations.yaml', (d) => {
    (d.snippets as Doc).gpu = {
      yes: ['we train models on gpus', 'it needs cuda on the nodes', 'the render jobs run on nvidia cards', 'inference needs a gpu per replica'],
      no: ['no gpus involved', 'plain cpu work, no accelerators', 'nothing needs special hardware'],
    };
  });
  edit(dir, 'topics.yaml', (d) => {
    d.gpu_access = {
      title: 'GPUs and special hardware',
      sections: ['When To Use Each Approach'],
      summary: TOPIC_SUMMARY,
      points: ['A VM can be given a whole GPU by the hypervisor.', 'Containers share the host, so the host needs the driver and the device.'],
      related: ['vm_use_cases'],
    };
  });
  edit(dir, 'intents.yaml', (d) => {
    d.gpu_access = [
      'can containers use the gpu?',
      'gpu access in docker',
      'do vms support gpu passthrough?',
      'how do I give a container a gpu',
      'cuda inside a container',
      'gpus with docker or a vm?',
      'nvidia cards in containers',
      'can a vm use the graphics card',
      'gpu passthrough',
      'machine learning on gpus: container or vm?',
      'special hardware access in containers',
      'does docker work with cuda',
    ];
  });
  return dir;
}

let dir: string;
let e: Engine;

beforeAll(async () => {
  dir = knowledgeWithGpu();
  // The normal training path with one situation-reader run of 10 epochs instead of three of 30: the reader is
  // not what this test is about (answers are clicks), and it trains in a quarter of the time.
  e = await buildEngine({
    knowledgeDir: dir,
    modelPath: join(dir, '..', 'model.json'),
    store: new MemoryStore(),
    training: { readerRuns: 1, readerEpochs: 10 },
  });
}, 120_000);

/** Answers a fresh interview by clicks as `plan` says; returns the slots asked and the recommendation. */
async function interview(plan: Answers): Promise<{ asked: string[]; done: Reply }> {
  const key = `k-${Math.random()}`;
  const first = await e.handle(key, { kind: 'text', text: 'help me choose' });
  const asked: string[] = [];
  let reply = first;
  while (reply.question) {
    asked.push(...(reply.question.slots ?? [reply.question.slot]));
    if (asked.length > 20) throw new Error('still asking');
    reply = await e.handle(key, { kind: 'action', action: answerAction(reply.question, plan) });
  }
  return { asked, done: reply };
}

describe('a tenth slot and an extra topic, from YAML alone', () => {
  it('validates and trains through the normal path, and writes its own bundle', async () => {
    const io = fakeIo();
    expect(await main(['validate', '--knowledge', dir], io), io.errors()).toBe(0);
    expect(slotsOf(e.knowledge.interview)).toHaveLength(10);
    expect(existsSync(join(dir, '..', 'model.json'))).toBe(true);
  });

  it('asks the tenth question, and its answer changes the verdict and the reasons', async () => {
    const containerCase: Answers = { isolation: 'standard', multi_os: 'no', legacy: 'no', infra_sim: 'no', microservices: 'yes', fast_scaling: 'yes' };
    const without = await interview({ ...containerCase, ci_cd: 'no', density: 'no', portability: 'no', gpu: 'no' });
    const withGpu = await interview({ ...containerCase, ci_cd: 'no', density: 'no', portability: 'no', gpu: 'yes' });
    expect(without.asked).toContain('gpu');
    expect(withGpu.asked).toContain('gpu');
    // The question text and options come from the copy's interview.yaml.
    const key = `q-${Math.random()}`;
    let reply = await e.handle(key, { kind: 'text', text: 'help me choose' });
    while (reply.question && reply.question.slot !== 'gpu')
      reply = await e.handle(key, { kind: 'action', action: answerAction(reply.question, containerCase) });
    expect(reply.question?.text).toBe(QUESTION);
    expect(reply.question?.options.map((o) => o.label)).toEqual(['Yes', 'No', 'Not sure']);
    expect(without.done.recommendation?.verdict).toBe('containers');
    expect(withGpu.done.recommendation?.verdict).not.toBe('containers');
    expect(withGpu.done.recommendation?.reasons.join('\n')).toContain(YES_REASON);
    expect(without.done.recommendation?.reasons.join('\n')).not.toContain(YES_REASON);
  });

  it('takes the recommendation words and how many reasons it shows from the copy', async () => {
    const { done } = await interview({ isolation: 'standard', multi_os: 'no', legacy: 'no', infra_sim: 'no', gpu: 'yes', microservices: 'yes' });
    expect(done.recommendation?.reasons.length).toBeGreaterThan(1);
    const at = done.blocks.findIndex((b) => b.type === 'text' && b.text === 'Because:');
    const bullets = done.blocks[at + 1];
    expect(bullets?.type === 'bullets' && bullets.items).toHaveLength(1);
    expect(done.choices.map((c) => c.label)).toContain('Tell me why');
    expect(replyText(done)).not.toContain('Why:');
  });

  it('routes a question to the new topic and answers with its text', async () => {
    const reply = await e.handle(`t-${Math.random()}`, { kind: 'text', text: 'can I use a gpu from a docker container?' });
    expect(reply.intent).toBe('gpu_access');
    expect(replyText(reply)).toContain(TOPIC_SUMMARY);
    expect(e.answer('is gpu passthrough possible with containers?').classification.intent).toBe('gpu_access');
  });
});
