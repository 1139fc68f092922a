// The results list: one page of the user's visible calculations (RLS decides which), filtered,
// sorted and counted in SQL, as small DTOs.
import 'server-only';
import { conditions, textSearchCondition } from './calculation-filters.ts';
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
  /** Someone else's calculation shared with one of the user's teams (directly or by its batch): the owner's name. */
  sharedBy: string | null;
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

/** Shared with me: not mine, and its team (or its batch's team) is one of mine; a global admin's view of others' rows is not "shared". */
const SHARED_BY_SQL = `case when c.owner_id <> (select auth.uid()) and public.is_shared_with_me(c.organization_id, c.batch_id)
  then coalesce((select p.display_name from public.profiles p where p.id = c.owner_id), 'a teammate') end`;

/** The list filters the results page, its export and the API share. */
export type CalculationFilters = Pick<ResultsQuery, 'status' | 'method' | 'error' | 'emin' | 'emax' | 'gmin' | 'gmax' | 'q'>;
export type CalculationOrder = Pick<ResultsQuery, 'sort' | 'dir'> & Pick<CalculationFilters, 'method'>;

/**
 * SQL conditions on `calculations c left join molecules m` for the list filters; `arg` adds a bound
 * parameter and returns its placeholder. Energy bounds (emin/emax) are in `unit`, gap bounds (gmin/gmax)
 * in `gapUnit`, the units the user shows total and orbital energies in.
 */
export function calculationFilterSql(query: CalculationFilters, unit: EnergyUnit, arg: (value: unknown) => string, gapUnit: EnergyUnit = unit): string[] {
  const where: string[] = [];
  if (query.status) where.push(`c.status = ${arg(query.status)}`);
  if (query.method) where.push(`c.method = ${arg(query.method)}`);
  if (query.error) where.push(`c.error_type = ${arg(query.error)}`);
  // An energy range means something within one method only: it applies with a method filter.
  if (query.method && query.emin !== undefined) where.push(`c.total_energy >= ${arg(toHartree(unit, query.emin))}`);
  if (query.method && query.emax !== undefined) where.push(`c.total_energy <= ${arg(toHartree(unit, query.emax))}`);
  if (query.gmin !== undefined) where.push(`c.gap >= ${arg(toEv(gapUnit, query.gmin))}`);
  if (query.gmax !== undefined) where.push(`c.gap <= ${arg(toEv(gapUnit, query.gmax))}`);
  if (query.q) where.push(textSearchCondition(arg, query.q));
  return where;
}

/** The list's ORDER BY (without the keyword). */
export function calculationOrderSql(query: CalculationOrder): string {
  const direction = query.dir === 'asc' ? 'asc' : 'desc';
  const byMethod = query.sort === 'energy' && !query.method ? 'c.method, ' : '';
  return `${byMethod}${ORDER[query.sort]} ${direction} nulls last, c.created_at desc, c.id`;
}

/** `unit` is the total energies' (emin/emax), `gapUnit` the orbital energies' (gmin/gmax) as the user shows them. */
export async function listCalculations(claims: JwtClaims, query: ResultsQuery, unit: EnergyUnit, gapUnit: EnergyUnit = unit): Promise<CalculationPage> {
  const { args, arg } = conditions();
  const where = calculationFilterSql(query, unit, arg, gapUnit);
  const order = calculationOrderSql(query);
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
        shared_by: string | null;
      }
    >(
      `select ${selectList(LIST_COLUMNS)}, coalesce(c.name, m.name) as molecule_name, m.formula,
              coalesce(c.input_smiles, m.canonical_smiles, m.input_smiles) as smiles, m.atom_count,
              jsonb_array_length(c.warnings)::int as warning_count,
              coalesce(c.effective_etemp > c.etemp, false) or c.warnings @> '[{"code":"RAISED_ETEMP"}]'::jsonb as raised_etemp,
              ${SHARED_BY_SQL} as shared_by
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
        sharedBy: r.shared_by,
      })),
    };
  });
}
