// Opaque cursors for /api/v1 pages: JSON tuples in base64url. A cursor that does not decode to the
// expected shape is a validation problem naming the `cursor` field.
import { UserError } from '../errors/user-error.ts';

export function encodeCursor(value: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function invalidCursor(): UserError {
  return new UserError('INVALID_INPUT', 'The cursor is not valid. Use next_cursor from the previous page as it was given.', {
    cursor: ['Use next_cursor from the previous page as it was given.'],
  });
}

/** A (created_at, id) keyset cursor. */
export function decodeTimeCursor(cursor: string): [string, string] {
  const value = decode(cursor);
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    /^[0-9a-f-]{36}$/i.test(String(value[1])) &&
    !Number.isNaN(Date.parse(value[0]))
  ) {
    return [value[0], value[1] as string];
  }
  throw invalidCursor();
}

/** An offset cursor (lists whose order never changes under the reader, like a batch's items). */
export function decodeOffsetCursor(cursor: string): number {
  const value = decode(cursor);
  if (Array.isArray(value) && value.length === 1 && Number.isSafeInteger(value[0]) && (value[0] as number) >= 0) return value[0] as number;
  throw invalidCursor();
}

function decode(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
