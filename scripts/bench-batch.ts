// Benchmark (not a test): creating and enqueuing a batch. Generates distinct drug-like SMILES, runs
// the upload analysis (parsing, then RDKit canonicalisation and InChIKeys: done at preview time) and
// stages it, then times "Create batch" — batch, molecules, items, calculations and pg-boss jobs in one
// transaction — for 1,000 and 10,000 molecules (the latter --runs times), each by a fresh user (so
// every molecule is new), with the time of each phase up to the commit and the load average. Workers
// are not started: this measures creating and enqueuing only.
//   node --conditions=react-server scripts/bench-batch.ts [--n 10000] [--runs 3]
// Starts its own throw-away embedded stack (.data/bench-batch, ports QF_BENCH_PG_PORT/QF_BENCH_AUTH_PORT,
// default 61642/61641).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startThrowawayStack } from './throwaway-stack.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } });
const target = Number(values.n);
const runs = Math.max(1, Number(values.runs));

const HEADS = ['c1ccccc1', 'CC(=O)N', 'OC(=O)', 'N#C', 'FC(F)(F)', 'Clc1ccc(cc1)', 'CO', 'CCN(CC)', 'O=C1CCCN1', 'c1ccncc1', 'Brc1ccc(cc1)', 'CS(=O)(=O)'];
const MIDDLES = ['', 'C(C)', 'C(O)', 'C(F)', 'C(Cl)', 'C(N)', 'C(=O)', 'O', 'N', 'S'];
const TAILS = ['O', 'N', 'C(=O)O', 'Cl', 'F', 'C#N', 'c1ccccc1', 'S', 'OC', 'C(N)=O'];

/** Distinct molecules by construction (head, chain length, middle group, tail). */
function generateSmiles(count: number): string[] {
  const out: string[] = [];
  for (let chain = 1; out.length < count; chain++) {
    for (const head of HEADS)
      for (const middle of MIDDLES)
        for (const tail of TAILS) {
          out.push(`${head}${'C'.repeat(chain)}${middle}C${tail}`);
        }
  }
  return out.slice(0, count);
}

const stack = await startThrowawayStack({
  dataDir: '.data/bench-batch',
  pgPort: process.env.QF_BENCH_PG_PORT ?? '61642',
  authPort: process.env.QF_BENCH_AUTH_PORT ?? '61641',
  asSuperuser: true,
});

const { getPool, closePool } = await import('../lib/db/pool.ts');
const { analyseRows } = await import('../lib/batches/analyse-upload.ts');
const { splitRows } = await import('../lib/batches/split-rows.ts');
const { ROW_LABEL } = await import('../lib/batches/upload-file.ts');
const { stageUpload } = await import('../lib/batches/stage-upload.ts');
const { createBatchFromUpload } = await import('../lib/batches/create-batch.ts');
const { getBoss, stopBoss } = await import('../lib/jobs/queue.ts');
const { getMethodAvailability } = await import('../lib/jobs/method-availability.ts');
const { createUser } = await import('../lib/jobs/test-support.ts');
const { DEFAULT_CALCULATION_PARAMS } = await import('../lib/calculations/parameters.ts');

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

try {
  // What a running web server has already done once: pg-boss started, the xtb self-check cached.
  await getBoss();
  await getMethodAvailability();

  const smiles = generateSmiles(Math.ceil(target * 1.03) + 50);
  const csv = `smiles,name\n${smiles.map((s, i) => `${s},bench-${i + 1}`).join('\n')}\n`;
  let t = performance.now();
  const split = splitRows('csv', csv);
  const parseMs = performance.now() - t;
  t = performance.now();
  const analysis = await analyseRows({ fileName: 'bench.csv', format: 'csv', rowLabel: ROW_LABEL.csv }, split, { charge: 0, uhf: 0 });
  const analyseMs = performance.now() - t;
  console.log(
    `preview of ${analysis.totalRows} rows: parse/validate ${seconds(parseMs)}; canonicalisation and InChIKeys (RDKit) ${seconds(analyseMs)}` +
      ` = ${(analyseMs / analysis.totalRows).toFixed(2)} ms per molecule` +
      ` (${analysis.molecules.length} valid, ${analysis.duplicates.length} duplicates, ${analysis.invalid.length} invalid); load average ${load()}`,
  );
  if (analysis.molecules.length < target) throw new Error(`only ${analysis.molecules.length} distinct molecules generated`);

  const params = { ...DEFAULT_CALCULATION_PARAMS, task: 'opt' as const };
  const totals: number[] = [];
  for (const size of [1_000, ...Array<number>(runs).fill(target)]) {
    const user = await createUser('researcher', `bench-batch-${size}`);
    const slice = { ...analysis, molecules: analysis.molecules.slice(0, size), invalid: [], duplicates: [] };
    t = performance.now();
    const uploadId = await stageUpload(user.claims, slice, { charge: 0, uhf: 0 });
    const stageMs = performance.now() - t;
    t = performance.now();
    const steps: string[] = [];
    const created = await createBatchFromUpload(
      user,
      { uploadId, name: `bench ${size}`, params },
      {
        onStep: (step, ms) => steps.push(`${step} ${ms.toFixed(0)} ms`),
      },
    );
    const createMs = performance.now() - t;
    if (size === target) totals.push(createMs);
    const { rows } = await getPool().query<{ jobs: number; items: number; calculations: number }>(
      `select (select count(*) from pgboss.job j join public.calculations c on c.job_id = j.id::text where c.batch_id = $1)::int as jobs,
              (select count(*) from public.batch_items where batch_id = $1)::int as items,
              (select count(*) from public.calculations where batch_id = $1)::int as calculations`,
      [created.batchId],
    );
    const counts = rows[0]!;
    console.log(
      `create ${size.toLocaleString('en-US')} molecules: ${seconds(createMs)} (${(createMs / (size / 1000)).toFixed(0)} ms per 1,000)` +
        `; staging the preview ${seconds(stageMs)}; stored ${counts.calculations} calculations, ${counts.items} items, ${counts.jobs} queued jobs` +
        `; load average ${load()}`,
    );
    console.log(`  steps: ${steps.join(', ')}`);
    if (counts.jobs !== size || counts.items !== size || counts.calculations !== size) throw new Error('counts do not match');
  }
  totals.sort((a, b) => a - b);
  console.log(
    `create ${target.toLocaleString('en-US')}: ${totals.map(seconds).join(', ')} (median ${seconds(totals[Math.floor(totals.length / 2)]!)}); load average ${load()}`,
  );
} finally {
  await stopBoss();
  await closePool();
  await stack.stop();
}
