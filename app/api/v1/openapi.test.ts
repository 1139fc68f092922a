// The OpenAPI document against the code: every route file under app/api/v1 is described, every
// $ref resolves, and real responses of the handlers validate against the document's own JSON Schemas
// (read back from the served JSON, not from the zod objects it was generated from).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiKey } from '@/lib/api-keys/api-keys';
import { closePool } from '@/lib/db/pool';
import { ownCalculationQueue } from '@/lib/jobs/test-queue';
import { createTestUser } from '@/supabase/tests/create-test-user';
import * as spec from './openapi.json/route';
import * as collection from './calculations/route';
import * as one from './calculations/[id]/route';
import * as atoms from './calculations/[id]/atoms/route';
import * as cancel from './calculations/[id]/cancel/route';
import * as rerun from './calculations/[id]/rerun/route';
import * as molecules from './molecules/route';
import * as molecule from './molecules/[id]/route';
import * as files from './calculations/[id]/files/route';
import * as file from './calculations/[id]/files/[name]/route';
import * as calculationsExport from './calculations/export/route';
import * as batches from './batches/route';
import * as batch from './batches/[id]/route';
import * as batchItems from './batches/[id]/items/route';
import * as batchCancel from './batches/[id]/cancel/route';
import * as batchRetry from './batches/[id]/retry/route';
import * as batchExport from './batches/[id]/export/route';
import * as webhookDeliveries from './webhooks/deliveries/route';

// No worker runs on this file's own queue: what it submits stays queued.
ownCalculationQueue('api-openapi');

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components: { schemas: Record<string, object> };
};

const ROOT = path.join(import.meta.dirname);
const METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH'];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === 'route.ts' ? [full] : [];
  });
}

/** A response schema from the document, with its component refs made local for validation. */
function validatorFor(doc: Doc, schema: object): z.ZodType {
  const local = JSON.parse(JSON.stringify({ ...schema, $defs: doc.components.schemas }).replaceAll('#/components/schemas/', '#/$defs/'));
  return z.fromJSONSchema(local);
}

