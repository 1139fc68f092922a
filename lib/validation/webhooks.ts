// The webhook section's actions (rotate the secret, send a test event, refresh the list) take no
// input; the URL itself is part of the preferences form (preferences.ts).
import { z } from 'zod';

export const webhookActionSchema = z.object({}).strict();
