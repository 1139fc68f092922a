// API keys: the create form and the revoke button.
import { z } from 'zod';

export const API_KEY_EXPIRY_CHOICES = [
  ['', 'Never'],
  ['30', '30 days'],
  ['90', '90 days'],
  ['365', '1 year'],
] as const;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, 'Give the key a name, e.g. the script that uses it.').max(100, 'At most 100 characters.'),
  expiresInDays: z
    .union([z.literal(''), z.coerce.number().int().min(1, 'At least 1 day.').max(3650, 'At most 10 years.')])
    .optional()
    .transform((v) => (v === '' || v === undefined ? null : v)),
});
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;

export const revokeApiKeySchema = z.object({ id: z.guid('Unknown key.') });
