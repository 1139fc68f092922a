// Which paths need no session, and the only `next=` targets we follow after sign-in: a local path
// starting with a single slash (anything else would be an open redirect).
const PUBLIC_PATHS = ['/sign-in', '/sign-up'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`)) || pathname.startsWith('/api/');
}

export function safeNextPath(next: string | null | undefined, fallback = '/editor'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\r\n]/.test(next)) return fallback;
  if (next.startsWith('/sign-in') || next.startsWith('/sign-up')) return fallback;
  return next;
}
