// U+0000 from outside, wherever free text goes in: PostgreSQL text and jsonb cannot hold it, so before
// these checks a NUL in a search, a batch's name or description, an API key's name or a person's name
// failed its statement and came back as the generic 500 ("Something went wrong on our
// side"). Now each is a 422 (or the form's field error) naming the field, and nothing is stored.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedActionFor } from '@/lib/actions/safe-action';
import { auditFilterSchema } from '@/lib/admin/audit-browser';
import { createApiKey } from '@/lib/api-keys/api-keys';
import { uploadQuerySchema } from '@/app/(app)/batches/new/upload-preview';
import { usageLog } from '@/lib/metrics/usage-log';
import { closePool } from '@/lib/db/pool';
import { ownCalculationQueue } from '@/lib/jobs/test-queue';
import { parseResultsQuery } from '@/lib/results/results-query';
import { createUserSchema } from '@/lib/validation/admin';
import { createApiKeySchema } from '@/lib/validation/api-keys';
import { signUpSchema } from '@/lib/validation/auth';
import { NUL_CHARACTER_MESSAGE, pathOfNulCharacter } from '@/lib/validation/nul-characters';
import * as calculations from './calculations/route';
import * as exportRoute from './calculations/export/route';
import * as batches from './batches/route';
import { apiCast, apiRequest, expectProblem } from './test-support';

ownCalculationQueue('api-nul-characters');

describe('pathOfNulCharacter', () => {
  it('names the first field holding U+0000, in keys too, and walks nesting deeper than a call stack', () => {
    expect(pathOfNulCharacter({ a: 'ok', b: [{ c: 'x' }, { d: 'y\u0000' }] })).toBe('b.1.d');
    expect(pathOfNulCharacter({ 'k\u0000': 1 })).toBe('k\u0000');
    expect(pathOfNulCharacter('\u0000')).toBe('_');
    expect(pathOfNulCharacter({ a: 'no nul', n: 1, z: null })).toBeNull();
    const deep = JSON.parse(`${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}`);
    expect(pathOfNulCharacter(deep)).toBe(Array(100_000).fill('0').join('.'));
  });
});

