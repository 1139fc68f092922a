// `npm run import -- DIR [--owner EMAIL] [--dry-run] [--limit N]`: imports folders of earlier xtb
// runs under DIR as finished calculations (lib/import). Prints one line per folder and a summary.
// Exit codes: 0 the walk finished (skipped folders included), 2 usage error, 3 no database.
//
// Database: DATABASE_URL, as the worker uses it (.env.local is read as `npm start` reads it; on the
// embedded stack the app login's URL is built from .data/secrets.json). The app's login suffices and
// no superuser URL is needed: it acts as service_role, which may write the results, statuses and
// provenance rows that users' own roles may not (column grants), exactly as the worker does.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localStackConfig } from '../supabase/local/config.ts';

const USAGE = `Usage: npm run import -- DIR [--owner EMAIL] [--dry-run] [--limit N]

Imports earlier xtb runs found under DIR as finished calculations.
  --owner EMAIL  the account that owns them (default: the only admin account)
  --dry-run      read and judge every folder, write nothing
  --limit N      stop after N imports`;

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { owner: { type: 'string' }, 'dry-run': { type: 'boolean' }, limit: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (error) {
  usageError((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) usageError(positionals.length === 0 ? 'Say which folder to import from.' : 'Give one folder to import from.');
const root = path.resolve(positionals[0]!);
if (!existsSync(root) || !statSync(root).isDirectory()) usageError(`${positionals[0]} is not a folder.`);
let limit: number | undefined;
if (values.limit !== undefined) {
  limit = Number(values.limit);
  if (!/^\d+$/.test(values.limit) || limit < 1) usageError(`--limit takes a whole number of imports of at least 1, not "${values.limit}".`);
}

const projectRoot = path.resolve(import.meta.dirname, '..');
if (!process.env.QF_IGNORE_ENV_LOCAL && existsSync(path.join(projectRoot, '.env.local'))) process.loadEnvFile(path.join(projectRoot, '.env.local'));
if (!process.env.DATABASE_URL) {
  // The embedded stack (`npm start`): its app login, from the keys generated at first start.
  const config = localStackConfig();
  const secretsFile = path.join(config.dataDir, 'secrets.json');
  if (existsSync(secretsFile)) {
    const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as { appDbPassword?: string };
    if (secrets.appDbPassword) {
      process.env.DATABASE_URL = `postgres://quantum_forge_app:${encodeURIComponent(secrets.appDbPassword)}@127.0.0.1:${config.pgPort}/postgres`;
    }
  }
}
if (!process.env.DATABASE_URL) {
  console.error('No database: DATABASE_URL is not set and there is no local stack here (start it with `npm start`, or set DATABASE_URL).');
  process.exit(3);
}

// Imported after DATABASE_URL is settled (the pool reads it on first use).
const { getPool, closePool } = await import('../lib/db/pool.ts');
const { importXtbRuns, ImportUsageError, summaryLine } = await import('../lib/import/import-xtb-runs.ts');

try {
  await getPool().query('select 1');
} catch (error) {
  const where = (() => {
    try {
      const url = new URL(process.env.DATABASE_URL);
      return `${url.hostname}:${url.port || 5432}`;
    } catch {
      return 'DATABASE_URL';
    }
  })();
  console.error(`No database: cannot reach ${where} (${(error as Error).message}). Is the stack running (npm start)?`);
  await closePool().catch(() => {});
  process.exit(3);
}

const OUTCOME_LABELS = {
  imported: 'imported',
  'imported-failed': 'imported (failed run)',
  'already-imported': 'skipped',
  'not-xtb': 'skipped',
  skipped: 'skipped',
  error: 'NOT IMPORTED',
} as const;

try {
  const summary = await importXtbRuns({
    root,
    ownerEmail: values.owner,
    dryRun: values['dry-run'] === true,
    limit,
    onFolder: (r) => {
      const imports = r.outcome === 'imported' || r.outcome === 'imported-failed';
      const label = values['dry-run'] && imports ? `would be ${OUTCOME_LABELS[r.outcome]}` : OUTCOME_LABELS[r.outcome];
      console.log(`${label.padEnd(31)} ${r.folder}: ${r.reason}`);
    },
  });
  console.log(`\nOwner: ${summary.owner.email}. ${summaryLine(summary)}`);
  await closePool();
  process.exit(0);
} catch (error) {
  await closePool().catch(() => {});
  if (error instanceof ImportUsageError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`The import stopped: ${(error as Error).message}`);
  process.exit(3);
}
