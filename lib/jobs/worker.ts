// The calculation worker: claims jobs from pg-boss in batches (as many as it has free slots), runs
// each attempt (run-calculation.ts) with one xtb thread, heartbeats its jobs and its `workers` row,
// and stops a job when its calculation is cancelled. Woken at once by NOTIFY on submission and
// cancel; a short poll is the floor (retries become due without a notification).
import 'server-only';
import os from 'node:os';
import pg from 'pg';
import type { Job } from 'pg-boss';
import { cancelRequestedAmong } from '../calculations/cancel-statements.ts';
import { asService } from '../db/service.ts';
import { startHostSampler } from '../metrics/host-sampler.ts';
import { getXtbSelfCheck, type XtbSelfCheckResult } from '../xtb/self-check.ts';
import { calculationQueue, CANCEL_CHANNEL, getBoss, queuePolicy, WAKE_CHANNEL, type CalculationJobData } from './queue.ts';
import { HOST, runCalculationAttempt, WORKER_SHUTDOWN, type AttemptResult } from './run-calculation.ts';
import { drainWebhookQueue } from '../webhooks/deliver-webhook.ts';

export interface WorkerOptions {
  /** Concurrent jobs; default env QF_WORKER_CONCURRENCY, else the number of cores. */
  concurrency?: number;
  /** Idle poll interval; default 1 s. */
  pollMs?: number;
  xtbBin?: string;
  /** Listen for NOTIFY wake-ups and cancels (long-running workers). Default true. */
  listen?: boolean;
  /** Stop after this many jobs / when the queue is empty (drain mode for the route handler). */
  drain?: { maxJobs?: number; deadlineMs?: number };
  log?: (line: string) => void;
  onAttempt?: (result: AttemptResult) => void;
}

export interface WorkerHandle {
  id: string;
  concurrency: number;
  selfCheck: XtbSelfCheckResult;
  /** Resolves when the worker has stopped (drain finished, or stop() called). */
  done: Promise<{ processed: number }>;
  wake: () => void;
  stop: () => Promise<{ processed: number }>;
}

interface ActiveJob {
  job: Job<CalculationJobData>;
  abort: AbortController;
}

export function defaultConcurrency(): number {
  const configured = Number(process.env.QF_WORKER_CONCURRENCY);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return Math.max(1, os.availableParallelism());
}

