// The batch example script, run as a user would run it (node, real fetch, a real key, a real file)
// against the API route handlers served over HTTP on the test database. No worker runs on this
// file's own queue and none is waited for (--wait 0): the export holds the queued calculations.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as batches from '@/app/api/v1/batches/route';
import * as batch from '@/app/api/v1/batches/[id]/route';
import * as batchExport from '@/app/api/v1/batches/[id]/export/route';
import { createApiKey } from '@/lib/api-keys/api-keys';
import { closePool } from '@/lib/db/pool';
import { ownCalculationQueue } from '@/lib/jobs/test-queue';
import { createTestUser } from '@/supabase/tests/create-test-user';
import { serveRoutes, type Route } from './route-server';

ownCalculationQueue('example-batch');

const ROUTES: Route[] = [
  [/^\/api\/v1\/batches$/, batches],
  [/^\/api\/v1\/batches\/([^/]+)$/, batch],
  [/^\/api\/v1\/batches\/([^/]+)\/export$/, batchExport],
];

describe('examples/batch-and-export.mjs', () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let dir = '';
  beforeAll(async () => {
    server = await serveRoutes(ROUTES);
    dir = await mkdtemp(path.join(tmpdir(), 'qf-batch-example-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    await closePool();
  });

  it('uploads a CSV as a batch, reports the invalid row by number and writes the export', async () => {
    const user = await createTestUser({ label: 'batch-script' });
    const { key } = await createApiKey(user.claims, { name: 'batch script', expiresInDays: null });
    const input = path.join(dir, 'alcohols.csv');
    await writeFile(input, 'smiles,name\nCO,methanol\nC1CC(,broken\nCCO,ethanol\n');
    const out = path.join(dir, 'results.csv');
    const script = path.join(import.meta.dirname, 'batch-and-export.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [script, input, '--wait', '0', '--out', out], {
      env: { ...process.env, QF_URL: server.url, QF_API_KEY: key },
    });
    const steps = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: string; calculations?: number; invalid?: { row: number }[]; counts?: object; rows?: number });
    expect(steps.map((s) => s.step)).toEqual(['created', 'progress', 'exported']);
    expect(steps[0]).toMatchObject({ calculations: 2, invalid: [expect.objectContaining({ row: 2 })] });
    expect(steps[1]).toMatchObject({ status: 'running', counts: { invalid: 1, queued: 2, running: 0, succeeded: 0, done: 1 } }); // the invalid row is done
    expect(steps[2]).toMatchObject({ rows: 2 });
    const csv = (await readFile(out, 'utf8')).trim().split('\r\n');
    expect(csv.slice(1).map((row) => row.split(',')[4])).toEqual(['methanol', 'ethanol']);
  });
});
