/** The `--help` text, listing every command and variable. */
import { VARIABLES } from '../config.js';

export function helpText(): string {
  const vars = VARIABLES.map(([name, what]) => `  ${name.padEnd(24)} ${what}`).join('\n');
  return `runtime-advice: Docker containers or virtual machines? Answers and a recommendation from one comparison article.

Usage:
  runtime-advice                      serve Slack/Teams when their credentials are set, else the local chat
  runtime-advice serve                serve Slack (HTTP or Socket Mode) and Teams on one port
  runtime-advice chat [--json]        chat on stdin/stdout (--json: one JSON line per bot turn)
  runtime-advice ask [--json] [TEXT]  answer one question; with no TEXT, one question per stdin line
  runtime-advice recommend [--json] [--adr] [--answer SLOT=VALUE]...
                                      the verdict for given answers; with no --answer, one
                                      {"answers": {...}} or {"text": "..."} JSON object per stdin line;
                                      --adr prints it as a decision record (Markdown)
  runtime-advice validate             check knowledge/ and manifest.json
  runtime-advice eval FILE.jsonl [--json] [--baseline] [--tune]
                                      score labelled lines ({"text","intent"}, {"text","control"} or
                                      {"text"|"answers","verdict"});
                                      --baseline adds natural's BayesClassifier, --tune suggests the
                                      out-of-scope threshold for knowledge/classifier.yaml
  runtime-advice train                train the intent and control models and cache them (run by npm run build)

Options:
  --knowledge DIR   use another knowledge folder (default: the bundled knowledge/)
  -h, --help        this text;  -v, --version  the version

Exit codes: 0 ok, 1 a check failed, 2 wrong usage.

Environment variables:
${vars}
`;
}
