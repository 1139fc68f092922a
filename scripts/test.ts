// `npm test`: the whole suite, as CI runs it.
//   1. type check (tsc), lint (ESLint: Next's rules, typescript-eslint, the layer import rules) and
//      formatting (Prettier --check)
//   2. unit and integration tests (Vitest; its global setup starts a throw-away local stack with
//      real PostgreSQL and the auth server; tests use the real xtb and obabel programs)
//   3. end-to-end tests (Playwright on Debian's Chromium; it starts the app with
//      `node scripts/start.ts --fresh` on its own data directory and ports)
// Run one part with `npm run test:unit` or `npm run test:e2e`.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const ansi = /\x1b\[[0-9;]*m/g;

interface StepResult {
  code: number;
  /** The step's failing and flaky tests, one line each, repeated at the end of the run. */
  outcomes?: string[];
  passed: number;
  failed: number;
  skipped: number;
}

/** Runs a step with its output passed through, counting tests from its summary lines. */
function step(name: string, command: string, args: string[], count: (text: string) => Omit<StepResult, 'code'>): Promise<StepResult> {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString();
      if (output.length > 4_000_000) output = output.slice(-2_000_000);
    });
    child.on('exit', (code, signal) => {
      console.log(`=== ${name}: ${code === 0 ? 'ok' : `failed (${signal ?? code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
      const text = output.replace(ansi, '');
      resolve({ code: code ?? 1, ...count(text), outcomes: outcomesOf(text) });
    });
  });
}

const none = () => ({ passed: 0, failed: 0, skipped: 0 });
/** Vitest's outcome reporter lines, and Playwright's numbered failure headers (failed or flaky). */
const outcomesOf = (text: string) => [
  ...new Set(
    text
      .split('\n')
      .filter((l) => l.startsWith('test-outcome: ') || /^\s+\d+\) \[\w+\] › /.test(l))
      .map((l) => l.replace(/^test-outcome: /, '').trim()),
  ),
];
const lastNumber = (text: string, pattern: RegExp) => {
  const matches = [...text.matchAll(pattern)];
  return matches.length ? Number(matches[matches.length - 1]![1]) : 0;
};
const vitestCounts = (text: string) => {
  const line = text.split('\n').findLast((l) => /^\s*Tests\s/.test(l)) ?? '';
  return {
    passed: lastNumber(line, /(\d+) passed/g),
    failed: lastNumber(line, /(\d+) failed/g),
    skipped: lastNumber(line, /(\d+) skipped/g),
  };
};
const playwrightCounts = (text: string) => ({
  passed: lastNumber(text, /^\s+(\d+) passed/gm),
  failed: lastNumber(text, /^\s+(\d+) failed/gm),
  skipped: lastNumber(text, /^\s+(\d+) skipped/gm),
});

const results: [string, StepResult][] = [];
const onlyE2e = process.argv.includes('--e2e');
if (!onlyE2e) {
  results.push(['type check', await step('type check', bin('tsc'), ['--noEmit', '-p', '.'], none)]);
  results.push(['lint', await step('lint (eslint)', bin('eslint'), ['--max-warnings=0', '.'], none)]);
  results.push(['format', await step('format (prettier --check)', bin('prettier'), ['--check', '--log-level=warn', '.'], none)]);
  results.push(['unit and integration', await step('unit and integration (vitest)', bin('vitest'), ['run'], vitestCounts)]);
}
results.push(['end-to-end', await step('end-to-end (playwright)', bin('playwright'), ['test'], playwrightCounts)]);

const total = results.reduce((sum, [, r]) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }), none());
const failedSteps = results.filter(([, r]) => r.code !== 0).map(([n]) => n);
const outcomes = results.flatMap(([n, r]) => (r.outcomes ?? []).map((o) => `  ${n}: ${o}`));
if (outcomes.length) console.log(`\nfailed or flaky tests:\n${outcomes.join('\n')}`);
console.log(`\nsteps: ${results.map(([n, r]) => `${n} ${r.code === 0 ? 'ok' : 'FAILED'}`).join(', ')}`);
if (failedSteps.length && total.failed === 0) total.failed = failedSteps.length; // a step that failed without a failing test
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
// A runner that counted failures fails the run even if its own exit code said otherwise.
process.exit(failedSteps.length || total.failed ? 1 : 0);
