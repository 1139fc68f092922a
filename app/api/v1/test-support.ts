// What the /api/v1 tests share: Requests as a client sends them (key, JSON or raw body, headers),
// the route's params argument, and the check that an answer is an RFC 9457 problem of a status.
import { expect } from 'vitest';
import { createApiKey } from '@/lib/api-keys/api-keys';
import { problemSchema } from '@/lib/api/schemas';
import { createTestUser } from '@/supabase/tests/create-test-user';

export const API_BASE = 'http://localhost/api/v1';

export type ApiRequestInit = { key?: string; method?: string; body?: unknown; raw?: BodyInit; headers?: Record<string, string> };

/** A request to `API_BASE + path`: POST when it has a body, GET otherwise, unless `method` says. */
export function apiRequest(path: string, init: ApiRequestInit = {}): Request {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return new Request(`${API_BASE}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
}

export const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

export async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return problemSchema.parse(await response.json());
}

/** Three users with a key each: a researcher (alice), another researcher (bob) and a viewer. */
export async function apiCast(label: string) {
  const [alice, bob, viewer] = await Promise.all([
    createTestUser({ label: `${label}-alice` }),
    createTestUser({ label: `${label}-bob` }),
    createTestUser({ label: `${label}-viewer`, role: 'viewer' }),
  ]);
  const [aliceKey, bobKey, viewerKey] = (await Promise.all([alice, bob, viewer].map((u) => createApiKey(u.claims, { name: label, expiresInDays: null })))).map(
    (k) => k.key,
  ) as [string, string, string];
  return { alice, bob, viewer, aliceKey, bobKey, viewerKey };
}
