// Workers on several machines sharing one PostgreSQL: three worker processes (as `npm run worker`
// on three hosts), one killed with SIGKILL in the middle of a job, and PostgreSQL restarted once
// while the batch runs. Every item ends exactly once and the batch finishes. This file restarts
// its database, so it runs on a stack of its own (own data directory and free ports), never on
// the one the other test files share.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { localStackConfig } from '../../supabase/local/config.ts';
import { startLocalStack, type LocalStack } from '../../supabase/local/stack.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../calculations/parameters.ts';
import { closePool, getPool } from '../db/pool.ts';
import { getPipelineHealth } from './health.ts';
import { stopBoss } from './queue.ts';
import { createCsvBatch, createUser, smallMoleculesCsv, waitUntil } from './test-support.ts';

const ITEMS = 24;
const HOSTS = ['worker-host-a', 'worker-host-b', 'worker-host-c'];
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = path.join(root, '.data', `test-many-workers-${process.pid}`);

let stack: LocalStack;
const workers = new Map<string, ChildProcess>();
const workerLogs = new Map<string, string[]>();

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A worker process as an operator starts one on another machine: `npm run worker` with DATABASE_URL and a host name. */
function startWorkerProcess(host: string): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=react-server', path.join(root, 'scripts/worker.ts')], {
    cwd: root,
    env: {
      ...process.env,
      // The app's least-privilege login, as a worker elsewhere would use.
      DATABASE_URL: stack.env.DATABASE_URL,
      QF_WORKER_HOST: host,
      QF_WORKER_CONCURRENCY: '1',
      QF_WORKER_MAINTENANCE: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  workerLogs.set(host, lines);
  child.stdout!.on('data', (d: Buffer) => lines.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => lines.push(d.toString()));
  workers.set(host, child);
  return child;
}

/** Is the worker process running a job right now (an obabel or xtb child of its own)? */
async function busy(child: ChildProcess): Promise<boolean> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'comm=', '--ppid', String(child.pid)]).catch(() => ({ stdout: '' }));
  return /\b(xtb|obabel)\b/.test(stdout);
}

beforeAll(async () => {
  const config = localStackConfig({ ...process.env, QF_DATA_DIR: dataDir, QF_PG_PORT: String(await freePort()), QF_AUTH_PORT: String(await freePort()) });
  await rm(dataDir, { recursive: true, force: true });
  stack = await startLocalStack({ config, log: () => {} });
  // This process (batch creation, checks) talks to this stack only; nothing has connected yet.
  Object.assign(process.env, stack.env, {
    DATABASE_URL: stack.adminDatabaseUrl,
    QF_APP_DATABASE_URL: stack.env.DATABASE_URL,
    // A silent worker's job is handed on after 10 s (the shortest heartbeat), looked for every second.
    QF_JOB_HEARTBEAT_SECONDS: '10',
    QF_QUEUE_MONITOR_SECONDS: '1',
    QF_JOB_RETRY_DELAY_SECONDS: '1',
    QF_JOB_RETRY_DELAY_MAX_SECONDS: '2',
    QF_WORKER_POLL_MS: '250',
    OMP_NUM_THREADS: '1',
  });
}, 120_000);

afterAll(async () => {
  for (const child of workers.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await stopBoss();
  await closePool();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('three workers on one database', () => {
  it('finish a batch with every item stored exactly once, through a killed worker and a PostgreSQL restart', async () => {
    // What the workers said, when something went wrong.
    onTestFailed(() => {
      for (const [host, lines] of workerLogs) console.log(`--- ${host}\n${lines.join('').slice(-4000)}`);
    });
    // The workers come up first and set up the queue as the app's login (this process connects as
    // the superuser, whose tables the app could not use).
    for (const host of HOSTS) startWorkerProcess(host);
    await waitUntil(async () => HOSTS.every((host) => workerLogs.get(host)!.join('').includes('concurrent jobs')), 60_000, 'three workers to start');
    const user = await createUser('researcher', 'many-workers');
    const { batchId } = await createCsvBatch(user, 'many workers', smallMoleculesCsv(ITEMS, 'mw'), { ...DEFAULT_CALCULATION_PARAMS, task: 'sp' });

    const succeeded = async () =>
      (await getPool().query<{ n: number }>(`select count(*)::int as n from public.calculations where batch_id = $1 and status = 'succeeded'`, [batchId]))
        .rows[0]!.n;
    // Each host registers (the workers table, what /api/health lists).
    await waitUntil(async () => (await getPipelineHealth()).workers.list.filter((w) => HOSTS.includes(w.host)).length === 3, 60_000, 'three workers');
    await waitUntil(async () => (await succeeded()) >= 3, 60_000, 'the batch to start');

    // kill -9 host b while it runs a job: that job is left `running` with nobody working on it.
    const victim = workers.get(HOSTS[1]!)!;
    await waitUntil(() => busy(victim), 30_000, 'host b to be running a job', 20);
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));

    await waitUntil(async () => (await succeeded()) >= 8, 60_000, 'more items after the kill');
    // PostgreSQL goes away under the two workers left (mid-fetch, mid-store) and comes back.
    await Promise.all([closePool(), stopBoss()]);
    await stack.restartPostgres();

    await waitUntil(
      async () => (await getPool().query<{ status: string }>('select status from public.batch_jobs where id = $1', [batchId])).rows[0]?.status === 'completed',
      80_000,
      'the batch to complete',
      250,
    );

    const { rows: calcs } = await getPool().query<{ status: string; attempts: number; atoms: number; stored_atoms: number; metrics: number }>(
      `select c.status, c.attempts, m.atom_count as atoms,
              (select count(*)::int from public.atomic_properties a where a.calculation_id = c.id) as stored_atoms,
              (select count(*)::int from public.calculation_execution_metrics x where x.calculation_id = c.id) as metrics
         from public.calculations c join public.molecules m on m.id = c.molecule_id where c.batch_id = $1`,
      [batchId],
    );
    // No item lost, none doubled: one calculation per item, each succeeded once with one set of atoms.
    expect(calcs).toHaveLength(ITEMS);
    expect(calcs.filter((c) => c.status !== 'succeeded')).toEqual([]);
    for (const c of calcs) expect(c.stored_atoms).toBe(c.atoms);
    const { rows: items } = await getPool().query<{ status: string; n: number }>(
      'select status, count(*)::int as n from public.batch_items where batch_id = $1 group by status',
      [batchId],
    );
    expect(items).toEqual([{ status: 'succeeded', n: ITEMS }]);
    // The killed worker's job was handed on and recorded as such.
    const { rows: lost } = await getPool().query<{ n: number }>(
      `select count(*)::int as n from public.calculation_errors e join public.calculations c on c.id = e.calculation_id
        where c.batch_id = $1 and e.code = 'WORKER_LOST'`,
      [batchId],
    );
    expect(lost[0]!.n).toBeGreaterThanOrEqual(1);
    // The work was shared: each host stored results (host b before it was killed).
    const { rows: hosts } = await getPool().query<{ host: string }>(
      `select distinct x.host from public.calculation_execution_metrics x join public.calculations c on c.id = x.calculation_id where c.batch_id = $1`,
      [batchId],
    );
    expect(hosts.map((h) => h.host).sort()).toEqual(expect.arrayContaining([HOSTS[0], HOSTS[2]]));
    // The two survivors still heartbeat; the killed one has fallen silent and is no longer listed as fresh… eventually.
    expect((await getPipelineHealth()).workers.list.map((w) => w.host)).toEqual(expect.arrayContaining([HOSTS[0], HOSTS[2]]));
  }, 180_000);
});
