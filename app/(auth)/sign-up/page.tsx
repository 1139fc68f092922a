import type { Metadata } from 'next';
import { AuthForm } from '@/components/auth-form';
import { signUp } from '../actions';

export const metadata: Metadata = { title: 'Sign up' };

export default function SignUpPage() {
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Create your account</h1>
      <AuthForm mode="sign-up" action={signUp} />
    </>
  );
}
