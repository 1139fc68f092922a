// Text chunks from an exporter as a byte stream for a Response: small pieces are gathered to ~64 KB
// so the socket sees few large writes, and the source is pulled only as fast as the client reads.
// A client that goes away ends the iteration, which returns the database connection.
import { UserError } from '../errors/user-error.ts';

export const EXPORT_FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
  sdf: { contentType: 'chemical/x-mdl-sdfile; charset=utf-8', extension: 'sdf' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function streamChunks(chunks: AsyncGenerator<string>, flushAt = 64 * 1024): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let buffered = '';
      try {
        while (buffered.length < flushAt) {
          const next = await chunks.next();
          if (next.done) {
            if (buffered) controller.enqueue(encoder.encode(buffered));
            controller.close();
            return;
          }
          buffered += next.value;
        }
        controller.enqueue(encoder.encode(buffered));
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
  const base =
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'batch';
  return `${base}.${EXPORT_FORMATS[format].extension}`;
}

/** Reads ?format= (csv when absent); anything else is a validation problem naming the choices. */
export function exportFormatFrom(value: string | null): ExportFormat {
  const format = value ?? 'csv';
  if (!(format in EXPORT_FORMATS)) {
    throw new UserError('INVALID_INPUT', 'Choose an export format: csv, jsonl or sdf.', { format: ['One of csv, jsonl or sdf.'] });
  }
  return format as ExportFormat;
}

/** The streamed download of an export (read at the client's pace). */
export function exportResponse(exported: { fileName: string; contentType: string; chunks: AsyncGenerator<string> }): Response {
  return new Response(streamChunks(exported.chunks), {
    headers: {
      'content-type': exported.contentType,
      'content-disposition': `attachment; filename="${exported.fileName}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
