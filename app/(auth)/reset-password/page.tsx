import type { Metadata } from 'next';
import { ResetPasswordForm } from '@/components/password-reset-forms';
import { updatePassword } from '../password-actions';

export const metadata: Metadata = { title: 'Choose a new password' };

// Signed in only (proxy.ts): the reset link's session, or any signed-in user changing their password.
export default function ResetPasswordPage() {
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Choose a new password</h1>
      <ResetPasswordForm action={updatePassword} />
    </>
  );
}
