// The delivery worker: one attempt per pg-boss job. Each attempt re-reads the user's URL, resolves
// and checks it (address-policy.ts), connects to exactly the checked address, POSTs the signed
// event and records the outcome. 2xx: delivered. Network errors, timeouts, 5xx and 429: the job
// fails and pg-boss retries it with exponential backoff until the retry window has passed. 3xx
// (redirects are not followed), other 4xx and a refused address: failed for good.
import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { JobWithMetadata } from 'pg-boss';
import { asService } from '../db/service.ts';
import { getWebhookTarget } from '../preferences/preferences-store.ts';
import { resolveWebhookTarget, WebhookUrlError, type ResolvedTarget } from './address-policy.ts';
import { webhookBoss, webhookQueue, type WebhookJobData } from './enqueue-webhooks.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.ts';
import { signingSecretFor } from './signing-secret.ts';
import { requestBody, type WebhookEvent } from './webhook-events.ts';
import { webhookSettings } from './webhook-settings.ts';

const EXCERPT_CHARS = 200;
const READ_LIMIT_BYTES = 4096;
export const USER_AGENT = 'QuantumForge-Webhooks/1';

export interface PostResult {
  statusCode: number;
  excerpt: string;
}

/** A failed attempt before any HTTP answer, in words. */
export class DeliveryNetworkError extends Error {}

