// The environment external programs (xtb, obabel) run with: only what they need to find themselves
// and their data, place temporary files and size their thread pools. Never the server's secrets
// (DATABASE_URL, SUPABASE_SECRET_KEY, QF_ENCRYPTION_KEY …): a program that is compromised, or just
// writes its environment into an output file, has nothing to leak.

const PASSED_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'LANGUAGE',
  'TZ',
  // xtb's parameter files and Open Babel's data and plug-ins
  'XTBPATH',
  'XTBHOME',
  'BABEL_DATADIR',
  'BABEL_LIBDIR',
]);
const PASSED_PREFIXES = ['LC_', 'OMP_', 'MKL_', 'OPENBLAS_', 'GOTO_', 'KMP_'];

export function childEnvironment(extra: Record<string, string | undefined> = {}, from: Record<string, string | undefined> = process.env): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(from)) {
    if (value === undefined) continue;
    if (PASSED_NAMES.has(name) || PASSED_PREFIXES.some((p) => name.startsWith(p))) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env as NodeJS.ProcessEnv;
}
