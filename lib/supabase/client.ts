'use client';
// Browser Supabase client. The URL and publishable key come from the server at run time (see
// components/supabase-config-provider.tsx), never from build-time variables.
import { createBrowserClient } from '@supabase/ssr';

export function createClient(config: { url: string; publishableKey: string }) {
  return createBrowserClient(config.url, config.publishableKey);
}
