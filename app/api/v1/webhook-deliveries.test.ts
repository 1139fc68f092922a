// GET /api/v1/webhooks/deliveries and the settings tab's loader against the real database: newest
// first, cursor pages and numbered pages, the outcome and event filters, RFC 9457 problems for bad
// input, and row-level security: another user's deliveries never show, not even to an admin.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePool, getPool } from '@/lib/db/pool';
import { listDeliveries, webhookDeliveryPageSchema } from '@/lib/webhooks/list-deliveries';
import { createTestUser, type TestUser } from '@/supabase/tests/create-test-user';
import { apiCast, apiRequest, expectProblem } from './test-support';
import * as deliveries from './webhooks/deliveries/route';

type Seed = { status: string; event: string; minutesAgo: number; code?: number; error?: string };

/** Delivery rows as the workers write them (users cannot write deliveries). */
async function seed(user: TestUser, rows: Seed[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const id = randomUUID();
    await getPool().query(
      `insert into public.webhook_deliveries (id, user_id, event_type, entity_type, entity_id, payload, status, attempts, last_status_code, last_error, url_host, created_at)
       values ($1, $2, $3, $4, $5, '{}', $6, $7, $8, $9, 'hooks.example.test', now() - make_interval(mins => $10))`,
      [
        id,
        user.id,
        r.event,
        r.event === 'webhook.test' ? null : 'calculation',
        r.event === 'webhook.test' ? null : randomUUID(),
        r.status,
        r.status === 'pending' ? 0 : 2,
        r.code ?? null,
        r.error ?? null,
        r.minutesAgo,
      ],
    );
    ids.push(id);
  }
  return ids;
}

describe('webhook deliveries list', () => {
  let cast: Awaited<ReturnType<typeof apiCast>>;
  let admin: TestUser;
  let alices: string[] = [];
  let bobs: string[] = [];
  const get = async (query: string, key: string) => deliveries.GET(apiRequest(`/webhooks/deliveries${query}`, { key }));
  const page = async (query: string, key: string) => {
    const response = await get(query, key);
    expect(response.status).toBe(200);
    return webhookDeliveryPageSchema.parse(await response.json());
  };

  beforeAll(async () => {
    cast = await apiCast('deliveries');
    admin = await createTestUser({ label: 'deliveries-admin', role: 'admin' });
    // Newest first: a (1 min ago) … e (5 min ago).
    alices = await seed(cast.alice, [
      { status: 'delivered', event: 'calculation.succeeded', minutesAgo: 1, code: 200 },
      { status: 'failed', event: 'calculation.failed', minutesAgo: 2, code: 410, error: 'The receiver refused the event (HTTP 410); it is not sent again.' },
      { status: 'retrying', event: 'calculation.succeeded', minutesAgo: 3, code: 503, error: 'The receiver answered HTTP 503.' },
      { status: 'pending', event: 'webhook.test', minutesAgo: 4 },
      { status: 'delivered', event: 'webhook.test', minutesAgo: 5, code: 204 },
    ]);
    bobs = await seed(cast.bob, [
      { status: 'failed', event: 'calculation.failed', minutesAgo: 1, code: 500, error: 'bob only' },
      { status: 'delivered', event: 'webhook.test', minutesAgo: 3, code: 200 },
    ]);
  });
  afterAll(closePool);

  it('pages newest first with next_cursor until the end, with code, attempts and the error in words', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await page(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`, cast.aliceKey);
      expect(p.items.length).toBeLessThanOrEqual(2);
      seen.push(...p.items.map((d) => d.id));
      cursor = p.next_cursor;
    } while (cursor);
    expect(seen).toEqual(alices);
    const failed = (await page('?limit=5', cast.aliceKey)).items[1]!;
    expect(failed).toMatchObject({
      status: 'failed',
      eventType: 'calculation.failed',
      attempts: 2,
      lastStatusCode: 410,
      lastError: 'The receiver refused the event (HTTP 410); it is not sent again.',
      urlHost: 'hooks.example.test',
    });
  });

  it('filters by outcome (pending covers retrying) and by event type', async () => {
    expect((await page('?outcome=pending', cast.aliceKey)).items.map((d) => d.id)).toEqual([alices[2], alices[3]]);
    expect((await page('?outcome=delivered&event=webhook.test', cast.aliceKey)).items.map((d) => d.id)).toEqual([alices[4]]);
    expect((await page('?outcome=failed', cast.aliceKey)).items.map((d) => d.lastStatusCode)).toEqual([410]);
  });

  it('answers bad input and a missing key with problems', async () => {
    const bad = await expectProblem(await get('?outcome=lost&limit=0', cast.aliceKey), 422);
    expect(Object.keys(bad.errors ?? {}).sort()).toEqual(['limit', 'outcome']);
    expect((await expectProblem(await get('?cursor=nonsense', cast.aliceKey), 422)).errors).toHaveProperty('cursor');
    await expectProblem(await deliveries.GET(apiRequest('/webhooks/deliveries')), 401);
  });

  it("never shows another user's deliveries: not by the API, not on the settings page, not to an admin", async () => {
    const bobSees = (await page('?limit=100', cast.bobKey)).items.map((d) => d.id);
    expect(bobSees).toEqual(bobs);
    expect(bobSees.some((id) => alices.includes(id))).toBe(false);
    // A third user with no deliveries sees an empty list.
    const viewerSees = await page('?limit=100', cast.viewerKey);
    expect(viewerSees.items).toEqual([]);

    const alicePage = await listDeliveries(cast.alice.claims, { page: 1 });
    expect(alicePage.total).toBe(5);
    expect(alicePage.rows.map((d) => d.id)).toEqual(alices);
    const bobPage = await listDeliveries(cast.bob.claims, { page: 1, outcome: 'failed' });
    expect(bobPage.rows.map((d) => d.lastError)).toEqual(['bob only']);
    expect((await listDeliveries(admin.claims, { page: 1 })).total).toBe(0);
  });

  it('numbers the settings pages and keeps a page past the end on the last one', async () => {
    const second = await listDeliveries(cast.alice.claims, { page: 2 }, 2);
    expect(second).toMatchObject({ total: 5, page: 2, pages: 3 });
    expect(second.rows.map((d) => d.id)).toEqual(alices.slice(2, 4));
    const past = await listDeliveries(cast.alice.claims, { page: 9 }, 2);
    expect(past.page).toBe(3);
    expect(past.rows.map((d) => d.id)).toEqual([alices[4]]);
  });
});
