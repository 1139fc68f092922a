// Chunks from an exporter (text, or bytes for the ZIP) as a byte stream for a Response: small pieces are gathered to ~64 KB
// so the socket sees few large writes, and the source is pulled only as fast as the client reads.
// A client that goes away ends the iteration, which returns the database connection.
import { UserError } from '../errors/user-error.ts';

export const EXPORT_FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  sdf: { contentType: 'chemical/x-mdl-sdfile; charset=utf-8', extension: 'sdf' },
  zip: { contentType: 'application/zip', extension: 'zip' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function streamChunks(chunks: AsyncGenerator<string | Uint8Array>, flushAt = 64 * 1024): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Text is gathered as a string (one encode per flush); bytes as parts joined at the flush.
      let text = '';
      const parts: Uint8Array[] = [];
      let size = 0;
      const flush = () => {
        if (text) parts.push(encoder.encode(text));
        text = '';
        if (parts.length > 0) controller.enqueue(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
      };
      try {
        while (size + text.length < flushAt) {
          const next = await chunks.next();
          if (next.done) {
            flush();
            controller.close();
            return;
          }
          if (typeof next.value === 'string') text += next.value;
          else {
            if (text) {
              const encoded = encoder.encode(text);
              parts.push(encoded);
              size += encoded.byteLength;
              text = '';
            }
            parts.push(next.value);
            size += next.value.byteLength;
          }
        }
        flush();
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** A file name a browser accepts: the batch name's safe characters. */
export function exportFileName(name: string, format: ExportFormat): string {
  return `${safeFileBase(name, 'batch')}.${EXPORT_FORMATS[format].extension}`;
}

/** A name's safe characters for a file name (runs of others become one '-'), else the fallback. */
export function safeFileBase(name: string, fallback: string, maxLength = 80): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, maxLength) || fallback
  );
}

/** Reads ?format= (csv when absent); anything else is a validation problem naming the choices. */
export function exportFormatFrom(value: string | null): ExportFormat {
  const format = value ?? 'csv';
  if (!(format in EXPORT_FORMATS)) {
    throw new UserError('INVALID_INPUT', 'Choose an export format: csv, jsonl, sdf or zip.', { format: ['One of csv, jsonl, sdf or zip.'] });
  }
  return format as ExportFormat;
}

/** The streamed download of an export (read at the client's pace). */
export function exportResponse(exported: { fileName: string; contentType: string; chunks: AsyncGenerator<string | Uint8Array> }): Response {
  return new Response(streamChunks(exported.chunks), {
    headers: {
      'content-type': exported.contentType,
      'content-disposition': `attachment; filename="${exported.fileName}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
