// User management for admins: accounts are created and deleted through the auth server's admin
// API (the service key never leaves the server); roles live in public.profiles. Every change, and
// every refused attempt, is written to user_audit_log.
import 'server-only';
import { isAuthApiError } from '@supabase/supabase-js';
import { createAdminClient } from '../supabase/admin.ts';
import { asService } from '../db/service.ts';
import { asUser } from '../db/as-user.ts';
import { UserError } from '../errors/user-error.ts';
import type { CurrentUser, Role } from '../auth/require-user.ts';
import { recordAudit } from './audit-log.ts';

export async function setRole(admin: CurrentUser, userId: string, role: Role): Promise<void> {
  if (userId === admin.id && role !== 'admin') {
    await recordAudit({
      userId: admin.id,
      action: 'user.role_change',
      entityType: 'profile',
      entityId: userId,
      changes: { role },
      status: 'denied',
      reason: 'own admin role',
    });
    throw new UserError('FORBIDDEN', 'You cannot remove your own admin role.');
  }
  const previous = await asUser(admin.claims, async (db) => {
    const { rows } = await db.query<{ role: Role }>(
      `update public.profiles p set role = $2 from public.profiles old
        where p.id = $1 and old.id = p.id returning old.role as role`,
      [userId, role],
    );
    return rows[0]?.role ?? null;
  });
  if (previous === null) throw new UserError('NOT_FOUND', 'That user does not exist.');
  await recordAudit({
    userId: admin.id,
    action: 'user.role_change',
    entityType: 'profile',
    entityId: userId,
    changes: { owner_id: userId, from: previous, to: role },
  });
}

export async function createUser(admin: CurrentUser, input: { email: string; displayName: string; password: string; role: Role }): Promise<{ id: string }> {
  const supabase = createAdminClient();
  const { data, error } = await supabase.auth.admin.createUser({
    email: input.email,
    password: input.password,
    email_confirm: true,
    user_metadata: { display_name: input.displayName },
  });
  if (error || !data.user) {
    await recordAudit({
      userId: admin.id,
      action: 'user.create',
      entityType: 'user',
      entityId: null,
      changes: { email: input.email },
      status: 'error',
      reason: error?.message,
    });
    throw createUserFailure(error);
  }
  const id = data.user.id;
  // The profile row comes from the trigger on auth.users with the default role.
  if (input.role !== 'researcher') await asService((db) => db.query('update public.profiles set role = $2 where id = $1', [id, input.role]));
  await recordAudit({ userId: admin.id, action: 'user.create', entityType: 'user', entityId: id, changes: { email: input.email, role: input.role } });
  return { id };
}

/** The auth server's refusal in the admin's words; an unexpected failure stays an internal error (logged, not shown). */
function createUserFailure(error: unknown): Error {
  if (isAuthApiError(error) && (error.code === 'email_exists' || error.code === 'user_already_exists')) {
    return new UserError('CONFLICT', 'An account with this e-mail already exists.', { email: ['An account with this e-mail already exists.'] });
  }
  if (isAuthApiError(error) && error.code === 'weak_password') {
    return new UserError('INVALID_INPUT', 'This password is too weak. Use at least 8 characters.', {
      password: ['This password is too weak. Use at least 8 characters.'],
    });
  }
  return new Error(`creating a user failed: ${error instanceof Error ? error.message : 'no user returned'}`);
}

export async function deleteUser(admin: CurrentUser, userId: string): Promise<void> {
  if (userId === admin.id) {
    await recordAudit({ userId: admin.id, action: 'user.delete', entityType: 'user', entityId: userId, status: 'denied', reason: 'own account' });
    throw new UserError('FORBIDDEN', 'You cannot delete your own account here.');
  }
  const { error } = await createAdminClient().auth.admin.deleteUser(userId);
  if (error) {
    await recordAudit({ userId: admin.id, action: 'user.delete', entityType: 'user', entityId: userId, status: 'error', reason: error.message });
    if (isAuthApiError(error) && error.status === 404) throw new UserError('NOT_FOUND', 'That user does not exist.');
    throw new Error(`deleting user ${userId} failed: ${error.message}`);
  }
  // owner_id: the account is the data (the audit browser's owner filter finds it).
  await recordAudit({ userId: admin.id, action: 'user.delete', entityType: 'user', entityId: userId, changes: { owner_id: userId } });
}
