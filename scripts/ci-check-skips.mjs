#!/usr/bin/env node
// CI: reads vitest's JSON report, prints "N passed, N failed, N skipped", and fails when a test that CI must run
// was skipped (or is missing altogether), e.g. the Redis suites when redis-server could not be found.
//
// Usage: node scripts/ci-check-skips.mjs REPORT.json PATTERN...
// A PATTERN matches a test when its file path or full name contains it (case-insensitive).
// Exit codes: 0 fine, 1 a required test was skipped or none matched a pattern, 2 wrong usage or unreadable report.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [report, ...patterns] = process.argv.slice(2);
if (!report) {
  process.stderr.write('usage: node scripts/ci-check-skips.mjs REPORT.json PATTERN...\n');
  process.exit(2);
}

let r;
try {
  r = JSON.parse(readFileSync(report, 'utf8'));
} catch (err) {
  process.stderr.write(`ci-check-skips: cannot read ${report}: ${err.message}\n`);
  process.exit(2);
}

// A plain closing line for readers that do not know vitest's summary.
process.stdout.write(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped\n`);

const SKIPPED = new Set(['skipped', 'pending', 'todo', 'disabled']);
const tests = (r.testResults ?? []).flatMap((file) =>
  (file.assertionResults ?? []).map((t) => ({ file: relative(process.cwd(), file.name ?? ''), name: t.fullName ?? t.title ?? '', status: t.status })),
);

let failed = false;
for (const pattern of patterns) {
  const needle = pattern.toLowerCase();
  const matching = tests.filter((t) => t.file.toLowerCase().includes(needle) || t.name.toLowerCase().includes(needle));
  if (matching.length === 0) {
    process.stderr.write(`ci-check-skips: no test matches "${pattern}": CI must run it\n`);
    failed = true;
    continue;
  }
  const skipped = matching.filter((t) => SKIPPED.has(t.status));
  for (const t of skipped) process.stderr.write(`ci-check-skips: skipped, but CI must run it ("${pattern}"): ${t.file} > ${t.name}\n`);
  if (skipped.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
