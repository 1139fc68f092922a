// Route handlers answer every error as an RFC 9457 problem document: the caller sees the words a
// UserError carries, never the internals of anything else.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../errors/user-error.ts';
import { problemFromError, problemResponse } from './problem.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('problem responses', () => {
  it('answers a UserError with its status, code, words and field errors', async () => {
    const response = problemFromError(new UserError('INVALID_INPUT', 'Check the ids.', { ids: ['Up to 100 ids.'] }));
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      type: 'about:blank#invalid_input',
      title: 'Invalid input',
      status: 422,
      detail: 'Check the ids.',
      code: 'INVALID_INPUT',
      errors: { ids: ['Up to 100 ids.'] },
    });
  });

  it('tells a rate-limited caller when to come back', () => {
    const response = problemFromError(new UserError('RATE_LIMITED', 'Too many saves.', {}, { retryAfterSeconds: 2.2 }));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
  });

  it('answers anything else with a generic 500 and logs the cause', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = problemFromError(new Error('connect ECONNREFUSED 127.0.0.1:5432'), 'status lookup');
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toMatchObject({ status: 500, title: 'Internal error' });
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
    expect(log).toHaveBeenCalledWith('status lookup failed', expect.any(Error));
  });

  it('builds a problem without a code for plain HTTP errors', async () => {
    const response = problemResponse({ status: 400, detail: 'Session state is not valid JSON.' });
    expect(await response.json()).toEqual({ type: 'about:blank', title: 'Bad request', status: 400, detail: 'Session state is not valid JSON.' });
  });
});
