import Link from 'next/link';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppNav } from '@/components/app-nav';
import { SaveStatus } from '@/components/save-status';
import { Button } from '@/components/ui/button';
import { ThemeSync } from '@/components/theme-sync';
import { UiStoreProvider } from '@/components/ui-store-provider';
import { requireUser } from '@/lib/auth/require-user';
import { getPreferences } from '@/lib/preferences/get-preferences';
import { loadUiState } from '@/lib/ui-state/session-store';
import { themeScriptFor } from '@/lib/theme/theme';
import { NONCE_HEADER } from '@/lib/security/content-security-policy';
import { signOut } from '../(auth)/actions';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  // The saved UI state is rendered into the first HTML (no flash of an empty editor).
  const [session, preferences] = await Promise.all([loadUiState(user.claims), getPreferences()]);
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined; // the CSP's nonce (proxy.ts)
  return (
    <UiStoreProvider userId={user.id} initialState={session.state} initialRevision={session.revision} theme={preferences.theme}>
      {/* A browser without the theme cookie yet (first visit) still gets the theme before paint. */}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScriptFor(preferences.theme) }} />
      <ThemeSync />
      <div className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          {/*
            Below 640 px two rows: the logo with the Menu button (its list opens under them), then the
            account row, which never wraps: the role goes under the name and a very long name is cut
            short. From 640 px one row.
          */}
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2 sm:gap-x-6">
            <Link href="/editor" className="shrink-0 font-semibold tracking-tight">
              <span aria-hidden="true">⚛ </span>Quantum Forge
            </Link>
            <AppNav role={user.role} />
            <div className="flex w-full min-w-0 items-center justify-end gap-x-2 gap-y-1 text-sm sm:ml-auto sm:w-auto sm:flex-wrap sm:gap-x-3">
              <SaveStatus />
              <span
                data-testid="current-user"
                className="flex min-w-0 flex-col items-end text-slate-700 sm:flex-row sm:items-center sm:gap-1.5 dark:text-slate-300"
              >
                <span className="max-w-full truncate leading-tight sm:leading-normal" title={user.displayName}>
                  {user.displayName}
                </span>{' '}
                <span className="shrink-0 rounded bg-slate-100 px-1.5 text-xs sm:py-0.5 dark:bg-slate-800">{user.role}</span>
              </span>
              <form action={signOut} className="shrink-0">
                <Button type="submit">Sign out</Button>
              </form>
            </div>
          </div>
        </header>
        {/* relative + min-w-0 + overflow-x-auto: content (positioned pop-ups too) wider than a phone scrolls inside main, never the whole page. */}
        <main id="main" className="relative mx-auto max-w-7xl min-w-0 overflow-x-auto px-4 py-6">
          {children}
        </main>
      </div>
    </UiStoreProvider>
  );
}
