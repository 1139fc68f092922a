// `npm run db:backup [-- --out FILE]`: a consistent dump of the local database (format and why not
// pg_dump: scripts/database-dump.ts), by default to .data/backups/quantum-forge-<UTC time>.qfdump.gz.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localStackConfig } from '../supabase/local/config.ts';
import { backupLocalDatabase, DumpError } from './database-dump.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const config = localStackConfig();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = path.resolve(values.out ?? path.join(config.dataDir, 'backups', `quantum-forge-${stamp}.qfdump.gz`));
try {
  const started = performance.now();
  const summary = await backupLocalDatabase(config, file, (line) => console.log(`[backup] ${line}`));
  const rows = Object.values(summary).reduce((n, t) => n + t.rows, 0);
  console.log(`Backed up ${rows} rows in ${Object.keys(summary).length} tables to ${file} (${((performance.now() - started) / 1000).toFixed(1)} s).`);
  console.log(`Restore it into an empty data directory with: npm run db:restore ${path.relative(process.cwd(), file)}`);
} catch (error) {
  console.error(error instanceof DumpError ? error.message : `The backup failed: ${(error as Error).message}`);
  process.exit(1);
}
