'use client';

// TanStack Query for the views that poll or change in place. One QueryClient per provider
// instance: a fresh one for every server request and one per browser tab, never shared between users.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Server-rendered data is fresh for a moment: no refetch straight after hydration.
          queries: { staleTime: 1_000, refetchOnWindowFocus: true, retry: 2 },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
