'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import type { AuthFormState } from '@/app/(auth)/actions';
import { FieldError, FormMessage, SubmitButton, TextField } from './ui/form';

interface Props {
  mode: 'sign-in' | 'sign-up';
  action: (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  next?: string;
}

export function AuthForm({ mode, action, next }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const values = state?.values ?? {};
  if (state?.ok) {
    return <FormMessage tone="info">Check your e-mail to confirm the account, then sign in.</FormMessage>;
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state && !state.ok && <FormMessage tone="error">{state.message}</FormMessage>}
      {mode === 'sign-up' && (
        <div>
          <TextField label="Name" name="displayName" autoComplete="name" defaultValue={values.displayName} invalid={!!errors?.displayName} required />
          <FieldError messages={errors?.displayName} />
        </div>
      )}
      <div>
        <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={values.email} invalid={!!errors?.email} required />
        <FieldError messages={errors?.email} />
      </div>
      <div>
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
          invalid={!!errors?.password}
          required
        />
        <FieldError messages={errors?.password} />
        {mode === 'sign-in' && (
          <p className="mt-1 text-right text-sm">
            <Link className="font-medium text-indigo-700 underline dark:text-indigo-300" href="/forgot-password">
              Forgot password?
            </Link>
          </p>
        )}
      </div>
      {next && <input type="hidden" name="next" value={next} />}
      <SubmitButton pending={pending}>{mode === 'sign-in' ? 'Sign in' : 'Sign up'}</SubmitButton>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {mode === 'sign-in' ? (
          <>
            No account yet?{' '}
            <Link className="font-medium text-indigo-700 underline dark:text-indigo-300" href="/sign-up">
              Sign up
            </Link>
          </>
        ) : (
          <>
            Already registered?{' '}
            <Link className="font-medium text-indigo-700 underline dark:text-indigo-300" href="/sign-in">
              Sign in
            </Link>
          </>
        )}
      </p>
    </form>
  );
}
