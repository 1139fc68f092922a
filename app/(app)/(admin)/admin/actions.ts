'use server';

import { revalidatePath } from 'next/cache';
import { ActionError, authedAction } from '@/lib/actions/safe-action';
import { asUser } from '@/lib/db/as-user';
import { setRoleSchema } from '@/lib/validation/admin';

export const setUserRole = authedAction({ schema: setRoleSchema, roles: ['admin'] }, async ({ userId, role }, user) => {
  if (userId === user.id && role !== 'admin') throw new ActionError('You cannot remove your own admin role.');
  const updated = await asUser(user.claims, async (db) => {
    const { rowCount } = await db.query('update public.profiles set role = $2 where id = $1', [userId, role]);
    return rowCount ?? 0;
  });
  if (updated === 0) throw new ActionError('That user does not exist.');
  revalidatePath('/admin');
  return { userId, role };
});
