// Benchmark (not a test): batch export. Writes N stored calculations (default 100,000; 90% succeeded
// with per-atom data) in set-based statements, then streams each format through the same path as the
// route handler (cursor → exporter → Response body) and prints rows/s, bytes and peak RSS — which
// should stay flat: the cursor fetches in chunks and the stream is pulled at the reader's pace.
// Each format is exported --repeat times (default 3) in turn, and its median rate printed with each
// run's: single runs on this machine vary by ±15%.
//   node --conditions=react-server scripts/bench-export.ts [--n 100000] [--repeat 3] [--existing]
// Starts its own throw-away embedded stack (.data/bench-export, ports QF_BENCH_PG_PORT/QF_BENCH_AUTH_PORT,
// default 61652/61651); with --existing it uses the database of DATABASE_URL (an owner/admin login: it
// creates a user and writes past RLS) and leaves the batch there.
import { parseArgs } from 'node:util';
import { startThrowawayStack } from './throwaway-stack.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '100000' }, repeat: { type: 'string', default: '3' }, existing: { type: 'boolean', default: false } },
});
const target = Number(values.n);
const repeat = Math.max(1, Number(values.repeat));

let stop = async () => {};
if (!values.existing) {
  // Seeding writes past RLS (and creates a user); the export itself runs under the user's claims.
  const stack = await startThrowawayStack({
    dataDir: '.data/bench-export',
    pgPort: process.env.QF_BENCH_PG_PORT ?? '61652',
    authPort: process.env.QF_BENCH_AUTH_PORT ?? '61651',
    asSuperuser: true,
  });
  stop = () => stack.stop();
}

const { getPool, closePool } = await import('../lib/db/pool.ts');
const { createUser } = await import('../lib/jobs/test-support.ts');
const { seedStoredBatch } = await import('../lib/batches/stored-batch-fixture.ts');
const { exportBatch } = await import('../lib/batches/export-batch.ts');
const { streamChunks } = await import('../lib/batches/export-stream.ts');

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

try {
  const user = await createUser('researcher', 'bench-export');
  let t = performance.now();
  const batchId = await seedStoredBatch(getPool(), user.id, target, 'bench export');
  console.log(`stored ${target.toLocaleString('en-US')} calculations in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await getPool().query('analyze public.calculations, public.batch_items, public.atomic_properties, public.calculation_execution_metrics');

  const formats = ['csv', 'jsonl', 'sdf', 'zip'] as const;
  const runs = new Map(formats.map((format) => [format, [] as { seconds: number; bytes: number; baseline: number; peak: number }[]]));
  for (let round = 0; round < repeat; round++) {
    for (const format of formats) {
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);
      t = performance.now();
      const exported = await exportBatch(user.claims, batchId, format);
      if (!exported) throw new Error('the batch is not visible to its owner');
      const reader = new Response(streamChunks(exported.chunks)).body!.getReader();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      const seconds = (performance.now() - t) / 1000;
      clearInterval(sampler);
      runs.get(format)!.push({ seconds, bytes, baseline, peak });
    }
  }
  const rate = (seconds: number) => Math.round(target / seconds).toLocaleString('en-US');
  for (const format of formats) {
    const all = runs.get(format)!;
    const median = [...all].sort((a, b) => a.seconds - b.seconds)[Math.floor(all.length / 2)]!;
    const growth = Math.max(...all.map((r) => r.peak - r.baseline));
    console.log(
      `${format.padEnd(5)} ${target.toLocaleString('en-US')} rows: median ${median.seconds.toFixed(2)} s = ${rate(median.seconds)} rows/s ` +
        `(runs: ${all.map((r) => rate(r.seconds)).join(', ')}), ${mb(median.bytes)} written; ` +
        `RSS ${mb(all[0]!.baseline)} before, peak ${mb(Math.max(...all.map((r) => r.peak)))} (at most +${mb(growth)} in a run)`,
    );
  }
} finally {
  await closePool();
  await stop();
}
