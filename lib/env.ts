// Server-side configuration. The app reads these at run time (not build time), so one build serves
// the embedded stack (whose keys are generated at first start) and a hosted Supabase project.
import 'server-only';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: see .env.example`);
  return value;
}

export function supabaseUrl(): string {
  return required('SUPABASE_URL');
}

export function supabasePublishableKey(): string {
  return required('SUPABASE_PUBLISHABLE_KEY');
}

export function supabaseSecretKey(): string {
  return required('SUPABASE_SECRET_KEY');
}

/** The local auth server's mail page, on the local stack only (hosted Supabase sends real mail). */
export function localMailUrl(): string | null {
  return process.env.QF_LOCAL_MAIL_URL || null;
}
