// Every /api/v1 request is recorded in api_usage_logs, off the request path: entries are queued in
// memory and written in one multi-row insert shortly after. A failed write is reported to the
// server log and dropped — logging never fails or slows a request.
import 'server-only';
import { asService } from '../db/service.ts';
import { withoutNulCharacters } from '../validation/nul-characters.ts';

export interface UsageEntry {
  userId: string | null;
  apiKeyId: string | null;
  endpoint: string;
  method: string;
  statusCode: number;
  responseTimeMs: number;
  requestSizeBytes: number | null;
  responseSizeBytes: number | null;
  errorMessage: string | null;
  queryParameters: Record<string, string> | null;
}

const MAX_QUEUE = 5_000;
const BATCH = 500;
const FLUSH_DELAY_MS = 250;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

let queue: UsageEntry[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let flushing: Promise<void> | null = null;

export function logApiUsage(entry: UsageEntry): void {
  if (!METHODS.has(entry.method)) return;
  if (queue.length >= MAX_QUEUE) queue.shift(); // under a flood, the oldest unwritten entries go
  // U+0000 (a query string the API refused for it) would make the database refuse the whole batch insert.
  const query =
    entry.queryParameters && Object.fromEntries(Object.entries(entry.queryParameters).map(([k, v]) => [withoutNulCharacters(k), withoutNulCharacters(v)]));
  queue.push({
    ...entry,
    endpoint: withoutNulCharacters(entry.endpoint.slice(0, 500)),
    queryParameters: query,
    errorMessage: entry.errorMessage && withoutNulCharacters(entry.errorMessage),
  });
  timer ??= setTimeout(() => {
    timer = null;
    void flushApiUsage();
  }, FLUSH_DELAY_MS);
}

async function write(entries: UsageEntry[]): Promise<void> {
  const values: unknown[] = [];
  const rows = entries.map((e) => {
    const base = values.length;
    values.push(
      e.userId,
      e.apiKeyId,
      e.endpoint,
      e.method,
      e.statusCode,
      e.responseTimeMs,
      e.requestSizeBytes,
      e.responseSizeBytes,
      e.errorMessage?.slice(0, 1000) ?? null,
      e.queryParameters ? JSON.stringify(e.queryParameters) : null,
    );
    return `(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  await asService((db) =>
    db.query(
      `insert into public.api_usage_logs (user_id, api_key_id, endpoint, method, status_code, response_time_ms, request_size_bytes, response_size_bytes, error_message, query_parameters)
       values ${rows.join(', ')}`,
      values,
    ),
  );
}

/** Writes what is queued (tests await it; the timer calls it otherwise). Never throws. */
export async function flushApiUsage(): Promise<void> {
  if (flushing) await flushing;
  if (!queue.length) return;
  const taken = queue;
  queue = [];
  flushing = (async () => {
    for (let i = 0; i < taken.length; i += BATCH) {
      try {
        await write(taken.slice(i, i + BATCH));
      } catch (error) {
        console.error('api usage log write failed; entries dropped', error);
      }
    }
  })();
  try {
    await flushing;
  } finally {
    flushing = null;
  }
}
