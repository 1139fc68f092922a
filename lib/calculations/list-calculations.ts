// The results list: one page of the user's visible calculations (RLS decides which), filtered,
// sorted and counted in SQL, as small DTOs.
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { convertEnergy, HARTREE_TO_EV, type EnergyUnit } from '../units/format-energy.ts';
import type { ResultsQuery } from '../results/results-query.ts';
import type { CalculationRow } from './calculation-row.ts';
import { selectList, type CalculationColumn } from './calculation-sql.ts';
import type { ImplicitSolvationModel, Method, Task } from './parameters.ts';
import type { CalculationStatus } from './statuses.ts';

const LIST_COLUMNS = [
  'id',
  'status',
  'method',
  'task',
  'solvation_model',
  'solvent',
  'total_energy',
  'gap',
  'created_at',
  'finished_at',
  'error_message',
] as const satisfies readonly CalculationColumn[];

export interface CalculationListItem {
  id: string;
  status: CalculationStatus;
  method: Method;
  task: Task;
  solvationModel: ImplicitSolvationModel | null;
  solvent: string | null;
  totalEnergy: number | null;
  gap: number | null;
  createdAt: string;
  finishedAt: string | null;
  /** The calculation's own name (as submitted). */
  moleculeName: string | null;
  /** The SMILES it was submitted with, else the molecule's. */
  formula: string | null;
  smiles: string | null;
  atomCount: number | null;
  errorMessage: string | null;
  /** How many caveats the successful run carries (shown as a badge). */
  warningCount: number;
  /** The SCC needed a higher electronic temperature than requested: energies compare only at the same one. */
  raisedEtemp: boolean;
}

export interface CalculationPage {
  items: CalculationListItem[];
  total: number;
  page: number;
  pageCount: number;
}

/** Filter bounds are typed in the user's unit; stored energies are Hartree, gaps eV. */
const toHartree = (unit: EnergyUnit, value: number) => value / convertEnergy(1, unit);
const toEv = (unit: EnergyUnit, value: number) => toHartree(unit, value) * HARTREE_TO_EV;

/**
 * Total energies of different methods are on different scales (GFN-FF's are not even comparable
 * to GFN2's), so "sort by energy" sorts by method first and by energy within each method; with a
 * method filter that is one method's energies.
 */
const ORDER: Record<ResultsQuery['sort'], string> = {
  created: 'c.created_at',
  energy: 'c.total_energy',
  gap: 'c.gap',
  // Work in progress first when ascending, as people read a status column.
  status: "array_position(array['running','queued','failed','cancelled','succeeded']::text[], c.status)",
};

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `unit` is the total energies' (emin/emax), `gapUnit` the orbital energies' (gmin/gmax) as the user shows them. */
export async function listCalculations(claims: JwtClaims, query: ResultsQuery, unit: EnergyUnit, gapUnit: EnergyUnit = unit): Promise<CalculationPage> {
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (value: unknown) => {
    args.push(value);
    return `$${args.length}`;
  };
  if (query.status) where.push(`c.status = ${arg(query.status)}`);
  if (query.method) where.push(`c.method = ${arg(query.method)}`);
  if (query.error) where.push(`c.error_type = ${arg(query.error)}`);
  // An energy range means something within one method only: it applies with a method filter.
  if (query.method && query.emin !== undefined) where.push(`c.total_energy >= ${arg(toHartree(unit, query.emin))}`);
  if (query.method && query.emax !== undefined) where.push(`c.total_energy <= ${arg(toHartree(unit, query.emax))}`);
  if (query.gmin !== undefined) where.push(`c.gap >= ${arg(toEv(gapUnit, query.gmin))}`);
  if (query.gmax !== undefined) where.push(`c.gap <= ${arg(toEv(gapUnit, query.gmax))}`);
  if (query.q) {
    const p = arg(likePattern(query.q));
    where.push(`(coalesce(c.name, m.name) ilike ${p} or m.formula ilike ${p} or c.input_smiles ilike ${p} or m.canonical_smiles ilike ${p})`);
  }
  const direction = query.dir === 'asc' ? 'asc' : 'desc';
  const byMethod = query.sort === 'energy' && !query.method ? 'c.method, ' : '';
  const order = `${byMethod}${ORDER[query.sort]} ${direction} nulls last, c.created_at desc, c.id`;
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';

  return asUser(claims, async (db) => {
    const { rows: countRows } = await db.query<{ total: string }>(
      `select count(*) as total from public.calculations c left join public.molecules m on m.id = c.molecule_id ${whereSql}`,
      args,
    );
    const total = Number(countRows[0]?.total ?? 0);
    const pageCount = Math.max(1, Math.ceil(total / query.size));
    const page = Math.min(query.page, pageCount);
    const { rows } = await db.query<
      Pick<CalculationRow, (typeof LIST_COLUMNS)[number]> & {
        molecule_name: string | null;
        formula: string | null;
        smiles: string | null;
        atom_count: number | null;
        warning_count: number;
        raised_etemp: boolean;
      }
    >(
      `select ${selectList(LIST_COLUMNS)}, coalesce(c.name, m.name) as molecule_name, m.formula,
              coalesce(c.input_smiles, m.canonical_smiles, m.input_smiles) as smiles, m.atom_count,
              jsonb_array_length(c.warnings)::int as warning_count,
              coalesce(c.effective_etemp > c.etemp, false) or c.warnings @> '[{"code":"RAISED_ETEMP"}]'::jsonb as raised_etemp
         from public.calculations c left join public.molecules m on m.id = c.molecule_id
         ${whereSql}
        order by ${order}
        limit ${arg(query.size)} offset ${arg((page - 1) * query.size)}`,
      args,
    );
    return {
      total,
      page,
      pageCount,
      items: rows.map((r) => ({
        id: r.id,
        status: r.status,
        method: r.method,
        task: r.task,
        solvationModel: r.solvation_model,
        solvent: r.solvent,
        totalEnergy: r.total_energy,
        gap: r.gap,
        createdAt: r.created_at.toISOString(),
        finishedAt: r.finished_at?.toISOString() ?? null,
        moleculeName: r.molecule_name,
        formula: r.formula,
        smiles: r.smiles,
        atomCount: r.atom_count,
        errorMessage: r.error_message,
        warningCount: r.warning_count,
        raisedEtemp: r.raised_etemp,
      })),
    };
  });
}
