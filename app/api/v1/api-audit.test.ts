// The audit log and the REST API (issue 13: every admin action and every denied attempt): a role
// that may not act (403) and someone else's id (404) are recorded as denied, in the background and
// capped per caller per minute; an id that exists nowhere is not. An admin's changes to other
// users' data are recorded with whose data it was, and the audit browser finds both by owner.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/api-keys/api-keys';
import { auditFilterSchema, browseAuditLog } from '@/lib/admin/audit-browser';
import { settleApiRefusalAudits } from '@/lib/api/refusal-audit';
import { closePool, getPool } from '@/lib/db/pool';
import { stopBoss } from '@/lib/jobs/queue';
import { createTestUser, type TestUser } from '@/supabase/tests/create-test-user';
import { apiCast, apiRequest, idParams } from './test-support';
import * as calculations from './calculations/route';
import * as calculation from './calculations/[id]/route';
import * as cancel from './calculations/[id]/cancel/route';
import * as rerun from './calculations/[id]/rerun/route';
import * as batches from './batches/route';
import * as batchCancel from './batches/[id]/cancel/route';
import * as molecules from './molecules/route';
import * as molecule from './molecules/[id]/route';

Object.assign(process.env, {
  QF_AUDIT_API_REFUSALS_PER_MINUTE: '3',
  // No worker takes this file's calculations: they stay queued, so cancelling them always works.
  QF_CALCULATION_QUEUE: `api-audit-${process.pid}-${Date.now().toString(36)}`,
});

interface AuditEntry {
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  status: string;
  reason: string | null;
  changes: Record<string, unknown> | null;
}

async function auditOf(userId: string): Promise<AuditEntry[]> {
  await settleApiRefusalAudits();
  const { rows } = await getPool().query<AuditEntry>(
    'select action, entity_type, entity_id, status, reason, changes from public.user_audit_log where user_id = $1 order by id',
    [userId],
  );
  return rows;
}

let cast: Awaited<ReturnType<typeof apiCast>>;
let admin: TestUser;
let adminKey = '';
let calculationId = '';

beforeAll(async () => {
  cast = await apiCast('api-audit');
  admin = await createTestUser({ label: 'api-audit-admin', role: 'admin' });
  adminKey = (await createApiKey(admin.claims, { name: 'audit', expiresInDays: null })).key;
  const submitted = await calculations.POST(apiRequest('/calculations', { key: cast.aliceKey, body: { format: 'smiles', text: 'CCO', name: 'audited' } }));
  calculationId = ((await submitted.json()) as { id: string }).id;
});
afterAll(async () => {
  await settleApiRefusalAudits();
  await stopBoss();
  await closePool();
});

describe('refused API requests', () => {
  it("records a viewer's write as denied by role", async () => {
    const response = await cancel.POST(apiRequest(`/calculations/${calculationId}/cancel`, { key: cast.viewerKey, method: 'POST' }), idParams(calculationId));
    expect(response.status).toBe(403);
    expect(await auditOf(cast.viewer.id)).toEqual([
      {
        action: 'api POST /calculations/{id}/cancel',
        entity_type: 'permission',
        entity_id: 'calculation.cancel',
        status: 'denied',
        reason: 'role viewer may not',
        changes: { api_key_id: expect.any(String) },
      },
    ]);
  });

  it("records another user's id answered 404 with whose it is, and not an id that exists nowhere", async () => {
    expect((await calculation.GET(apiRequest(`/calculations/${calculationId}`, { key: cast.bobKey }), idParams(calculationId))).status).toBe(404);
    const nowhere = randomUUID();
    expect((await calculation.GET(apiRequest(`/calculations/${nowhere}`, { key: cast.bobKey }), idParams(nowhere))).status).toBe(404);
    expect(await auditOf(cast.bob.id)).toEqual([
      {
        action: 'api GET /calculations/{id}',
        entity_type: 'calculation',
        entity_id: calculationId,
        status: 'denied',
        reason: 'another user\'s calculation (answered "not found")',
        changes: { owner_id: cast.alice.id, api_key_id: expect.any(String) },
      },
    ]);
  });

  it('caps a flood at the per-minute limit and sums up the rest in one row', async () => {
    const mallory = await createTestUser({ label: 'api-audit-mallory' });
    const key = (await createApiKey(mallory.claims, { name: 'flood', expiresInDays: null })).key;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => calculation.GET(apiRequest(`/calculations/${calculationId}`, { key }), idParams(calculationId))),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(404));
    const rows = await auditOf(mallory.id);
    expect(rows.filter((r) => r.action === 'api GET /calculations/{id}')).toHaveLength(3);
    const summary = rows.filter((r) => r.action === 'api.refusals_capped');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ status: 'denied', changes: { suppressed: 7, recorded: 3 } });
  });
});

