// /api/v1 calculations against the real stack: the route handlers are called as functions with real
// Requests, keys are real keys, RLS is the database's. Submissions are only queued: no worker runs on
// this file's own queue, so they stay queued unless a test moves them.
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '@/lib/api-keys/api-keys';
import { usageLog } from '@/lib/metrics/usage-log';
import { calculationDetailSchema, calculationPageSchema, submittedCalculationSchema, atomsSchema, cancelResultSchema } from '@/lib/api/schemas';
import { closePool } from '@/lib/db/pool';
import { ownCalculationQueue } from '@/lib/jobs/test-queue';
import { createTestUser, type TestUser } from '@/supabase/tests/create-test-user';
import * as collection from './calculations/route';
import * as one from './calculations/[id]/route';
import * as atoms from './calculations/[id]/atoms/route';
import * as cancel from './calculations/[id]/cancel/route';
import * as rerun from './calculations/[id]/rerun/route';
import { API_BASE as BASE, apiRequest, expectProblem, idParams } from './test-support';

ownCalculationQueue('api-calculations');

const WATER = { format: 'xyz', text: '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n', name: 'water' };

const request = apiRequest;
const params = idParams;
const problem = expectProblem;

describe('/api/v1/calculations', () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  let alice: TestUser;
  let bob: TestUser;
  let viewer: TestUser;
  let aliceKey: string;
  let bobKey: string;
  let viewerKey: string;

  beforeAll(async () => {
    await admin.connect();
    [alice, bob, viewer] = await Promise.all([
      createTestUser({ label: 'api-alice' }),
      createTestUser({ label: 'api-bob' }),
      createTestUser({ label: 'api-viewer', role: 'viewer' }),
    ]);
    const keys = await Promise.all([
      createApiKey(alice.claims, { name: 'notebook', expiresInDays: null }),
      createApiKey(bob.claims, { name: 'pipeline', expiresInDays: null }),
      createApiKey(viewer.claims, { name: 'read only', expiresInDays: null }),
    ]);
    [aliceKey, bobKey, viewerKey] = keys.map((k) => k.key) as [string, string, string];
  });
  afterAll(async () => {
    await admin.end();
    await closePool();
  });

  it('submits with an API key, then gets it with results and lists it', async () => {
    const response = await collection.POST(request('/calculations', { key: aliceKey, method: 'POST', body: WATER }));
    expect(response.status).toBe(201);
    const submitted = submittedCalculationSchema.parse(await response.json());
    expect(response.headers.get('location')).toBe(`/api/v1/calculations/${submitted.id}`);
    const { rows } = await admin.query('select owner_id, status, method from public.calculations where id = $1', [submitted.id]);
    expect(rows[0]).toEqual({ owner_id: alice.id, status: 'queued', method: 'gfn2' });

    const got = await one.GET(request(`/calculations/${submitted.id}`, { key: aliceKey }), params(submitted.id));
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBeNull(); // not finished: it may still change
    const detail = calculationDetailSchema.parse(await got.json());
    expect(detail).toMatchObject({ id: submitted.id, name: 'water', status: 'queued' });

    const listed = await collection.GET(request('/calculations', { key: aliceKey }));
    const page = calculationPageSchema.parse(await listed.json());
    expect(page.items.map((i) => i.id)).toContain(submitted.id);

    const perAtom = await atoms.GET(request(`/calculations/${submitted.id}/atoms`, { key: aliceKey }), params(submitted.id));
    expect(atomsSchema.parse(await perAtom.json()).calculationId).toBe(submitted.id);
  });

  it('refuses missing, unknown and revoked keys with 401', async () => {
    await problem(await collection.GET(request('/calculations')), 401);
    await problem(await collection.GET(request('/calculations', { key: `qf_AAAAAAAA_${'A'.repeat(43)}` })), 401);
    await problem(await collection.GET(request('/calculations', { headers: { authorization: 'Basic abc' } })), 401);
    // Session cookies travel with other sites' requests: a cross-site write never reaches the session.
    const crossSite = await problem(
      await collection.POST(request('/calculations', { method: 'POST', body: WATER, headers: { 'sec-fetch-site': 'cross-site' } })),
      403,
    );
    expect(crossSite.detail).toMatch(/other sites/);
    const doomed = await createApiKey(alice.claims, { name: 'doomed', expiresInDays: null });
    expect((await collection.GET(request('/calculations', { key: doomed.key }))).status).toBe(200);
    await revokeApiKey(alice.claims, doomed.id);
    const body = await problem(await collection.GET(request('/calculations', { key: doomed.key })), 401);
    expect(body.detail).toMatch(/revoked/);
  });

  it("lets a viewer's key read but not write (403), and creates nothing", async () => {
    expect((await collection.GET(request('/calculations', { key: viewerKey }))).status).toBe(200);
    const body = await problem(await collection.POST(request('/calculations', { key: viewerKey, method: 'POST', body: WATER })), 403);
    expect(body.detail).toMatch(/Viewers can only read/);
    const { rows } = await admin.query('select count(*)::int as n from public.calculations where owner_id = $1', [viewer.id]);
    expect(rows[0].n).toBe(0);
  });

  it("answers another user's calculation with 404 on every route, and changes nothing", async () => {
    const submitted = submittedCalculationSchema.parse(
      await (await collection.POST(request('/calculations', { key: aliceKey, method: 'POST', body: WATER }))).json(),
    );
    const id = submitted.id;
    await problem(await one.GET(request(`/calculations/${id}`, { key: bobKey }), params(id)), 404);
    await problem(await atoms.GET(request(`/calculations/${id}/atoms`, { key: bobKey }), params(id)), 404);
    await problem(await cancel.POST(request(`/calculations/${id}/cancel`, { key: bobKey, method: 'POST' }), params(id)), 404);
    await problem(await rerun.POST(request(`/calculations/${id}/rerun`, { key: bobKey, method: 'POST' }), params(id)), 404);
    await problem(await one.GET(request('/calculations/not-an-id', { key: bobKey }), params('not-an-id')), 404);
    const listed = calculationPageSchema.parse(await (await collection.GET(request('/calculations', { key: bobKey }))).json());
    expect(listed.items.map((i) => i.id)).not.toContain(id);
    const { rows } = await admin.query('select status, cancel_requested from public.calculations where id = $1', [id]);
    // Not cancelled by the stranger.
    expect(rows[0]).toEqual({ status: 'queued', cancel_requested: false });
  });

  it('answers invalid input with the field messages the editor shows', async () => {
    const bad = await problem(
      await collection.POST(request('/calculations', { key: aliceKey, method: 'POST', body: { ...WATER, params: { charge: 99 } } })),
      422,
    );
    expect(bad.errors?.charge?.[0]).toMatch(/Charge/);
    const molecule = await problem(
      await collection.POST(request('/calculations', { key: aliceKey, method: 'POST', body: { format: 'smiles', text: 'C1CC(' } })),
      422,
    );
    expect(molecule.detail).toMatch(/cannot be computed/);
    const shape = await problem(await collection.POST(request('/calculations', { key: aliceKey, method: 'POST', body: { format: 'pdb', text: '' } })), 422);
    expect(Object.keys(shape.errors ?? {})).toEqual(expect.arrayContaining(['format', 'text']));
    const notJson = await collection.POST(new Request(`${BASE}/calculations`, { method: 'POST', headers: { authorization: `Bearer ${aliceKey}` }, body: 'x' }));
    await problem(notJson, 415);
    const badLimit = await problem(await collection.GET(request('/calculations?limit=1000', { key: aliceKey })), 422);
    expect(badLimit.errors?.limit).toEqual(['limit must be between 1 and 100.']);
  });

  it('replays a retried POST with the same Idempotency-Key and creates nothing twice', async () => {
    const key = randomUUID();
    const send = () =>
      collection.POST(
        request('/calculations', { key: aliceKey, method: 'POST', body: { ...WATER, name: 'idempotent water' }, headers: { 'idempotency-key': key } }),
      );
    const first = await send();
    const firstBody = await first.json();
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    const { rows } = await admin.query(`select count(*)::int as n from public.calculations where owner_id = $1 and name = 'idempotent water'`, [alice.id]);
    expect(rows[0].n).toBe(1);
    // Keys are per user: Bob's request with the same key is his own.
    const bobs = await collection.POST(request('/calculations', { key: bobKey, method: 'POST', body: WATER, headers: { 'idempotency-key': key } }));
    expect(bobs.status).toBe(201);
    expect((await bobs.json()).id).not.toBe(firstBody.id);
    // The same key on another operation is refused.
    const other = await cancel.POST(
      request(`/calculations/${firstBody.id}/cancel`, { key: aliceKey, method: 'POST', headers: { 'idempotency-key': key } }),
      params(firstBody.id),
    );
    await problem(other, 422);
  });

  it('pages with limit, cursor and next_cursor, newest first, and filters', async () => {
    const user = await createTestUser({ label: 'api-pager' });
    const { key } = await createApiKey(user.claims, { name: 'pager', expiresInDays: null });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await collection.POST(request('/calculations', { key, method: 'POST', body: { ...WATER, name: `pager ${i}` } }));
      ids.push((await r.json()).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/calculations?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = calculationPageSchema.parse(await (await collection.GET(request(q, { key }))).json());
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    // Filters.
    const filtered = calculationPageSchema.parse(await (await collection.GET(request('/calculations?q=pager%203&method=gfn2', { key }))).json());
    expect(filtered.items.map((i) => i.id)).toEqual([ids[3]]);
    expect(calculationPageSchema.parse(await (await collection.GET(request('/calculations?method=gfn1', { key }))).json()).items).toEqual([]);
    const queued = calculationPageSchema.parse(await (await collection.GET(request('/calculations?status=queued', { key }))).json());
    expect(queued.items.map((i) => i.id)).toEqual([...ids].reverse());
    expect(calculationPageSchema.parse(await (await collection.GET(request('/calculations?status=running', { key }))).json()).items).toEqual([]);
    await problem(await collection.GET(request('/calculations?cursor=garbage', { key })), 422);
  });

  it('cancels and reruns, and gives a finished calculation an ETag that answers 304', async () => {
    const submitted = submittedCalculationSchema.parse(
      await (await collection.POST(request('/calculations', { key: aliceKey, method: 'POST', body: WATER }))).json(),
    );
    const id = submitted.id;
    const cancelled = await cancel.POST(request(`/calculations/${id}/cancel`, { key: aliceKey, method: 'POST' }), params(id));
    expect(cancelResultSchema.parse(await cancelled.json())).toEqual({ id, status: 'cancelled' });
    const again = await problem(await cancel.POST(request(`/calculations/${id}/cancel`, { key: aliceKey, method: 'POST' }), params(id)), 409);
    expect(again.detail).toMatch(/cancelled/);

    const got = await one.GET(request(`/calculations/${id}`, { key: aliceKey }), params(id));
    const etag = got.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const notModified = await one.GET(request(`/calculations/${id}`, { key: aliceKey, headers: { 'if-none-match': etag! } }), params(id));
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');

    const rerunResponse = await rerun.POST(request(`/calculations/${id}/rerun`, { key: aliceKey, method: 'POST' }), params(id));
    expect(rerunResponse.status).toBe(201);
    const rerunBody = submittedCalculationSchema.parse(await rerunResponse.json());
    expect(rerunBody.id).not.toBe(id);
    await problem(await rerun.POST(request(`/calculations/${id}/rerun`, { key: viewerKey, method: 'POST' }), params(id)), 403);
  });

  it('rate limits per key with 429 and Retry-After', async () => {
    const { key } = await createApiKey(alice.claims, { name: 'busy', expiresInDays: null });
    process.env.QF_API_RATE_LIMIT_PER_MINUTE = '3';
    try {
      for (let i = 0; i < 3; i++) expect((await collection.GET(request('/calculations?limit=1', { key }))).status).toBe(200);
      const limited = await collection.GET(request('/calculations?limit=1', { key }));
      const body = await problem(limited, 429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body.detail).toMatch(/Too many requests/);
    } finally {
      delete process.env.QF_API_RATE_LIMIT_PER_MINUTE;
    }
  });

  it('logs every request to api_usage_logs', async () => {
    const { key, id } = await createApiKey(bob.claims, { name: 'logged', expiresInDays: null });
    await collection.GET(request('/calculations?limit=1&status=queued', { key }));
    await problem(await one.GET(request(`/calculations/${randomUUID()}`, { key }), params(randomUUID())), 404);
    await usageLog().flush();
    const { rows } = await admin.query(
      `select user_id, endpoint, method, status_code, query_parameters from public.api_usage_logs where api_key_id = $1 order by id`,
      [id],
    );
    expect(rows).toEqual([
      { user_id: bob.id, endpoint: '/api/v1/calculations', method: 'GET', status_code: 200, query_parameters: { limit: '1', status: 'queued' } },
      expect.objectContaining({ user_id: bob.id, method: 'GET', status_code: 404 }),
    ]);
  });
});
