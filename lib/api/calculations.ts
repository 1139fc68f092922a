// Calculations for /api/v1: cursor pages of the caller's visible calculations (RLS decides which),
// newest first, with the /results filters; the cursor is the last row's (created_at, id).
import 'server-only';
import { conditions } from '../calculations/calculation-filters.ts';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { calculationFilterSql, type CalculationFilters } from '../calculations/list-calculations.ts';
import { HARTREE_TO_EV } from '../units/format-energy.ts';
import { decodeTimeCursor, encodeCursor } from './cursor.ts';
import type { ListCalculationsQuery } from './schemas.ts';
import type { z } from 'zod';
import type { calculationPageSchema } from './schemas.ts';

type CalculationPage = z.infer<typeof calculationPageSchema>;

/**
 * The API's filter values for the shared filter SQL, which reads bounds in one energy unit: here
 * Hartree, so gap bounds given in eV are converted to Hartree first.
 */
export function apiCalculationFilters<T extends CalculationFilters>(query: T): T {
  const toHartree = (ev: number | undefined) => (ev === undefined ? undefined : ev / HARTREE_TO_EV);
  return { ...query, gmin: toHartree(query.gmin), gmax: toHartree(query.gmax) };
}

interface Row {
  id: string;
  name: string | null;
  status: CalculationPage['items'][number]['status'];
  method: CalculationPage['items'][number]['method'];
  task: CalculationPage['items'][number]['task'];
  solvation_model: string | null;
  solvent: string | null;
  total_energy: number | null;
  gap: number | null;
  formula: string | null;
  smiles: string | null;
  atom_count: number | null;
  created_at: Date;
  created_key: string;
  finished_at: Date | null;
  error_message: string | null;
}

export async function listCalculationsPage(claims: JwtClaims, query: ListCalculationsQuery): Promise<CalculationPage> {
  const { args, arg } = conditions();
  // The results page's filters (energies in Eh, gaps in eV: the API has no display unit).
  const where = calculationFilterSql(apiCalculationFilters(query), 'hartree', arg);
  if (query.cursor) {
    const [createdAt, id] = decodeTimeCursor(query.cursor);
    where.push(`(c.created_at, c.id) < (${arg(createdAt)}::timestamptz, ${arg(id)}::uuid)`);
  }
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';
  return asUser(claims, async (db) => {
    // One row more than asked tells whether there is a next page.
    const { rows } = await db.query<Row>(
      `select c.id, coalesce(c.name, m.name) as name, c.status, c.method, c.task, c.solvation_model, c.solvent, c.total_energy, c.gap,
              m.formula, coalesce(c.input_smiles, m.canonical_smiles, m.input_smiles) as smiles, m.atom_count,
              c.created_at, to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key, c.finished_at, c.error_message
         from public.calculations c left join public.molecules m on m.id = c.molecule_id
         ${whereSql}
        order by c.created_at desc, c.id desc
        limit ${arg(query.limit + 1)}`,
      args,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        method: r.method,
        task: r.task,
        solvationModel: r.solvation_model,
        solvent: r.solvent,
        totalEnergy: r.total_energy,
        gap: r.gap,
        formula: r.formula,
        smiles: r.smiles,
        atomCount: r.atom_count,
        createdAt: r.created_at.toISOString(),
        finishedAt: r.finished_at?.toISOString() ?? null,
        errorMessage: r.error_message,
      })),
      next_cursor: rows.length > query.limit && last ? encodeCursor([last.created_key, last.id]) : null,
    };
  });
}
