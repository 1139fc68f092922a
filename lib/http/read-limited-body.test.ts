import { describe, expect, it } from 'vitest';
import { isUserError } from '../errors/user-error.ts';
import { readLimitedBody } from './read-limited-body.ts';

/** A chunked body (no Content-Length) of `chunks` pieces of 1 KiB, counting how many were pulled. */
function chunkedRequest(chunks: number) {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(1024).fill(120));
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request('http://localhost/api/session', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
  return { request, pulled: () => pulled, cancelled: () => cancelled };
}

describe('readLimitedBody', () => {
  it('reads a body within the limit', async () => {
    const { request } = chunkedRequest(3);
    expect((await readLimitedBody(request, 4096, 'too large')).byteLength).toBe(3072);
  });

  it('stops reading a chunked body at the limit instead of buffering all of it', async () => {
    const { request, pulled, cancelled } = chunkedRequest(100_000); // ~100 MB if read to the end
    const error = await readLimitedBody(request, 8 * 1024, 'Session state is too large').catch((e: unknown) => e);
    expect(isUserError(error) && error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(pulled()).toBeLessThan(20);
    expect(cancelled()).toBe(true);
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const request = new Request('http://localhost/x', { method: 'POST', body: 'x'.repeat(100), headers: { 'content-length': '100' } });
    await expect(readLimitedBody(request, 10, 'too large')).rejects.toThrow('too large');
    expect(request.bodyUsed).toBe(false);
  });
});
