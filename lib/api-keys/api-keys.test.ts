// API keys against the real PostgreSQL: stored as a hash, shown once, verified, revoked, expired,
// and private to their owner.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asUser } from '../db/as-user.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { useSuperuserClient } from '../../supabase/tests/superuser-client.ts';
import { createApiKeySchema } from '../validation/api-keys.ts';
import { createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from './api-keys.ts';

describe('api keys', () => {
  let alice: TestUser;
  let viewer: TestUser;
  const admin = useSuperuserClient(async () => {
    [alice, viewer] = await Promise.all([createTestUser({ label: 'alice' }), createTestUser({ label: 'viewer', role: 'viewer' })]);
  });

  it('are shown once and stored only as a SHA-256 hash and a prefix', async () => {
    const created = await createApiKey(alice.claims, createApiKeySchema.parse({ name: 'notebook', expiresInDays: '' }));
    expect(created.key).toMatch(/^qf_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);
    expect(created).toMatchObject({ name: 'notebook', status: 'active', expiresAt: null, lastUsedAt: null });

    const { rows } = await admin.query('select * from public.api_keys where id = $1', [created.id]);
    const row = rows[0];
    expect(row.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    const secret = created.key.slice(created.prefix.length + 1);
    expect(JSON.stringify(row)).not.toContain(secret);

    const listed = await listApiKeys(alice.claims);
    expect(listed.map((k) => k.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed[0]).not.toHaveProperty('key');
  });

  it('verify to their owner and record their use', async () => {
    const created = await createApiKey(alice.claims, { name: 'script', expiresInDays: 30 });
    expect(await verifyApiKey(created.key)).toEqual({ keyId: created.id, userId: alice.id, role: 'researcher', scopes: ['read'] });
    const [listed] = (await listApiKeys(alice.claims)).filter((k) => k.id === created.id);
    expect(listed!.lastUsedAt).not.toBeNull();
    expect(Date.parse(listed!.expiresAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
  });

  it('refuse wrong, malformed and forged keys', async () => {
    const created = await createApiKey(alice.claims, { name: 'forgery target', expiresInDays: null });
    const wrongSecret = `${created.prefix}_${'A'.repeat(43)}`;
    for (const key of [wrongSecret, '', 'qf_short_x', created.key.slice(0, -1), `${created.key}x`, created.key.toUpperCase()]) {
      expect(await verifyApiKey(key), key).toBeNull();
    }
  });

  it('are unusable once revoked, and stay revoked', async () => {
    const created = await createApiKey(alice.claims, { name: 'to revoke', expiresInDays: null });
    expect(await verifyApiKey(created.key)).not.toBeNull();
    expect(await revokeApiKey(alice.claims, created.id)).toBe(true);
    expect(await verifyApiKey(created.key)).toBeNull();
    expect(await revokeApiKey(alice.claims, created.id)).toBe(false);
    expect((await listApiKeys(alice.claims)).find((k) => k.id === created.id)?.status).toBe('revoked');
    await expect(asUser(alice.claims, (db) => db.query('update public.api_keys set revoked_at = null where id = $1', [created.id]))).rejects.toThrow();
  });

  it('are unusable once expired', async () => {
    const created = await createApiKey(alice.claims, { name: 'short-lived', expiresInDays: 1 });
    await admin.query(`update public.api_keys set expires_at = now() - interval '1 second' where id = $1`, [created.id]);
    expect(await verifyApiKey(created.key)).toBeNull();
    expect((await listApiKeys(alice.claims)).find((k) => k.id === created.id)?.status).toBe('expired');
  });

  it('may be created by viewers, with the viewer role', async () => {
    const created = await createApiKey(viewer.claims, { name: 'read-only', expiresInDays: null });
    expect((await verifyApiKey(created.key))?.role).toBe('viewer');
  });

  it('are private to their owner', async () => {
    const [aliceKey] = await listApiKeys(alice.claims);
    expect((await listApiKeys(viewer.claims)).some((k) => k.id === aliceKey!.id)).toBe(false);
    expect(await revokeApiKey(viewer.claims, aliceKey!.id)).toBe(false);
    expect((await listApiKeys(alice.claims)).find((k) => k.id === aliceKey!.id)?.revokedAt).toBeNull();
  });

  it('validate the create form', () => {
    expect(createApiKeySchema.safeParse({ name: '  ', expiresInDays: '' }).success).toBe(false);
    expect(createApiKeySchema.safeParse({ name: 'x'.repeat(101) }).success).toBe(false);
    expect(createApiKeySchema.safeParse({ name: 'ok', expiresInDays: '0' }).success).toBe(false);
    expect(createApiKeySchema.parse({ name: ' ok ', expiresInDays: '90' })).toEqual({ name: 'ok', expiresInDays: 90 });
  });
});
