// A Vitest reporter added to the default one: at the end of the run it names every test that failed
// and every test that passed only on its retry (CI retries once), each on one line starting with
// `test-outcome:`. `scripts/test.ts` repeats those lines after the end-to-end step, so the end of a
// CI log says which unit or integration test broke even when the log is cut to its last lines.
import type { Reporter, TestCase } from 'vitest/node';

export default class OutcomeReporter implements Reporter {
  private lines: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const name = `${test.module.relativeModuleId} > ${test.fullName}`;
    const result = test.result();
    if (result.state === 'failed') {
      const first = (result.errors?.[0]?.message ?? 'failed').split('\n')[0]!.slice(0, 300);
      this.lines.push(`test-outcome: vitest FAILED ${name}: ${first}`);
    } else if (test.diagnostic()?.flaky) {
      this.lines.push(`test-outcome: vitest passed on retry ${name}`);
    }
  }

  onTestRunEnd(): void {
    if (this.lines.length) console.log(`\n${this.lines.join('\n')}`);
  }
}
