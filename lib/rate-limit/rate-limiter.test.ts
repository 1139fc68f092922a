import { describe, expect, it } from 'vitest';
import { limitFromEnv, RateLimiter } from './rate-limiter.ts';

describe('RateLimiter', () => {
  it('allows `limit` events per window per key and says when the next one is allowed', () => {
    const limiter = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.take('a', t0 + i * 1000).ok).toBe(true);
    expect(limiter.take('a', t0 + 5000)).toEqual({ ok: false, retryAfterSeconds: 55 });
    expect(limiter.take('b', t0 + 5000).ok).toBe(true); // another key is not affected
    // The window slides: the first event leaves it after 60 s.
    expect(limiter.take('a', t0 + 60_000).ok).toBe(true);
    expect(limiter.check('a', t0 + 60_500).ok).toBe(false);
  });

  it('is off at 0 and forgets the oldest keys beyond its bound', () => {
    const off = new RateLimiter(0, 1000);
    for (let i = 0; i < 100; i++) expect(off.take('x').ok).toBe(true);
    const bounded = new RateLimiter(1, 60_000, 10);
    for (let i = 0; i < 50; i++) bounded.take(`k${i}`, 1000);
    expect(bounded.check('k49', 1000).ok).toBe(false); // recent keys are kept
    expect(bounded.check('k0', 1000).ok).toBe(true); // the oldest were forgotten
  });

  it('reads limits from the environment', () => {
    expect(limitFromEnv(undefined, 7)).toBe(7);
    expect(limitFromEnv('0', 7)).toBe(0);
    expect(limitFromEnv('25', 7)).toBe(25);
    expect(limitFromEnv('-1', 7)).toBe(7);
    expect(limitFromEnv('lots', 7)).toBe(7);
  });
});
