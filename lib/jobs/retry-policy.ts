// What happens after a failed attempt: retry or stop, at which electronic temperature, and how the
// attempt is reported. Pure, so every rule is unit-tested (retry-policy.test.ts); the worker
// applies the decision (run-calculation.ts) and pg-boss owns the backoff delay.
import { raisedEtemp, type XtbFailure } from '../xtb/classify-xtb-failure.ts';

export interface RetryContext {
  failure: Pick<XtbFailure, 'type' | 'message' | 'retryable' | 'retryWithHigherEtemp'>;
  /** This attempt, 1-based. */
  attempt: number;
  /** pg-boss's retries so far for this job (0 on the first attempt). */
  retryCount: number;
  /** Retries pg-boss allows after the first attempt. */
  retryLimit: number;
  /** Timeouts recorded for earlier attempts of this calculation. */
  previousTimeouts: number;
  /** Timeouts that may be retried at most (a limit too short stays too short). */
  maxTimeoutRetries: number;
  /** Electronic temperature of this attempt (K). */
  etemp: number;
  /** First backoff delay (s); pg-boss doubles it per retry. */
  retryDelaySeconds: number;
}

export type FinalStatus = 'queued' | 'failed' | 'cancelled';

export interface RetryDecision {
  willRetry: boolean;
  /** The calculation's status after this attempt. */
  status: FinalStatus;
  /** Electronic temperature of the next attempt (raised after SCF non-convergence). */
  nextEtemp: number;
  /** The calculation's error message: the failure, and the retry if there is one. */
  message: string;
  /** Severity of the calculation_errors row. */
  severity: 'info' | 'warning' | 'error' | 'critical';
  event: { type: string; status: 'warning' | 'error' };
  outcome: 'retrying' | 'failed' | 'cancelled';
  /** When pg-boss will hand the job out again (approximately: it adds jitter). */
  nextRetryInSeconds: number | null;
}

function shouldRetry(c: RetryContext, nextEtemp: number): boolean {
  if (!c.failure.retryable) return false;
  if (c.retryCount >= c.retryLimit) return false;
  if (c.failure.type === 'timeout' && c.previousTimeouts >= c.maxTimeoutRetries) return false;
  // SCF: retry only while a higher electronic temperature is left to try.
  if (c.failure.retryWithHigherEtemp && nextEtemp <= c.etemp) return false;
  return true;
}

export function decideRetry(c: RetryContext): RetryDecision {
  const cancelled = c.failure.type === 'cancelled';
  const nextEtemp = c.failure.retryWithHigherEtemp ? raisedEtemp(c.etemp) : c.etemp;
  if (shouldRetry(c, nextEtemp)) {
    const at = c.failure.retryWithHigherEtemp ? ` at ${nextEtemp} K` : '';
    return {
      willRetry: true,
      status: 'queued',
      nextEtemp,
      message: `${c.failure.message} (attempt ${c.attempt}; retrying${at})`,
      severity: 'warning',
      event: { type: 'calculation.retry_scheduled', status: 'warning' },
      outcome: 'retrying',
      nextRetryInSeconds: c.retryDelaySeconds * 2 ** c.retryCount,
    };
  }
  if (cancelled) {
    return {
      willRetry: false,
      status: 'cancelled',
      nextEtemp: c.etemp,
      message: c.failure.message,
      severity: 'info',
      event: { type: 'calculation.cancelled', status: 'warning' },
      outcome: 'cancelled',
      nextRetryInSeconds: null,
    };
  }
  return {
    willRetry: false,
    status: 'failed',
    nextEtemp: c.etemp,
    message: c.failure.message,
    // A system failure that cannot be retried needs an operator.
    severity: c.failure.type === 'system' ? 'critical' : 'error',
    event: { type: 'calculation.failed', status: 'error' },
    outcome: 'failed',
    nextRetryInSeconds: null,
  };
}
