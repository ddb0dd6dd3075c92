/** Loads and validates knowledge/: every problem names its file, field path and what is wrong. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { type ArticleData, ArticleFile, crossCheck } from './cross-check.js';
import {
  type ClassifierData,
  ClassifierFile,
  type ControlsData,
  ControlsFile,
  type FiguresData,
  FiguresFile,
  type IntentsData,
  IntentsFile,
  type InterviewData,
  InterviewFile,
  type RecordsData,
  RecordsFile,
  type ResponsesData,
  ResponsesFile,
  type SituationsData,
  SituationsFile,
  type TopicsData,
  TopicsFile,
  type VerdictsData,
  VerdictsFile,
} from './schema.js';

/** The whole knowledge base, validated. */
export interface Knowledge {
  readonly dir: string;
  readonly article: ArticleData;
  readonly intents: IntentsData;
  readonly figures: FiguresData;
  readonly topics: TopicsData;
  readonly interview: InterviewData;
  readonly verdicts: VerdictsData;
  readonly responses: ResponsesData;
  /** The words of decision records ("write it up"). */
  readonly records: RecordsData;
  readonly classifier: ClassifierData;
  /** Training data of the situation reader; absent when started from the bundle (the trained reader is there). */
  readonly situations?: SituationsData;
  /** Training phrases of the control model. */
  readonly controls: ControlsData;
}

const FILES = {
  article: ['article.yaml', ArticleFile],
  intents: ['intents.yaml', IntentsFile],
  figures: ['figures.yaml', FiguresFile],
  topics: ['topics.yaml', TopicsFile],
  interview: ['interview.yaml', InterviewFile],
  verdicts: ['verdicts.yaml', VerdictsFile],
  responses: ['responses.yaml', ResponsesFile],
  records: ['records.yaml', RecordsFile],
  classifier: ['classifier.yaml', ClassifierFile],
  situations: ['situations.yaml', SituationsFile],
  controls: ['controls.yaml', ControlsFile],
} as const;

/** Formats a zod issue path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

function readOne<S extends z.ZodType>(dir: string, file: string, schema: S, problems: string[]): z.infer<S> | undefined {
  const where = `knowledge/${file}`;
  let raw: string;
  try {
    raw = readFileSync(join(dir, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push(`${where}: cannot read the file (${code ?? 'error'})`);
    return undefined;
  }
  let doc: unknown;
  try {
    doc = parse(raw, { prettyErrors: true });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const pos = err.linePos?.[0];
      problems.push(`${where}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML syntax error: ${err.message.split('\n')[0]}`);
      return undefined;
    }
    throw err;
  }
  const result = schema.safeParse(doc);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(`${where}: ${formatPath(issue.path)}: ${issue.message}`);
    return undefined;
  }
  return result.data;
}

/** Reads every knowledge file; throws AppError KNOWLEDGE_INVALID listing all problems found. */
export function loadKnowledge(dir: string): Knowledge {
  const problems: string[] = [];
  const parts: Record<string, unknown> = {};
  for (const [key, [file, schema]] of Object.entries(FILES)) {
    parts[key] = readOne(dir, file, schema, problems);
  }
  problems.push(...crossCheck(parts as Partial<Omit<Knowledge, 'dir'>>));
  if (problems.length > 0) {
    throw new AppError('KNOWLEDGE_INVALID', `The knowledge base in ${dir} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      problems,
    });
  }
  return { dir, ...(parts as unknown as Omit<Knowledge, 'dir'>) };
}
