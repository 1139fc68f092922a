// One rule for every cookie the app writes (session, theme): path `/`, SameSite=Lax, and `Secure`
// whenever the browser reached us over HTTPS, so a cookie set on the TLS site is never sent back
// over plain HTTP. Client-safe (no server imports): the browser writes the theme cookie too.

/** Whether the browser reached us over HTTPS (directly, or through a proxy that says so). */
export function servedOverHttps(url: URL | null, forwardedProto: string | null | undefined): boolean {
  return url?.protocol === 'https:' || forwardedProto?.split(',')[0]?.trim() === 'https';
}

export interface AppCookieOptions {
  path: '/';
  sameSite: 'lax';
  secure: boolean;
  httpOnly: boolean;
  maxAge?: number;
}

/** Options for `cookies().set()` / `response.cookies.set()` and @supabase/ssr's `cookieOptions`. */
export function appCookieOptions(https: boolean, extra: { maxAge?: number; httpOnly?: boolean } = {}): AppCookieOptions {
  return { path: '/', sameSite: 'lax', secure: https, httpOnly: extra.httpOnly ?? false, ...(extra.maxAge !== undefined ? { maxAge: extra.maxAge } : {}) };
}

/**
 * The session cookie (Supabase's `sb-…-auth-token`): it holds the access and the refresh token, and no
 * code in the browser reads it (there is no browser Supabase client here), so it is HttpOnly: a script
 * that got into a page cannot carry the session off.
 */
export function sessionCookieOptions(https: boolean, extra: { maxAge?: number } = {}): AppCookieOptions {
  return appCookieOptions(https, { ...extra, httpOnly: true });
}

/** The same cookie as a `document.cookie` assignment (the browser cannot set HttpOnly). */
export function clientCookieString(name: string, value: string, https: boolean, maxAge?: number): string {
  const options = appCookieOptions(https, { maxAge });
  return [
    `${name}=${encodeURIComponent(value)}`,
    `path=${options.path}`,
    ...(options.maxAge !== undefined ? [`max-age=${options.maxAge}`] : []),
    `samesite=${options.sameSite}`,
    ...(options.secure ? ['secure'] : []),
  ].join('; ');
}
