// The README's example script, run as a user would run it (node, real fetch, a real key) against the
// API route handlers served over HTTP by this test on the test database. No worker runs here, so the
// calculation is not waited for (--wait 0); the pipeline tests cover running it.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as collection from '@/app/api/v1/calculations/route';
import * as one from '@/app/api/v1/calculations/[id]/route';
import * as atoms from '@/app/api/v1/calculations/[id]/atoms/route';
import { createApiKey } from '@/lib/api-keys/api-keys';
import { closePool } from '@/lib/db/pool';
import { createTestUser, type TestUser } from '@/supabase/tests/create-test-user';

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
const ROUTES: [RegExp, Record<string, Handler>][] = [
  [/^\/api\/v1\/calculations$/, collection as unknown as Record<string, Handler>],
  [/^\/api\/v1\/calculations\/([^/]+)$/, one as unknown as Record<string, Handler>],
  [/^\/api\/v1\/calculations\/([^/]+)\/atoms$/, atoms as unknown as Record<string, Handler>],
];

describe('examples/submit-and-fetch.mjs', () => {
  let server: Server;
  let url = '';
  let user: TestUser;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    await admin.connect();
    user = await createTestUser({ label: 'script' });
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const target = new URL(req.url ?? '/', url);
      const route = ROUTES.find(([pattern]) => pattern.test(target.pathname));
      const handler = route?.[1][req.method ?? 'GET'];
      if (!route || !handler) {
        res.writeHead(404).end();
        return;
      }
      const id = route[0].exec(target.pathname)?.[1] ?? '';
      const request = new Request(target, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const response = await handler(request, { params: Promise.resolve({ id }) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
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
    // Not waited for (--wait 0); a worker of another test file sharing the queue may have started it.
    expect(['queued', 'running', 'succeeded']).toContain(lines[1]!.status);
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
