// "Create batch": from a staged upload to a running campaign in ONE transaction under the user's
// row-level security — the batch, its molecules (de-duplicated per owner, as a single submission
// is), calculations, items (invalid rows too, so nothing is silently dropped) and, as the queue
// owner, the pg-boss jobs. Every write is a multi-row statement; an interruption anywhere (error,
// killed connection, crash) rolls all of it back: the whole batch or nothing.
import 'server-only';
import { can } from '../auth/permissions.ts';
import { asUser, type JwtClaims, type Queryable } from '../db/as-user.ts';
import { UserError, addFieldError, type FieldErrors } from '../errors/user-error.ts';
import { insertCalculationsBulk, enqueueCalculationsBulk, type BulkCalculation } from '../calculations/insert-calculations-bulk.ts';
import { defaultTimeoutSeconds } from '../jobs/calculation-time-limits.ts';
import { logEvent } from '../jobs/event-log.ts';
import { validateCalculationParams } from '../jobs/submit-calculation.ts';
import type { CalculationParams } from '../calculations/parameters.ts';

export type BatchCreator = { id: string; role: 'admin' | 'researcher' | 'viewer'; claims: JwtClaims };

export type CreateBatchInput = {
  uploadId: string;
  name: string;
  description?: string | null;
  params: unknown;
  organizationId?: string | null;
};

export type CreatedBatch = { batchId: string; calculations: number; invalidItems: number; moleculesCreated: number };

export type CreateBatchHooks = {
  /** Test seam: runs inside the transaction between the user's rows and the jobs. */
  beforeEnqueue?: (db: Queryable) => Promise<void>;
  /** Time of each step (ms since the previous one), for the benchmark; the last is the commit. */
  onStep?: (step: string, ms: number) => void;
};

const CHUNK = 5_000;

/** The editor's parameter checks (lib/jobs), with field names as the batch form nests them (`params.*`). */
export async function validateBatchParams(raw: unknown): Promise<CalculationParams> {
  try {
    return await validateCalculationParams(raw);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const fieldErrors: FieldErrors = {};
    for (const [field, messages] of Object.entries(error.fieldErrors)) for (const m of messages) addFieldError(fieldErrors, `params.${field}`, m);
    throw new UserError(error.code, error.message, fieldErrors);
  }
}

type StagedRow = {
  position: number;
  source_row: number;
  name: string;
  source_format: string;
  input_smiles: string | null;
  canonical_smiles: string | null;
  input_xyz: string | null;
  geometry_hash: string | null;
  net_charge: number;
  uhf: number;
  atom_count: number;
  duplicate_rows: number[];
  inchikey: string | null;
  identity_hash: string | null;
  molecular_weight: number | null;
  molecule_id: string;
};

type InvalidRow = { row: number; reason: string; input?: string };

