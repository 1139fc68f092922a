// `npm test`: the whole suite, as CI runs it.
//   1. type check (tsc)
//   2. unit and integration tests (Vitest; its global setup starts a throw-away local stack with
//      real PostgreSQL, the auth server, and the real xtb/obabel binaries where tests need them)
//   3. end-to-end tests (Playwright on Debian's Chromium; it starts the app with `npm start`
//      on a fresh data directory and its own ports)
// Arguments after `--` go to nothing; run the parts alone with `npm run test:unit` / `test:e2e`.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function step(name: string, command: string, args: string[]): Promise<number> {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    child.on('exit', (code, signal) => {
      console.log(`=== ${name}: ${code === 0 ? 'ok' : `failed (${signal ?? code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
      resolve(code ?? 1);
    });
  });
}

const results: [string, number][] = [];
results.push(['type check', await step('type check', bin('tsc'), ['--noEmit', '-p', '.'])]);
results.push(['unit and integration', await step('unit and integration (vitest)', bin('vitest'), ['run'])]);
results.push(['end-to-end', await step('end-to-end (playwright)', bin('playwright'), ['test'])]);

const failed = results.filter(([, code]) => code !== 0);
console.log(`\nsummary: ${results.map(([n, c]) => `${n} ${c === 0 ? 'ok' : 'FAILED'}`).join(', ')}`);
process.exit(failed.length ? 1 : 0);