export async function startWorker(options: WorkerOptions = {}): Promise<WorkerHandle> {
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const concurrency = options.concurrency ?? defaultConcurrency();
  const pollMs = options.pollMs ?? Number(process.env.QF_WORKER_POLL_MS ?? 1000);
  const policy = queuePolicy();
  // A missing xtb is reported (health, and each calculation it fails), never a crash.
  const selfCheck = await getXtbSelfCheck({ xtbBin: options.xtbBin });
  if (!selfCheck.found) log(`xtb is not available: ${selfCheck.error}`);

  const workerId = await asService(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `insert into public.workers (host, pid, concurrency, xtb_version, xtb_path, methods_available, status, metadata)
       values ($1, $2, $3, $4, $5, $6, 'running', $7) returning id`,
      [
        HOST,
        process.pid,
        concurrency,
        selfCheck.version,
        selfCheck.bin,
        selfCheck.availableMethods,
        JSON.stringify({
          mode: options.drain ? 'drain' : 'long-running',
          xtb_error: selfCheck.error,
          methods: Object.fromEntries(selfCheck.methods.map((m) => [m.method, m.available ? 'ok' : m.reason])),
          solvation: selfCheck.solvation ? { alpb: selfCheck.solvation.alpb.available, gbsa: selfCheck.solvation.gbsa.available } : null,
          node: process.version,
        }),
      ],
    );
    return rows[0]!.id;
  });
  const boss = await getBoss();

  const active = new Map<string, ActiveJob>(); // by calculation id
  let stopping = false;
  let processed = 0;
  let kick: (() => void) | null = null;
  const wake = () => {
    const k = kick;
    kick = null;
    k?.();
  };
  const ctxBase = { workerId, host: HOST, xtbBin: options.xtbBin, xtbVersion: selfCheck.version, log };

  let listener: pg.Client | null = null;
  if (options.listen !== false) {
    listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    listener.on('error', (error) => log(`listener: ${error.message}`)); // polling continues
    try {
      await listener.connect();
      listener.on('notification', (message) => {
        if (message.channel === CANCEL_CHANNEL && message.payload) active.get(message.payload)?.abort.abort();
        else wake();
      });
      await listener.query(`listen ${WAKE_CHANNEL}`);
      await listener.query(`listen ${CANCEL_CHANNEL}`);
    } catch (error) {
      log(`LISTEN unavailable, polling only: ${(error as Error).message}`);
      await listener.end().catch(() => {});
      listener = null;
    }
  }

  // Heartbeats: one touch for all active jobs (pg-boss retries a job whose worker falls silent) and
  // one row update for this worker. Cancel poll: a backstop for a missed NOTIFY.
  const beat = async () => {
    const jobs = [...active.values()].map((a) => ({ id: a.job.id, retryCount: a.job.retryCount }));
    if (jobs.length > 0) await boss.touch(calculationQueue(), jobs).catch((e: Error) => log(`touch: ${e.message}`));
    await asService((db) => db.query(`update public.workers set last_seen_at = now(), jobs_running = $2 where id = $1`, [workerId, active.size])).catch(
      (e: Error) => log(`heartbeat: ${e.message}`),
    );
  };
  const heartbeat = setInterval(() => void beat(), Math.min(10_000, (policy.heartbeatSeconds * 1000) / 3));
  // Host metrics for the dashboard, long-running workers only (a drain is too short-lived to sample).
  // Queue depth from pg-boss's own counters (kept by its monitor, so reading them is cheap).
  const sampler = options.drain
    ? null
    : startHostSampler({
        host: HOST,
        workerId,
        jobsRunning: () => active.size,
        queueDepth: async () => (await boss.getQueue(calculationQueue()))?.queuedCount ?? 0,
        log,
      });
  const cancelPoll = setInterval(() => {
    if (active.size === 0) return;
    void asService((db) => cancelRequestedAmong(db, [...active.keys()]))
      .then((ids) => ids.forEach((id) => active.get(id)?.abort.abort()))
      .catch(() => {});
  }, 1000);

  const deadline = options.drain?.deadlineMs !== undefined ? Date.now() + options.drain.deadlineMs : Infinity;
  const maxJobs = options.drain?.maxJobs ?? Infinity;
  let fetched = 0;

  const runOne = async (job: Job<CalculationJobData>) => {
    const entry: ActiveJob = { job, abort: new AbortController() };
    active.set(job.data.calculationId, entry);
    try {
      const result = await runCalculationAttempt(job, { ...ctxBase, signal: entry.abort.signal });
      options.onAttempt?.(result);
      if (result.outcome !== 'skipped')
        log(`calculation ${result.calculationId} attempt ${result.attempt}: ${result.outcome}${result.failure ? ` (${result.failure.code})` : ''}`);
    } catch (error) {
      // A database error while storing: leave the job to pg-boss (expiry/heartbeat hands it on).
      log(`job ${job.id}: ${(error as Error).stack ?? String(error)}`);
    } finally {
      active.delete(job.data.calculationId);
      processed += 1;
      wake();
    }
  };

  const loop = async () => {
    while (!stopping) {
      const free = concurrency - active.size;
      const budget = Math.min(free, maxJobs - fetched);
      if (options.drain && ((budget <= 0 && active.size === 0) || Date.now() > deadline)) break;
      let jobs: Job<CalculationJobData>[] = [];
      if (budget > 0) {
        try {
          jobs = (await boss.fetch<CalculationJobData>(calculationQueue(), { batchSize: budget })) ?? [];
        } catch (error) {
          log(`fetch: ${(error as Error).message}`);
        }
      }
      fetched += jobs.length;
      for (const job of jobs) void runOne(job);
      if (jobs.length > 0 && jobs.length === budget) continue;
      if (options.drain && jobs.length === 0 && active.size === 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          kick = null;
          resolve();
        }, pollMs);
        kick = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    while (active.size > 0) await new Promise<void>((resolve) => (kick = resolve));
  };

  const done = loop()
    .finally(async () => {
      clearInterval(heartbeat);
      clearInterval(cancelPoll);
      sampler?.stop();
      await listener?.end().catch(() => {});
      await asService((db) =>
        db.query(`update public.workers set status = 'stopped', stopped_at = now(), last_seen_at = now(), jobs_running = 0 where id = $1`, [workerId]),
      ).catch(() => {});
    })
    .then(() => ({ processed }));

  return {
    id: workerId,
    concurrency,
    selfCheck,
    done,
    wake,
    stop: async () => {
      stopping = true;
      // Running attempts are stopped and recorded as retryable: another worker (or this one later) retries.
      for (const a of active.values()) a.abort.abort(WORKER_SHUTDOWN);
      wake();
      return done;
    },
  };
}

/**
 * Runs queued jobs in this process until the queue is empty or the time budget is spent, and works
 * the webhook deliveries alongside: those the finished calculations have just queued (the same
 * finishing code as the long-running worker's) and any others that are due. Where no long-running
 * worker runs (a serverless host and its cron), this is what sends the events.
 */
export async function drainQueue(
  options: { maxJobs?: number; deadlineMs?: number; concurrency?: number } = {},
): Promise<{ processed: number; workerId: string; webhookAttempts: number }> {
  const deadlineMs = options.deadlineMs ?? 50_000;
  const deadline = Date.now() + deadlineMs;
  const worker = await startWorker({
    concurrency: options.concurrency,
    listen: false,
    pollMs: 200,
    drain: { maxJobs: options.maxJobs, deadlineMs },
    log: () => {},
  });
  let calculationsRunning = true;
  const calculations = worker.done.finally(() => (calculationsRunning = false));
  const [{ processed }, webhookAttempts] = await Promise.all([
    calculations,
    drainWebhookQueue({ deadline, more: () => calculationsRunning }).catch((error: Error) => {
      console.error(`[webhooks] drain: ${error.message}`);
      return 0;
    }),
  ]);
  return { processed, workerId: worker.id, webhookAttempts };
}
