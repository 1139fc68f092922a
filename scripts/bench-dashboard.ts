// Benchmark (not a test): each dashboard panel query exactly as the page runs it (service role
// after the permission check), over the last hour, 24 hours, 7 and 30 days of the database `npm run seed:scale` filled.
// Prints p50/p95 per panel and range.
//   node --conditions=react-server scripts/bench-dashboard.ts [--runs 20]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startScaleStack } from './scale-stack.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Math.max(2, Number(values.runs));

const stack = await startScaleStack({ fresh: false });
const { loadPanel, PANELS } = await import('../lib/dashboard/panels.ts');
const { closePool } = await import('../lib/db/pool.ts');
const { RANGE_PRESETS } = await import('../lib/dashboard/range.ts');

const admin = new pg.Client({ connectionString: stack.adminDatabaseUrl });
await admin.connect();
const found = await admin.query<{ id: string; email: string; n: number }>(
  `select p.id, p.email, (select count(*)::int from public.calculations) as n from public.profiles p where p.email = 'scale-1@example.test'`,
);
await admin.end();
if (!found.rows[0]) throw new Error('no seeded database: run npm run seed:scale first');
const { n } = found.rows[0];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`${n} calculations; ${runs} runs per panel and range (after one warm-up); load average ${load()}`);
console.log(['panel', 'range', 'p50 ms', 'p95 ms'].join('\t'));
try {
  for (const [preset, { ms }] of Object.entries(RANGE_PRESETS)) {
    for (const panel of PANELS) {
      const times: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const to = new Date();
        const t = performance.now();
        await loadPanel({ role: 'admin' }, panel, { from: new Date(to.getTime() - ms), to });
        if (i > 0) times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log([panel, preset, pct(times, 0.5).toFixed(1), pct(times, 0.95).toFixed(1)].join('\t'));
    }
  }
  console.log(`load average at the end ${load()}`);
} finally {
  await closePool();
  await stack.stop();
}
