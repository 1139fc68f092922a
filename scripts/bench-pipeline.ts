// Benchmark (not a test): N molecules as batches through the whole pipeline (upload analysis →
// batch creation → pg-boss → worker: Open Babel embedding + xtb GFN2 → stored), and in the same run
// the same obabel + xtb commands directly with the same parallelism. The molecules are split into
// chunks and the two alternate chunk by chunk (pipeline then direct, then direct then pipeline, …)
// so that the load other programs put on the machine falls on both. Prints both throughputs, their
// ratio, failures by class, and the submit-to-stored latency of a small molecule submitted alone.
//   node --conditions=react-server scripts/bench-pipeline.ts [--csv FILE] [--n 40] [--chunks 4]
//        [--task opt|sp] [--latency 20] [--concurrency <cores>]
// --csv: the first N data rows of a CSV file (as a batch upload reads it: a smiles column, or the
// first column); without it, a built-in list of 40 drug-like molecules (repeated up to N).
// Starts its own throw-away embedded stack (.data/bench-pipeline, ports QF_BENCH_PG_PORT /
// QF_BENCH_AUTH_PORT, default 61632/61631).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startThrowawayStack } from './throwaway-stack.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '40' },
    latency: { type: 'string', default: '20' },
    concurrency: { type: 'string' },
    csv: { type: 'string' },
    chunks: { type: 'string', default: '4' },
    task: { type: 'string', default: 'opt' },
  },
});
if (values.task !== 'opt' && values.task !== 'sp') throw new Error('--task is opt or sp');
const concurrency = Number(values.concurrency ?? os.availableParallelism());
process.env.QF_WORKER_CONCURRENCY = String(concurrency);
// The direct runs get the thread settings the worker gives xtb (lib/xtb/run-xtb.ts): one OpenMP and
// one BLAS thread, xtb's stack size. Without the BLAS setting each direct xtb started a BLAS thread
// per core, and the two running at once oversubscribed the cores (the direct side ran ~1.5× slower).
Object.assign(process.env, { OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', OMP_MAX_ACTIVE_LEVELS: '1' });
process.env.OMP_STACKSIZE ??= '1G';

// Drug-like molecules (approved drugs and common scaffolds), 10–50 atoms with hydrogens.
const SMILES = [
  'CC(=O)Oc1ccccc1C(=O)O',
  'CC(=O)Nc1ccc(O)cc1',
  'Cn1cnc2c1c(=O)n(C)c(=O)n2C',
  'CC(C)Cc1ccc(cc1)C(C)C(=O)O',
  'COc1ccc2cc(ccc2c1)C(C)C(=O)O',
  'OC(=O)Cc1ccccc1Nc1c(Cl)cccc1Cl',
  'CN1CCC[C@H]1c1cccnc1',
  'CC(C)NCC(O)COc1cccc2ccccc12',
  'CN(C)CCCN1c2ccccc2CCc2ccccc21',
  'Clc1ccc2c(c1)C(=NCc1ccccc1N2)c1ccccc1',
  'CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21',
  'NC(=O)c1cccnc1',
  'OC(=O)c1ccccc1O',
  'CC1=C(C(=O)OC)C(c2ccccc2[N+](=O)[O-])C(C(=O)OC)=C(C)N1',
  'CCOC(=O)c1ccc(N)cc1',
  'CCN(CC)CC(=O)Nc1c(C)cccc1C',
  'NS(=O)(=O)c1cc(C(=O)O)c(NCc2ccco2)cc1Cl',
  'CC(C)(C)NCC(O)c1ccc(O)c(CO)c1',
  'O=C(O)c1ccccc1',
  'c1ccc2[nH]ccc2c1',
  'CC(=O)N[C@@H](Cc1ccccc1)C(=O)O',
  'OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O',
  'Oc1ccc(cc1)C(=O)c1ccccc1',
  'CCCCOc1ccc(cc1)C(=O)O',
  'CC(C)Oc1ccc(cc1)C(C)=O',
  'c1ccc(cc1)C(=O)Nc1ccccc1',
  'CN(C)C(=N)NC(=N)N',
  'COc1cc(C=O)ccc1O',
  'CC(=O)c1ccc(O)cc1',
  'OCCN1CCN(CC1)c1ccccc1',
  'Cc1ccc(cc1)S(N)(=O)=O',
  'O=C1CCCN1',
  'C1CCC(CC1)NC1CCCCC1',
  'Cc1cc(C)nc(NS(=O)(=O)c2ccc(N)cc2)n1',
  'COc1ccc(CCN)cc1OC',
  'OC(=O)CCc1ccccc1',
  'FC(F)(F)c1ccc(Oc2ccccc2)cc1',
  'CC(C)C(=O)Nc1ccc(cc1)C#N',
  'O=C(O)/C=C/c1ccc(O)c(O)c1',
  'CCOc1ccccc1C(N)=O',
];
const LATENCY_SMILES = 'CCO';

const n = Number(values.n);
const chunkCount = Math.max(1, Number(values.chunks));
/** CSV text (header + rows) per chunk: the first N data rows of the file, or the built-in list. */
async function chunkFiles(): Promise<string[]> {
  let header = 'smiles,name';
  let rows = Array.from({ length: n }, (_, i) => `${SMILES[i % SMILES.length]},built-in ${i + 1}`);
  if (values.csv) {
    const lines = (await readFile(values.csv, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/);
    header = lines[0]!;
    rows = lines
      .slice(1)
      .filter((l) => l.trim() !== '')
      .slice(0, n);
  }
  const size = Math.ceil(rows.length / chunkCount);
  return Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => [header, ...rows.slice(i * size, (i + 1) * size)].join('\n') + '\n');
}

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 64 << 20 }, (error, stdout) => {
      if (error && cmd === 'obabel') reject(error);
      else resolve(stdout);
    });
  });
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (i - lo);
}