describe('U+0000 in API requests', async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const { alice, aliceKey } = await apiCast('nul');
  const batchCount = async () => (await admin.query('select count(*)::int as n from public.batch_jobs where owner_id = $1', [alice.id])).rows[0].n;

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.end();
    await closePool();
  });

  it('refuses a search with U+0000 as 422 naming the parameter (was a 500)', async () => {
    for (const response of [
      await calculations.GET(apiRequest('/calculations?q=%00', { key: aliceKey })),
      await exportRoute.GET(apiRequest('/calculations/export?format=csv&q=a%00b', { key: aliceKey })),
    ]) {
      const problem = await expectProblem(response, 422);
      expect(problem.errors).toEqual({ q: [NUL_CHARACTER_MESSAGE] });
    }
    // Still 401 first without a key: the query is looked at only for a known caller.
    await expectProblem(await calculations.GET(apiRequest('/calculations?q=%00')), 401);

    // And the refusals are in the usage log, the NUL shown as U+FFFD: before, the database refused the
    // whole batch of rows the request's entry was in, other users' requests included.
    await usageLog().flush();
    const { rows } = await admin.query('select endpoint, status_code, query_parameters from public.api_usage_logs where user_id = $1 order by id', [alice.id]);
    expect(rows).toEqual([
      { endpoint: '/api/v1/calculations', status_code: 422, query_parameters: { q: '\uFFFD' } },
      { endpoint: '/api/v1/calculations/export', status_code: 422, query_parameters: { format: 'csv', q: 'a\uFFFDb' } },
    ]);
  });

  it('refuses a batch whose name or description holds U+0000, in every request form, and stores nothing', async () => {
    const before = await batchCount();
    const json = await batches.POST(apiRequest('/batches', { key: aliceKey, body: { name: 'ok', description: 'a\u0000b', molecules: [{ smiles: 'CCO' }] } }));
    expect((await expectProblem(json, 422)).errors).toEqual({ description: [NUL_CHARACTER_MESSAGE] });

    const raw = await batches.POST(
      apiRequest('/batches?name=%00&filename=a.csv', { key: aliceKey, raw: 'smiles\nCCO\n', headers: { 'content-type': 'text/csv' } }),
    );
    expect((await expectProblem(raw, 422)).errors).toEqual({ name: [NUL_CHARACTER_MESSAGE] });

    const form = new FormData();
    form.set('file', new File(['smiles\nCCO\n'], 'a.csv', { type: 'text/csv' }));
    form.set('name', 'screen\u0000');
    const multipart = await batches.POST(apiRequest('/batches', { key: aliceKey, raw: form }));
    expect((await expectProblem(multipart, 422)).errors).toEqual({ name: [NUL_CHARACTER_MESSAGE] });

    // In a JSON list's molecule name too: refused with its place, not silently rewritten.
    const row = await batches.POST(apiRequest('/batches', { key: aliceKey, body: { name: 'ok', molecules: [{ smiles: 'CCO', name: 'x\u0000' }] } }));
    expect((await expectProblem(row, 422)).errors).toEqual({ 'molecules.0.name': [NUL_CHARACTER_MESSAGE] });
    expect(await batchCount()).toBe(before);
  });

  it('refuses U+0000 in a server action’s input with the field named, before the database sees it', async () => {
    const createKey = authedActionFor(
      async () => ({ ...alice, role: 'researcher' as const, displayName: 'alice', email: alice.email }) as never,
      { schema: createApiKeySchema, permission: 'apiKeys.manage' },
      (input, user) => createApiKey(user.claims, input),
    );
    expect(await createKey({ name: 'notebook\u0000', expiresInDays: '' })).toEqual({
      ok: false,
      message: 'Please correct the highlighted fields.',
      fieldErrors: { name: [NUL_CHARACTER_MESSAGE] },
    });
    const { rows } = await admin.query("select count(*)::int as n from public.api_keys where user_id = $1 and name like 'notebook%'", [alice.id]);
    expect(rows[0].n).toBe(0);
  });
});

describe('names and searches typed on pages', () => {
  it('refuses control characters in a person’s name at sign-up and when an admin creates an account', () => {
    const base = { email: 'eve@example.org', password: 'long enough password' };
    for (const displayName of ['Eve\u0000', 'Eve\nnewline']) {
      const signUp = signUpSchema.safeParse({ ...base, displayName });
      expect(signUp.success).toBe(false);
      expect(signUp.error!.issues[0]!.message).toMatch(/^Character \d+ \(U\+00(00|0A), an invisible character\) is not allowed in a name/);
      expect(createUserSchema.safeParse({ ...base, displayName, role: 'viewer' }).success).toBe(false);
    }
    expect(signUpSchema.safeParse({ ...base, displayName: 'إيف ‮ Eve' }).success).toBe(true);
    expect(createUserSchema.safeParse({ ...base, displayName: '  ', role: 'viewer' }).error!.issues[0]!.message).toBe('Give the person a name.');
  });

  it('refuses a batch upload whose file name holds U+0000 (the New batch page’s upload route answered 500)', () => {
    const query = uploadQuerySchema.safeParse({ name: 'screen\u0000.csv' });
    expect(query.success).toBe(false);
    expect(query.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['name', NUL_CHARACTER_MESSAGE]]);
    expect(uploadQuerySchema.safeParse({ name: 'screen.csv' }).success).toBe(true);
  });

  it('refuses audit browser filters holding U+0000 with the field named (the page showed its error page)', () => {
    const filter = auditFilterSchema.safeParse({ actor: 'a\u0000', owner: 'b' });
    expect(filter.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['actor', NUL_CHARACTER_MESSAGE]]);
  });

  it('drops a results search holding U+0000 like any malformed filter (the page rendered its error before)', () => {
    expect(parseResultsQuery({ q: 'a\u0000' }).q).toBeUndefined();
    expect(parseResultsQuery({ q: 'benzene' }).q).toBe('benzene');
  });
});
