// /api/v1/batches against the real stack: the route handlers called with real Requests and real keys,
// the New batch page's analysis (RDKit) and bulk create, RLS from the database. Stored batches for
// paging, retry and export are written straight into the database (no xtb).
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '@/lib/api-keys/api-keys';
import { batchDetailSchema, batchItemPageSchema, batchPageSchema, cancelledBatchSchema, createdBatchSchema, retriedBatchSchema } from '@/lib/api/batches';
import { seedStoredBatch } from '@/lib/batches/stored-batch-fixture';
import { DEFAULT_CALCULATION_PARAMS } from '@/lib/calculations/parameters';
import { closePool } from '@/lib/db/pool';
import { ownCalculationQueue } from '@/lib/jobs/test-queue';
import { createTestUser } from '@/supabase/tests/create-test-user';
import * as collection from './batches/route';
import * as one from './batches/[id]/route';
import * as cancel from './batches/[id]/cancel/route';
import * as retry from './batches/[id]/retry/route';
import * as items from './batches/[id]/items/route';
import * as exporter from './batches/[id]/export/route';
import { apiCast, apiRequest, expectProblem, idParams } from './test-support';

// No worker runs on this file's own queue: what it submits stays queued.
ownCalculationQueue('api-batches');

const WATER_XYZ = '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n';
const request = apiRequest;
const params = idParams;
const problem = expectProblem;

