// Session refresh for proxy.ts: verifies (and if due, refreshes) the session and copies refreshed
// cookies and cache headers onto whatever response the proxy returns.
import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';

export async function updateSession(request: NextRequest) {
  let response = NextResponse.next({ request });
  const pending: { cookies: { name: string; value: string; options: object }[]; headers: Record<string, string> } = {
    cookies: [],
    headers: {},
  };
  const supabase = createServerClient(process.env.SUPABASE_URL!, process.env.SUPABASE_PUBLISHABLE_KEY!, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (cookiesToSet, headers) => {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        pending.cookies = cookiesToSet;
        pending.headers = headers ?? {};
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
        for (const [key, value] of Object.entries(pending.headers)) response.headers.set(key, value);
      },
    },
  });
  // Must run before any response is produced: it refreshes an expiring session.
  const { data } = await supabase.auth.getClaims();
  const userId = (data?.claims?.sub as string | undefined) ?? null;

  /** A redirect that still carries the refreshed session (dropping it logs people out at random). */
  const redirect = (url: URL) => {
    const redirectResponse = NextResponse.redirect(url);
    for (const { name, value, options } of pending.cookies) redirectResponse.cookies.set(name, value, options);
    for (const [key, value] of Object.entries(pending.headers)) redirectResponse.headers.set(key, value);
    return redirectResponse;
  };
  return { response, userId, redirect };
}
