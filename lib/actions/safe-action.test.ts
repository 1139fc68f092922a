// How a server action's failure reaches the form: a UserError keeps its words and field messages,
// Next's redirect/notFound go on to Next, and anything else is hidden behind one sentence.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { notFound, redirect } from 'next/navigation';
import { UserError } from '../errors/user-error.ts';
import { SessionStateError } from '../ui-state/session-store.ts';
import { actionFailure, UNEXPECTED_FAILURE_MESSAGE } from './safe-action.ts';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('actionFailure', () => {
  it('shows a UserError’s message and field errors', () => {
    const error = new UserError('INVALID_INPUT', 'Please fix the e-mail.', { email: ['Enter a valid e-mail address.'] });
    expect(actionFailure(error)).toEqual({ ok: false, message: 'Please fix the e-mail.', fieldErrors: { email: ['Enter a valid e-mail address.'] } });
  });

  it('leaves out empty field errors', () => {
    expect(actionFailure(new UserError('NOT_FOUND', 'That key does not exist or is already revoked.'))).toEqual({
      ok: false,
      message: 'That key does not exist or is already revoked.',
    });
  });

  it('maps domain errors that are UserErrors the same way', () => {
    const error = new SessionStateError({ kind: 'too_large', message: 'Session state is too large to save (limit 256 KiB).' });
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(actionFailure(error)).toEqual({ ok: false, message: 'Session state is too large to save (limit 256 KiB).' });
  });

  it('hides anything else behind one sentence and logs it', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const raw = new Error('duplicate key value violates unique constraint "profiles_pkey"');
    const result = actionFailure(raw);
    expect(result).toEqual({ ok: false, message: UNEXPECTED_FAILURE_MESSAGE });
    expect(JSON.stringify(result)).not.toContain('profiles_pkey');
    expect(log).toHaveBeenCalledWith('server action failed', raw);
  });

  it('throws redirect() and notFound() on, so Next can act on them', () => {
    const redirection = thrownBy(() => redirect('/sign-in'));
    expect(() => actionFailure(redirection)).toThrow(redirection as Error);
    const missing = thrownBy(() => notFound());
    expect(() => actionFailure(missing)).toThrow(missing as Error);
  });
});
