import type { Metadata } from 'next';
import { ForgotPasswordForm } from '@/components/password-reset-forms';
import { FormMessage } from '@/components/ui/form';
import { localMailUrl } from '@/lib/env';
import { requestPasswordReset } from '../password-actions';

export const metadata: Metadata = { title: 'Forgot password' };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ link?: string }> }) {
  const { link } = await searchParams;
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Forgot password</h1>
      {link === 'expired' && (
        <div className="mb-4">
          <FormMessage tone="error">This link has expired or was already used. Ask for a new one.</FormMessage>
        </div>
      )}
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">Enter the e-mail address you signed up with; we send a link to choose a new password.</p>
      <ForgotPasswordForm action={requestPasswordReset} localMailUrl={localMailUrl()} />
    </>
  );
}
