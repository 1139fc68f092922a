import { z } from 'zod';

export const setRoleSchema = z.object({
  userId: z.string().uuid('Unknown user.'),
  role: z.enum(['admin', 'researcher', 'viewer']),
});
