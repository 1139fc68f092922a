// Where a calculation stands and how a failed attempt is classified: the values the `calculations`
// and `calculation_errors` check constraints allow (a test compares them). Safe for client components.

export const CALCULATION_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type CalculationStatus = (typeof CALCULATION_STATUSES)[number];
export const TERMINAL_STATUSES: readonly CalculationStatus[] = ['succeeded', 'failed', 'cancelled'];
/** Statuses a cancel request still applies to. */
export const ACTIVE_STATUSES: readonly CalculationStatus[] = ['queued', 'running'];

export const ERROR_TYPES = ['validation', 'timeout', 'convergence', 'system', 'cancelled', 'unknown'] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];
