// Where the web app listens, and whether the demo accounts (whose password is published in the
// README) may exist: only when asked for, and never when the app is reachable beyond this machine.

export const DEMO_EMAILS = ['admin@quantumforge.local', 'researcher@quantumforge.local', 'viewer@quantumforge.local'];

/** The address `npm start` binds the web app to: loopback unless HOST says otherwise. */
export function webHost(env: Record<string, string | undefined> = process.env): string {
  return env.HOST?.trim() || '127.0.0.1';
}

export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function demoAccountsRequested(args: readonly string[], env: Record<string, string | undefined> = process.env): boolean {
  return args.includes('--demo') || env.QF_DEMO_ACCOUNTS === '1' || env.QF_DEMO_ACCOUNTS === 'true';
}