export async function createBatchFromUpload(user: BatchCreator, input: CreateBatchInput, hooks: CreateBatchHooks = {}): Promise<CreatedBatch> {
  if (!can(user, 'calculation.submit')) throw new UserError('FORBIDDEN', 'Viewers cannot create batches.');
  const params = await validateBatchParams(input.params);
  const name = input.name.trim();
  if (name === '' || name.length > 200) {
    throw new UserError('INVALID_INPUT', 'Please name the batch.', { name: ['A batch name has 1 to 200 characters.'] });
  }
  let last = performance.now();
  const step = (label: string) => {
    const now = performance.now();
    hooks.onStep?.(label, now - last);
    last = now;
  };
  try {
    const created = await asUser(user.claims, async (db) => {
      const { rows: uploads } = await db.query<{ file_name: string; invalid_rows: InvalidRow[]; expired: boolean }>(
        'select file_name, invalid_rows, expires_at < now() as expired from public.batch_uploads where id = $1',
        [input.uploadId],
      );
      const upload = uploads[0];
      if (!upload || upload.expired) {
        throw new UserError('NOT_FOUND', 'This upload is no longer available (it was used or has expired): upload the file again.');
      }

      const { rows: batches } = await db.query<{ id: string }>(
        `insert into public.batch_jobs (name, description, organization_id, parameters, source_filename)
         values ($1, $2, $3, $4, $5) returning id`,
        [name, input.description?.trim() || null, input.organizationId ?? null, JSON.stringify(params), upload.file_name],
      );
      const batchId = batches[0]!.id;
      step('upload, batch row');
      const rows = await readStagedRows(db, input.uploadId);
      step('read staged rows');
      const molecules = await upsertMolecules(db, input.uploadId, input.organizationId ?? null, rows);
      const moleculesCreated = molecules.created;
      const staged = withMoleculeIds(rows, molecules.ids);
      step('molecules');

      const calculations: BulkCalculation[] = staged.map((r) => ({
        moleculeId: r.molecule_id,
        name: r.name,
        inputFormat: r.source_format === 'xyz' || r.source_format === 'mol' || r.source_format === 'sdf' ? r.source_format : 'smiles',
        // A structure without coordinates is embedded by the worker from the calculation's own SMILES.
        inputSmiles: r.input_smiles ?? (r.input_xyz === null ? r.canonical_smiles : null),
        charge: r.net_charge,
        uhf: r.uhf,
        xyz: r.input_xyz,
        inputHash: r.geometry_hash,
        timeoutSeconds: defaultTimeoutSeconds(r.atom_count, params.task),
      }));
      const inserted = await insertCalculationsBulk(db, { batchId, organizationId: input.organizationId ?? null, params }, calculations);
      step('calculations');
      await insertItems(db, batchId, staged, inserted.calculationIds, upload.invalid_rows);
      step('items');

      await hooks.beforeEnqueue?.(db);
      await enqueueCalculationsBulk(db, calculations, inserted, step);
      // Now the queue owner's: a batch's status belongs to the pipeline, not to its owner.
      await db.query(`update public.batch_jobs set status = 'running', started_at = now() where id = $1`, [batchId]);
      step('batch running');
      // The staged rows are spent. A second "Create" of the same preview (a double click) waits here
      // for the first to commit, then finds nothing to delete and rolls back: one batch per upload.
      const spent = await db.query('delete from public.batch_uploads where id = $1', [input.uploadId]);
      if (spent.rowCount !== 1) throw new UserError('CONFLICT', 'A batch has already been created from this upload.');
      await logEvent(db, user.id, 'batch.created', 'batch', batchId, 'info', `batch ${name}: ${staged.length} calculations`, {
        calculations: staged.length,
        invalid_rows: upload.invalid_rows.length,
        molecules_created: moleculesCreated,
        source_filename: upload.file_name,
      });
      step('upload spent, event');
      return { batchId, calculations: staged.length, invalidItems: upload.invalid_rows.length, moleculesCreated };
    });
    step('commit');
    return created;
  } catch (error) {
    if ((error as { code?: string } | null)?.code === '42501') {
      throw new UserError('FORBIDDEN', 'Your role does not allow creating batches.');
    }
    throw error;
  }
}

/** Per-owner identity of a staged row: its InChIKey, else its identity hash. */
function identityKey(row: { inchikey: string | null; identity_hash: string | null }): string {
  return row.inchikey !== null ? `k:${row.inchikey}` : `h:${row.identity_hash}`;
}

/**
 * The upload's molecules for this owner: inserted when new (by InChIKey, else by identity hash),
 * found when the owner has them already. Ids come back from the upsert itself ("returning") and are
 * matched to rows here, not by a join: fresh rows have no planner statistics yet, and a join planned
 * as a nested loop over them turns quadratic.
 */
