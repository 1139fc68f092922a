'use server';

import { revalidatePath } from 'next/cache';
import { authedAction } from '@/lib/actions/safe-action';
import { createUser, deleteUser, setRole } from '@/lib/admin/manage-users';
import { createUserSchema, deleteUserSchema, setRoleSchema } from '@/lib/validation/admin';

export const setUserRole = authedAction({ schema: setRoleSchema, roles: ['admin'] }, async ({ userId, role }, user) => {
  await setRole(user, userId, role);
  revalidatePath('/admin');
  return { userId, role };
});

export const createUserAction = authedAction({ schema: createUserSchema, roles: ['admin'] }, async (input, user) => {
  const created = await createUser(user, input);
  revalidatePath('/admin');
  return created;
});

export const deleteUserAction = authedAction({ schema: deleteUserSchema, roles: ['admin'] }, async ({ userId }, user) => {
  await deleteUser(user, userId);
  revalidatePath('/admin');
  return { userId };
});