// The worker runs in this process: each ended attempt wakes waitAll, which then reads the statuses
// once (polling the database every few milliseconds instead cost the pipeline side CPU that the
// direct side does not pay).
let attemptsEnded = 0;
let onAttemptEnded: (() => void) | null = null;
function attemptEnded() {
  attemptsEnded += 1;
  onAttemptEnded?.();
}

const stack = await startThrowawayStack({ dataDir: '.data/bench-pipeline', pgPort: '61632', authPort: '61631', asSuperuser: true });

// Imported after DATABASE_URL is set (the pool reads it on first use).
const { getPool, closePool } = await import('../lib/db/pool.ts');
const { submitCalculation } = await import('../lib/jobs/submit-calculation.ts');
const { toXtbParameters } = await import('../lib/calculations/map-parameters.ts');
const { startWorker } = await import('../lib/jobs/worker.ts');
const { stopBoss } = await import('../lib/jobs/queue.ts');
const { createUser } = await import('../lib/jobs/test-support.ts');
const { buildXtbArgs } = await import('../lib/xtb/build-xtb-args.ts');
const { DEFAULT_CALCULATION_PARAMS } = await import('../lib/calculations/parameters.ts');
const { analyseUpload } = await import('../lib/batches/analyse-upload.ts');
const { stageUpload } = await import('../lib/batches/stage-upload.ts');
const { createBatchFromUpload } = await import('../lib/batches/create-batch.ts');

