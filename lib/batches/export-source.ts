// The rows an export writes, read from PostgreSQL through a server-side cursor (DECLARE … FETCH in
// chunks) inside one read-only transaction under the user's row-level security: memory stays flat
// whatever the batch's size, and the export is one consistent snapshot. The exporters
// (export-csv/jsonl/sdf.ts) take any AsyncIterable of these rows. A selection is either one batch or
// "the calculations matching these list filters" (the results page and GET /api/v1/calculations/export).
import 'server-only';
import type pg from 'pg';
import { getPool } from '../db/pool.ts';
import { checkOut } from '../db/transaction.ts';
import type { JwtClaims } from '../db/as-user.ts';
import { calculationFilterSql, calculationOrderSql, type CalculationFilters, type CalculationOrder } from '../calculations/list-calculations.ts';
import { conditions } from '../calculations/calculation-filters.ts';
import type { EnergyUnit } from '../units/format-energy.ts';

export type ExportRow = {
  calculation_id: string;
  batch_id: string | null;
  molecule_id: string;
  item_row: number | null;
  name: string | null;
  smiles: string | null;
  inchikey: string | null;
  formula: string | null;
  method: string;
  task: string;
  solvent: string | null;
  charge: number;
  uhf: number;
  status: string;
  total_energy: number | null;
  homo: number | null;
  lumo: number | null;
  gap: number | null;
  dipole_moment: number | null;
  convergence_status: string | null;
  wall_time_s: number | null;
  error_type: string | null;
  error_message: string | null;
  /** Only without an optimised geometry: the exports write the final geometry alone. */
  input_xyz: string | null;
  optimized_xyz: string | null;
  /**
   * Only when asked for (JSONL, ZIP): the per-atom arrays as JSON text, as stored once per
   * calculation (calculation_atom_arrays); null for a calculation without atom data.
   */
  atom_elements?: string | null;
  atom_charges?: string | null;
  atom_positions?: string | null;
  atom_forces?: string | null;
};

export type ExportOptions = { atoms?: boolean; geometry?: boolean; chunkRows?: number };

/** Which calculations an export holds: one batch's, or those the results list's filters select. */
export type ExportSelection = { batchId: string } | { filters: CalculationFilters & CalculationOrder; unit: EnergyUnit; gapUnit?: EnergyUnit };

function exportQuery(options: ExportOptions, selection: ExportSelection): { sql: string; args: unknown[] } {
  // Only the final geometry is exported (optimised, else the input): the input is read only when there
  // is no optimised one, which halves what a finished optimisation sends.
  const geometry = options.geometry
    ? 'case when c.optimized_xyz is null then c.input_xyz end as input_xyz, c.optimized_xyz'
    : 'null::text as input_xyz, null::text as optimized_xyz';
  // The arrays are JSON text: they go into the output as they are, never parsed here.
  const atoms = options.atoms
    ? 'x.elements as atom_elements, x.charges as atom_charges, x.positions as atom_positions, x.forces as atom_forces'
    : 'null::text as atom_elements, null::text as atom_charges, null::text as atom_positions, null::text as atom_forces';
  const atomsJoin = options.atoms ? 'left join public.calculation_atom_arrays x on x.calculation_id = c.id' : '';
  const columns = `c.id as calculation_id, c.batch_id, c.molecule_id, i.source_row as item_row, c.name,
                 coalesce(c.input_smiles, m.canonical_smiles) as smiles, m.inchikey, m.formula,
                 c.method, c.task, c.solvent, c.charge, c.uhf, c.status, c.total_energy, c.homo, c.lumo, c.gap,
                 c.dipole_moment, c.convergence_status,
                 w.wall_time_s, c.error_type, c.error_message, ${geometry}, ${atoms}`;
  if ('batchId' in selection) {
    // A whole batch: the last attempt's wall time for all its calculations at once (hash joins).
    return {
      sql: `select ${columns}
            from public.calculations c
            left join public.molecules m on m.id = c.molecule_id
            left join public.batch_items i on i.batch_id = $1 and i.calculation_id = c.id
            left join (select distinct on (e.calculation_id) e.calculation_id, e.wall_time_s
                         from public.calculation_execution_metrics e
                         join public.calculations cc on cc.id = e.calculation_id and cc.batch_id = $1
                        order by e.calculation_id, e.attempt desc) w on w.calculation_id = c.id
            ${atomsJoin}
           where c.batch_id = $1
           order by i.source_row nulls last, c.created_at, c.id`,
      args: [selection.batchId],
    };
  }
  const { args, arg } = conditions();
  const where = calculationFilterSql(selection.filters, selection.unit, arg, selection.gapUnit);
  return {
    sql: `select ${columns}
            from public.calculations c
            left join public.molecules m on m.id = c.molecule_id
            left join public.batch_items i on i.batch_id = c.batch_id and i.calculation_id = c.id
            left join lateral (select e.wall_time_s from public.calculation_execution_metrics e
                                where e.calculation_id = c.id order by e.attempt desc limit 1) w on true
            ${atomsJoin}
           ${where.length ? `where ${where.join(' and ')}` : ''}
           order by ${calculationOrderSql(selection.filters)}`,
    args,
  };
}

