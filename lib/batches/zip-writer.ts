// A streaming ZIP writer (PKWARE APPNOTE 6.3): entries go out one after another as they come, so a
// large archive never sits in memory. Each entry is whole when it arrives (one molecule's file),
// which lets its local header carry the CRC (zlib.crc32) and sizes (no data descriptors).
// Speed comes from doing little per entry: headers, names and text are written straight into
// 64 KiB output chunks (no buffers per entry; a string is encoded once, into the chunk), and the
// reader gets a chunk at a time. Entries under DEFLATE_FROM bytes are stored: creating a zlib
// instance costs 100–300 µs here whatever the size (deflateRawSync per entry ran at ~1,300 rows/s,
// a shared asynchronous stream at ~2,100, its flush per entry being a round trip to zlib's thread
// pool), which is worth it for a large file only. What must wait for the end is the central
// directory: 46 bytes plus the name per entry, written into chunks too, the only memory that grows
// with the archive. ZIP64 records are written only when needed (more than 65,535 entries or offsets
// past 4 GiB).
import { crc32, deflateRawSync } from 'node:zlib';

export type ZipEntry = { name: string; data: string | Uint8Array };

const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
/** UTF-8 names (general purpose bit 11). */
const UTF8_FLAG = 0x0800;
/** Entries from this size on are deflated (when that makes them smaller). */
export const DEFLATE_FROM = 64 * 1024;
const CHUNK = 64 * 1024;

/** Bytes written into fixed-size chunks; full chunks are handed out by take(). */
class ChunkedBytes {
  private chunk = Buffer.allocUnsafe(CHUNK);
  private at = 0;
  private done: Buffer[] = [];
  length = 0;

  /** Room for `n` bytes in the current chunk (a new one when it is too full); returns it and the offset. */
  reserve(n: number): [Buffer, number] {
    if (this.at + n > this.chunk.length) {
      if (this.at > 0) this.done.push(this.chunk.subarray(0, this.at));
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK, n));
      this.at = 0;
    }
    const at = this.at;
    this.at += n;
    this.length += n;
    return [this.chunk, at];
  }

  /** Writes bytes as they are (large ones become a chunk of their own, not copied). */
  bytes(data: Buffer): void {
    if (data.length >= CHUNK) {
      if (this.at > 0) this.done.push(this.chunk.subarray(0, this.at));
      this.chunk = this.chunk.subarray(this.at);
      this.at = 0;
      this.done.push(data);
      this.length += data.length;
    } else {
      const [buffer, at] = this.reserve(data.length);
      data.copy(buffer, at);
    }
  }

  /** The full chunks so far (and, with `all`, the current one). */
  take(all = false): Buffer[] {
    if (all && this.at > 0) {
      this.done.push(this.chunk.subarray(0, this.at));
      this.chunk = this.chunk.subarray(this.at);
      this.at = 0;
    }
    const out = this.done;
    this.done = [];
    return out;
  }
}

function dosDateTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: ((Math.max(1980, at.getFullYear()) - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

type EntryFields = {
  versionNeeded: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressed: number;
  size: number;
  nameLength: number;
  extraLength: number;
};

/** The run of fields the local header and the central directory record share (from "version needed" to "extra length"). */
function writeEntryFields(buffer: Buffer, at: number, f: EntryFields): void {
  buffer.writeUInt16LE(f.versionNeeded, at);
  buffer.writeUInt16LE(UTF8_FLAG, at + 2);
  buffer.writeUInt16LE(f.method, at + 4);
  buffer.writeUInt16LE(f.time, at + 6);
  buffer.writeUInt16LE(f.date, at + 8);
  buffer.writeUInt32LE(f.crc, at + 10);
  buffer.writeUInt32LE(f.compressed, at + 14);
  buffer.writeUInt32LE(f.size, at + 18);
  buffer.writeUInt16LE(f.nameLength, at + 22);
  buffer.writeUInt16LE(f.extraLength, at + 24);
}

/** Writes one entry's local header and data into `out`, and its central directory record into `central`. */
function writeEntry(entry: ZipEntry, out: ChunkedBytes, central: ChunkedBytes, { time, date, level }: { time: number; date: number; level: number }): void {
  const nameLength = Buffer.byteLength(entry.name, 'utf8');
  if (nameLength === 0 || nameLength > MAX16) throw new Error(`a file name in the archive is empty or too long: ${entry.name.slice(0, 80)}`);
  const data = entry.data;
  const text = typeof data === 'string' ? data : null;
  const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (size >= MAX32) throw new Error(`${entry.name} is too large for one archive entry`);
  // A small text entry is encoded once, straight into the output chunk, and its CRC taken from those
  // bytes (zlib.crc32 of a string would encode it a second time); its header is filled in after.
  const inPlace = text !== null && size < DEFLATE_FROM && size < CHUNK;
  let crc = inPlace ? 0 : crc32(data);
  let deflated: Buffer | null = null;
  if (size >= DEFLATE_FROM && level > 0) {
    const raw = text !== null ? Buffer.from(text, 'utf8') : Buffer.from(data as Uint8Array);
    deflated = deflateRawSync(raw, { level });
    if (deflated.length >= size) deflated = null;
  }
  const method = deflated ? 8 : 0;
  const compressed = deflated ? deflated.length : size;
  const offset = out.length;

  const [local, l] = out.reserve(30 + nameLength);
  local.write(entry.name, l + 30, nameLength, 'utf8');
  if (deflated) out.bytes(deflated);
  else if (inPlace) {
    const [body, b] = out.reserve(size);
    body.write(text, b, size, 'utf8');
    crc = crc32(body.subarray(b, b + size));
  } else out.bytes(text !== null ? Buffer.from(text, 'utf8') : Buffer.from(data as Uint8Array));
  const fields = { method, time, date, crc, compressed, size, nameLength };
  local.writeUInt32LE(0x04034b50, l);
  writeEntryFields(local, l + 4, { ...fields, versionNeeded: 20, extraLength: 0 });

  // Past 4 GiB the entry's offset moves into a ZIP64 extra field (id 1, the offset alone).
  const zip64 = offset > MAX32;
  const [record, r] = central.reserve(46 + (zip64 ? 12 : 0) + nameLength);
  record.writeUInt32LE(0x02014b50, r);
  record.writeUInt16LE((3 << 8) | (zip64 ? 45 : 20), r + 4); // made by: Unix, spec version
  writeEntryFields(record, r + 6, { ...fields, versionNeeded: zip64 ? 45 : 20, extraLength: zip64 ? 12 : 0 });
  record.writeUInt16LE(0, r + 32); // comment
  record.writeUInt16LE(0, r + 34); // disk
  record.writeUInt16LE(0, r + 36); // internal attributes
  record.writeUInt32LE((0o100644 << 16) >>> 0, r + 38); // a regular file, rw-r--r--
  record.writeUInt32LE(zip64 ? MAX32 : offset, r + 42);
  record.write(entry.name, r + 46, nameLength, 'utf8');
  if (zip64) {
    record.writeUInt16LE(0x0001, r + 46 + nameLength);
    record.writeUInt16LE(8, r + 48 + nameLength);
    record.writeBigUInt64LE(BigInt(offset), r + 50 + nameLength);
  }
}

/**
 * Yields the archive's bytes in chunks of about 64 KiB; `level` is zlib's deflate level for large
 * entries (default 6). The entries come in groups (one per chunk of rows an export reads): a step of
 * an async iteration per entry cost more than writing a small entry.
 */
export async function* zipStream(groups: AsyncIterable<Iterable<ZipEntry>>, options: { level?: number; modified?: Date } = {}): AsyncGenerator<Uint8Array> {
  const settings = { ...dosDateTime(options.modified ?? new Date()), level: options.level ?? 6 };
  const out = new ChunkedBytes();
  const central = new ChunkedBytes();
  let count = 0;
  for await (const entries of groups) {
    for (const entry of entries) {
      writeEntry(entry, out, central, settings);
      count += 1;
    }
    for (const chunk of out.take()) yield chunk;
  }
  for (const chunk of out.take(true)) yield chunk;

  const directoryOffset = out.length;
  const directorySize = central.length;
  for (const chunk of central.take(true)) yield chunk;

  const needs64 = count > MAX16 || directoryOffset > MAX32 || directorySize > MAX32;
  if (needs64) {
    const record = Buffer.alloc(56 + 20);
    record.writeUInt32LE(0x06064b50, 0); // ZIP64 end of central directory
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE((3 << 8) | 45, 12);
    record.writeUInt16LE(45, 14);
    record.writeUInt32LE(0, 16);
    record.writeUInt32LE(0, 20);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directorySize), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    record.writeUInt32LE(0x07064b50, 56); // its locator
    record.writeUInt32LE(0, 60);
    record.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 64);
    record.writeUInt32LE(1, 72);
    yield record;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(Math.min(count, MAX16), 8);
  end.writeUInt16LE(Math.min(count, MAX16), 10);
  end.writeUInt32LE(Math.min(directorySize, MAX32), 12);
  end.writeUInt32LE(Math.min(directoryOffset, MAX32), 16);
  end.writeUInt16LE(0, 20);
  yield end;
}
