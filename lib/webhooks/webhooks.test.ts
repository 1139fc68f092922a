// Webhooks end to end against the real PostgreSQL, pg-boss and a local HTTP receiver this test
// starts: signing (verified here independently of our own code), retries with backoff, final
// refusals, SSRF at save and send time, a real calculation's event, and row-level security.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../db/as-user.ts';
import { closePool, getPool } from '../db/pool.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../calculations/parameters.ts';
import { stopBoss } from '../jobs/queue.ts';
import { submitCalculation } from '../jobs/submit-calculation.ts';
import { createUser, waitForStatus } from '../jobs/test-support.ts';
import type { SubmittingUser } from '../jobs/submitting-user.ts';
import { startWorker, type WorkerHandle } from '../jobs/worker.ts';
import { analyseUpload } from '../batches/analyse-upload.ts';
import { cancelBatch } from '../batches/control-batch.ts';
import { createBatchFromUpload } from '../batches/create-batch.ts';
import { stageUpload } from '../batches/stage-upload.ts';
import { PreferencesError, updatePreferences } from '../preferences/preferences-store.ts';
import { postToTarget, startWebhookWorker, stopWebhookWorker } from './deliver-webhook.ts';
import { enqueueTestEvent, purgeOldDeliveries } from './enqueue-webhooks.ts';
import { verifySignature } from './signature.ts';
import { rotateSigningSecret, signingSecretCreatedAt } from './signing-secret.ts';
import { requestBody, type WebhookEvent } from './webhook-events.ts';
import { preferencesForm, saveWebhookUrl } from './test-support.ts';
import { ownCalculationQueue, ownWebhookQueue } from '../jobs/test-queue.ts';

ownCalculationQueue('webhooks');
ownWebhookQueue('webhooks');

Object.assign(process.env, {
  QF_WEBHOOKS_ALLOW_PRIVATE: '1',
  QF_WEBHOOK_RETRY_DELAY_SECONDS: '1',
  QF_WEBHOOK_RETRY_DELAY_MAX_SECONDS: '1',
  QF_WEBHOOK_POLL_SECONDS: '0.5',
  QF_WEBHOOK_TIMEOUT_SECONDS: '1',
  QF_WEBHOOK_TEST_EVENTS_PER_MINUTE: '100',
  OMP_NUM_THREADS: '1',
});

const WATER = '3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200\n';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// The receiver answers each path from a script (status codes in order, the last one repeats);
// 'hang' never answers. It records everything it is sent.
const received: Received[] = [];
const scripts = new Map<string, (number | 'hang')[]>();
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = req.url ?? '/';
    received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    const script = scripts.get(path) ?? [200];
    const next = script.length > 1 ? script.shift()! : script[0]!;
    if (next === 'hang') return; // the delivery's timeout ends it
    if (next >= 300 && next < 400) res.setHeader('Location', `${path}/redirected`);
    res.writeHead(next, { 'Content-Type': 'text/plain' });
    res.end(next >= 500 ? `upstream broke: ${'x'.repeat(10_000)}` : 'ok');
  });
});
let base = '';

let alice: SubmittingUser;
let bob: SubmittingUser;
let webhookWorker: string;
let calcWorker: WorkerHandle | null = null;

const form = preferencesForm;

async function setWebhook(user: SubmittingUser, path: string): Promise<void> {
  await saveWebhookUrl(user, `${base}${path}`);
}

interface DeliveryRow {
  id: string;
  event_type: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  url_host: string | null;
  job_id: string;
  payload: WebhookEvent;
}

async function delivery(id: string): Promise<DeliveryRow> {
  const { rows } = await getPool().query<DeliveryRow>('select * from public.webhook_deliveries where id = $1', [id]);
  return rows[0]!;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const settled = (id: string) =>
  until(`delivery ${id} to settle`, async () => ((d) => ['delivered', 'failed', 'skipped'].includes(d.status) && d)(await delivery(id)));

/** The job's state once its worker has let go of it (the row is recorded just before). */
async function jobState(jobId: string): Promise<string> {
  return until(`job ${jobId} to be settled`, async () => {
    const { rows } = await getPool().query<{ state: string }>('select state::text from pgboss.job where id = $1', [jobId]);
    return rows[0]!.state !== 'active' && rows[0]!.state;
  });
}

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  [alice, bob] = await Promise.all([createUser('researcher', 'hook-alice'), createUser('researcher', 'hook-bob')]);
  webhookWorker = await startWebhookWorker({ log: () => {} });
});

