import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli.js';
import { isAppError } from '../../src/errors.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { fakeIo, ROOT } from '../helpers.js';
import { INTENTS } from '../knowledge-ids.js';

const KNOWLEDGE = join(ROOT, 'knowledge');

function copyKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ra-knowledge-'));
  cpSync(KNOWLEDGE, join(dir, 'knowledge'), { recursive: true });
  cpSync(join(ROOT, 'manifest.json'), join(dir, 'manifest.json'));
  return join(dir, 'knowledge');
}

function edit(dir: string, file: string, change: (doc: Record<string, unknown>) => void): void {
  const path = join(dir, file);
  const doc = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  change(doc);
  writeFileSync(path, stringify(doc));
}

describe('knowledge base', () => {
  it('loads and validates: every topic and slot the knowledge base defines, and an intent per topic', () => {
    // Which ids these are is the contract's business: test/knowledge/ids.test.ts.
    const k = loadKnowledge(KNOWLEDGE);
    expect(Object.keys(k.topics).length).toBeGreaterThan(0);
    expect(Object.keys(k.interview.slots).length).toBeGreaterThan(0);
    for (const topic of Object.keys(k.topics)) expect(k.intents[topic], topic).toBeDefined();
  });

  it('has at least 40 training utterances per intent, and many more out-of-scope ones', () => {
    const k = loadKnowledge(KNOWLEDGE);
    for (const intent of INTENTS) expect(k.intents[intent]?.length ?? 0, intent).toBeGreaterThanOrEqual(40);
    expect(k.intents.out_of_scope?.length ?? 0).toBeGreaterThanOrEqual(120);
  });

  it('has no training utterance twice, nor one under two intents', () => {
    const k = loadKnowledge(KNOWLEDGE);
    const seen = new Map<string, string>();
    for (const intent of INTENTS) {
      for (const u of k.intents[intent] ?? []) {
        const key = u.toLowerCase().trim();
        expect(seen.get(key), `"${u}" under ${intent} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, intent);
      }
    }
  });

  it('validate on a copy with a wrong type, a removed topic and a misspelt slot names each broken reference once and exits 1', async () => {
    const dir = copyKnowledge();
    edit(dir, 'figures.yaml', (d) => {
      (d.startup_time as { vms: { min: unknown } }).vms.min = 'thirty';
    });
    edit(dir, 'topics.yaml', (d) => {
      delete d.startup_time;
    });
    edit(dir, 'interview.yaml', (d) => {
      const slots = d.slots as Record<string, unknown>;
      slots.multi_oss = slots.multi_os;
      delete slots.multi_os;
    });
    const io = fakeIo();
    const code = await main(['validate', '--knowledge', dir], io);
    expect(code).toBe(1);
    const errors = io
      .errors()
      .split('\n')
      .filter((l) => l.startsWith('error: '));
    expect(errors).toEqual(
      expect.arrayContaining([
        'error: knowledge/figures.yaml: startup_time.vms.min: Invalid input: expected number, received string',
        // A topic removed from topics.yaml: its training utterances and every reference to it are named.
        expect.stringMatching(/^error: knowledge\/intents\.yaml: startup_time: unknown intent "startup_time": not a topic of knowledge\/topics\.yaml/),
        expect.stringMatching(/^error: knowledge\/interview\.yaml: slots\.fast_scaling\.topic: unknown topic "startup_time"/),
        expect.stringMatching(/^error: knowledge\/interview\.yaml: slots\.multi_oss: unknown slot "multi_oss" \(did you mean "multi_os"\?\)/),
        expect.stringMatching(/^error: knowledge\/situations\.yaml: snippets\.multi_os\.yes: unknown slot "multi_os" .*\(and \d+ more places\)$/),
      ]),
    );
    // Each broken reference is said once, naming file and field; a renamed slot does not flood the report.
    expect(errors.length).toBeLessThan(15);
    for (const line of errors) expect(line).toMatch(/^error: knowledge\/[a-z]+\.yaml: \S+: /);
  });

  it('slot values come from interview.yaml: a slot without "unsure", a container need without "no" and a snippet of a value no slot has are named', () => {
    const dir = copyKnowledge();
    edit(dir, 'interview.yaml', (d) => {
      const slots = d.slots as Record<string, { options: Array<{ value: string }> }>;
      const legacy = slots.legacy;
      const density = slots.density;
      if (legacy) legacy.options = legacy.options.filter((o) => o.value !== 'unsure');
      if (density) density.options = density.options.filter((o) => o.value !== 'no');
    });
    edit(dir, 'situations.yaml', (d) => {
      const snippets = d.snippets as Record<string, Record<string, string[]>>;
      if (snippets.portability) snippets.portability.maybe = ['we might move clouds one day'];
    });
    expect(() => loadKnowledge(dir)).toThrowError(/interview\.yaml: slots\.legacy\.options: needs the value "unsure"/);
    expect(() => loadKnowledge(dir)).toThrowError(/interview\.yaml: slots\.density\.options: a container need .* needs the values "yes" and "no"/);
    expect(() => loadKnowledge(dir)).toThrowError(/situations\.yaml: snippets\.portability\.maybe: "maybe" is not a value of portability/);
  });

  it('a YAML syntax error names the file and line', () => {
    const dir = copyKnowledge();
    writeFileSync(join(dir, 'verdicts.yaml'), 'containers:\n  title: [unclosed\n');
    try {
      loadKnowledge(dir);
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'KNOWLEDGE_INVALID')).toBe(true);
      expect((err as { problems: string[] }).problems[0]).toMatch(/^knowledge\/verdicts\.yaml:\d+:\d+: YAML syntax error/);
    }
  });

  it('rejects a weight for an unknown verdict', () => {
    const dir = copyKnowledge();
    edit(dir, 'interview.yaml', (d) => {
      const legacy = (d.slots as Record<string, { weights: Record<string, unknown> }>).legacy;
      if (legacy) legacy.weights.yes = { containers: -2, vm: 2 };
    });
    expect(() => loadKnowledge(dir)).toThrowError(/slots\.legacy\.weights\.yes: Unrecognized key: "vm"/);
  });

  it('rejects a weight for an unknown slot value', () => {
    const dir = copyKnowledge();
    edit(dir, 'interview.yaml', (d) => {
      const legacy = (d.slots as Record<string, { weights: Record<string, unknown> }>).legacy;
      if (legacy) legacy.weights.maybe = { containers: 1 };
    });
    expect(() => loadKnowledge(dir)).toThrowError(/slots\.legacy\.weights\.maybe: "maybe" is not a value of legacy/);
  });

  it('decision records: a pro with an unknown section, a missing fact and a template without its placeholder are each named', () => {
    const dir = copyKnowledge();
    edit(dir, 'verdicts.yaml', (d) => {
      (d.vms as { pros: Array<{ sections: string[] }> }).pros[0] = { text: 'x', sections: ['Pricing'] } as never;
    });
    edit(dir, 'records.yaml', (d) => {
      delete (d.facts as Record<string, Record<string, string>>).legacy?.unsure;
      d.confidence = 'Confidence: high';
    });
    let problems: string[] = [];
    try {
      loadKnowledge(dir);
    } catch (err) {
      problems = (err as { problems: string[] }).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        'knowledge/records.yaml: confidence: must contain {percent}, {level}',
        'knowledge/verdicts.yaml: vms.pros[0].sections[0]: "Pricing" is not a section of the article (see knowledge/article.yaml)',
      ]),
    );
    // The facts are checked once records.yaml parses.
    edit(dir, 'records.yaml', (d) => {
      d.confidence = 'Confidence: {percent}% ({level}).';
    });
    expect(() => loadKnowledge(dir)).toThrowError(/knowledge\/records\.yaml: facts\.legacy\.unsure: missing/);
  });

  it('a missing file stops start-up with a message naming it', async () => {
    const dir = copyKnowledge();
    writeFileSync(join(dir, 'responses.yaml'), '');
    const io = fakeIo('hello\n');
    expect(await main(['ask', '--knowledge', dir], io)).toBe(1);
    expect(io.errors()).toMatch(/knowledge\/responses\.yaml: \(top level\): Invalid input: expected object/);
  });

  it('controls.yaml: an unknown label, a label with too few phrases and an empty phrase are named by file and field', () => {
    const dir = copyKnowledge();
    edit(dir, 'controls.yaml', (d) => {
      d.pause = ['hold on'];
      d.repeat = ['say again'];
      (d.skip as string[])[3] = '  ';
    });
    const problems = (() => {
      try {
        loadKnowledge(dir);
        return [];
      } catch (err) {
        return isAppError(err, 'KNOWLEDGE_INVALID') ? err.problems : [];
      }
    })();
    expect(problems).toContainEqual(expect.stringMatching(/^knowledge\/controls\.yaml: \(top level\): Unrecognized key: "pause"/));
    expect(problems).toContainEqual('knowledge/controls.yaml: repeat: needs at least 20 training phrases');
    expect(problems).toContainEqual('knowledge/controls.yaml: skip[3]: must not be empty');
  });

  it('interview.yaml: every slot needs a rationale and an explanation, and every container need a short label', () => {
    const dir = copyKnowledge();
    edit(dir, 'interview.yaml', (d) => {
      const slots = d.slots as Record<string, Record<string, unknown>>;
      delete slots.legacy?.rationale;
      delete slots.density?.short;
      if (slots.isolation) slots.isolation.explanation = '';
    });
    expect(() => loadKnowledge(dir)).toThrowError(/interview\.yaml: slots\.legacy\.rationale: Invalid input/);
    expect(() => loadKnowledge(dir)).toThrowError(/interview\.yaml: slots\.isolation\.explanation: must not be empty/);
  });

  it('interview.yaml: a container need without a short label for the grouped question is named', () => {
    const dir = copyKnowledge();
    edit(dir, 'interview.yaml', (d) => {
      delete (d.slots as Record<string, Record<string, unknown>>).density?.short;
    });
    expect(() => loadKnowledge(dir)).toThrowError(/interview\.yaml: slots\.density\.short: missing: container needs are asked in the grouped question/);
  });
});
