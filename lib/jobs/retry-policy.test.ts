import { describe, expect, it } from 'vitest';
import { decideRetry, type RetryContext } from './retry-policy.ts';

type Overrides = Omit<Partial<RetryContext>, 'failure'> & { failure?: Partial<RetryContext['failure']> };

const context = (over: Overrides = {}): RetryContext => ({
  attempt: 1,
  retryCount: 0,
  retryLimit: 3,
  previousTimeouts: 0,
  maxTimeoutRetries: 1,
  etemp: 300,
  retryDelaySeconds: 5,
  ...over,
  failure: { type: 'system', message: 'xtb was killed', retryable: true, retryWithHigherEtemp: false, ...over.failure },
});

describe('decideRetry', () => {
  it('retries a transient failure with exponential backoff while retries are left', () => {
    const first = decideRetry(context());
    expect(first).toMatchObject({ willRetry: true, status: 'queued', outcome: 'retrying', severity: 'warning', nextRetryInSeconds: 5 });
    expect(first.message).toBe('xtb was killed (attempt 1; retrying)');
    expect(first.event).toEqual({ type: 'calculation.retry_scheduled', status: 'warning' });
    expect(decideRetry(context({ attempt: 3, retryCount: 2 })).nextRetryInSeconds).toBe(20);
  });

  it('stops when the retries are used up; a system failure then needs an operator', () => {
    const last = decideRetry(context({ attempt: 4, retryCount: 3 }));
    expect(last).toMatchObject({
      willRetry: false,
      status: 'failed',
      outcome: 'failed',
      severity: 'critical',
      message: 'xtb was killed',
      nextRetryInSeconds: null,
    });
    expect(last.event).toEqual({ type: 'calculation.failed', status: 'error' });
  });

  it('never retries what only the user can fix', () => {
    const d = decideRetry(context({ failure: { type: 'validation', message: 'bad geometry', retryable: false } }));
    expect(d).toMatchObject({ willRetry: false, status: 'failed', severity: 'error' });
  });

  it('retries a timeout once, then stops', () => {
    const timeout = { type: 'timeout' as const, message: 'xtb ran out of time' };
    expect(decideRetry(context({ failure: timeout, previousTimeouts: 0 })).willRetry).toBe(true);
    expect(decideRetry(context({ failure: timeout, previousTimeouts: 1, attempt: 2, retryCount: 1 }))).toMatchObject({ willRetry: false, status: 'failed' });
  });

  it('retries SCF non-convergence at a raised electronic temperature until none is left', () => {
    const scf = { type: 'convergence' as const, message: 'SCF did not converge', retryWithHigherEtemp: true };
    const first = decideRetry(context({ failure: scf, etemp: 300 }));
    expect(first).toMatchObject({ willRetry: true, nextEtemp: 1000, message: 'SCF did not converge (attempt 1; retrying at 1000 K)' });
    expect(decideRetry(context({ failure: scf, etemp: 2000, attempt: 3, retryCount: 2 })).nextEtemp).toBe(4000);
    // 5000 K is the ceiling: nothing higher to try.
    expect(decideRetry(context({ failure: scf, etemp: 5000, attempt: 2, retryCount: 1 }))).toMatchObject({
      willRetry: false,
      status: 'failed',
      nextEtemp: 5000,
    });
  });

  it('a cancel is final and reported as such', () => {
    const d = decideRetry(context({ failure: { type: 'cancelled', message: 'the calculation was cancelled', retryable: false } }));
    expect(d).toMatchObject({ willRetry: false, status: 'cancelled', outcome: 'cancelled', severity: 'info' });
    expect(d.event).toEqual({ type: 'calculation.cancelled', status: 'warning' });
  });
});
