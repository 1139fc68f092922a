'use client';

import Link from 'next/link';
import { useActionState, type ReactNode } from 'react';
import type { AuthFormState } from '@/app/(auth)/actions';
import { FieldError, FormMessage, SubmitButton, TextField } from './ui/form';

type Action = (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;

const linkClassName = 'font-medium text-indigo-700 underline dark:text-indigo-300';

/** What a form shows once it has done its work: the message, and where to go next. */
function Done({ children, href, linkText }: { children: ReactNode; href: string; linkText: string }) {
  return (
    <div className="space-y-4">
      <FormMessage tone="info">{children}</FormMessage>
      <p className="text-sm">
        <Link className={linkClassName} href={href}>
          {linkText}
        </Link>
      </p>
    </div>
  );
}

export function ForgotPasswordForm({ action, localMailUrl }: { action: Action; localMailUrl: string | null }) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  if (state?.ok) {
    return (
      <Done href="/sign-in" linkText="Back to sign-in">
        If an account exists for that address, a link to choose a new password is on its way. It works once, for 24 hours.
        {localMailUrl && (
          <>
            {' '}
            On this local installation no mail is sent: the link appears on the{' '}
            <a className={linkClassName} href={localMailUrl}>
              local mail page
            </a>
            .
          </>
        )}
      </Done>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state && !state.ok && <FormMessage tone="error">{state.message}</FormMessage>}
      <div>
        <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={state?.values?.email} invalid={!!errors?.email} required />
        <FieldError id="field-email-error" messages={errors?.email} />
      </div>
      <SubmitButton pending={pending}>Send reset link</SubmitButton>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Remembered it?{' '}
        <Link className={linkClassName} href="/sign-in">
          Sign in
        </Link>
      </p>
    </form>
  );
}

export function ResetPasswordForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  if (state?.ok) {
    return (
      <Done href="/editor" linkText="Continue to Quantum Forge">
        Your new password is saved. Every other device signed in to this account has been signed out.
      </Done>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {state && !state.ok && <FormMessage tone="error">{state.message}</FormMessage>}
      <div>
        <TextField label="New password" name="password" type="password" autoComplete="new-password" invalid={!!errors?.password} required />
        <FieldError id="field-password-error" messages={errors?.password} />
      </div>
      <div>
        <TextField
          label="Confirm new password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          invalid={!!errors?.confirmPassword}
          required
        />
        <FieldError id="field-confirmPassword-error" messages={errors?.confirmPassword} />
      </div>
      <SubmitButton pending={pending}>Save new password</SubmitButton>
    </form>
  );
}
