// `npm run db:restore FILE [-- --replace]`: restores a backup made by `npm run db:backup` into the
// local stack's data directory (QF_DATA_DIR, default .data). The directory must be empty; with
// --replace a non-empty one is moved aside (never deleted) once the app is stopped.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localStackConfig } from '../supabase/local/config.ts';
import { DumpError, restoreToDataDir } from './database-dump.ts';

const { values, positionals } = parseArgs({ options: { replace: { type: 'boolean', default: false } }, allowPositionals: true });
if (positionals.length !== 1) {
  console.error('Usage: npm run db:restore FILE [-- --replace]   (FILE from npm run db:backup)');
  process.exit(2);
}
const file = path.resolve(positionals[0]!);
const config = localStackConfig();
try {
  const started = performance.now();
  const { summary, movedAside } = await restoreToDataDir(config, file, { replace: values.replace, log: (line) => console.log(`[restore] ${line}`) });
  const rows = Object.values(summary).reduce((n, t) => n + t.rows, 0);
  console.log(
    `Restored ${rows} rows in ${Object.keys(summary).length} tables into ${config.pgDir}; every table's row count and checksum match the backup ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s).`,
  );
  if (movedAside) console.log(`The previous data directory is kept at ${movedAside}; delete it when you no longer need it.`);
} catch (error) {
  console.error(error instanceof DumpError ? error.message : `The restore failed: ${(error as Error).message}`);
  process.exit(1);
}