afterAll(async () => {
  await stopWebhookWorker(webhookWorker);
  await calcWorker?.stop();
  await stopBoss();
  await closePool();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('a test event', () => {
  it('is signed with the secret shown in settings, verifiable with a plain HMAC', async () => {
    await setWebhook(alice, '/signed');
    expect(await signingSecretCreatedAt(alice.claims)).toBeNull();
    const { secret } = await rotateSigningSecret(alice.id);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(await signingSecretCreatedAt(alice.claims)).not.toBeNull();

    const { deliveryId } = await enqueueTestEvent(alice.id);
    const row = await settled(deliveryId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200, url_host: new URL(base).host, event_type: 'webhook.test' });

    const got = received.filter((r) => r.path === '/signed');
    expect(got).toHaveLength(1);
    const { headers, body } = got[0]!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['quantum-forge-event']).toBe('webhook.test');
    expect(headers['quantum-forge-delivery']).toBe(deliveryId);
    // What a receiver does, written out here without our own verifier: t=…,v1=HMAC(secret, t + "." + body)
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers['quantum-forge-signature']))!;
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    expect(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')).toBe(v1);
    expect(verifySignature(secret, String(headers['quantum-forge-signature']), body)).toBe(true);
    expect(verifySignature(secret, String(headers['quantum-forge-signature']), body.replace('test', 'tesT'))).toBe(false);
    expect(verifySignature('whsec_wrong', String(headers['quantum-forge-signature']), body)).toBe(false);

    const event = JSON.parse(body) as WebhookEvent;
    expect(event).toMatchObject({ type: 'webhook.test', id: deliveryId, status: 'test', link: '/settings' });
    expect(new Date(event.occurred_at).toString()).not.toBe('Invalid Date');
  });

  it('after a rotation is signed with the new secret only', async () => {
    const old = (await rotateSigningSecret(alice.id)).secret;
    const { secret } = await rotateSigningSecret(alice.id);
    const { deliveryId } = await enqueueTestEvent(alice.id);
    await settled(deliveryId);
    const last = received.filter((r) => r.headers['quantum-forge-delivery'] === deliveryId)[0]!;
    expect(verifySignature(secret, String(last.headers['quantum-forge-signature']), last.body)).toBe(true);
    expect(verifySignature(old, String(last.headers['quantum-forge-signature']), last.body)).toBe(false);
  });

  it('needs a saved webhook URL', async () => {
    await expect(enqueueTestEvent(bob.id)).rejects.toThrow(/Save a webhook URL/);
  });
});

describe('retries', () => {
  it('retries a 500 with backoff and records both attempts (the same body each time)', async () => {
    scripts.set('/flaky', [500, 200]);
    await setWebhook(alice, '/flaky');
    const { deliveryId } = await enqueueTestEvent(alice.id);
    const row = await settled(deliveryId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200 });
    const got = received.filter((r) => r.path === '/flaky');
    expect(got).toHaveLength(2);
    expect(got[1]!.body).toBe(got[0]!.body);
    expect(got[1]!.headers['quantum-forge-delivery']).toBe(got[0]!.headers['quantum-forge-delivery']);
    expect(await jobState(row.job_id)).toBe('completed');
    const { rows } = await getPool().query<{ retry_count: number }>('select retry_count from pgboss.job where id = $1', [row.job_id]);
    expect(rows[0]!.retry_count).toBe(1);
  });

  it('retries 429 and a receiver that does not answer in time; keeps only a short excerpt of an error body', async () => {
    scripts.set('/busy', [429, 'hang', 503, 204]);
    await setWebhook(alice, '/busy');
    const { deliveryId } = await enqueueTestEvent(alice.id);
    const seen: DeliveryRow[] = [];
    const row = await until('four attempts', async () => {
      const d = await delivery(deliveryId);
      if (seen.at(-1)?.attempts !== d.attempts) seen.push(d);
      return d.status === 'delivered' && d;
    });
    expect(row).toMatchObject({ attempts: 4, last_status_code: 204, last_error: null });
    const errors = seen.map((d) => d.last_error).filter(Boolean);
    expect(errors).toContain('The receiver answered HTTP 429.');
    expect(errors.some((e) => /did not answer within 1 s/.test(e!))).toBe(true);
    const excerpt = seen.find((d) => d.last_status_code === 503)?.response_excerpt;
    if (excerpt) expect(excerpt.length).toBeLessThanOrEqual(200); // the 503 state may be overtaken between polls
  });

  it('gives up after the retry window', async () => {
    scripts.set('/down', [500]);
    await setWebhook(alice, '/down');
    process.env.QF_WEBHOOK_RETRY_WINDOW_SECONDS = '2';
    try {
      const { deliveryId } = await enqueueTestEvent(alice.id);
      const row = await settled(deliveryId);
      expect(row.status).toBe('failed');
      expect(row.attempts).toBeGreaterThanOrEqual(2);
      expect(row.last_error).toBe('The receiver answered HTTP 500.');
      expect(await jobState(row.job_id)).toBe('completed');
    } finally {
      delete process.env.QF_WEBHOOK_RETRY_WINDOW_SECONDS;
    }
  });
});

