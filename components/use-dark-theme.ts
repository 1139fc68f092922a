'use client';
// Whether <html> carries the `dark` class right now: for drawings whose colours are not CSS (the
// 3Dmol canvas, SVG fills) and must follow a theme switched on the settings page or by the system.
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

const isDark = () => document.documentElement.classList.contains('dark');

export function useDarkTheme(): boolean {
  // The server cannot know; light first, corrected right after hydration.
  return useSyncExternalStore(subscribe, isDark, () => false);
}
