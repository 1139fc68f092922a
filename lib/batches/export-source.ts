// The rows an export writes, read from PostgreSQL through a server-side cursor (DECLARE … FETCH in
// chunks) inside one read-only transaction under the user's row-level security: memory stays flat
// whatever the batch's size, and the export is one consistent snapshot. The exporters
// (export-csv/jsonl/sdf.ts) take any AsyncIterable of these rows, so other lists can reuse them.
import 'server-only';
import type pg from 'pg';
import { getPool } from '../db/pool.ts';
import type { JwtClaims } from '../db/as-user.ts';

export type AtomArrays = {
  elements: string[];
  charges: (number | null)[];
  positions: [number, number, number][];
  forces: ([number, number, number] | null)[];
};

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
  input_xyz: string | null;
  optimized_xyz: string | null;
  /** Only when asked for (JSONL): per-atom arrays from atomic_properties. */
  atoms?: AtomArrays | null;
};

export type ExportOptions = { atoms?: boolean; geometry?: boolean; chunkRows?: number };

function exportQuery(options: ExportOptions): string {
  const geometry = options.geometry ? 'c.input_xyz, c.optimized_xyz' : 'null::text as input_xyz, null::text as optimized_xyz';
  const atoms = options.atoms
    ? `(select json_build_object(
          'elements', json_agg(a.element order by a.atom_index),
          'charges', json_agg(a.partial_charge order by a.atom_index),
          'positions', json_agg(json_build_array(a.x, a.y, a.z) order by a.atom_index),
          'forces', json_agg(case when a.force_x is null then null else json_build_array(a.force_x, a.force_y, a.force_z) end order by a.atom_index))
         from public.atomic_properties a where a.calculation_id = c.id having count(*) > 0) as atoms`
    : 'null::json as atoms';
  return `select c.id as calculation_id, c.batch_id, c.molecule_id, i.source_row as item_row, c.name,
                 coalesce(c.input_smiles, m.canonical_smiles) as smiles, m.inchikey, m.formula,
                 c.method, c.task, c.solvent, c.charge, c.uhf, c.status, c.total_energy, c.homo, c.lumo, c.gap,
                 c.dipole_moment, c.convergence_status,
                 w.wall_time_s, c.error_type, c.error_message, ${geometry}, ${atoms}
            from public.calculations c
            left join public.molecules m on m.id = c.molecule_id
            left join public.batch_items i on i.batch_id = $1 and i.calculation_id = c.id
            left join (select distinct on (e.calculation_id) e.calculation_id, e.wall_time_s
                         from public.calculation_execution_metrics e
                         join public.calculations cc on cc.id = e.calculation_id and cc.batch_id = $1
                        order by e.calculation_id, e.attempt desc) w on w.calculation_id = c.id
           where c.batch_id = $1
           order by i.source_row nulls last, c.created_at, c.id`;
}

/**
 * Opens a batch's export: null when the user cannot see the batch (nothing is held then). Otherwise
 * the rows, fetched chunk by chunk as they are consumed; the connection goes back to the pool when
 * the iteration ends, fails or is abandoned (a client that disconnects).
 */
export async function openBatchExport(
  claims: JwtClaims,
  batchId: string,
  options: ExportOptions = {},
): Promise<{ name: string; rows: AsyncGenerator<ExportRow> } | null> {
  const client = await getPool().connect();
  let handedOver = false;
  try {
    await client.query('begin isolation level repeatable read read only');
    // cursor_tuple_fraction 1: plan for reading every row (hash joins), not for the first few.
    await client.query(
      `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true),
                               set_config('cursor_tuple_fraction', '1', true)`,
      [JSON.stringify({ ...claims, role: 'authenticated' })],
    );
    const { rows } = await client.query<{ name: string }>('select name from public.batch_jobs where id = $1', [batchId]);
    if (rows.length === 0) return null;
    await client.query(`declare export_rows no scroll cursor for ${exportQuery(options)}`, [batchId]);
    handedOver = true;
    return { name: rows[0]!.name, rows: fetchAll(client, options.chunkRows ?? 1_000) };
  } finally {
    if (!handedOver) {
      await client.query('rollback').catch(() => {});
      client.release();
    }
  }
}

async function* fetchAll(client: pg.PoolClient, chunkRows: number): AsyncGenerator<ExportRow> {
  let failed: Error | undefined;
  try {
    for (;;) {
      const { rows } = await client.query<ExportRow>(`fetch forward ${chunkRows} from export_rows`);
      if (rows.length === 0) return;
      yield* rows;
    }
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    await client.query(failed ? 'rollback' : 'commit').catch(() => {});
    client.release(failed);
  }
}
