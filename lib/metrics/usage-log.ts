// API usage logging without a database round trip per request: rows are buffered in memory and
// written with one multi-row insert every 2 s or once 500 are waiting, through the service role
// (api_usage_logs is written by the server only). Logging never throws into the request: a failed
// flush is reported on the console and its rows are dropped (usage logs are statistics, not records).
import 'server-only';
import { asService } from '../db/service.ts';
import { withoutNulCharacters } from '../validation/nul-characters.ts';

export interface UsageLogEntry {
  userId?: string | null;
  apiKeyId?: string | null;
  endpoint: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  statusCode: number;
  responseTimeMs: number;
  requestSizeBytes?: number | null;
  responseSizeBytes?: number | null;
  errorMessage?: string | null;
  queryParameters?: Record<string, unknown> | null;
  createdAt?: Date;
}

const COLUMNS = [
  'user_id',
  'api_key_id',
  'endpoint',
  'method',
  'status_code',
  'response_time_ms',
  'request_size_bytes',
  'response_size_bytes',
  'error_message',
  'query_parameters',
  'created_at',
];

export interface UsageLogger {
  log(entry: UsageLogEntry): void;
  /** Writes whatever is buffered now (tests, shutdown). */
  flush(): Promise<void>;
  pending(): number;
  stop(): Promise<void>;
}

export function createUsageLogger(options: { flushEveryMs?: number; maxRows?: number; write?: (rows: UsageLogEntry[]) => Promise<void> } = {}): UsageLogger {
  const flushEveryMs = options.flushEveryMs ?? 2_000;
  const maxRows = options.maxRows ?? 500;
  const write = options.write ?? insertRows;
  let buffer: UsageLogEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (buffer.length === 0) return inFlight;
    const rows = buffer;
    buffer = [];
    // Writes queue behind each other so rows land in order and one pool connection is used at a time.
    inFlight = inFlight.then(() => write(rows).catch((error: Error) => console.error(`[usage-log] dropped ${rows.length} rows: ${error.message}`)));
    return inFlight;
  };

  return {
    log(entry) {
      try {
        buffer.push({ ...entry, createdAt: entry.createdAt ?? new Date(), endpoint: entry.endpoint.slice(0, 500) || '/' });
        if (buffer.length >= maxRows) void flush();
        else if (!timer) {
          timer = setTimeout(() => void flush(), flushEveryMs);
          timer.unref?.(); // a pending flush never keeps a process alive
        }
      } catch (error) {
        console.error('[usage-log] could not record a request', error);
      }
    },
    flush,
    pending: () => buffer.length,
    stop: flush,
  };
}

async function insertRows(rows: UsageLogEntry[]): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const row = [
      r.userId ?? null,
      r.apiKeyId ?? null,
      withoutNulCharacters(r.endpoint),
      r.method,
      r.statusCode,
      Math.max(0, r.responseTimeMs),
      r.requestSizeBytes ?? null,
      r.responseSizeBytes ?? null,
      r.errorMessage ? withoutNulCharacters(r.errorMessage.slice(0, 2000)) : null,
      // A NUL in a query string (refused by the API, but still logged) would fail the jsonb cast of every
      // row in the insert: JSON writes it as the escape \u0000, which becomes U+FFFD, keys included.
      r.queryParameters ? JSON.stringify(r.queryParameters).replaceAll('\\u0000', '\\ufffd') : null,
      r.createdAt ?? new Date(),
    ];
    const start = values.length;
    values.push(...row);
    return `(${row.map((_, i) => `$${start + i + 1}`).join(', ')})`;
  });
  await asService((db) => db.query(`insert into public.api_usage_logs (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`, values));
}

const globalForLogger = globalThis as unknown as { __qfUsageLogger?: UsageLogger };

/** The process's one logger (route handlers and the REST API helper call usageLog().log(...)). */
export function usageLog(): UsageLogger {
  globalForLogger.__qfUsageLogger ??= createUsageLogger();
  return globalForLogger.__qfUsageLogger;
}
