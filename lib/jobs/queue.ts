// The calculation queue: pg-boss in the application database (schema `pgboss`), one instance per
// process, started lazily. Jobs are enqueued inside the submitting transaction, so a calculation row
// and its job commit together or not at all.
import pg from 'pg';
import { PgBoss, type Db } from 'pg-boss';
import type { Queryable } from '../db/as-user.ts';
import { fairPriorities } from './fair-priority.ts';

/**
 * The calculation queue's name: `xtb-calculation`, or QF_CALCULATION_QUEUE. Every process that
 * submits to or works a queue must agree on it; tests give a file its own queue so that no other
 * file's workers take its jobs (and its timings are its own).
 */
export function calculationQueue(): string {
  return process.env.QF_CALCULATION_QUEUE || 'xtb-calculation';
}
export const MAINTENANCE_QUEUE = 'qf-maintenance';
/** NOTIFY channels: a queued job wakes idle workers; a cancel reaches the worker running the job. */
export const WAKE_CHANNEL = 'qf_calculation_queued';
export const CANCEL_CHANNEL = 'qf_calculation_cancel';

export interface CalculationJobData {
  calculationId: string;
}

export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Retry policy, shared by the queue definition and the worker's will-it-retry decision. */
export function queuePolicy() {
  return {
    /** Retries after the first attempt (so at most retryLimit + 1 attempts). */
    retryLimit: Math.round(envNumber('QF_JOB_RETRY_LIMIT', 3)),
    /** First backoff delay in seconds; pg-boss doubles it per retry, with jitter. */
    retryDelay: envNumber('QF_JOB_RETRY_DELAY_SECONDS', 5),
    retryDelayMax: envNumber('QF_JOB_RETRY_DELAY_MAX_SECONDS', 300),
    /** A running job's worker touches it this often; a job not touched for this long is retried. */
    heartbeatSeconds: Math.max(10, Math.round(envNumber('QF_JOB_HEARTBEAT_SECONDS', 30))),
    /** How often pg-boss looks for jobs whose worker died (heartbeat or expiry). */
    monitorSeconds: Math.max(1, Math.round(envNumber('QF_QUEUE_MONITOR_SECONDS', 15))),
  };
}

const globalForBoss = globalThis as unknown as { __qfBoss?: Promise<PgBoss> };

/** This process's pg-boss, started once (installs or migrates the `pgboss` schema on first use). */
export function getBoss(): Promise<PgBoss> {
  if (!globalForBoss.__qfBoss) {
    globalForBoss.__qfBoss = startBoss().catch((error) => {
      globalForBoss.__qfBoss = undefined;
      throw error;
    });
  }
  return globalForBoss.__qfBoss;
}

async function startBoss(): Promise<PgBoss> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set');
  const policy = queuePolicy();
  const boss = new PgBoss({
    connectionString,
    schema: 'pgboss',
    // A least-privilege login cannot create schemas; the local stack creates `pgboss` for it.
    createSchema: !(await schemaExists(connectionString, 'pgboss')),
    max: Math.round(envNumber('QF_QUEUE_POOL_SIZE', 4)),
    superviseIntervalSeconds: policy.monitorSeconds,
    monitorIntervalSeconds: policy.monitorSeconds,
    registerInstance: false,
  });
  boss.on('error', (error: Error) => console.error(`[queue] ${error.message}`));
  await boss.start();
  await ensureQueue(boss, calculationQueue(), {
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelay,
    retryBackoff: true,
    retryDelayMax: policy.retryDelayMax,
    heartbeatSeconds: policy.heartbeatSeconds,
    // Upper bound for a silent worker; the per-job value (from the xtb time limit) is set at send.
    expireInSeconds: 3 * 3600,
    deleteAfterSeconds: 7 * 24 * 3600,
  });
  await ensureQueue(boss, MAINTENANCE_QUEUE, { retryLimit: 1, expireInSeconds: 600 });
  return boss;
}

async function schemaExists(connectionString: string, schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_namespace where nspname = $1', [schema]);
    return Boolean(rowCount);
  } finally {
    await client.end();
  }
}

type QueueConfig = Parameters<PgBoss['createQueue']>[1];

export async function ensureQueue(boss: PgBoss, name: string, options: QueueConfig): Promise<void> {
  if (await boss.getQueue(name)) await boss.updateQueue(name, options);
  else await boss.createQueue(name, options);
}

export async function stopBoss(): Promise<void> {
  const pending = globalForBoss.__qfBoss;
  globalForBoss.__qfBoss = undefined;
  if (pending) await (await pending).stop({ graceful: false, close: true }).catch(() => {});
}

/**
 * Leaves the transaction's role (authenticated or service_role) for the connection's own default
 * role, which owns the `pgboss` schema: for the queue statements and audit rows that follow work
 * already checked. Locally that is `service_role` (the app's login starts as it, see
 * supabase/local/bootstrap.sql); with a superuser connection it is the superuser.
 */
export async function asQueueOwner(db: Queryable): Promise<void> {
  await db.query('reset role');
}

/** pg-boss's database adapter over one client, so its statements join that client's transaction. */
export function transactionDb(db: Queryable): Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const result = await db.query(text, values);
      return { rows: result.rows };
    },
  };
}

/** pg-boss call options that run the call in the given transaction. */
export function inTransaction(db: Queryable): { db: Db } {
  return { db: transactionDb(db) };
}

/**
 * Enqueues a calculation in the caller's transaction (which must be allowed to write `pgboss`) and
 * notifies idle workers at commit. `expireInSeconds` bounds how long one attempt may stay active.
 */
export async function enqueueCalculation(db: Queryable, calculationId: string, expireInSeconds: number): Promise<string> {
  const boss = await getBoss();
  const [priority] = await fairPriorities(db, calculationQueue(), [calculationId]);
  const id = await boss.send(calculationQueue(), { calculationId } satisfies CalculationJobData, {
    ...inTransaction(db),
    priority,
    expireInSeconds: Math.max(60, Math.ceil(expireInSeconds)),
  });
  if (!id) throw new Error('the queue refused the job');
  await db.query('select pg_notify($1, $2)', [WAKE_CHANNEL, calculationId]);
  return id;
}
