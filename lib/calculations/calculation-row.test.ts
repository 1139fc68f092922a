// The declared row type against the live table: a migration that adds, drops or retypes a column of
// `calculations`, or changes what a check constraint allows, fails here until lib/calculations follows.
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, getPool } from '../db/pool.ts';
import { CALCULATION_COLUMNS } from './calculation-row.ts';

afterAll(async () => {
  await closePool();
});

/** information_schema spells arrays as ARRAY + the element's udt name. */
function sqlType(dataType: string, udtName: string): string {
  if (dataType === 'ARRAY') return udtName === '_float8' ? 'double precision[]' : `${udtName.slice(1)}[]`;
  return dataType;
}

async function allowedValues(column: string): Promise<string[]> {
  const { rows } = await getPool().query<{ def: string }>(
    `select pg_get_constraintdef(k.oid) as def
       from pg_constraint k
       join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
      where k.conrelid = 'public.calculations'::regclass and k.contype = 'c' and a.attname = $1 and cardinality(k.conkey) = 1`,
    [column],
  );
  const lists = rows.map((r) => [...r.def.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!)).filter((values) => values.length > 0);
  expect(lists, `one check constraint listing the values of ${column}`).toHaveLength(1);
  return lists[0]!.sort();
}

describe('calculations: declared row = table', () => {
  it('has exactly the declared columns, with their SQL types and nullability', async () => {
    const { rows } = await getPool().query<{ column_name: string; data_type: string; udt_name: string; is_nullable: 'YES' | 'NO' }>(
      `select column_name, data_type, udt_name, is_nullable from information_schema.columns
        where table_schema = 'public' and table_name = 'calculations' order by column_name`,
    );
    const live = Object.fromEntries(rows.map((r) => [r.column_name, { type: sqlType(r.data_type, r.udt_name), nullable: r.is_nullable === 'YES' }]));
    const declared = Object.fromEntries(Object.entries(CALCULATION_COLUMNS).map(([name, spec]) => [name, { type: spec.type, nullable: spec.nullable }]));
    expect(declared).toEqual(live);
  });

  it('allows exactly the values the model defines, for every enumerated column', async () => {
    const enumerated = Object.entries(CALCULATION_COLUMNS).flatMap(([name, spec]) => ('values' in spec ? [[name, [...spec.values].sort()] as const] : []));
    expect(enumerated.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'status',
        'method',
        'task',
        'opt_level',
        'solvation_model',
        'input_format',
        'convergence_status',
        'error_type',
        'geometry_source',
      ]),
    );
    for (const [name, values] of enumerated) expect(await allowedValues(name), name).toEqual(values);
  });
});
