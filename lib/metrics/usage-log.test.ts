// The batched usage logger against the real database: rows wait in memory until 500 are buffered
// or 2 s pass, then arrive in one insert; a failing write never reaches the caller.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, getPool } from '../db/pool.ts';
import { createUsageLogger, type UsageLogEntry } from './usage-log.ts';

afterAll(async () => {
  await closePool();
});

const countFor = async (endpoint: string) =>
  (await getPool().query<{ n: number }>('select count(*)::int as n from public.api_usage_logs where endpoint = $1', [endpoint])).rows[0]!.n;
const entry = (endpoint: string): UsageLogEntry => ({ endpoint, method: 'GET', statusCode: 200, responseTimeMs: 12.5 });

describe('usage logger', () => {
  it('writes a full batch of 500 at once, in one insert', async () => {
    const endpoint = `/test/${randomUUID()}`;
    const batches: number[] = [];
    const logger = createUsageLogger({ flushEveryMs: 60_000, maxRows: 500 });
    const counting = createUsageLogger({ flushEveryMs: 60_000, maxRows: 500, write: async (rows) => void batches.push(rows.length) });
    for (let i = 0; i < 499; i++) logger.log(entry(endpoint));
    for (let i = 0; i < 1000; i++) counting.log(entry(endpoint));
    expect(logger.pending()).toBe(499);
    expect(await countFor(endpoint)).toBe(0); // nothing written yet
    logger.log(entry(endpoint)); // the 500th triggers the flush
    await logger.flush();
    expect(await countFor(endpoint)).toBe(500);
    expect(batches).toEqual([500, 500]);
    await logger.stop();
  });

  it('writes a partial batch once the interval has passed', async () => {
    const endpoint = `/test/${randomUUID()}`;
    const logger = createUsageLogger({ flushEveryMs: 200 });
    logger.log({ ...entry(endpoint), statusCode: 422, errorMessage: 'bad input', queryParameters: { page: 2 } });
    expect(await countFor(endpoint)).toBe(0);
    await expect.poll(() => countFor(endpoint), { timeout: 5_000 }).toBe(1);
    const row = (
      await getPool().query('select status_code, error_message, query_parameters, response_time_ms from public.api_usage_logs where endpoint = $1', [endpoint])
    ).rows[0];
    expect(row).toEqual({ status_code: 422, error_message: 'bad input', query_parameters: { page: 2 }, response_time_ms: 12.5 });
  });

  it('keeps a batch whose rows carry U+0000 (a NUL in a query string used to make the database drop the whole batch)', async () => {
    const endpoint = `/test/${randomUUID()}`;
    const logger = createUsageLogger({ flushEveryMs: 60_000 });
    logger.log(entry(endpoint));
    logger.log({ ...entry(`${endpoint}\u0000`), statusCode: 422, errorMessage: 'a\u0000b', queryParameters: { q: 'x\u0000', 'k\u0000': '1' } });
    await logger.flush();
    expect(await countFor(endpoint)).toBe(1);
    const row = (await getPool().query('select error_message, query_parameters from public.api_usage_logs where endpoint = $1', [`${endpoint}\uFFFD`])).rows[0];
    expect(row).toEqual({ error_message: 'a\uFFFDb', query_parameters: { q: 'x\uFFFD', 'k\uFFFD': '1' } });
    await logger.stop();
  });

  it('never throws into the request when the database refuses the rows', async () => {
    const endpoint = `/test/${randomUUID()}`;
    const logger = createUsageLogger({ flushEveryMs: 60_000 });
    // status 999 breaks the table's check: the whole batch is refused, the caller notices nothing.
    expect(() => logger.log({ ...entry(endpoint), statusCode: 999 })).not.toThrow();
    await expect(logger.flush()).resolves.toBeUndefined();
    expect(await countFor(endpoint)).toBe(0);
    // The logger keeps working afterwards.
    logger.log(entry(endpoint));
    await logger.flush();
    expect(await countFor(endpoint)).toBe(1);
  });
});
