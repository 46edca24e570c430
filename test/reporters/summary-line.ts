/**
 * Prints one plain closing line after vitest's own summary — `Tests: N
 * passed, N failed, N skipped` — so CI logs that do not know vitest's
 * summary can still count what ran. Counting happens when the run ends; the
 * line is written as the process exits, after every other reporter.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      const tests = [...m.children.allTests()];
      for (const t of tests) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that fails to load has no tests but is still a failure.
      if (m.state() === 'failed' && tests.length === 0) failed++;
    }
    process.once('exit', () => process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`));
  }
}