/**
 * Opens an export: null when the selection is a batch the user cannot see (nothing is held then).
 * Otherwise the rows in chunks (arrays), fetched as they are consumed; the connection goes back to
 * the pool when the iteration ends, fails or is abandoned (a client that disconnects). The exporters
 * work a chunk at a time: a step of an async iteration per row cost more than some formats' rows.
 */
export async function openExport(
  claims: JwtClaims,
  selection: ExportSelection,
  options: ExportOptions = {},
): Promise<{ name: string; rows: AsyncGenerator<ExportRow[]> } | null> {
  const client = await checkOut(getPool());
  let handedOver = false;
  try {
    await client.query('begin isolation level repeatable read read only');
    // cursor_tuple_fraction 1: plan for reading every row (hash joins), not for the first few.
    // work_mem 64 MB for this transaction (4 MB by default): the hashes and sorts of a batch of 100,000
    // calculations stay in memory instead of temporary files, about 0.3 s less before the first row
    // there. Larger exports spill to disk as before.
    await client.query(
      `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true),
              set_config('cursor_tuple_fraction', '1', true), set_config('work_mem', '64MB', true)`,
      [JSON.stringify({ ...claims, role: 'authenticated' })],
    );
    let name = 'results';
    if ('batchId' in selection) {
      const { rows } = await client.query<{ name: string }>('select name from public.batch_jobs where id = $1', [selection.batchId]);
      if (rows.length === 0) return null;
      name = rows[0]!.name;
    }
    const query = exportQuery(options, selection);
    await client.query(`declare export_rows no scroll cursor for ${query.sql}`, query.args);
    handedOver = true;
    return { name, rows: fetchAll(client, options.chunkRows ?? 1_000) };
  } finally {
    if (!handedOver) {
      await client.query('rollback').catch(() => {});
      client.release();
    }
  }
}

/** A batch's export (see openExport). */
export function openBatchExport(claims: JwtClaims, batchId: string, options: ExportOptions = {}) {
  return openExport(claims, { batchId }, options);
}

async function* fetchAll(client: pg.PoolClient, chunkRows: number): AsyncGenerator<ExportRow[]> {
  const fetchChunk = () => {
    const chunk = client.query<ExportRow>(`fetch forward ${chunkRows} from export_rows`);
    // Awaited only once the rows before it are written: a failure meanwhile (a lost connection) must
    // not count as an unhandled rejection, which would end the server process.
    chunk.catch(() => {});
    return chunk;
  };
  // One chunk is fetched ahead: PostgreSQL reads the next rows while these are being written out
  // (two chunks in memory at most). A short chunk is the last one.
  let next: Promise<pg.QueryResult<ExportRow>> | null = fetchChunk();
  let failed: Error | undefined;
  try {
    while (next) {
      const { rows }: pg.QueryResult<ExportRow> = await next;
      next = rows.length === chunkRows ? fetchChunk() : null;
      if (rows.length > 0) yield rows;
    }
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    // A consumer that stops early leaves a fetch in flight: it is settled before the transaction ends.
    await next?.catch(() => {});
    await client.query(failed ? 'rollback' : 'commit').catch(() => {});
    client.release(failed);
  }
}
