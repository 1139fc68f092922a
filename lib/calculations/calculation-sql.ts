// The typed query module of the `calculations` table: statements are built from CalculationRow's
// own keys, so a column list, an insert or an update names only real columns with values of their
// type, and a select's result type is exactly the columns it names. Server-only callers pass the
// transaction they run in (user RLS or service role: the caller decides).
import type { Queryable } from '../db/transaction.ts';
import { CALCULATION_COLUMNS, type CalculationRow } from './calculation-row.ts';
import type { ColumnSpec } from './column-spec.ts';

export type CalculationColumn = keyof CalculationRow;
export type CalculationValues = Partial<CalculationRow>;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function column(name: string): string {
  // Keys come from CalculationRow, never from input; the check keeps it that way.
  if (!IDENTIFIER.test(name) || !(name in CALCULATION_COLUMNS)) throw new Error(`not a calculations column: ${name}`);
  return name;
}

/** `c.id, c.status, …` for a select of these columns. */
export function selectList(columns: readonly CalculationColumn[], alias = 'c'): string {
  return columns.map((name) => `${alias}.${column(name)}`).join(', ');
}

/** jsonb values go as JSON text (pg would send a JS array as a PostgreSQL array, as float8[] needs). */
function parameter(name: string, value: unknown): unknown {
  const spec: ColumnSpec | undefined = CALCULATION_COLUMNS[name as CalculationColumn];
  if (spec?.type === 'jsonb' && value !== null && value !== undefined) return JSON.stringify(value);
  return value ?? null;
}

interface Assignments {
  sql: string;
  values: unknown[];
}

/**
 * `col = $n, …` for an update whose placeholders start after `offset` parameters. Columns in
 * `keepExisting` only fill a value that is still null (`coalesce(col, $n)`).
 */
export function assignments(values: CalculationValues, offset: number, keepExisting: readonly CalculationColumn[] = []): Assignments {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  return {
    sql: entries
      .map(([name, _], i) => {
        const placeholder = `$${offset + i + 1}`;
        return keepExisting.includes(name as CalculationColumn)
          ? `${column(name)} = coalesce(${column(name)}, ${placeholder})`
          : `${column(name)} = ${placeholder}`;
      })
      .join(', '),
    values: entries.map(([name, v]) => parameter(name, v)),
  };
}

/** Inserts one row (defaults for the columns not given) and returns the chosen columns. */
export async function insertCalculationRow<K extends CalculationColumn>(
  db: Queryable,
  values: CalculationValues,
  returning: readonly K[],
): Promise<Pick<CalculationRow, K>> {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  const { rows } = await db.query<Pick<CalculationRow, K>>(
    `insert into public.calculations (${entries.map(([name]) => column(name)).join(', ')})
     values (${entries.map((_, i) => `$${i + 1}`).join(', ')})
     returning ${returning.map(column).join(', ')}`,
    entries.map(([name, v]) => parameter(name, v)),
  );
  return rows[0]!;
}

/** The chosen columns of one calculation the transaction may see, or null. */
export async function selectCalculation<K extends CalculationColumn>(
  db: Queryable,
  id: string,
  columns: readonly K[],
): Promise<Pick<CalculationRow, K> | null> {
  const { rows } = await db.query<Pick<CalculationRow, K>>(`select ${selectList(columns)} from public.calculations c where c.id = $1`, [id]);
  return rows[0] ?? null;
}
