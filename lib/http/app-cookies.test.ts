import { describe, expect, it } from 'vitest';
import { appCookieOptions, clientCookieString, servedOverHttps } from './app-cookies.ts';
import { themeCookieString } from '../theme/theme.ts';

describe('app cookies', () => {
  it('are Secure exactly when the browser came over HTTPS', () => {
    expect(servedOverHttps(new URL('https://qf.example/results'), null)).toBe(true);
    expect(servedOverHttps(new URL('http://127.0.0.1:3000/'), 'https')).toBe(true); // behind a TLS proxy
    expect(servedOverHttps(new URL('http://127.0.0.1:3000/'), 'https, http')).toBe(true);
    expect(servedOverHttps(new URL('http://127.0.0.1:3000/'), 'http')).toBe(false);
    expect(servedOverHttps(null, null)).toBe(false);
    expect(appCookieOptions(true)).toEqual({ path: '/', sameSite: 'lax', secure: true, httpOnly: false });
    expect(appCookieOptions(false, { maxAge: 60 }).secure).toBe(false);
  });

  it('the theme cookie the browser writes carries Secure over HTTPS and not over HTTP', () => {
    const https = themeCookieString('dark', true);
    expect(https).toMatch(/^qf-theme=dark; path=\/; max-age=\d+; samesite=lax; secure$/);
    const http = themeCookieString('dark', false);
    expect(http).not.toMatch(/secure/i);
    expect(clientCookieString('x', 'a b;c', true)).toBe('x=a%20b%3Bc; path=/; samesite=lax; secure');
  });
});