const params = { ...DEFAULT_CALCULATION_PARAMS, task: values.task as 'opt' | 'sp', optLevel: 'normal' as const };
const succeededText = values.task === 'opt' ? 'GEOMETRY OPTIMIZATION CONVERGED' : 'TOTAL ENERGY';
try {
  const user = await createUser('researcher', 'bench');
  // The benchmark submits faster than fair use allows one account: no limits for this one.
  await getPool().query(
    `insert into public.usage_limits (name, user_id, value) values ('max_active_calculations', $1, null), ('max_submissions_per_minute', $1, null)`,
    [user.id],
  );
  const worker = await startWorker({ concurrency, log: () => {}, onAttempt: attemptEnded });

  // Warm-up (RDKit load, self-check, first connections): one job, not counted.
  const warm = await submitCalculation(user, { format: 'smiles', text: 'C', params });
  await waitAll([warm.calculationId]);

  // 1 and 2, chunk by chunk: the pipeline (a batch) and the same obabel + xtb commands directly.
  const args = buildXtbArgs(toXtbParameters(params));
  const directFailures = new Map<string, number>();
  let analyseS = 0;
  let pipelineS = 0;
  let directS = 0;
  // Per chunk (the same molecules on both sides, run back to back): the machine's slow drifts fall on
  // both, so the chunks' ratios, and their median, say more than the totals alone.
  const chunkSeconds: { pipeline: number; direct: number }[] = [];
  const ids: string[] = [];
  const files = await chunkFiles();
  const defaults = { charge: 0, uhf: 0 };
  for (const [i, file] of files.entries()) {
    // The upload's analysis happens when the file is previewed, before the batch exists: timed apart.
    const t = performance.now();
    const analysis = await analyseUpload({ name: `chunk-${i + 1}.csv`, bytes: new TextEncoder().encode(file) }, defaults);
    const uploadId = await stageUpload(user.claims, analysis, defaults);
    analyseS += (performance.now() - t) / 1000;

    const runPipeline = async () => {
      const start = performance.now();
      const { batchId } = await createBatchFromUpload(user, { uploadId, name: `chunk ${i + 1}`, params });
      const { rows } = await getPool().query<{ id: string; smiles: string }>('select id, input_smiles as smiles from public.calculations where batch_id = $1', [
        batchId,
      ]);
      await waitAll(rows.map((r) => r.id));
      const seconds = (performance.now() - start) / 1000;
      pipelineS += seconds;
      (chunkSeconds[i] ??= { pipeline: 0, direct: 0 }).pipeline = seconds;
      ids.push(...rows.map((r) => r.id));
      return rows.map((r) => r.smiles);
    };
    const runDirect = async (smiles: string[]) => {
      const start = performance.now();
      await pool(smiles, concurrency, async (one) => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'qf-bench-'));
        try {
          const xyz = await run('obabel', [`-:${one}`, '--gen3d', '-oxyz'], dir).catch(() => null);
          if (!xyz || !/^\s*\d+/.test(xyz)) {
            directFailures.set('embedding', (directFailures.get('embedding') ?? 0) + 1);
            return;
          }
          await writeFile(path.join(dir, 'input.xyz'), xyz);
          const out = await run('xtb', args, dir);
          if (!out.includes(succeededText)) directFailures.set('xtb', (directFailures.get('xtb') ?? 0) + 1);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
      const seconds = (performance.now() - start) / 1000;
      directS += seconds;
      (chunkSeconds[i] ??= { pipeline: 0, direct: 0 }).direct = seconds;
    };
    // The valid molecules of the chunk, as the worker will embed them (the analysis's own SMILES).
    const chunkSmiles = analysis.molecules.flatMap((m) => (m.xyz === null ? [m.inputSmiles ?? m.canonicalSmiles ?? ''] : []));
    if (i % 2 === 0) await runDirect(await runPipeline());
    else {
      await runDirect(chunkSmiles);
      await runPipeline();
    }
  }
  const outcome = await waitAll(ids);
  const { rows: sums } = await getPool().query<{ xtb: number; embed: number }>(
    `select sum(m.wall_time_s) as xtb, sum(coalesce(m.embedding_ms, 0)) / 1000 as embed
       from public.calculation_execution_metrics m where m.calculation_id = any($1::uuid[])`,
    [ids],
  );
  const { rows: pipelineFailures } = await getPool().query<{ type: string; n: number }>(
    `select coalesce(error_type, 'unknown') as type, count(*)::int as n from public.calculations
      where id = any($1::uuid[]) and status = 'failed' group by 1 order by 2 desc`,
    [ids],
  );

  // 3. Latency of a small molecule submitted alone (idle worker, woken by NOTIFY).
  const latencies: number[] = [];
  const computeMs: number[] = [];
  for (let i = 0; i < Number(values.latency); i += 1) {
    const start = performance.now();
    const { calculationId } = await submitCalculation(user, { format: 'smiles', text: LATENCY_SMILES, params });
    await waitAll([calculationId]);
    latencies.push(performance.now() - start);
    const { rows } = await getPool().query<{ ms: number }>(
      `select (wall_time_s * 1000 + coalesce(embedding_ms, 0)) as ms from public.calculation_execution_metrics where calculation_id = $1`,
      [calculationId],
    );
    computeMs.push(rows[0]?.ms ?? NaN);
  }
  latencies.sort((a, b) => a - b);
  computeMs.sort((a, b) => a - b);

  const count = ids.length;
  const pipelineRate = count / pipelineS;
  const directRate = count / directS;
  const classes = (entries: [string, number][]) => entries.map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  console.log(
    `molecules: ${count} (${values.csv ? `first ${n} rows of ${values.csv}` : 'built-in drug-like SMILES'}) in ${files.length} chunks, ` +
      `GFN2 ${values.task === 'opt' ? '--opt normal' : 'single point'}, concurrency ${concurrency} (cores ${os.availableParallelism()}), OMP_NUM_THREADS=1; ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  console.log(`upload analysis (preview, before the batch exists): ${analyseS.toFixed(2)} s, ${((analyseS / count) * 1000).toFixed(1)} ms per molecule`);
  console.log(
    `pipeline: ${pipelineS.toFixed(2)} s, ${pipelineRate.toFixed(3)} molecules/s (${outcome.succeeded} succeeded, ${outcome.failed} failed); ` +
      `worker time in obabel ${Number(sums[0]?.embed ?? 0).toFixed(2)} s + xtb ${Number(sums[0]?.xtb ?? 0).toFixed(2)} s`,
  );
  console.log(`direct:   ${directS.toFixed(2)} s, ${directRate.toFixed(3)} molecules/s`);
  // A chunk's ratio of rates is direct time over pipeline time (same molecules on both sides).
  const chunkRatios = chunkSeconds.map((c) => c.direct / c.pipeline);
  console.log(
    `per-chunk ratios: ${chunkRatios.map((r) => r.toFixed(3)).join(' ')}; median ${quantile(
      [...chunkRatios].sort((a, b) => a - b),
      0.5,
    ).toFixed(3)}`,
  );
  console.log(`ratio pipeline/direct: ${(pipelineRate / directRate).toFixed(3)}`);
  console.log(`failures by class: pipeline ${classes(pipelineFailures.map((f) => [f.type, f.n]))}; direct ${classes([...directFailures])}`);
  if (latencies.length > 0)
    console.log(
      `latency submit→stored (${LATENCY_SMILES}, alone, n=${latencies.length}): median ${quantile(latencies, 0.5).toFixed(1)} ms, ` +
        `p95 ${quantile(latencies, 0.95).toFixed(1)} ms; of which obabel+xtb median ${quantile(computeMs, 0.5).toFixed(1)} ms`,
    );
  await worker.stop();
} finally {
  await stopBoss();
  await closePool();
  await stack.stop();
}

async function waitAll(ids: string[]): Promise<{ succeeded: number; failed: number }> {
  const { getPool: pool_ } = await import('../lib/db/pool.ts');
  for (;;) {
    const seen = attemptsEnded;
    const { rows } = await pool_().query<{ succeeded: number; failed: number; open: number }>(
      `select count(*) filter (where status = 'succeeded')::int as succeeded,
              count(*) filter (where status in ('failed', 'cancelled'))::int as failed,
              count(*) filter (where status in ('queued', 'running'))::int as open
         from public.calculations where id = any($1::uuid[])`,
      [ids],
    );
    if (rows[0]!.open === 0) return rows[0]!;
    if (attemptsEnded !== seen) continue;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 1_000);
      function done() {
        clearTimeout(timer);
        onAttemptEnded = null;
        resolve();
      }
      onAttemptEnded = done;
    });
  }
}
