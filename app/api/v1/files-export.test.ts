// /api/v1 calculation files and the results-list export against the real stack: stored results
// (written straight into the database, no xtb) downloaded as the result page offers them, and the
// list filters' selection exported and parsed back. RLS from the database.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculationFilesSchema } from '@/lib/api/schemas';
import { seedStoredBatch } from '@/lib/batches/stored-batch-fixture';
import { closePool } from '@/lib/db/pool';
import * as files from './calculations/[id]/files/route';
import * as file from './calculations/[id]/files/[name]/route';
import * as exporter from './calculations/export/route';
import { apiCast, apiRequest, expectProblem } from './test-support';

const get = (path: string, key?: string) => apiRequest(path, { key });
const problem = expectProblem;

describe('/api/v1 calculation files and export', async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const { alice: owner, aliceKey: ownerKey, bobKey: strangerKey, viewerKey } = await apiCast('files');
  /** Succeeded calculations of the owner's stored batch, by row. */
  let calculationIds: Map<number, string>;

  beforeAll(async () => {
    await admin.connect();
    const batchId = await seedStoredBatch(admin, owner.id, 12, 'files batch');
    const { rows } = await admin.query<{ source_row: number; calculation_id: string }>(
      'select source_row, calculation_id from public.batch_items where batch_id = $1',
      [batchId],
    );
    calculationIds = new Map(rows.map((r) => [r.source_row, r.calculation_id]));
  });
  afterAll(async () => {
    await admin.end();
    await closePool();
  });

  it('lists the files of a calculation with sizes, and downloads each as the result page does', async () => {
    const id = calculationIds.get(1)!;
    const params = { params: Promise.resolve({ id }) };
    const listed = calculationFilesSchema.parse(await (await files.GET(get(`/calculations/${id}/files`, ownerKey), params)).json());
    expect(listed.files.map((f) => f.name)).toEqual(['input.xyz', 'optimized.xyz', 'structure.sdf', 'results.json']);
    for (const entry of listed.files) {
      const response = await file.GET(get(`/calculations/${id}/files/${entry.name}`, ownerKey), { params: Promise.resolve({ id, name: entry.name }) });
      expect(response.status, entry.name).toBe(200);
      expect(response.headers.get('content-type')).toBe(entry.mediaType);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${entry.fileName}"`);
      const body = await response.text();
      expect(Buffer.byteLength(body), entry.name).toBe(entry.size);
      if (entry.name === 'structure.sdf') expect(body).toMatch(/> {2}<total_energy_Eh>\n-5\.07/);
      if (entry.name === 'results.json') expect(JSON.parse(body)).toMatchObject({ id, status: 'succeeded', units: { totalEnergy: 'Eh' } });
      if (entry.name === 'optimized.xyz') expect(body.split('\n')[0]).toBe('3');
    }
    const missing = await problem(
      await file.GET(get(`/calculations/${id}/files/xtb.log`, ownerKey), { params: Promise.resolve({ id, name: 'xtb.log' }) }),
      404,
    );
    expect(missing.detail).toMatch(/no such file/);
    const unknown = await problem(
      await file.GET(get(`/calculations/${id}/files/secrets.txt`, ownerKey), { params: Promise.resolve({ id, name: 'secrets.txt' }) }),
      404,
    );
    expect(unknown.detail).toMatch(/input\.xyz/);
  });

  it("answers another user's calculation with 404 and a missing key with 401", async () => {
    const id = calculationIds.get(2)!;
    for (const key of [strangerKey, viewerKey]) {
      await problem(await files.GET(get(`/calculations/${id}/files`, key), { params: Promise.resolve({ id }) }), 404);
      await problem(await file.GET(get(`/calculations/${id}/files/input.xyz`, key), { params: Promise.resolve({ id, name: 'input.xyz' }) }), 404);
    }
    await problem(await files.GET(get(`/calculations/${id}/files`), { params: Promise.resolve({ id }) }), 401);
  });

  it('exports the calculations the list filters select, in the list order, in each format', async () => {
    // The stored batch: every third calculation is GFN1, rows 10 failed.
    const csv = await exporter.GET(get('/calculations/export?format=csv&method=gfn1&sort=created&dir=asc', ownerKey));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="results.csv"');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((cell, i) => [header[i], cell])));
    expect(rows.map((r) => Number(r.row)).sort((a, b) => a - b)).toEqual([3, 6, 9, 12]);
    expect(new Set(rows.map((r) => r.method))).toEqual(new Set(['gfn1']));

    const failed = (await (await exporter.GET(get('/calculations/export?format=jsonl&status=failed&error=convergence', ownerKey))).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { row: number; error_type: string });
    expect(failed).toEqual([expect.objectContaining({ row: 10, error_type: 'convergence' })]);

    const byGap = await (await exporter.GET(get('/calculations/export?format=sdf&gmin=9.7&gmax=9.9&q=molecule%201', ownerKey))).text();
    // "molecule 1", "molecule 11", "molecule 12" (and not the failed "molecule 10", which has no gap).
    expect(byGap.split('$$$$\n').filter((r) => r.trim())).toHaveLength(3);
    const none = await (await exporter.GET(get('/calculations/export?format=csv&gmin=20', ownerKey))).text();
    expect(none.trimEnd().split('\r\n')).toHaveLength(1); // the header only

    // Another user's export holds nothing of the owner's.
    const strangers = await (await exporter.GET(get('/calculations/export?format=csv', strangerKey))).text();
    expect(strangers).not.toContain(calculationIds.get(1)!);
    const bad = await problem(await exporter.GET(get('/calculations/export?format=xlsx&gmin=abc', ownerKey)), 422);
    expect(Object.keys(bad.errors ?? {}).sort()).toEqual(['format', 'gmin']);
  });
});
