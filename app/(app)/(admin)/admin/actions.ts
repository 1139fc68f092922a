'use server';

import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/actions/safe-action';
import { createUser, deleteUser, setRole } from '@/lib/admin/manage-users';
import { createUserSchema, deleteUserSchema, setRoleSchema } from '@/lib/validation/admin';

export const setUserRole = authedAction({ schema: setRoleSchema, permission: 'users.manage', name: 'user.role_change' }, async ({ userId, role }, user) => {
  await setRole(user, userId, role);
  revalidatePath('/admin');
  return { userId, role };
});

export const createUserAction = authedAction({ schema: createUserSchema, permission: 'users.manage', name: 'user.create' }, async (input, user) => {
  const created = await createUser(user, input);
  revalidatePath('/admin');
  return created;
});

export const deleteUserAction = authedAction({ schema: deleteUserSchema, permission: 'users.manage', name: 'user.delete' }, async ({ userId }, user) => {
  await deleteUser(user, userId);
  revalidatePath('/admin');
  return { userId };
});