function networkMessage(error: NodeJS.ErrnoException, target: Pick<ResolvedTarget, 'host'>): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `The connection to ${target.host} was refused.`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${target.host} closed the connection before answering.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${target.host} cannot be reached from the server.`;
    default:
      if (error.code?.startsWith('ERR_TLS') || error.code?.includes('CERT')) return `The TLS certificate of ${target.host} was not accepted.`;
      return `The request to ${target.host} failed (${error.code ?? error.message}).`;
  }
}

/**
 * POSTs `body` to the checked addresses (never a fresh DNS answer): the connection's lookup is
 * answered with them, so Node tries them in turn (IPv6 and IPv4) and nothing else. No redirects, no
 * connection reuse.
 */
export function postToTarget(
  target: Pick<ResolvedTarget, 'url' | 'host' | 'address' | 'family' | 'addresses'>,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, target.addresses);
    else callback(null, target.address, target.family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, result?: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result!);
    };
    const request = client.request(
      {
        protocol: target.url.protocol,
        hostname: target.host,
        port: target.url.port || undefined,
        path: `${target.url.pathname}${target.url.search}`,
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const text = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim();
          finish(null, { statusCode: response.statusCode ?? 0, excerpt: text.slice(0, EXCERPT_CHARS) });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= READ_LIMIT_BYTES) done(); // enough for the excerpt; the rest is not read
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish(new DeliveryNetworkError(`${target.host} did not answer within ${Math.round(timeoutMs / 1000)} s.`));
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish(new DeliveryNetworkError(networkMessage(error, target))));
    request.end(body);
  });
}

interface DeliveryRow {
  id: string;
  user_id: string;
  event_type: string;
  payload: WebhookEvent;
  status: string;
  age_seconds: number;
}

type AttemptRecord = {
  status: 'retrying' | 'delivered' | 'failed' | 'skipped';
  statusCode?: number | null;
  error?: string | null;
  excerpt?: string | null;
  host?: string | null;
  attempted: boolean;
};

async function record(id: string, r: AttemptRecord): Promise<void> {
  await asService((db) =>
    db.query(
      `update public.webhook_deliveries
          set status = $2, attempts = attempts + $3::int, last_status_code = $4, last_error = left($5, 500),
              response_excerpt = $6, url_host = coalesce($7, url_host),
              last_attempt_at = case when $3::int > 0 then now() else last_attempt_at end,
              delivered_at = case when $2 = 'delivered' then now() else delivered_at end
        where id = $1`,
      [id, r.status, r.attempted ? 1 : 0, r.statusCode ?? null, r.error ?? null, r.excerpt ?? null, r.host ?? null],
    ),
  );
}

export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

/** Whether an HTTP answer is worth another try: the receiver is down or busy, not refusing. */
function retryableStatus(code: number): boolean {
  return code === 429 || code >= 500;
}

/**
 * One attempt of one delivery. `lastChance`: pg-boss will not retry this job again. Returns what
 * happened; 'retry' means the caller must fail the job so pg-boss retries it with backoff.
 */
export async function attemptDelivery(deliveryId: string, lastChance = false): Promise<AttemptOutcome> {
  const settings = webhookSettings();
  const row = await asService(async (db) => {
    const { rows } = await db.query<DeliveryRow>(
      `select id, user_id, event_type, payload, status, extract(epoch from now() - created_at)::float8 as age_seconds
         from public.webhook_deliveries where id = $1`,
      [deliveryId],
    );
    return rows[0];
  });
  if (!row || !['pending', 'retrying'].includes(row.status)) return 'skipped';
  const finalIfFailed = lastChance || row.age_seconds >= settings.retryWindowSeconds;
  const retryOrFail = async (r: Omit<AttemptRecord, 'status'>): Promise<AttemptOutcome> => {
    await record(row.id, { ...r, status: finalIfFailed ? 'failed' : 'retrying' });
    return finalIfFailed ? 'failed' : 'retry';
  };

  const webhook = await getWebhookTarget(row.user_id);
  if (!webhook || (!webhook.enabled && row.event_type !== 'webhook.test')) {
    await record(row.id, { status: 'skipped', error: 'Webhooks were turned off or the URL removed before this was sent.', attempted: false });
    return 'skipped';
  }

  let target: ResolvedTarget;
  try {
    target = await resolveWebhookTarget(webhook.url);
  } catch (error) {
    if (!(error instanceof WebhookUrlError)) throw error;
    const host = URL.canParse(webhook.url) ? new URL(webhook.url).host : null;
    if (error.transient) return retryOrFail({ error: error.message, host, attempted: true });
    await record(row.id, { status: 'failed', error: error.message, host, attempted: true });
    return 'failed';
  }

  const body = requestBody(target.url, row.payload);
  const secret = await signingSecretFor(row.user_id);
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    [EVENT_HEADER]: row.event_type,
    [DELIVERY_HEADER]: row.id,
    [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(Date.now() / 1000), body),
  };
  const host = target.url.host;
  let result: PostResult;
  try {
    result = await postToTarget(target, body, headers, settings.timeoutMs);
  } catch (error) {
    if (!(error instanceof DeliveryNetworkError)) throw error;
    return retryOrFail({ error: error.message, host, attempted: true });
  }
  const base = { statusCode: result.statusCode, excerpt: result.excerpt || null, host, attempted: true };
  if (result.statusCode >= 200 && result.statusCode < 300) {
    await record(row.id, { ...base, status: 'delivered' });
    return 'delivered';
  }
  if (retryableStatus(result.statusCode)) return retryOrFail({ ...base, error: `The receiver answered HTTP ${result.statusCode}.` });
  const why =
    result.statusCode >= 300 && result.statusCode < 400
      ? `The receiver answered with a redirect (HTTP ${result.statusCode}); redirects are not followed.`
      : `The receiver refused the event (HTTP ${result.statusCode}); it is not sent again.`;
  await record(row.id, { ...base, status: 'failed', error: why });
  return 'failed';
}

/** Retry-worthy outcome: thrown so pg-boss fails the job and schedules the next attempt. */
class RetryLater extends Error {}

/** One job of the delivery queue, whoever took it (the long-running worker or a drain): one attempt. */
async function workDeliveryJob(job: JobWithMetadata<WebhookJobData>): Promise<{ outcome: AttemptOutcome }> {
  const outcome = await attemptDelivery(job.data.deliveryId, job.retryCount >= job.retryLimit);
  if (outcome === 'retry') throw new RetryLater(`delivery ${job.data.deliveryId}: will retry`);
  return { outcome };
}

/** Works the delivery queue in this process (the worker script; tests). Returns the pg-boss worker id. */
export async function startWebhookWorker(options: { concurrency?: number; log?: (line: string) => void } = {}): Promise<string> {
  const boss = await webhookBoss();
  const log = options.log ?? ((line: string) => console.log(`[webhooks] ${line}`));
  return boss.work(
    webhookQueue(),
    { batchSize: 1, localConcurrency: options.concurrency ?? 4, includeMetadata: true, pollingIntervalSeconds: webhookSettings().pollSeconds },
    async ([job]: JobWithMetadata<WebhookJobData>[]) => {
      if (!job) return null;
      const result = await workDeliveryJob(job);
      if (result.outcome !== 'skipped') log(`delivery ${job.data.deliveryId}: ${result.outcome}`);
      return result;
    },
  );
}

export async function stopWebhookWorker(workerId: string): Promise<void> {
  const boss = await webhookBoss();
  await boss.offWork(webhookQueue(), { id: workerId, wait: false }).catch(() => {});
}

/**
 * Works the deliveries that are due now, a few at a time, until none is left (and `more()` says no
 * more can come) or the deadline is near: the delivery half of POST /api/jobs/run on hosts without a
 * long-running worker. Each job is completed or failed as the worker's handler would (pg-boss then
 * schedules a retry with its backoff). Returns the number of attempts made.
 */
export async function drainWebhookQueue(options: { deadline: number; more?: () => boolean; pollMs?: number }): Promise<number> {
  const boss = await webhookBoss();
  const queue = webhookQueue();
  const settings = webhookSettings();
  let attempts = 0;
  // A delivery may take the whole timeout: none is started that could outlast the deadline.
  while (Date.now() + settings.timeoutMs < options.deadline) {
    const producing = options.more?.() ?? false;
    const jobs = await boss.fetch<WebhookJobData>(queue, { batchSize: 4, includeMetadata: true });
    if (jobs.length === 0) {
      // `producing` was read before this fetch: when it was already false, what the producer queued is in it.
      if (!producing) break;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
      continue;
    }
    await Promise.all(
      jobs.map(async (job) => {
        const attempt = { id: job.id, retryCount: job.retryCount };
        try {
          await boss.complete(queue, [attempt], await workDeliveryJob(job));
        } catch (error) {
          await boss.fail(queue, [attempt], { message: (error as Error).message }).catch(() => {});
        }
        attempts += 1;
      }),
    );
  }
  return attempts;
}
