// POST /api/jobs/run, the drain for hosts without a long-running worker: a calculation it finishes
// queues its webhook event through the same finishing code as the worker's, and the same call sends
// it to the receiver (a local HTTP server this test starts). No delivery worker runs in this file,
// and its calculations go to a queue of its own, so only the drain can have done either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALCULATION_PARAMS } from '@/lib/calculations/parameters';
import { closePool, getPool } from '@/lib/db/pool';
import { stopBoss } from '@/lib/jobs/queue';
import { submitCalculation } from '@/lib/jobs/submit-calculation';
import { createUser, getCalculation } from '@/lib/jobs/test-support';
import { saveWebhookUrl } from '@/lib/webhooks/test-support';
import { testReceiver } from '@/lib/webhooks/test-receiver';
import { ownCalculationQueue, ownWebhookQueue } from '@/lib/jobs/test-queue';
import { POST as runJobs } from './run/route';

Object.assign(process.env, {
  QF_WEBHOOKS_ALLOW_PRIVATE: '1',
  QF_WEBHOOK_TIMEOUT_SECONDS: '2',
  OMP_NUM_THREADS: '1',
});
ownCalculationQueue('drain-hooks');
ownWebhookQueue('drain-hooks');

const WATER = '3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200\n';

const receiver = testReceiver();
const received = receiver.received;

beforeAll(receiver.listen);
afterAll(async () => {
  await stopBoss();
  await closePool();
  await receiver.close();
});

describe('POST /api/jobs/run', () => {
  it('finishes a calculation, queues its webhook event and delivers it in the same call', async () => {
    const user = await createUser('researcher', 'drain-hook');
    await saveWebhookUrl(user, `${receiver.url()}/drained`);
    const { calculationId } = await submitCalculation(user, {
      format: 'xyz',
      text: WATER,
      name: 'water by the drain',
      params: { ...DEFAULT_CALCULATION_PARAMS, task: 'sp' },
    });

    const response = await runJobs(
      new Request('http://localhost/api/jobs/run?budgetMs=40000', { method: 'POST', headers: { 'x-qf-worker-key': process.env.SUPABASE_SECRET_KEY! } }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { processed: number; webhookAttempts: number };
    expect(body.processed).toBe(1);
    expect(body.webhookAttempts).toBeGreaterThanOrEqual(1);

    // Read as the call returned, without waiting: the drain did both.
    expect((await getCalculation(calculationId)).status).toBe('succeeded');
    const { rows } = await getPool().query<{ event_type: string; status: string; attempts: number; last_status_code: number | null }>(
      'select event_type, status, attempts, last_status_code from public.webhook_deliveries where entity_id = $1',
      [calculationId],
    );
    expect(rows).toEqual([{ event_type: 'calculation.succeeded', status: 'delivered', attempts: 1, last_status_code: 200 }]);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['quantum-forge-event']).toBe('calculation.succeeded');
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'calculation.succeeded', id: calculationId, summary: { name: 'water by the drain' } });
  });
});