describe('/api/v1/batches', async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const { alice, viewer, aliceKey, bobKey, viewerKey } = await apiCast('batch-api');
  /** Alice's stored batch: 25 calculations, rows 10 and 20 failed. */
  let stored: string;

  beforeAll(async () => {
    await admin.connect();
    stored = await seedStoredBatch(admin, alice.id, 25, 'stored for the API');
    // A batch made by the app stores its full parameters; retry builds on them.
    await admin.query('update public.batch_jobs set parameters = $2 where id = $1', [stored, JSON.stringify(DEFAULT_CALCULATION_PARAMS)]);
  });
  afterAll(async () => {
    await admin.end();
    await closePool();
  });

  it('creates a batch from a JSON list, keeps invalid rows by number, and replays a retried request', async () => {
    const idempotencyKey = randomUUID();
    const body = {
      name: `list ${idempotencyKey}`,
      params: { task: 'sp' },
      molecules: [{ smiles: 'CCO', name: 'ethanol' }, { smiles: 'C1CC(' }, { xyz: WATER_XYZ, name: 'water' }, { name: 'nothing' }, { smiles: 'OCC' }],
    };
    const send = () => collection.POST(request('/batches', { key: aliceKey, body, headers: { 'idempotency-key': idempotencyKey } }));
    const response = await send();
    expect(response.status).toBe(201);
    const created = createdBatchSchema.parse(await response.json());
    expect(response.headers.get('location')).toBe(`/api/v1/batches/${created.id}`);
    expect(created).toMatchObject({ calculations: 2, rowLabel: 'row', totalRows: 5, duplicates: [{ row: 5, firstRow: 1 }] });
    expect(created.invalid.map((p) => p.row)).toEqual([2, 4]);
    expect(created.invalid[1]!.reason).toMatch(/smiles.*xyz/);

    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).id).toBe(created.id);
    const { rows } = await admin.query('select count(*)::int as n from public.batch_jobs where owner_id = $1 and name = $2', [alice.id, body.name]);
    expect(rows[0].n).toBe(1);

    const detail = batchDetailSchema.parse(await (await one.GET(request(`/batches/${created.id}`, { key: aliceKey }), params(created.id))).json());
    expect(detail.counts).toMatchObject({ total: 4, invalid: 2 });
    expect(detail.parameters).toMatchObject({ task: 'sp', method: 'gfn2' });
  });

  it('creates from a multipart upload and from a raw file body, as the New batch page reads files', async () => {
    const form = new FormData();
    form.set('file', new File(['smiles,name\nCCO,ethanol\nnot a smiles,broken\nc1ccccc1,benzene\n'], 'screen.csv', { type: 'text/csv' }));
    form.set('name', 'multipart screen');
    form.set('task', 'sp');
    const multipart = await collection.POST(request('/batches', { key: aliceKey, raw: form }));
    expect(multipart.status).toBe(201);
    const fromForm = createdBatchSchema.parse(await multipart.json());
    expect(fromForm).toMatchObject({ calculations: 2, rowLabel: 'row' });
    expect(fromForm.invalid.map((p) => p.row)).toEqual([2]);

    const raw = await collection.POST(
      request('/batches?name=raw%20sdf&method=gfn1', { key: aliceKey, raw: 'CCO\tethanol\nCCN\tethylamine\n', headers: { 'content-type': 'text/plain' } }),
    );
    await problem(raw, 415); // text/plain names no format…
    const named = await collection.POST(
      request('/batches?name=raw%20smi&method=gfn1&filename=list.smi', {
        key: aliceKey,
        raw: 'CCO ethanol\nCCN ethylamine\n',
        headers: { 'content-type': 'text/plain' },
      }),
    );
    expect(named.status).toBe(201); // …a file name does
    const fromRaw = createdBatchSchema.parse(await named.json());
    expect(fromRaw).toMatchObject({ calculations: 2, rowLabel: 'line' });
    const { rows } = await admin.query('select parameters->>$2 as method, source_filename from public.batch_jobs where id = $1', [fromRaw.id, 'method']);
    expect(rows[0]).toEqual({ method: 'gfn1', source_filename: 'list.smi' });

    const typed = await collection.POST(
      request('/batches?name=typed&task=sp', { key: aliceKey, raw: 'smiles\nCC\n', headers: { 'content-type': 'text/csv' } }),
    );
    expect(createdBatchSchema.parse(await typed.json()).calculations).toBe(1);
  });

  it('answers invalid input with problems that name the rows', async () => {
    const none = await problem(
      await collection.POST(request('/batches', { key: aliceKey, body: { name: 'hopeless', molecules: [{ smiles: 'C1CC(' }, { smiles: 'XyZ' }] } })),
      422,
    );
    expect(none.detail).toMatch(/row 1: .*row 2: /);
    expect(Object.keys(none.errors ?? {})).toEqual(['row 1', 'row 2']);

    const shape = await problem(
      await collection.POST(
        request('/batches', { key: aliceKey, body: { name: '', molecules: [{ smiles: 'CCO' }, { smiles: 'CCN', charge: 1.5 }, { xyz: 7 }] } }),
      ),
      422,
    );
    expect(shape.errors?.name).toEqual(['Please name the batch.']);
    expect(shape.errors?.['row 2.charge']).toEqual(['Charge must be a whole number.']);
    expect(shape.errors?.['row 3.xyz']).toBeDefined();

    const parameters = await problem(
      await collection.POST(request('/batches', { key: aliceKey, body: { name: 'bad params', params: { method: 'dft' }, molecules: [{ smiles: 'C' }] } })),
      422,
    );
    expect(Object.keys(parameters.errors ?? {})).toContain('params.method');

    const form = new FormData();
    form.set('file', new File(['C\n'], 'molecules.pdf'));
    form.set('name', 'wrong file');
    const wrongFile = await problem(await collection.POST(request('/batches', { key: aliceKey, raw: form })), 415);
    expect(wrongFile.detail).toMatch(/\.csv/);
    const { rows } = await admin.query(`select count(*)::int as n from public.batch_jobs where owner_id = $1 and name in ('hopeless', 'bad params')`, [
      alice.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it("refuses missing and revoked keys (401) and a viewer's writes (403), and lets the viewer read", async () => {
    await problem(await collection.GET(request('/batches')), 401);
    const doomed = await createApiKey(alice.claims, { name: 'doomed', expiresInDays: null });
    expect((await collection.GET(request('/batches', { key: doomed.key }))).status).toBe(200);
    await revokeApiKey(alice.claims, doomed.id);
    expect((await problem(await collection.GET(request('/batches', { key: doomed.key })), 401)).detail).toMatch(/revoked/);

    expect(batchPageSchema.parse(await (await collection.GET(request('/batches', { key: viewerKey }))).json()).items).toEqual([]);
    const body = { name: 'viewer batch', molecules: [{ smiles: 'C' }] };
    expect((await problem(await collection.POST(request('/batches', { key: viewerKey, body })), 403)).detail).toMatch(/Viewers can only read/);
    await problem(await cancel.POST(request(`/batches/${stored}/cancel`, { key: viewerKey, method: 'POST' }), params(stored)), 403);
    await problem(await retry.POST(request(`/batches/${stored}/retry`, { key: viewerKey, method: 'POST' }), params(stored)), 403);
    const { rows } = await admin.query('select count(*)::int as n from public.batch_jobs where owner_id = $1', [viewer.id]);
    expect(rows[0].n).toBe(0);
  });

  it("answers another user's batch with 404 on every route, and changes nothing", async () => {
    await problem(await one.GET(request(`/batches/${stored}`, { key: bobKey }), params(stored)), 404);
    await problem(await items.GET(request(`/batches/${stored}/items`, { key: bobKey }), params(stored)), 404);
    await problem(await exporter.GET(request(`/batches/${stored}/export?format=csv`, { key: bobKey }), params(stored)), 404);
    await problem(await cancel.POST(request(`/batches/${stored}/cancel`, { key: bobKey, method: 'POST' }), params(stored)), 404);
    await problem(await retry.POST(request(`/batches/${stored}/retry`, { key: bobKey, method: 'POST' }), params(stored)), 404);
    await problem(await one.GET(request('/batches/not-an-id', { key: bobKey }), params('not-an-id')), 404);
    const listed = batchPageSchema.parse(await (await collection.GET(request('/batches?limit=100', { key: bobKey }))).json());
    expect(listed.items.map((b) => b.id)).not.toContain(stored);
    const { rows } = await admin.query(`select count(*)::int as n from public.batch_items where batch_id = $1 and status = 'failed'`, [stored]);
    expect(rows[0].n).toBe(2);
  });

  it('pages batches and items with limit, cursor and next_cursor', async () => {
    const pager = await createTestUser({ label: 'batch-api-pager' });
    const { key } = await createApiKey(pager.claims, { name: 'pager', expiresInDays: null });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await seedStoredBatch(admin, pager.id, i === 0 ? 7 : 1, `pager ${i}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = batchPageSchema.parse(
        await (await collection.GET(request(`/batches?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key }))).json(),
      );
      seen.push(...page.items.map((b) => b.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect([pages, seen]).toEqual([2, [...ids].reverse()]);

    const rowsSeen: number[] = [];
    cursor = null;
    pages = 0;
    do {
      const response = await items.GET(
        request(`/batches/${ids[0]}/items?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key }),
        params(ids[0]!),
      );
      const page = batchItemPageSchema.parse(await response.json());
      expect(page.total).toBe(7);
      rowsSeen.push(...page.items.map((i) => i.row!));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect([pages, rowsSeen]).toEqual([3, [1, 2, 3, 4, 5, 6, 7]]);
    const succeeded = batchItemPageSchema.parse(
      await (await items.GET(request(`/batches/${stored}/items?status=failed`, { key: aliceKey }), params(stored))).json(),
    );
    expect(succeeded.items.map((i) => i.row)).toEqual([10, 20]);
    await problem(await collection.GET(request('/batches?cursor=garbage', { key })), 422);
    await problem(await items.GET(request(`/batches/${ids[0]}/items?cursor=garbage`, { key }), params(ids[0]!)), 422);
  });

  it('exports a batch as CSV, JSONL and SDF that parse back', async () => {
    const get = (format: string) => exporter.GET(request(`/batches/${stored}/export?format=${format}`, { key: aliceKey }), params(stored));
    const csv = await get('csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="stored-for-the-API.csv"');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 4)).toEqual(['calculation_id', 'batch_id', 'molecule_id', 'row']);
    expect(lines.slice(1).map((l) => Number(l.split(',')[3]))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const jsonl = (await (await get('jsonl')).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; elements: string[] });
    expect(jsonl.filter((r) => r.status === 'failed')).toHaveLength(2);
    expect(jsonl[0]!.elements).toEqual(['O', 'H', 'H']);
    const sdf = await (await get('sdf')).text();
    expect(sdf.split('$$$$\n').filter((r) => r.trim())).toHaveLength(23); // the succeeded ones
    await problem(await get('xlsx'), 422);
  });

  it("retries a batch's failed items with changed parameters, then has nothing left to retry; cancels a running one", async () => {
    const retried = await retry.POST(request(`/batches/${stored}/retry`, { key: aliceKey, body: { etemp: 1000 } }), params(stored));
    expect(retried.status).toBe(200);
    expect(retriedBatchSchema.parse(await retried.json())).toMatchObject({ id: stored, retried: 2, params: { etemp: 1000 } });
    const { rows } = await admin.query(
      `select c.etemp from public.batch_items i join public.calculations c on c.id = i.calculation_id where i.batch_id = $1 and i.source_row in (10, 20)`,
      [stored],
    );
    expect(rows.map((r) => r.etemp)).toEqual([1000, 1000]);
    expect((await problem(await retry.POST(request(`/batches/${stored}/retry`, { key: aliceKey, method: 'POST' }), params(stored)), 409)).detail).toMatch(
      /No item of this batch has failed/,
    );
    // The two retries are queued: cancel closes them at once.
    const cancelled = await cancel.POST(request(`/batches/${stored}/cancel`, { key: aliceKey, method: 'POST' }), params(stored));
    expect(cancelled.status).toBe(200);
    expect(cancelledBatchSchema.parse(await cancelled.json())).toEqual({ id: stored, cancelled: 2, stopping: 0 });
    await problem(await cancel.POST(request(`/batches/${stored}/cancel`, { key: aliceKey, method: 'POST' }), params(stored)), 409);
  });
});
