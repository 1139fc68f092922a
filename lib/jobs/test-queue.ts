// A test file's own calculation queue. Vitest runs files in parallel on one database; a worker
// started by one file would otherwise take (and run, retry or give up) the jobs another file
// submits, so that file could not say what state its calculations are in.
import { randomUUID } from 'node:crypto';

/**
 * Points this process at a queue of its own (QF_CALCULATION_QUEUE, read when a job is sent or
 * fetched). Call it at the top level of the test file, before anything submits: then the file's
 * submissions, cancels and workers all use that queue and no other file's worker sees them.
 */
export function ownCalculationQueue(label: string): string {
  const name = `${label}-${randomUUID().slice(0, 8)}`;
  process.env.QF_CALCULATION_QUEUE = name;
  return name;
}

/** The same for webhook deliveries (QF_WEBHOOK_QUEUE): another file's delivery worker, with its own retry and timeout settings, never takes this file's deliveries. */
export function ownWebhookQueue(label: string): string {
  const name = `${label}-hooks-${randomUUID().slice(0, 8)}`;
  process.env.QF_WEBHOOK_QUEUE = name;
  return name;
}
