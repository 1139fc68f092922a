// The reference page lists every operation of the OpenAPI document, by method and path.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api/openapi';
import ApiReferencePage from './page';

describe('/docs/api', () => {
  it('shows every operation in the OpenAPI document', () => {
    const html = renderToStaticMarkup(<ApiReferencePage />);
    const paths = (openApiDocument() as { paths: Record<string, Record<string, { summary: string }>> }).paths;
    const operations = Object.entries(paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, summary: op.summary })));
    expect(operations.length).toBeGreaterThanOrEqual(6);
    for (const op of operations) {
      expect(html).toContain(`/api/v1${op.path}`);
      expect(html).toContain(op.summary);
    }
    expect(html).toContain('Idempotency-Key');
    expect(html).toContain('smiles | xyz | mol | sdf'); // body fields come from the schema
    expect(html).toContain('href="/api/v1/openapi.json"');
  });
});
