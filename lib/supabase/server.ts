// Per-request Supabase client for server components, server actions and route handlers.
import 'server-only';
import { createServerClient } from '@supabase/ssr';
import { cookies, headers } from 'next/headers';
import { servedOverHttps, sessionCookieOptions } from '../http/app-cookies.ts';
import { supabasePublishableKey, supabaseUrl } from '../env.ts';

export async function createClient(options: { forwardedFor?: string } = {}) {
  const cookieStore = await cookies();
  // Over HTTPS the session cookie is Secure (never sent over plain HTTP), as every app cookie; always HttpOnly.
  const https = servedOverHttps(null, (await headers()).get('x-forwarded-proto'));
  return createServerClient(supabaseUrl(), supabasePublishableKey(), {
    cookieOptions: sessionCookieOptions(https),
    // The auth server limits sign-ins per client address: tell it whose request this is.
    ...(options.forwardedFor ? { global: { headers: { 'X-Forwarded-For': options.forwardedFor } } } : {}),
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll: (cookiesToSet) => {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Server components cannot set cookies; proxy.ts refreshes the session instead.
        }
      },
    },
  });
}
