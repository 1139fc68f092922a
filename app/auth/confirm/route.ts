// Where the "Reset password" e-mail's link lands: {{ .SiteURL }}/auth/confirm?token_hash=…&type=recovery.
// The token is verified here, on the server, and the session is written to the (HttpOnly) session
// cookie by the same client sign-in uses; then on to choosing the new password.
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { createClient } from '@/lib/supabase/server';
import { clientAddress } from '@/lib/auth/sign-in-limits';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const tokenHash = request.nextUrl.searchParams.get('token_hash');
  const type = request.nextUrl.searchParams.get('type');
  let verified = false;
  if (tokenHash && tokenHash.length <= 200 && type === 'recovery') {
    const supabase = await createClient({ forwardedFor: await clientAddress() });
    const { error } = await supabase.auth.verifyOtp({ type: 'recovery', token_hash: tokenHash });
    verified = !error;
  }
  // redirect() outside the try: it throws to leave, and carries the cookies just set.
  redirect(verified ? '/reset-password' : '/forgot-password?link=expired');
}
