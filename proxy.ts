import { NextResponse, type NextRequest } from 'next/server';
import { updateSession } from './lib/supabase/proxy.ts';
import { isPublicPath, safeNextPath } from './lib/auth/paths.ts';
import { contentSecurityPolicy, newNonce, NONCE_HEADER, servedOverHttps } from './lib/security/content-security-policy.ts';
import { SERVER_ACTION_BODY_LIMIT_BYTES, SERVER_ACTION_TOO_LARGE_MESSAGE } from './lib/chem/input-limits.ts';

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

  // A server action body above the limit would reach the action cut off at it (the proxy buffers no
  // more) and fail as broken JSON with a 500. Refuse it by its declared size, in words: Next's client
  // hands a text/plain error answer to the page as the error's message (app/(app)/error.tsx shows it).
  if (request.method === 'POST' && request.headers.has('next-action') && Number(request.headers.get('content-length') ?? 0) > SERVER_ACTION_BODY_LIMIT_BYTES) {
    return withCsp(new NextResponse(SERVER_ACTION_TOO_LARGE_MESSAGE, { status: 413, headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } }));
  }

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
  // (api/session, api/batches/upload and api/v1/batches too: the proxy keeps at most its own 2 MB of
  // a request body and hands the route the rest cut off, so a 3 MB batch file would become a batch of
  // its first rows; these routes apply their own limits while reading).
  matcher: [
    '/((?!_next/static|_next/image|favicon.ico|robots.txt|api/health|api/jobs|api/session|api/batches/upload|api/v1/batches$|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)',
  ],
};
