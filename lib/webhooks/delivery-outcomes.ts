// A delivery's states and the outcomes the deliveries list filters by (safe in client code: the
// settings tab's filter and the server's query share them).
export const DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What the filter offers: an open delivery is "pending" whether or not it has been tried yet. */
export const DELIVERY_OUTCOMES = { delivered: 'Delivered', failed: 'Failed', pending: 'Waiting or retrying', skipped: 'Not sent' } as const;
export type DeliveryOutcome = keyof typeof DELIVERY_OUTCOMES;

export const OUTCOME_STATUSES: Record<DeliveryOutcome, readonly DeliveryStatus[]> = {
  delivered: ['delivered'],
  failed: ['failed'],
  pending: ['pending', 'retrying'],
  skipped: ['skipped'],
};

/** Rows per page of the settings tab's list. */
export const DELIVERIES_PAGE_SIZE = 20;
