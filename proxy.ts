import type { NextRequest } from 'next/server';
import { updateSession } from './lib/supabase/proxy.ts';
import { isPublicPath, safeNextPath } from './lib/auth/paths.ts';

const AUTH_PAGES = ['/sign-in', '/sign-up'];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const onAuthPage = AUTH_PAGES.includes(pathname);
  const { response, userId, redirect } = await updateSession(request, { confirmWithAuthServer: onAuthPage });
  if (!userId && !isPublicPath(pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = `?next=${encodeURIComponent(safeNextPath(pathname + search))}`;
    return redirect(url);
  }
  if (userId && onAuthPage) {
    const target = safeNextPath(request.nextUrl.searchParams.get('next'));
    // safeNextPath gives a path with its own query; URL parsing keeps both parts where they belong.
    return redirect(new URL(target, request.nextUrl.origin));
  }
  return response;
}

export const config = {
  // Everything but static assets and the machine endpoints (which authenticate themselves).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/health|api/jobs|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)'],
};
