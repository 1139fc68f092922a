import type { Metadata } from 'next';
import { AuthForm } from '@/components/auth-form';
import { safeNextPath } from '@/lib/auth/paths';
import { signIn } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      <AuthForm mode="sign-in" action={signIn} next={next ? safeNextPath(next) : undefined} />
    </>
  );
}
