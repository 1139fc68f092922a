import type { NextRequest, NextResponse } from 'next/server';
import { updateSession } from './lib/supabase/proxy.ts';
import { isPublicPath, safeNextPath } from './lib/auth/paths.ts';
import { contentSecurityPolicy, newNonce, NONCE_HEADER, servedOverHttps } from './lib/security/content-security-policy.ts';

const AUTH_PAGES = ['/sign-in', '/sign-up'];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // A fresh nonce per request: Next.js reads the policy from the request headers and puts the
  // nonce on its scripts; the root layout reads x-nonce for its own inline script.
  const nonce = newNonce();
  const https = servedOverHttps(request.nextUrl, request.headers.get('x-forwarded-proto'));
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  request.headers.set(NONCE_HEADER, nonce);
  request.headers.set('Content-Security-Policy', csp);
  const withCsp = (res: NextResponse) => {
    res.headers.set('Content-Security-Policy', csp);
    return res;
  };

  const onAuthPage = AUTH_PAGES.includes(pathname);
  const { response, userId, redirect } = await updateSession(request, { confirmWithAuthServer: onAuthPage, secureCookies: https });
  if (!userId && !isPublicPath(pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = `?next=${encodeURIComponent(safeNextPath(pathname + search))}`;
    return withCsp(redirect(url));
  }
  if (userId && onAuthPage) {
    const target = safeNextPath(request.nextUrl.searchParams.get('next'));
    // safeNextPath gives a path with its own query; URL parsing keeps both parts where they belong.
    return withCsp(redirect(new URL(target, request.nextUrl.origin)));
  }
  return withCsp(response);
}

export const config = {
  // Everything but static assets (public/ included) and the endpoints that authenticate themselves
  // (api/session and api/batches/upload too: the proxy would buffer a request body before the
  // route's own limit applies).
  matcher: [
    '/((?!_next/static|_next/image|favicon.ico|robots.txt|api/health|api/jobs|api/session|api/batches/upload|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)',
  ],
};
