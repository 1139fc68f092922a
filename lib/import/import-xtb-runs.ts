// `npm run import -- DIR`: every xtb job folder under DIR becomes a finished calculation of one
// account, once. Each folder is read (read-xtb-folder.ts), its molecule parsed as a submission's
// is, and stored in its own transaction (store-imported-run.ts), so one bad folder is reported and
// the rest go on. A second run finds every folder's content hash already imported and writes nothing.
import path from 'node:path';
import { parseMoleculeInput } from '../chem/molecule-input.ts';
import { findNameProblem, MAX_NAME_LENGTH } from '../chem/characters.ts';
import { METHOD_LABELS, TASK_LABELS } from '../calculations/parameters.ts';
import { asService } from '../db/service.ts';
import { formatXyz } from '../xtb/xyz-format.ts';
import { walkFolders } from './find-folders.ts';
import { readXtbFolder, type XtbFolderRun } from './read-xtb-folder.ts';
import { findImport, storeImportedRun, type ImportOwner } from './store-imported-run.ts';

/** A mistake in how the import was called (unknown account, ambiguous owner): nothing was done. */
export class ImportUsageError extends Error {}

export const IMPORT_OUTCOMES = ['imported', 'imported-failed', 'already-imported', 'not-xtb', 'skipped', 'error'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export interface FolderReport {
  /** Relative to DIR ('.' for DIR itself). */
  folder: string;
  outcome: ImportOutcome;
  /** In words: what was imported, or why not. */
  reason: string;
  calculationId?: string;
  totalEnergyEh?: number | null;
}

export interface ImportSummary {
  owner: ImportOwner;
  dryRun: boolean;
  reports: FolderReport[];
  counts: Record<ImportOutcome, number>;
  /** --limit was reached before the tree was walked to its end. */
  stoppedAtLimit: boolean;
}

export interface ImportOptions {
  root: string;
  /** The account that owns the imported calculations; default: the only admin. */
  ownerEmail?: string;
  /** Read and judge everything, write nothing. */
  dryRun?: boolean;
  /** Stop after this many imports (failed runs included). */
  limit?: number;
  /** Called as each folder is decided (the command prints it). */
  onFolder?: (report: FolderReport) => void;
}

/** The owner of the imported calculations. Throws ImportUsageError with a message for the operator. */
export async function resolveOwner(email: string | undefined): Promise<ImportOwner> {
  return asService(async (db) => {
    if (email !== undefined) {
      const { rows } = await db.query<ImportOwner>(`select id, email, role from public.profiles where lower(email) = lower($1)`, [email.trim()]);
      const owner = rows[0];
      if (!owner) throw new ImportUsageError(`There is no account with the e-mail ${email}. Create it first (or check the spelling).`);
      if (owner.role === 'viewer') {
        throw new ImportUsageError(
          `${owner.email} is a viewer: viewers cannot submit calculations, so they cannot own imported ones either. Choose a researcher or an admin.`,
        );
      }
      return owner;
    }
    const { rows } = await db.query<ImportOwner>(`select id, email, role from public.profiles where role = 'admin' order by email`);
    if (rows.length === 1) return rows[0]!;
    if (rows.length === 0) throw new ImportUsageError('There is no admin account to own the imported calculations: say whose they are with --owner EMAIL.');
    const emails = rows.slice(0, 5).map((r) => r.email ?? r.id);
    throw new ImportUsageError(
      `There are ${rows.length} admin accounts (${emails.join(', ')}${rows.length > 5 ? ', …' : ''}): say whose calculations these are with --owner EMAIL.`,
    );
  });
}

function calculationName(root: string, relative: string): string {
  const name = relative || path.basename(root) || 'imported xtb run';
  // Keep the end of a deep path: the run's own folder names are at its end.
  return name.length > MAX_NAME_LENGTH ? `…${name.slice(-(MAX_NAME_LENGTH - 1))}` : name;
}

function describe(run: XtbFolderRun): string {
  const s = run.settings;
  const what = `${METHOD_LABELS[s.method]} ${TASK_LABELS[s.task].toLowerCase()}${s.solvation ? ` in ${s.solvation.solvent} (${s.solvation.model.toUpperCase()})` : ''}`;
  if (!run.verdict.ok) return `${what}, failed run: ${run.verdict.failure.message}`;
  return `${what}, E = ${run.parsed.totalEnergyEh} Eh${run.xtbVersion ? `, xtb ${run.xtbVersion}` : ''}`;
}

/** Connection-level failures end the import: nothing else would be stored either. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return code.startsWith('08') || code === '57P01' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ENOTFOUND';
}

function inWords(error: unknown): string {
  const e = error as { code?: string; message?: string; constraint?: string; path?: string; syscall?: string } | null;
  if (e?.syscall && e.path) {
    // A file went away or its permissions changed between the walk and the reading.
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'ENOENT' ? 'it disappeared' : e.code;
    return `${path.basename(e.path)} cannot be read: ${why}`;
  }
  if (e?.code === '23514' || e?.code === '23502' || e?.code === '22001') {
    return `the database refused the calculation${e.constraint ? ` (${e.constraint})` : ''}: a value is outside what Quantum Forge stores`;
  }
  return e?.message ?? String(error);
}

export async function importXtbRuns(options: ImportOptions): Promise<ImportSummary> {
  const { rows } = await asService((db) => db.query<{ table: string | null }>(`select to_regclass('public.calculation_imports')::text as table`));
  if (!rows[0]?.table) {
    throw new Error('this database has no calculation_imports table yet: apply the migrations first (npm start does; hosted: supabase db push)');
  }
  const owner = await resolveOwner(options.ownerEmail);
  const dryRun = options.dryRun === true;
  const limit = options.limit ?? Infinity;
  const reports: FolderReport[] = [];
  const counts = Object.fromEntries(IMPORT_OUTCOMES.map((o) => [o, 0])) as Record<ImportOutcome, number>;
  // Folders of this run by content hash: a copy of a folder met again in a dry run is a duplicate too.
  const seen = new Map<string, string>();
  const report = (r: FolderReport) => {
    reports.push(r);
    counts[r.outcome]++;
    options.onFolder?.(r);
  };
  let imported = 0;
  let stoppedAtLimit = false;

  for await (const folder of walkFolders(options.root)) {
    if (imported >= limit) {
      stoppedAtLimit = true;
      break;
    }
    const label = folder.relative || '.';
    if ('error' in folder) {
      report({ folder: label, outcome: 'skipped', reason: `unreadable: ${folder.error}` });
      continue;
    }
    try {
      const reading = await readXtbFolder(folder);
      if (reading.kind !== 'run') {
        report({ folder: label, outcome: reading.kind, reason: reading.kind === 'not-xtb' ? `not an xtb folder: ${reading.reason}` : reading.reason });
        continue;
      }
      const run = reading.run;
      const earlier = seen.get(run.contentHash) ?? (await asService((db) => findImport(db, owner.id, run.contentHash)))?.sourcePath;
      if (earlier !== undefined) {
        report({
          folder: label,
          outcome: 'already-imported',
          reason: earlier === folder.dir ? 'already imported' : `already imported: the same files as ${earlier}`,
        });
        continue;
      }
      const name = calculationName(options.root, folder.relative);
      const molecule = await parseMoleculeInput({
        format: run.input.format === 'coord' ? 'xyz' : run.input.format,
        text: run.input.format === 'coord' ? coordAsXyz(run) : run.input.text,
        name: findNameProblem(name) === null ? name : undefined,
        charge: run.settings.charge,
        uhf: run.settings.uhf,
      });
      if (!molecule.ok) {
        report({
          folder: label,
          outcome: 'skipped',
          reason: `the input ${run.input.file.name} cannot be stored: ${molecule.errors.map((e) => e.message).join('; ')}`,
        });
        continue;
      }
      if (molecule.molecule.xyz === null) {
        report({ folder: label, outcome: 'skipped', reason: `the input ${run.input.file.name} has no 3D coordinates (xtb cannot have computed it as it is)` });
        continue;
      }
      const outcome = run.verdict.ok ? 'imported' : 'imported-failed';
      seen.set(run.contentHash, folder.dir);
      if (dryRun) {
        report({ folder: label, outcome, reason: describe(run), totalEnergyEh: run.parsed.totalEnergyEh });
      } else {
        const stored = await asService((db) => storeImportedRun(db, owner, run, molecule.molecule, name));
        report({ folder: label, outcome, reason: describe(run), calculationId: stored.calculationId, totalEnergyEh: run.parsed.totalEnergyEh });
      }
      imported++;
    } catch (error) {
      if (isConnectionError(error)) throw error;
      // A concurrent import of the same folder committed first.
      if ((error as { code?: string; constraint?: string } | null)?.constraint === 'calculation_imports_owner_id_content_hash_key') {
        report({ folder: label, outcome: 'already-imported', reason: 'already imported (by an import running at the same time)' });
      } else {
        report({ folder: label, outcome: 'error', reason: `not imported: ${inWords(error)}` });
      }
    }
  }
  return { owner, dryRun, reports, counts, stoppedAtLimit };
}

/** A Turbomole coord input as XYZ text for lib/chem's parser (its limits and messages). */
function coordAsXyz(run: XtbFolderRun): string {
  return formatXyz(run.input.atoms ?? [], run.input.file.name);
}

/** One line per outcome for the summary ("3 imported (1 a failed run), 1 not an xtb folder, …"). */
export function summaryLine(summary: ImportSummary): string {
  const c = summary.counts;
  const verb = summary.dryRun ? 'would be imported' : 'imported';
  const failed = c['imported-failed'];
  const parts = [
    `${c.imported + failed} ${verb}${failed > 0 ? ` (${failed === 1 ? '1 of them a failed run' : `${failed} of them failed runs`}, stored as failed)` : ''}`,
    `${c['already-imported']} already imported`,
    c['not-xtb'] === 1 ? '1 not an xtb folder' : `${c['not-xtb']} not xtb folders`,
    `${c.skipped} skipped`,
    `${c.error} could not be stored`,
  ];
  return `${summary.dryRun ? 'Dry run, nothing written: ' : ''}${parts.join(', ')}${summary.stoppedAtLimit ? '; stopped at --limit' : ''}.`;
}
