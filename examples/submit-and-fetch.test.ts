// The README's example script, run as a user would run it (node, real fetch, a real key) against the
// API route handlers served over HTTP by this test on the test database. No worker runs on this
// file's own queue, so the calculation is not waited for (--wait 0); the pipeline tests run one.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as collection from '@/app/api/v1/calculations/route';
import * as one from '@/app/api/v1/calculations/[id]/route';
import * as atoms from '@/app/api/v1/calculations/[id]/atoms/route';
import { createApiKey } from '@/lib/api-keys/api-keys';
import { closePool } from '@/lib/db/pool';
import { ownCalculationQueue } from '@/lib/jobs/test-queue';
import { createTestUser, type TestUser } from '@/supabase/tests/create-test-user';
import { serveRoutes, type Route } from './route-server';

ownCalculationQueue('example-submit');

const ROUTES: Route[] = [
  [/^\/api\/v1\/calculations$/, collection],
  [/^\/api\/v1\/calculations\/([^/]+)$/, one],
  [/^\/api\/v1\/calculations\/([^/]+)\/atoms$/, atoms],
];

describe('examples/submit-and-fetch.mjs', () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let url = '';
  let user: TestUser;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    await admin.connect();
    user = await createTestUser({ label: 'script' });
    server = await serveRoutes(ROUTES);
    url = server.url;
  });
  afterAll(async () => {
    await server.close();
    await admin.end();
    await closePool();
  });

  it('submits a SMILES with an API key and fetches the calculation', async () => {
    const { key } = await createApiKey(user.claims, { name: 'example script', expiresInDays: null });
    const script = path.join(import.meta.dirname, 'submit-and-fetch.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [script, 'c1ccccc1O', '--wait', '0'], {
      env: { ...process.env, QF_URL: url, QF_API_KEY: key },
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: string; id: string; status: string });
    expect(lines.map((l) => l.step)).toEqual(['submitted', 'fetched']);
    expect(lines[1]).toMatchObject({ id: lines[0]!.id });
    expect(lines[1]!.status).toBe('queued');
    const { rows } = await admin.query('select owner_id, name, input_smiles from public.calculations where id = $1', [lines[0]!.id]);
    expect(rows[0]).toEqual({ owner_id: user.id, name: 'script c1ccccc1O', input_smiles: 'c1ccccc1O' });
  });

  it('explains a missing key instead of failing obscurely', async () => {
    const script = path.join(import.meta.dirname, 'submit-and-fetch.mjs');
    const env: NodeJS.ProcessEnv = { ...process.env, QF_URL: url };
    delete env.QF_API_KEY;
    const error = await promisify(execFile)(process.execPath, [script], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 2, stderr: expect.stringContaining('Set QF_API_KEY') });
  });
});
