import type { NextRequest } from 'next/server';
import { updateSession } from './lib/supabase/proxy.ts';
import { isPublicPath, safeNextPath } from './lib/auth/paths.ts';

export async function proxy(request: NextRequest) {
  const { response, userId, redirect } = await updateSession(request);
  const { pathname, search } = request.nextUrl;
  if (!userId && !isPublicPath(pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = `?next=${encodeURIComponent(safeNextPath(pathname + search))}`;
    return redirect(url);
  }
  if (userId && (pathname === '/sign-in' || pathname === '/sign-up')) {
    const url = request.nextUrl.clone();
    url.pathname = safeNextPath(request.nextUrl.searchParams.get('next'));
    url.search = '';
    return redirect(url);
  }
  return response;
}

export const config = {
  // Everything but static assets (public/ included) and the machine endpoints (which authenticate themselves).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|api/health|api/jobs|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)'],
};
