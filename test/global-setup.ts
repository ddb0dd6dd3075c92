/**
 * Runs once in vitest's main process, before any test: says in one line which suites a local run skips
 * and why. (Tests themselves may not print: test/setup.ts fails them.)
 */
export default function setup(): void {
  if (!process.env.ARTICLE_PATH) {
    process.stderr.write('skipped: the suite "traceability to the article" (ARTICLE_PATH is not set; CI sets it to ../shared/seed/docker-vs-vm-article.txt)\n');
  }
}
