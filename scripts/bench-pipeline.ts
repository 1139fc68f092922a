// Benchmark (not a test): N molecules through the whole pipeline (submitCalculation → pg-boss →
// worker: Open Babel embedding + xtb GFN2 optimisation → stored), and in the same run the same
// obabel + xtb commands directly with the same parallelism. Prints both throughputs, their ratio,
// and the submit-to-stored latency of a small molecule submitted alone (median, p95).
//   node --conditions=react-server scripts/bench-pipeline.ts [--n 40] [--latency 20] [--concurrency <cores>]
// Starts its own throw-away embedded stack (.data/bench-pipeline, ports 61631/61632).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startThrowawayStack } from './throwaway-stack.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '40' }, latency: { type: 'string', default: '20' }, concurrency: { type: 'string' } },
});
const concurrency = Number(values.concurrency ?? os.availableParallelism());
process.env.QF_WORKER_CONCURRENCY = String(concurrency);
process.env.OMP_NUM_THREADS = '1';

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
const molecules = Array.from({ length: n }, (_, i) => SMILES[i % SMILES.length]!);

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

const params = { ...DEFAULT_CALCULATION_PARAMS, task: 'opt' as const, optLevel: 'normal' as const };
try {
  const user = await createUser('researcher', 'bench');
  // The benchmark submits faster than fair use allows one account: no limits for this one.
  await getPool().query(
    `insert into public.usage_limits (name, user_id, value) values ('max_active_calculations', $1, null), ('max_submissions_per_minute', $1, null)`,
    [user.id],
  );
  const worker = await startWorker({ concurrency, log: () => {} });

  // Warm-up (RDKit load, self-check, first connections): one job, not counted.
  const warm = await submitCalculation(user, { format: 'smiles', text: 'C', params });
  await waitAll([warm.calculationId]);

  // 1. Pipeline.
  const t0 = performance.now();
  const ids: string[] = [];
  for (const smiles of molecules) ids.push((await submitCalculation(user, { format: 'smiles', text: smiles, params })).calculationId);
  const outcome = await waitAll(ids);
  const pipelineS = (performance.now() - t0) / 1000;
  const { rows: sums } = await getPool().query<{ xtb: number; embed: number }>(
    `select sum(m.wall_time_s) as xtb, sum(coalesce(m.embedding_ms, 0)) / 1000 as embed
       from public.calculation_execution_metrics m where m.calculation_id = any($1::uuid[])`,
    [ids],
  );

  // 2. The same commands directly, same parallelism.
  const args = buildXtbArgs(toXtbParameters(params));
  let directOk = 0;
  const t1 = performance.now();
  await pool(molecules, concurrency, async (smiles) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qf-bench-'));
    try {
      const xyz = await run('obabel', [`-:${smiles}`, '--gen3d', '-oxyz'], dir);
      await writeFile(path.join(dir, 'input.xyz'), xyz);
      const out = await run('xtb', args, dir);
      if (out.includes('GEOMETRY OPTIMIZATION CONVERGED')) directOk += 1;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  const directS = (performance.now() - t1) / 1000;

  // 3. Latency of a small molecule submitted alone (idle worker, woken by NOTIFY).
  const latencies: number[] = [];
  const computeMs: number[] = [];
  for (let i = 0; i < Number(values.latency); i += 1) {
    const start = performance.now();
    const { calculationId } = await submitCalculation(user, { format: 'smiles', text: LATENCY_SMILES, params });
    await waitAll([calculationId], 2);
    latencies.push(performance.now() - start);
    const { rows } = await getPool().query<{ ms: number }>(
      `select (wall_time_s * 1000 + coalesce(embedding_ms, 0)) as ms from public.calculation_execution_metrics where calculation_id = $1`,
      [calculationId],
    );
    computeMs.push(rows[0]?.ms ?? NaN);
  }
  latencies.sort((a, b) => a - b);
  computeMs.sort((a, b) => a - b);

  const pipelineRate = n / pipelineS;
  const directRate = n / directS;
  console.log(`molecules: ${n} drug-like SMILES, GFN2 --opt normal, concurrency ${concurrency} (cores ${os.availableParallelism()}), OMP_NUM_THREADS=1`);
  console.log(
    `pipeline: ${pipelineS.toFixed(2)} s, ${pipelineRate.toFixed(2)} molecules/s (${outcome.succeeded} succeeded, ${outcome.failed} failed); ` +
      `worker time in obabel ${Number(sums[0]?.embed ?? 0).toFixed(2)} s + xtb ${Number(sums[0]?.xtb ?? 0).toFixed(2)} s`,
  );
  console.log(`direct:   ${directS.toFixed(2)} s, ${directRate.toFixed(2)} molecules/s (${directOk} converged)`);
  console.log(`ratio pipeline/direct: ${(pipelineRate / directRate).toFixed(3)}`);
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

async function waitAll(ids: string[], everyMs = 20): Promise<{ succeeded: number; failed: number }> {
  const { getPool: pool_ } = await import('../lib/db/pool.ts');
  for (;;) {
    const { rows } = await pool_().query<{ succeeded: number; failed: number; open: number }>(
      `select count(*) filter (where status = 'succeeded')::int as succeeded,
              count(*) filter (where status in ('failed', 'cancelled'))::int as failed,
              count(*) filter (where status in ('queued', 'running'))::int as open
         from public.calculations where id = any($1::uuid[])`,
      [ids],
    );
    if (rows[0]!.open === 0) return rows[0]!;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
