// Text chunks from an exporter as a byte stream for a Response: small pieces are gathered to ~64 KB
// so the socket sees few large writes, and the source is pulled only as fast as the client reads.
// A client that goes away ends the iteration, which returns the database connection.
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
