// A batch of already-computed calculations written straight into the database in a few
// set-based statements (no xtb): for the export tests and `npm run bench:export`, which need many
// stored results with per-atom data. Every tenth calculation failed; the rest succeeded as water
// (three atoms, with charges and forces). Needs a connection that may write past RLS (the pool's).
import type { Queryable } from '../db/as-user.ts';

const WATER = '3\\nwater\\nO 0.000000 0.000000 0.117300\\nH 0.000000 0.757200 -0.469200\\nH 0.000000 -0.757200 -0.469200\\n';

export async function seedStoredBatch(db: Queryable, ownerId: string, count: number, name = 'stored batch'): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into public.batch_jobs (owner_id, name, parameters, status, started_at)
     values ($1, $2, '{"method":"gfn2","task":"opt"}', 'running', now()) returning id`,
    [ownerId, name],
  );
  const batchId = rows[0]!.id;
  await db.query(
    `with g as (select n, gen_random_uuid() as mid, gen_random_uuid() as cid,
                       upper(translate(substr(md5($1::uuid::text || n), 1, 14), '0123456789', 'GHIJKLMNOP')) as key
                  from generate_series(1, $3::int) as n),
          m as (insert into public.molecules (id, owner_id, name, canonical_smiles, inchikey, formula, atom_count, source_format)
                select mid, $2::uuid, 'molecule ' || n, 'O', key || '-UHFFFAOYSA-N', 'H2O', 3, 'smiles' from g),
          c as (insert into public.calculations (id, molecule_id, batch_id, owner_id, method, task, opt_level, status, name, input_format,
                                                 input_smiles, input_xyz, input_hash, optimized_xyz, total_energy, homo, lumo, gap,
                                                 dipole_moment, convergence_status, started_at, finished_at, error_type, error_message)
                select cid, mid, $1::uuid, $2::uuid, case when n % 3 = 0 then 'gfn1' else 'gfn2' end, 'opt', 'normal',
                       case when n % 10 = 0 then 'failed' else 'succeeded' end, 'molecule ' || n, 'smiles', 'O',
                       E'${WATER}', repeat('a', 64), case when n % 10 = 0 then null else E'${WATER}' end,
                       case when n % 10 = 0 then null else -5.07 - n * 1e-6 end,
                       case when n % 10 = 0 then null else -12.1 end, case when n % 10 = 0 then null else -2.3 end,
                       case when n % 10 = 0 then null else 9.8 end, case when n % 10 = 0 then null else 2.1 end,
                       case when n % 10 = 0 then 'scf_not_converged' else 'converged' end,
                       now() - interval '1 minute', now() - (n % 60) * interval '1 second',
                       case when n % 10 = 0 then 'convergence' end, case when n % 10 = 0 then 'SCF did not converge in 250 iterations' end
                  from g),
          i as (insert into public.batch_items (batch_id, position, source_row, molecule_id, calculation_id, input_name, input_text, status, error_type, error_message)
                select $1::uuid, n - 1, n, mid, cid, 'molecule ' || n, 'O', case when n % 10 = 0 then 'failed' else 'succeeded' end,
                       case when n % 10 = 0 then 'convergence' end, case when n % 10 = 0 then 'SCF did not converge in 250 iterations' end
                  from g),
          a as (insert into public.atomic_properties (calculation_id, atom_index, element, partial_charge, x, y, z, force_x, force_y, force_z)
                select cid, k - 1, (array['O','H','H'])[k], (array[-0.56, 0.28, 0.28])[k],
                       0, (array[0, 0.7572, -0.7572])[k], (array[0.1173, -0.4692, -0.4692])[k], 0, 0, (array[1e-4, -5e-5, -5e-5])[k]
                  from g cross join generate_series(1, 3) as k where n % 10 <> 0)
     insert into public.calculation_execution_metrics (calculation_id, attempt, wall_time_s)
     select cid, 1, 0.5 + (n % 7) from g`,
    [batchId, ownerId, count],
  );
  await db.query(`update public.batch_jobs set status = 'completed', finished_at = now() where id = $1`, [batchId]);
  return batchId;
}
