// Which paths need no session, and the only `next=` targets we follow after sign-in: a path on
// this site. Anything that a browser could read as another host (`//x`, `/\x`, `/\t/x` after the
// browser strips tabs and newlines, percent-encoded forms) would be an open redirect.
// The reset link's landing route and the page that asks for one work signed out too.
const PUBLIC_PATHS = ['/sign-in', '/sign-up', '/forgot-password', '/auth/confirm'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`)) || pathname.startsWith('/api/');
}

// Any origin works: only "is the result still on it" matters, never which host it is.
const BASE = 'http://qf.invalid';

export function safeNextPath(next: string | null | undefined, fallback = '/editor'): string {
  if (!next || !next.startsWith('/')) return fallback;
  // Control characters and backslashes are never part of a path we link to; browsers drop or
  // rewrite them (tab, newline, `\` → `/`), which is how `/\t/evil.example` becomes `//evil.example`.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The resolved path must itself stay local when read again (e.g. `/%2F%2Fevil.example` decoded later).
  if (!path.startsWith('/') || path.startsWith('//') || /^\/(%2f|%5c)/i.test(path)) return fallback;
  if (url.pathname === '/sign-in' || url.pathname === '/sign-up' || url.pathname.startsWith('/sign-in/') || url.pathname.startsWith('/sign-up/'))
    return fallback;
  return path;
}
