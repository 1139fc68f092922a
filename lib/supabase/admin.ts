// Service-role Supabase client (user management). Server-only: the secret key never reaches the browser.
import 'server-only';
import { createClient as createSupabaseClient } from '@supabase/supabase-js';
import { supabaseSecretKey, supabaseUrl } from '../env.ts';

export function createAdminClient() {
  return createSupabaseClient(supabaseUrl(), supabaseSecretKey(), {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
