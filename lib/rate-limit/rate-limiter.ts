// A sliding-window counter per key, in memory: "at most `limit` events per `windowMs` per key".
// Used by the local auth server and by the app's sign-in and sign-up actions. One process, one
// memory: good for a single instance; several instances each count their own share.

export interface RateLimitVerdict {
  ok: boolean;
  /** When not ok: seconds until one more event is allowed. */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  readonly limit: number;
  readonly windowMs: number;
  /** Upper bound on remembered keys, so a flood of distinct keys cannot exhaust memory. */
  private readonly maxKeys: number;

  constructor(limit: number, windowMs: number, maxKeys = 50_000) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
  }

  private recent(key: string, now: number): number[] {
    const times = this.events.get(key);
    if (!times) return [];
    const fresh = times.filter((t) => now - t < this.windowMs);
    if (fresh.length) this.events.set(key, fresh);
    else this.events.delete(key);
    return fresh;
  }

  /** Whether one more event for this key is allowed now (does not count it). */
  check(key: string, now = Date.now()): RateLimitVerdict {
    if (this.limit <= 0) return { ok: true, retryAfterSeconds: 0 }; // 0 turns the limit off
    const times = this.recent(key, now);
    if (times.length < this.limit) return { ok: true, retryAfterSeconds: 0 };
    const oldestThatCounts = times[times.length - this.limit]!;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldestThatCounts + this.windowMs - now) / 1000)) };
  }

  /** Counts one event for this key. */
  hit(key: string, now = Date.now()): void {
    if (this.limit <= 0) return;
    const times = this.recent(key, now);
    times.push(now);
    // Keep no more than the limit needs to answer check().
    this.events.set(key, times.slice(-this.limit));
    if (this.events.size > this.maxKeys) {
      // Forget the oldest keys (Map keeps insertion order): the cost of a flood falls on the flood.
      for (const k of this.events.keys()) {
        this.events.delete(k);
        if (this.events.size <= this.maxKeys * 0.9) break;
      }
    }
  }

  /** check() and, when allowed, hit(). */
  take(key: string, now = Date.now()): RateLimitVerdict {
    const verdict = this.check(key, now);
    if (verdict.ok) this.hit(key, now);
    return verdict;
  }

  reset(key: string): void {
    this.events.delete(key);
  }
}

/** A whole number ≥ 0 from the environment, or the default. */
export function limitFromEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}