async function upsertMolecules(
  db: Queryable,
  uploadId: string,
  organizationId: string | null,
  staged: readonly Omit<StagedRow, 'molecule_id'>[],
): Promise<{ ids: Map<string, string>; created: number }> {
  const columns = `owner_id, organization_id, name, input_smiles, canonical_smiles, inchikey, formula, net_charge, atom_count,
                   input_xyz, geometry_hash, source_format, metadata`;
  const values = `(select auth.uid()), $2, r.name, r.input_smiles, r.canonical_smiles, r.inchikey, r.formula, r.net_charge,
                  r.atom_count, r.input_xyz, r.identity_hash, r.source_format, r.metadata`;
  type Upserted = { id: string; inchikey: string | null; identity_hash: string | null; created: boolean };
  const upserted: Upserted[] = [];
  for (const [key, distinct, conflict] of [
    ['inchikey is not null', 'inchikey', '(owner_id, inchikey) where inchikey is not null'],
    ['inchikey is null', 'identity_hash', '(owner_id, geometry_hash) where inchikey is null'],
  ] as const) {
    const { rows } = await db.query<Upserted>(
      `insert into public.molecules (${columns})
       select ${values} from (select distinct on (${distinct}) * from public.batch_upload_rows
                               where upload_id = $1 and ${key} order by ${distinct}, position) r
       on conflict ${conflict} do update set updated_at = now()
       returning id, inchikey, geometry_hash as identity_hash, (xmax = 0) as created`,
      [uploadId, organizationId],
    );
    upserted.push(...rows);
  }
  const weight = new Map(staged.map((row) => [identityKey(row), row.molecular_weight]));
  const fresh = upserted.filter((m) => m.created);
  // A separate statement: the policy on descriptors must see the molecules inserted just above.
  for (let start = 0; start < fresh.length; start += CHUNK) {
    const chunk = fresh.slice(start, start + CHUNK);
    await db.query(
      `insert into public.molecule_properties_computed (molecule_id, molecular_weight, computed_with)
       select r.id, r.mw, 'formula' from unnest($1::uuid[], $2::float8[]) as r(id, mw)
       on conflict (molecule_id) do nothing`,
      [chunk.map((m) => m.id), chunk.map((m) => weight.get(identityKey(m)) ?? null)],
    );
  }
  return { ids: new Map(upserted.map((m) => [identityKey(m), m.id])), created: fresh.length };
}

async function readStagedRows(db: Queryable, uploadId: string): Promise<Omit<StagedRow, 'molecule_id'>[]> {
  const { rows } = await db.query<Omit<StagedRow, 'molecule_id'>>(
    `select position, source_row, name, source_format, input_smiles, canonical_smiles, input_xyz, geometry_hash, net_charge, uhf, atom_count,
            duplicate_rows, inchikey, identity_hash, molecular_weight
       from public.batch_upload_rows where upload_id = $1 order by position`,
    [uploadId],
  );
  return rows;
}

function withMoleculeIds(rows: readonly Omit<StagedRow, 'molecule_id'>[], moleculeIds: Map<string, string>): StagedRow[] {
  return rows.map((row) => {
    const moleculeId = moleculeIds.get(identityKey(row));
    if (!moleculeId) throw new Error(`staged row ${row.position} has no molecule`);
    return { ...row, molecule_id: moleculeId };
  });
}

async function insertItems(db: Queryable, batchId: string, staged: StagedRow[], calculationIds: string[], invalid: InvalidRow[]): Promise<void> {
  for (let start = 0; start < staged.length; start += CHUNK) {
    const chunk = staged.slice(start, start + CHUNK);
    await db.query(
      `insert into public.batch_items (batch_id, position, source_row, molecule_id, calculation_id, input_name, input_text, status, duplicate_rows)
       select $1, r.position, r.source_row, r.molecule_id, r.calculation_id, left(r.name, 200), r.input_text, 'queued', r.duplicate_rows::int[]
         from unnest($2::int[], $3::int[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[])
              as r(position, source_row, molecule_id, calculation_id, name, input_text, duplicate_rows)`,
      [
        batchId,
        chunk.map((r) => r.position),
        chunk.map((r) => r.source_row),
        chunk.map((r) => r.molecule_id),
        calculationIds.slice(start, start + CHUNK),
        chunk.map((r) => r.name),
        chunk.map((r) => r.input_smiles ?? r.canonical_smiles),
        chunk.map((r) => `{${r.duplicate_rows.join(',')}}`),
      ],
    );
  }
  for (let start = 0; start < invalid.length; start += CHUNK) {
    const chunk = invalid.slice(start, start + CHUNK);
    await db.query(
      `insert into public.batch_items (batch_id, position, source_row, input_text, status, error_type, error_message)
       select $1, $2::int + r.ord::int - 1, r.source_row, left(r.input_text, 100000), 'invalid', 'validation', left(r.reason, 10000)
         from unnest($3::int[], $4::text[], $5::text[]) with ordinality as r(source_row, input_text, reason, ord)`,
      [batchId, staged.length + start, chunk.map((p) => p.row), chunk.map((p) => p.input ?? null), chunk.map((p) => p.reason)],
    );
  }
}
