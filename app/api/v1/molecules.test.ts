// /api/v1/molecules against the real stack: create (de-duplicated), list by cursor, get, delete;
// viewers read only, other users' molecules are 404, molecules with calculations stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/api-keys/api-keys';
import { createdMoleculeSchema, moleculePageSchema, moleculeSchema } from '@/lib/api/molecules';
import { problemSchema } from '@/lib/api/schemas';
import { closePool } from '@/lib/db/pool';
import { createTestUser } from '@/supabase/tests/create-test-user';
import * as collection from './molecules/route';
import * as one from './molecules/[id]/route';
import * as calculations from './calculations/route';

const BASE = 'http://localhost/api/v1';
const req = (path: string, key: string, method = 'GET', body?: unknown) =>
  new Request(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe('/api/v1/molecules', () => {
  let key = '';
  let otherKey = '';
  let viewerKey = '';
  beforeAll(async () => {
    const [alice, bob, viewer] = await Promise.all([
      createTestUser({ label: 'mol-alice' }),
      createTestUser({ label: 'mol-bob' }),
      createTestUser({ label: 'mol-viewer', role: 'viewer' }),
    ]);
    key = (await createApiKey(alice.claims, { name: 'k', expiresInDays: null })).key;
    otherKey = (await createApiKey(bob.claims, { name: 'k', expiresInDays: null })).key;
    viewerKey = (await createApiKey(viewer.claims, { name: 'k', expiresInDays: null })).key;
  });
  afterAll(closePool);

  it('creates once, returns the same molecule for the same structure, lists, gets and deletes', async () => {
    const first = await collection.POST(req('/molecules', key, 'POST', { format: 'smiles', text: 'CC(=O)O', name: 'acetic acid' }));
    expect(first.status).toBe(201);
    const created = createdMoleculeSchema.parse(await first.json());
    expect(created).toMatchObject({ name: 'acetic acid', formula: 'C2H4O2', created: true });
    const again = await collection.POST(req('/molecules', key, 'POST', { format: 'smiles', text: 'OC(C)=O' }));
    expect(again.status).toBe(200);
    expect(createdMoleculeSchema.parse(await again.json())).toMatchObject({ id: created.id, created: false });

    const second = createdMoleculeSchema.parse(await (await collection.POST(req('/molecules', key, 'POST', { format: 'smiles', text: 'CCN' }))).json());
    const page1 = moleculePageSchema.parse(await (await collection.GET(req('/molecules?limit=1', key))).json());
    expect(page1.items.map((m) => m.id)).toEqual([second.id]);
    const page2 = moleculePageSchema.parse(await (await collection.GET(req(`/molecules?limit=1&cursor=${page1.next_cursor}`, key))).json());
    expect(page2.items.map((m) => m.id)).toEqual([created.id]);
    expect(page2.next_cursor).toBeNull();

    expect(moleculeSchema.parse(await (await one.GET(req(`/molecules/${created.id}`, key), params(created.id))).json()).id).toBe(created.id);
    expect((await one.GET(req(`/molecules/${created.id}`, otherKey), params(created.id))).status).toBe(404);
    expect((await one.DELETE(req(`/molecules/${created.id}`, otherKey, 'DELETE'), params(created.id))).status).toBe(404);
    expect((await one.DELETE(req(`/molecules/${created.id}`, viewerKey, 'DELETE'), params(created.id))).status).toBe(403);
    expect((await one.DELETE(req(`/molecules/${created.id}`, key, 'DELETE'), params(created.id))).status).toBe(204);
    expect((await one.GET(req(`/molecules/${created.id}`, key), params(created.id))).status).toBe(404);
  });

  it('keeps a molecule that has calculations (409), and explains invalid structures', async () => {
    const submitted = await (await calculations.POST(req('/calculations', key, 'POST', { format: 'smiles', text: 'C#N', name: 'hcn' }))).json();
    const response = await one.DELETE(req(`/molecules/${submitted.moleculeId}`, key, 'DELETE'), params(submitted.moleculeId));
    expect(response.status).toBe(409);
    expect(problemSchema.parse(await response.json()).detail).toMatch(/has calculations/);
    const bad = await collection.POST(req('/molecules', key, 'POST', { format: 'smiles', text: 'C1CC(' }));
    expect(bad.status).toBe(422);
    const body = problemSchema.parse(await bad.json());
    expect(Object.keys(body.errors ?? {}).length).toBeGreaterThan(0);
    expect((await collection.POST(req('/molecules', viewerKey, 'POST', { format: 'smiles', text: 'C' }))).status).toBe(403);
  });
});
