import { expect, test, type APIResponse } from '@playwright/test';

// Route handlers answer errors in one shape, RFC 9457 problem details, with words a person can act on.
async function problemOf(response: APIResponse) {
  expect(response.headers()['content-type']).toBe('application/problem+json');
  return (await response.json()) as { type: string; title: string; status: number; code?: string; detail?: string; errors?: Record<string, string[]> };
}

test.describe('calculation statuses', () => {
  test.use({ storageState: 'e2e/.auth/researcher.json' });

  test('bad ids are refused as a problem naming the field; good ones answer', async ({ request }) => {
    const bad = await request.get('/api/calculations/status?ids=not-an-id');
    expect(bad.status()).toBe(422);
    expect(await problemOf(bad)).toEqual({
      type: 'about:blank#invalid_input',
      title: 'Invalid input',
      status: 422,
      code: 'INVALID_INPUT',
      detail: expect.stringMatching(/^Ask for up to \d+ calculation ids, separated by commas\.$/),
      errors: { ids: [expect.stringMatching(/calculation ids/)] },
    });

    // Someone else's (or no) calculation is simply absent: RLS, not an error.
    const fine = await request.get('/api/calculations/status?ids=00000000-0000-4000-8000-000000000000');
    expect(fine.status()).toBe(200);
    expect(await fine.json()).toEqual({ statuses: [] });
  });

  test('a batch file over 2 MB sent to the REST API arrives whole, not cut off at the proxy’s 2 MB', async ({ request }) => {
    // Until the route left the proxy, a 3 MB CSV became a batch of its first ~18,000 rows, answered 201.
    const rows = Array.from({ length: 25_000 }, (_, i) => `CCO,row ${i} ${'x'.repeat(100)}`);
    const body = `smiles,name\n${rows.join('\n')}\n`;
    expect(body.length).toBeGreaterThan(2.5e6); // above the proxy's 2 MiB
    const response = await request.post('/api/v1/batches?name=whole%20upload&filename=whole.csv', { headers: { 'content-type': 'text/csv' }, data: body });
    expect(response.status()).toBe(201);
    expect(await response.json()).toMatchObject({ totalRows: 25_000, calculations: 1, invalid: [] });
  });

  test('a signed-out caller is told to sign in', async ({ playwright, baseURL }) => {
    // Explicitly without cookies: a new request context would otherwise inherit this block's storage state.
    const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const response = await anonymous.get('/api/calculations/status?ids=00000000-0000-4000-8000-000000000000', { maxRedirects: 0 });
    expect(response.status()).toBe(401);
    expect(await problemOf(response)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: 'Your session has ended. Please sign in again.' });
    await anonymous.dispose();
  });
});