describe('final answers', () => {
  it.each([
    [410, /refused the event \(HTTP 410\)/],
    [400, /refused the event \(HTTP 400\)/],
    [302, /redirect \(HTTP 302\); redirects are not followed/],
  ])('HTTP %i is not retried', async (code, words) => {
    const path = `/final-${code}`;
    scripts.set(path, [code]);
    await setWebhook(alice, path);
    const { deliveryId } = await enqueueTestEvent(alice.id);
    const row = await settled(deliveryId);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_status_code: code });
    expect(row.last_error).toMatch(words);
    expect(await jobState(row.job_id)).toBe('completed'); // no retry left in the queue
    expect(received.filter((r) => r.path.startsWith(path))).toHaveLength(1); // the redirect was not followed
  });
});

describe('SSRF', () => {
  it('refuses private and loopback URLs when they are saved', async () => {
    delete process.env.QF_WEBHOOKS_ALLOW_PRIVATE;
    try {
      for (const url of [
        'http://127.0.0.1:8080/x',
        'http://localhost:8080/x',
        'https://10.0.0.8/x',
        'https://169.254.169.254/x',
        'https://[::ffff:127.0.0.1]/',
      ]) {
        const error = await updatePreferences(bob.claims, form({ webhookAction: 'replace', webhookUrl: url, webhookEnabled: 'on' })).catch((e: unknown) => e);
        expect(error, url).toBeInstanceOf(PreferencesError);
        expect((error as PreferencesError).fieldErrors.webhookUrl?.[0], url).toMatch(/^Webhooks cannot be sent to .*(loopback|private|link-local)/);
      }
    } finally {
      process.env.QF_WEBHOOKS_ALLOW_PRIVATE = '1';
    }
  });

  it('checks again at send time (a URL saved while allowed is refused later, nothing is sent)', async () => {
    await setWebhook(alice, '/ssrf');
    delete process.env.QF_WEBHOOKS_ALLOW_PRIVATE;
    try {
      const { deliveryId } = await enqueueTestEvent(alice.id);
      const row = await settled(deliveryId);
      expect(row).toMatchObject({ status: 'failed', attempts: 1, last_status_code: null });
      expect(row.last_error).toBe('Webhooks cannot be sent to 127.0.0.1: it is a loopback address.');
      expect(received.filter((r) => r.path === '/ssrf')).toHaveLength(0);
    } finally {
      process.env.QF_WEBHOOKS_ALLOW_PRIVATE = '1';
    }
  });
});