describe('OpenAPI document', () => {
  let doc: Doc;
  let key = '';
  beforeAll(async () => {
    doc = (await spec.GET().json()) as Doc;
    const user = await createTestUser({ label: 'openapi' });
    key = (await createApiKey(user.claims, { name: 'spec check', expiresInDays: null })).key;
  });
  afterAll(closePool);

  it('is OpenAPI 3.1 and describes every route file and method under app/api/v1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const missing: string[] = [];
    for (const file of routeFiles(ROOT)) {
      const route = path.relative(ROOT, path.dirname(file)).split(path.sep).join('/');
      if (route === 'openapi.json') continue; // the document itself
      const apiPath = `/${route.replace(/\[(\w+)\]/g, '{$1}')}`;
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS.filter((m) => typeof mod[m] === 'function')) {
        if (!doc.paths[apiPath]?.[method.toLowerCase()]) missing.push(`${method} ${apiPath}`);
      }
    }
    expect(missing).toEqual([]);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.filter((r) => !/^#\/components\/schemas\/\w+$/.test(r) || !(r.split('/').pop()! in doc.components.schemas))).toEqual([]);
  });

  it('validates real responses against the documented schemas', async () => {
    const check = async (response: Response, method: string, apiPath: string) => {
      const status = String(response.status);
      const documented = doc.paths[apiPath]?.[method]?.responses[status];
      expect(documented, `${method} ${apiPath} ${status}`).toBeDefined();
      const mediaType = response.headers.get('content-type')!.split(';')[0]!;
      if (!/json$/.test(mediaType) || mediaType === 'application/x-ndjson' || response.headers.has('content-disposition')) {
        // A file or an export: its media type is one the document lists.
        expect(Object.keys(documented!.content ?? {}), `${method} ${apiPath} ${status}`).toContain(mediaType);
        return response.text();
      }
      const content = documented!.content ? Object.values(documented!.content)[0] : undefined;
      const body = await response.json();
      expect(content, `${method} ${apiPath} ${status} has a schema`).toBeDefined();
      const result = validatorFor(doc, content!.schema).safeParse(body);
      expect(result.success ? [] : result.error.issues, `${method} ${apiPath} ${status}`).toEqual([]);
      return body;
    };
    const submittedSchema = doc.paths['/calculations']!.post!.responses['201']!.content!['application/json']!.schema;
    expect(validatorFor(doc, submittedSchema).safeParse({ id: 'not-a-uuid', status: 'queued' }).success).toBe(false); // the check has teeth
    const auth = { authorization: `Bearer ${key}` };
    const post = (url: string, body?: unknown) =>
      new Request(url, {
        method: 'POST',
        headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const base = 'http://localhost/api/v1';
    const submitted = await check(
      await collection.POST(post(`${base}/calculations`, { format: 'smiles', text: 'CCO', name: 'ethanol' })),
      'post',
      '/calculations',
    );
    const params = { params: Promise.resolve({ id: submitted.id as string }) };
    await check(await collection.GET(new Request(`${base}/calculations?limit=1`, { headers: auth })), 'get', '/calculations');
    await check(await one.GET(new Request(`${base}/calculations/${submitted.id}`, { headers: auth }), params), 'get', '/calculations/{id}');
    await check(await atoms.GET(new Request(`${base}/calculations/${submitted.id}/atoms`, { headers: auth }), params), 'get', '/calculations/{id}/atoms');
    await check(await cancel.POST(post(`${base}/calculations/${submitted.id}/cancel`), params), 'post', '/calculations/{id}/cancel');
    await check(await cancel.POST(post(`${base}/calculations/${submitted.id}/cancel`), params), 'post', '/calculations/{id}/cancel'); // 409 problem
    await check(await rerun.POST(post(`${base}/calculations/${submitted.id}/rerun`), params), 'post', '/calculations/{id}/rerun');
    await check(await collection.POST(post(`${base}/calculations`, { format: 'smiles' })), 'post', '/calculations'); // 422 problem
    await check(await collection.GET(new Request(`${base}/calculations`)), 'get', '/calculations'); // 401 problem
    const created = await check(await molecules.POST(post(`${base}/molecules`, { format: 'smiles', text: 'CCCl' })), 'post', '/molecules');
    const mParams = { params: Promise.resolve({ id: created.id as string }) };
    await check(await molecules.GET(new Request(`${base}/molecules?limit=2`, { headers: auth })), 'get', '/molecules');
    await check(await molecule.GET(new Request(`${base}/molecules/${created.id}`, { headers: auth }), mParams), 'get', '/molecules/{id}');
    const deleted = await molecule.DELETE(new Request(`${base}/molecules/${created.id}`, { method: 'DELETE', headers: auth }), mParams);
    expect(deleted.status).toBe(204);
    expect(doc.paths['/molecules/{id}']!.delete!.responses['204']).toBeDefined();

    // Files and the list export.
    await check(await files.GET(new Request(`${base}/calculations/${submitted.id}/files`, { headers: auth }), params), 'get', '/calculations/{id}/files');
    const fileParams = { params: Promise.resolve({ id: submitted.id as string, name: 'results.json' }) };
    await check(
      await file.GET(new Request(`${base}/calculations/${submitted.id}/files/results.json`, { headers: auth }), fileParams),
      'get',
      '/calculations/{id}/files/{name}',
    );
    for (const format of ['csv', 'jsonl', 'sdf', 'zip']) {
      await check(await calculationsExport.GET(new Request(`${base}/calculations/export?format=${format}`, { headers: auth })), 'get', '/calculations/export');
    }
    await check(await calculationsExport.GET(new Request(`${base}/calculations/export?format=pdf`, { headers: auth })), 'get', '/calculations/export'); // 422

    // Batches: create (JSON and raw file), list, get, items, export, retry (nothing failed: 409), cancel.
    const createdBatch = await check(
      await batches.POST(post(`${base}/batches`, { name: 'spec batch', params: { task: 'sp' }, molecules: [{ smiles: 'CC' }, { smiles: 'C1CC(' }] })),
      'post',
      '/batches',
    );
    await check(
      await batches.POST(new Request(`${base}/batches?name=raw`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: 'smiles\nCCC\n' })),
      'post',
      '/batches',
    );
    await check(await batches.POST(post(`${base}/batches`, { name: 'nothing valid', molecules: [{ smiles: 'C1CC(' }] })), 'post', '/batches'); // 422
    const bParams = { params: Promise.resolve({ id: createdBatch.id as string }) };
    await check(await batches.GET(new Request(`${base}/batches?limit=1`, { headers: auth })), 'get', '/batches');
    await check(await batch.GET(new Request(`${base}/batches/${createdBatch.id}`, { headers: auth }), bParams), 'get', '/batches/{id}');
    await check(
      await batchItems.GET(new Request(`${base}/batches/${createdBatch.id}/items?limit=1`, { headers: auth }), bParams),
      'get',
      '/batches/{id}/items',
    );
    await check(
      await batchExport.GET(new Request(`${base}/batches/${createdBatch.id}/export?format=jsonl`, { headers: auth }), bParams),
      'get',
      '/batches/{id}/export',
    );
    await check(await batchRetry.POST(post(`${base}/batches/${createdBatch.id}/retry`), bParams), 'post', '/batches/{id}/retry');
    const cancelled = await batchCancel.POST(post(`${base}/batches/${createdBatch.id}/cancel`), bParams);
    expect(cancelled.status).toBe(200); // its one calculation is still queued
    await check(cancelled, 'post', '/batches/{id}/cancel');

    // Webhook deliveries (none yet: an empty page), and a bad filter's 422.
    await check(
      await webhookDeliveries.GET(new Request(`${base}/webhooks/deliveries?limit=5&outcome=failed`, { headers: auth })),
      'get',
      '/webhooks/deliveries',
    );
    await check(await webhookDeliveries.GET(new Request(`${base}/webhooks/deliveries?outcome=lost`, { headers: auth })), 'get', '/webhooks/deliveries');
  });
});
