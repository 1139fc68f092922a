'use client';
// Keeps <html class="dark"> and the `qf-theme` cookie in step with the theme preference: on a new
// browser the cookie is written at the first signed-in page, so later loads have no flash either.
import { useEffect } from 'react';
import { applyTheme, parseTheme, THEME_COOKIE, writeThemeCookie } from '@/lib/theme/theme';
import { useUiStore } from './ui-store-provider';

export function ThemeSync() {
  const theme = useUiStore((s) => s.theme);
  useEffect(() => {
    const cookie = parseTheme(document.cookie.match(new RegExp(`(?:^|;\\s*)${THEME_COOKIE}=([a-z]+)`))?.[1]);
    if (cookie !== theme) writeThemeCookie(theme);
    applyTheme(theme);
    if (theme !== 'system') return;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => applyTheme('system');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [theme]);
  return null;
}
