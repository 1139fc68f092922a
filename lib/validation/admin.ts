import { z } from 'zod';
import { ROLES } from '../auth/permissions.ts';
import { displayNameSchema, MIN_PASSWORD_LENGTH } from './auth.ts';

const role = z.enum(ROLES);

export const setRoleSchema = z.object({
  userId: z.string().uuid('Unknown user.'),
  role,
});

export const createUserSchema = z.object({
  displayName: displayNameSchema('Give the person a name.'),
  email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.'),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(200),
  role,
});

export const deleteUserSchema = z.object({
  userId: z.string().uuid('Unknown user.'),
});