describe('DNS rebinding', () => {
  it('the request goes to the checked address, never to a fresh answer for the name', async () => {
    // A name that resolves nowhere: only the pinned (checked) address can be reached.
    const port = new URL(base).port;
    const url = new URL(`http://rebind.invalid:${port}/pinned`);
    const result = await postToTarget(
      { url, host: 'rebind.invalid', address: '127.0.0.1', family: 4, addresses: [{ address: '127.0.0.1', family: 4 }] },
      '{}',
      { 'Content-Type': 'application/json' },
      2000,
    );
    expect(result.statusCode).toBe(200);
    const got = received.filter((r) => r.path === '/pinned');
    expect(got).toHaveLength(1);
    expect(got[0]!.headers.host).toBe(`rebind.invalid:${port}`);
  });

  it('a host name is resolved and every answer checked at send time', async () => {
    // localhost may answer ::1 first; the receiver listens on 127.0.0.1 only: both are tried.
    scripts.set('/by-name', [200]);
    await updatePreferences(
      alice.claims,
      form({ webhookAction: 'replace', webhookUrl: `${base.replace('127.0.0.1', 'localhost')}/by-name`, webhookEnabled: 'on' }),
    );
    const { deliveryId } = await enqueueTestEvent(alice.id);
    const row = await settled(deliveryId);
    expect(row).toMatchObject({ status: 'delivered', url_host: `localhost:${new URL(base).port}` });
  });
});

describe('a real calculation', () => {
  it('reaching a final state produces exactly one signed delivery', async () => {
    await setWebhook(bob, '/calc');
    const { secret } = await rotateSigningSecret(bob.id);
    calcWorker = await startWorker({ concurrency: 1, log: () => {} });
    const { calculationId } = await submitCalculation(bob, {
      format: 'xyz',
      text: WATER,
      name: 'water for the hook',
      params: { ...DEFAULT_CALCULATION_PARAMS, task: 'sp' },
    });
    const calc = await waitForStatus(calculationId, ['succeeded', 'failed']);
    expect(calc.status).toBe('succeeded');

    const rows = await until('the delivery', async () => {
      const { rows } = await getPool().query<DeliveryRow>('select * from public.webhook_deliveries where entity_id = $1', [calculationId]);
      return rows.length > 0 && rows.every((r) => r.status === 'delivered') && rows;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event_type: 'calculation.succeeded', attempts: 1, last_status_code: 200 });

    const got = received.filter((r) => r.path === '/calc');
    expect(got).toHaveLength(1);
    expect(verifySignature(secret, String(got[0]!.headers['quantum-forge-signature']), got[0]!.body)).toBe(true);
    const event = JSON.parse(got[0]!.body) as WebhookEvent;
    expect(event).toMatchObject({
      type: 'calculation.succeeded',
      id: calculationId,
      status: 'succeeded',
      link: `/results/${calculationId}`,
      summary: { name: 'water for the hook', method: 'gfn2', task: 'sp', total_energy_eh: calc.total_energy, error: null },
    });
    expect(new Date(event.occurred_at).getTime()).toBe(calc.finished_at!.getTime());
  });
});

describe('a batch', () => {
  it('sends one event when it ends (cancelled), none for its calculations', async () => {
    const carol = await createUser('researcher', 'hook-carol');
    await setWebhook(carol, '/batch');
    const defaults = { charge: 0, uhf: 0 };
    const analysis = await analyseUpload({ name: 'b.csv', bytes: new TextEncoder().encode('smiles,name\nCCO,ethanol\nCCN,ethylamine\n') }, defaults);
    const uploadId = await stageUpload(carol.claims, analysis, defaults);
    const { batchId } = await createBatchFromUpload(carol, { uploadId, name: 'hooked batch', params: { ...DEFAULT_CALCULATION_PARAMS, task: 'opt' } });
    await cancelBatch(carol, batchId);

    const rows = await until('the batch event', async () => {
      const { rows } = await getPool().query<DeliveryRow>('select * from public.webhook_deliveries where user_id = $1', [carol.id]);
      return rows.some((r) => r.status === 'delivered') && rows;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event_type: 'batch.cancelled', status: 'delivered' });
    const event = JSON.parse(received.find((r) => r.path === '/batch')!.body) as WebhookEvent;
    expect(event).toMatchObject({
      type: 'batch.cancelled',
      id: batchId,
      status: 'cancelled',
      link: `/batches/${batchId}`,
      summary: { name: 'hooked batch', total: 2 },
    });
    const s = event.summary as { succeeded: number; failed: number; cancelled: number };
    expect(s.succeeded + s.failed + s.cancelled).toBe(2);
    expect(s.cancelled).toBeGreaterThanOrEqual(1);
  });
});

