// Delivery settings from the environment (read at use, so tests can shorten them). Retries go
// through pg-boss's exponential backoff (retryDelay · 2^n with jitter, capped at retryDelayMax)
// until the retry window since the event has passed.
import { envNumber } from '../jobs/queue.ts';

export function webhookSettings() {
  const retryDelaySeconds = Math.max(1, Math.round(envNumber('QF_WEBHOOK_RETRY_DELAY_SECONDS', 30)));
  const retryDelayMaxSeconds = Math.max(retryDelaySeconds, Math.round(envNumber('QF_WEBHOOK_RETRY_DELAY_MAX_SECONDS', 3600)));
  const retryWindowSeconds = envNumber('QF_WEBHOOK_RETRY_WINDOW_SECONDS', 24 * 3600);
  return {
    /** Whole attempt: connect, send, first bytes of the answer. */
    timeoutMs: envNumber('QF_WEBHOOK_TIMEOUT_SECONDS', 10) * 1000,
    retryDelaySeconds,
    retryDelayMaxSeconds,
    retryWindowSeconds,
    /** Enough retries for the window even at the shortest jitter; the window ends them first. */
    retryLimit: retriesFor(retryDelaySeconds, retryDelayMaxSeconds, retryWindowSeconds),
    /** "Send test event" per user and minute (each is a real request to the user's URL). */
    testEventsPerMinute: Math.round(envNumber('QF_WEBHOOK_TEST_EVENTS_PER_MINUTE', 5)),
    pollSeconds: Math.max(0.5, envNumber('QF_WEBHOOK_POLL_SECONDS', 2)),
    /** Absolute links in events need the app's public address; without it events carry paths only. */
    siteUrl: process.env.QF_SITE_URL?.replace(/\/+$/, '') || null,
  };
}

function retriesFor(delay: number, max: number, window: number): number {
  let elapsed = 0;
  let n = 0;
  // pg-boss's shortest delay for retry n is delay · 2^n / 2.
  while (elapsed < window && n < 200) {
    elapsed += Math.min(max, (delay * 2 ** Math.min(16, n)) / 2);
    n += 1;
  }
  return n + 1;
}
