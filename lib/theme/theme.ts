// The colour theme: stored in user_preferences, mirrored in the `qf-theme` cookie so the root layout
// and an inline script can put `dark` on <html> before the first paint (no light flash).
import { clientCookieString } from '../http/app-cookies.ts';

export const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = 'qf-theme';
export const THEME_COOKIE_MAX_AGE = 60 * 60 * 24 * 400; // browsers cap cookie lifetimes at 400 days

export function parseTheme(value: string | null | undefined): Theme | null {
  return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : null;
}

/**
 * Runs in <head> before the body is parsed: resolves `system` with the media query (which the
 * server cannot know) and sets the class. Kept tiny and dependency-free; it must never throw.
 */
export const THEME_SCRIPT = `(function(){try{var m=document.cookie.match(/(?:^|;\\s*)${THEME_COOKIE}=(light|dark|system)/);var t=m?m[1]:'system';var d=t==='dark'||(t==='system'&&window.matchMedia('(prefers-color-scheme: dark)').matches);var c=document.documentElement.classList;if(d){c.add('dark')}else{c.remove('dark')}}catch(e){}})();`;

/** Applies a theme on the client (after a change, or when the system setting changes). */
export function applyTheme(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
}

/** The theme cookie as the browser writes it: `Secure` when the page came over HTTPS (lib/http/app-cookies). */
export function themeCookieString(theme: Theme, https: boolean): string {
  return clientCookieString(THEME_COOKIE, theme, https, THEME_COOKIE_MAX_AGE);
}

export function writeThemeCookie(theme: Theme): void {
  document.cookie = themeCookieString(theme, window.location.protocol === 'https:');
}

/** The same decision for a known preference (from the database), for pages rendered before the cookie exists. */
export function themeScriptFor(theme: Theme): string {
  return `(function(){try{var t=${JSON.stringify(theme)};var d=t==='dark'||(t==='system'&&window.matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d)}catch(e){}})();`;
}