describe('"Send test event"', () => {
  it('is limited per minute (each one is a real request)', async () => {
    process.env.QF_WEBHOOK_TEST_EVENTS_PER_MINUTE = '1';
    try {
      await enqueueTestEvent(bob.id);
      await expect(enqueueTestEvent(bob.id)).rejects.toThrow('At most 1 test events a minute: wait a moment and try again.');
    } finally {
      process.env.QF_WEBHOOK_TEST_EVENTS_PER_MINUTE = '100';
    }
  });
});

describe('retention', () => {
  it('drops deliveries older than 30 days and keeps the rest', async () => {
    const { deliveryId } = await enqueueTestEvent(bob.id);
    await settled(deliveryId);
    const { rows } = await getPool().query<{ id: string }>(
      `insert into public.webhook_deliveries (user_id, event_type, payload, status, created_at)
       values ($1, 'webhook.test', '{}', 'delivered', now() - interval '31 days') returning id`,
      [bob.id],
    );
    expect(await purgeOldDeliveries()).toBeGreaterThanOrEqual(1);
    expect(await delivery(rows[0]!.id)).toBeUndefined();
    expect((await delivery(deliveryId)).status).toBe('delivered');
  });
});

describe('row-level security', () => {
  it('lets each user read only their own deliveries, and nobody write them', async () => {
    const seen = await asUser(bob.claims, async (db) => (await db.query<{ user_id: string }>('select user_id from public.webhook_deliveries')).rows);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.user_id))).toEqual(new Set([bob.id]));
    const aliceCount = await asUser(
      alice.claims,
      async (db) => (await db.query('select 1 from public.webhook_deliveries where user_id = $1', [bob.id])).rowCount,
    );
    expect(aliceCount).toBe(0);

    for (const sql of [
      `insert into public.webhook_deliveries (user_id, event_type, payload) values ('${alice.id}', 'webhook.test', '{}')`,
      `update public.webhook_deliveries set status = 'delivered'`,
      `delete from public.webhook_deliveries`,
      `select secret_ciphertext from public.webhook_signing_secrets`,
      `update public.webhook_signing_secrets set secret_ciphertext = 'x'`,
    ]) {
      await expect(
        asUser(alice.claims, (db) => db.query(sql)),
        sql,
      ).rejects.toThrow(/permission denied/);
    }
    const secrets = await asUser(alice.claims, async (db) => (await db.query<{ user_id: string }>('select user_id from public.webhook_signing_secrets')).rows);
    expect(secrets.map((r) => r.user_id)).toEqual([alice.id]);
  });
});

describe('Slack incoming webhooks', () => {
  it('get a Slack message instead of the raw event', () => {
    const event: WebhookEvent = {
      type: 'calculation.succeeded',
      id: '00000000-0000-0000-0000-000000000001',
      status: 'succeeded',
      occurred_at: '2026-11-29T12:00:00.000Z',
      link: '/results/00000000-0000-0000-0000-000000000001',
      url: 'https://qf.example.org/results/00000000-0000-0000-0000-000000000001',
      summary: { name: 'a<b>&c', method: 'gfn2', task: 'opt', total_energy_eh: -5.070544, homo_lumo_gap_ev: 14.1, error: null },
    };
    const slack = JSON.parse(requestBody(new URL('https://hooks.slack.com/services/T000/B000/XXXX'), event));
    expect(Object.keys(slack).sort()).toEqual(['blocks', 'text']);
    expect(slack.text).toBe('Calculation “a<b>&c” (GFN2-xTB, opt) succeeded: E = -5.070544 Eh.');
    expect(slack.blocks[0].text.text).toBe(
      'Calculation “a&lt;b&gt;&amp;c” (GFN2-xTB, opt) succeeded: E = -5.070544 Eh. <https://qf.example.org/results/00000000-0000-0000-0000-000000000001|Open in Quantum Forge>',
    );
    expect(JSON.parse(requestBody(new URL('https://example.org/hook'), event))).toEqual(event);
    expect(JSON.parse(requestBody(new URL('https://hooks.slack.com.evil.example/services/x'), event))).toEqual(event);
  });
});
