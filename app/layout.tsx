import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { cookies, headers } from 'next/headers';
import { parseTheme, THEME_COOKIE, THEME_SCRIPT } from '@/lib/theme/theme';
import { NONCE_HEADER } from '@/lib/security/content-security-policy';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Quantum Forge', template: '%s · Quantum Forge' },
  description: 'A workbench for GFN-xTB quantum chemistry',
  // Files in public/. A private workbench: kept out of search engines here and in public/robots.txt.
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' }, apple: '/apple-touch-icon.png' },
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // An explicit dark choice is in the server HTML; `system` is resolved by the script before paint.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  // The Content-Security-Policy's nonce (proxy.ts): the only inline script allowed to run.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" className={theme === 'dark' ? 'dark' : undefined} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
