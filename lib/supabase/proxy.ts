// Session refresh for proxy.ts: verifies (and if due, refreshes) the session and copies refreshed
// cookies and cache headers onto whatever response the proxy returns. A token that cannot be
// verified — a crafted cookie (`alg: none`), a foreign key, garbage — means "signed out": the
// cookie is cleared and the request goes on without it, never a 500.
import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import { sessionCookieOptions } from '../http/app-cookies.ts';

/** Supabase's session cookie and its chunks: `sb-<ref>-auth-token`, `…-auth-token.0`, … */
const AUTH_COOKIE = /^sb-.+-auth-token(\.\d+)?$/;

export async function updateSession(request: NextRequest, options: { confirmWithAuthServer?: boolean; secureCookies?: boolean } = {}) {
  let response = NextResponse.next({ request });
  const pending: { cookies: { name: string; value: string; options: object }[]; headers: Record<string, string> } = {
    cookies: [],
    headers: {},
  };
  const supabase = createServerClient(process.env.SUPABASE_URL!, process.env.SUPABASE_PUBLISHABLE_KEY!, {
    // Over HTTPS the session cookie is Secure (never sent over plain HTTP), as every app cookie; always HttpOnly.
    cookieOptions: sessionCookieOptions(options.secureCookies ?? false),
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

  let userId: string | null = null;
  let unverifiable = false;
  try {
    // Must run before any response is produced: it refreshes an expiring session.
    const { data, error } = await supabase.auth.getClaims();
    userId = (data?.claims?.sub as string | undefined) ?? null;
    unverifiable = Boolean(error) && !userId;
    // Where a signed-in visitor would be sent away (the sign-in pages), ask the auth server whether
    // the session still exists: a token signed out elsewhere must not bounce between pages.
    if (userId && options.confirmWithAuthServer) {
      const { error: userError } = await supabase.auth.getUser();
      if (userError) {
        userId = null;
        unverifiable = true;
      }
    }
  } catch {
    userId = null;
    unverifiable = true;
  }

  const staleCookies = unverifiable ? request.cookies.getAll().filter((c) => AUTH_COOKIE.test(c.name)) : [];
  if (staleCookies.length) {
    for (const { name } of staleCookies) request.cookies.delete(name);
    response = NextResponse.next({ request });
    pending.cookies = staleCookies.map(({ name }) => ({ name, value: '', options: sessionCookieOptions(options.secureCookies ?? false, { maxAge: 0 }) }));
    for (const { name, value, options } of pending.cookies) response.cookies.set(name, value, options);
  }

  /** A redirect that still carries the refreshed (or cleared) session cookies. */
  const redirect = (url: URL) => {
    const redirectResponse = NextResponse.redirect(url);
    for (const { name, value, options } of pending.cookies) redirectResponse.cookies.set(name, value, options);
    for (const [key, value] of Object.entries(pending.headers)) redirectResponse.headers.set(key, value);
    return redirectResponse;
  };
  return { response, userId, redirect };
}
