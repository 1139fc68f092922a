// Reads a request body up to a byte limit and stops there: a declared Content-Length over the limit
// is refused before reading, and a chunked body (no length) is cut off as soon as it passes the
// limit, so an endless upload costs at most `limit` bytes of memory.
import { UserError } from '../errors/user-error.ts';

export async function readLimitedBody(request: Request, limit: number, tooLargeMessage: string): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new UserError('PAYLOAD_TOO_LARGE', tooLargeMessage);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new UserError('PAYLOAD_TOO_LARGE', tooLargeMessage);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
