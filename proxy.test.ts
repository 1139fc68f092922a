// What the proxy sees and what it refuses by itself: the routes that read large bodies stay outside
// it (it would hand them the body cut off at its own 2 MB), and an oversized server action is
// answered in words before Next reads the body. Next's own matcher code decides what matches.
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { SERVER_ACTION_BODY_LIMIT_BYTES, SERVER_ACTION_TOO_LARGE_MESSAGE } from './lib/chem/input-limits.ts';
import { config, proxy } from './proxy.ts';

const matches = (url: string) => unstable_doesMiddlewareMatch({ config, url });

describe('proxy matcher', () => {
  it('leaves the routes that take large bodies to their own limits', () => {
    // A batch file sent to the API as the body, or as JSON/multipart: up to 50 MB, read by the route.
    expect(matches('/api/v1/batches')).toBe(false);
    expect(matches('/api/batches/upload')).toBe(false);
    expect(matches('/api/session')).toBe(false);
  });

  it('still runs for pages and the rest of the API, the batch routes below /api/v1/batches included', () => {
    for (const url of ['/editor', '/batches/new', '/results/export', '/api/v1/calculations', '/api/v1/batches/0b1e/items', '/api/v1/molecules']) {
      expect(matches(url), url).toBe(true);
    }
  });
});

describe('proxy: server action bodies', () => {
  const action = (bytes: number) =>
    new NextRequest('http://localhost/editor', {
      method: 'POST',
      headers: { 'next-action': 'a'.repeat(42), 'content-type': 'text/plain;charset=UTF-8', 'content-length': String(bytes) },
    });

  it('answers an action body above the limit with 413 and the reason in words, as text/plain for Next’s client', async () => {
    const response = await proxy(action(SERVER_ACTION_BODY_LIMIT_BYTES + 1));
    expect(response.status).toBe(413);
    // Next's client passes a text/plain error answer on as the error's message (any other type becomes
    // "An unexpected response was received from the server.").
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe(SERVER_ACTION_TOO_LARGE_MESSAGE);
    expect(SERVER_ACTION_TOO_LARGE_MESSAGE).toMatch(/more than 2 MB.*Nothing was saved/);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
