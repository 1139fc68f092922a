// The webhook section's actions (rotate the secret, send a test event) take no input; the URL itself
// is part of the preferences form (preferences.ts). The deliveries list's view (outcome, event type,
// page) comes from the address and is sent back by "Refresh": a bad value is dropped, not refused.
import { z } from 'zod';
import { DELIVERY_OUTCOMES, type DeliveryOutcome } from '../webhooks/delivery-outcomes.ts';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/webhook-events.ts';

export const webhookActionSchema = z.object({}).strict();

export const deliveryOutcomeSchema = z.enum(Object.keys(DELIVERY_OUTCOMES) as [DeliveryOutcome, ...DeliveryOutcome[]]);

export const deliveriesViewSchema = z.object({
  outcome: deliveryOutcomeSchema.optional().catch(undefined),
  event: z.enum(WEBHOOK_EVENT_TYPES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type DeliveriesView = z.infer<typeof deliveriesViewSchema>;
