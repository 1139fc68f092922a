// The machine endpoints: /api/health tells anonymous callers up/down only, and /api/jobs/run needs
// the worker key and runs one drain per process at a time. (A signed-in admin's view of the health
// details and a researcher's refused drain are in e2e/security.spec.ts.)
import { describe, expect, it } from 'vitest';
import { GET as health } from './health/route.ts';
import { POST as runJobs } from './jobs/run/route.ts';

const key = () => process.env.SUPABASE_SECRET_KEY!;

describe('GET /api/health', () => {
  it('tells anonymous callers only whether the service is up', async () => {
    const res = await health(new Request('http://localhost/api/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, status: 'up' });
  });

  it('gives the details to the worker key only', async () => {
    const wrong = await health(new Request('http://localhost/api/health', { headers: { 'x-qf-worker-key': `${key()}x` } }));
    expect(Object.keys(await wrong.json()).sort()).toEqual(['ok', 'status']);
    const res = await health(new Request('http://localhost/api/health', { headers: { authorization: `Bearer ${key()}` } }));
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, database: { ok: true }, queue: expect.any(Object), xtb: expect.any(Object) });
  });
});

describe('POST /api/jobs/run', () => {
  const run = (headers: Record<string, string> = {}) =>
    runJobs(new Request('http://localhost/api/jobs/run?maxJobs=0&budgetMs=1000', { method: 'POST', headers }));

  it('refuses callers without the worker key with a problem document', async () => {
    for (const headers of [{}, { 'x-qf-worker-key': 'guess' }, { authorization: 'Bearer sb_publishable_x' }] as Record<string, string>[]) {
      const res = await run(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 401, detail: 'Running the queue needs the worker key.' });
    }
  });

  it('runs one drain at a time: a second call while one runs gets 409', async () => {
    const first = run({ 'x-qf-worker-key': key() });
    const second = run({ 'x-qf-worker-key': key() });
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe(200);
    expect(await a.json()).toMatchObject({ ok: true, processed: 0 });
    expect(b.status).toBe(409);
    expect(b.headers.get('retry-after')).toBe('5');
    // Once the first has finished, the next call may run.
    expect((await run({ 'x-qf-worker-key': key() })).status).toBe(200);
  });
});