describe("an admin's changes to other users' data", () => {
  it('are recorded with the owner: cancel, rerun, batch cancel, molecule delete; their own are not', async () => {
    const rerunResponse = await rerun.POST(apiRequest(`/calculations/${calculationId}/rerun`, { key: adminKey, method: 'POST' }), idParams(calculationId));
    expect(rerunResponse.status).toBe(201);
    const copy = ((await rerunResponse.json()) as { id: string }).id;
    expect((await cancel.POST(apiRequest(`/calculations/${calculationId}/cancel`, { key: adminKey, method: 'POST' }), idParams(calculationId))).status).toBe(
      200,
    );
    // The rerun is the admin's own calculation: cancelling it is nobody else's business.
    expect((await cancel.POST(apiRequest(`/calculations/${copy}/cancel`, { key: adminKey, method: 'POST' }), idParams(copy))).status).toBe(200);

    const batch = await batches.POST(apiRequest('/batches', { key: cast.aliceKey, body: { name: 'audited batch', molecules: [{ smiles: 'CC' }] } }));
    const batchId = ((await batch.json()) as { id: string }).id;
    expect((await batchCancel.POST(apiRequest(`/batches/${batchId}/cancel`, { key: adminKey, method: 'POST' }), idParams(batchId))).status).toBe(200);

    const made = await molecules.POST(apiRequest('/molecules', { key: cast.aliceKey, body: { format: 'smiles', text: 'CCCBr' } }));
    const moleculeId = ((await made.json()) as { id: string }).id;
    expect((await molecule.DELETE(apiRequest(`/molecules/${moleculeId}`, { key: adminKey, method: 'DELETE' }), idParams(moleculeId))).status).toBe(204);

    const owner = { owner_id: cast.alice.id };
    expect(await auditOf(admin.id)).toEqual([
      {
        action: 'calculation.rerun',
        entity_type: 'calculation',
        entity_id: calculationId,
        status: 'success',
        reason: null,
        changes: { ...owner, new_calculation_id: copy },
      },
      {
        action: 'calculation.cancel',
        entity_type: 'calculation',
        entity_id: calculationId,
        status: 'success',
        reason: null,
        changes: { ...owner, status: 'cancelled' },
      },
      { action: 'batch.cancel', entity_type: 'batch', entity_id: batchId, status: 'success', reason: null, changes: { ...owner, cancelled: 1, stopping: 0 } },
      { action: 'molecule.delete', entity_type: 'molecule', entity_id: moleculeId, status: 'success', reason: null, changes: owner },
    ]);
  });

  it("are found in the audit browser by the owner, next to others' refused tries at the same data", async () => {
    const byOwner = await browseAuditLog(admin.claims, auditFilterSchema.parse({ owner: cast.alice.email }));
    const seen = byOwner.rows.map((r) => `${r.actor} ${r.action} ${r.status} of ${r.owner}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        `${admin.email} calculation.rerun success of ${cast.alice.email}`,
        `${admin.email} molecule.delete success of ${cast.alice.email}`,
        `${cast.bob.email} api GET /calculations/{id} denied of ${cast.alice.email}`,
      ]),
    );
    expect(byOwner.rows.every((r) => r.owner === cast.alice.email)).toBe(true);
    const apiDenials = await browseAuditLog(admin.claims, auditFilterSchema.parse({ action: 'api ', outcome: 'denied', actor: cast.viewer.id }));
    expect(apiDenials.rows.map((r) => r.entityId)).toEqual(['calculation.cancel']);
    const byId = await browseAuditLog(admin.claims, auditFilterSchema.parse({ owner: cast.alice.id, action: 'batch.' }));
    expect(byId.rows.map((r) => r.action)).toEqual(['batch.cancel']);
  });
});
