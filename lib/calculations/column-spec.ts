// How a table's columns are declared once: SQL type, nullability, and for text columns with a check
// constraint the values it allows, for jsonb columns the zod schema of what they hold. The row
// type is derived from the declaration (RowOf), and a test compares the declaration with the live
// table, so the two cannot drift apart. Types and constants only: safe for client components.
import type { z } from 'zod';

export type SqlType = 'uuid' | 'text' | 'integer' | 'double precision' | 'double precision[]' | 'boolean' | 'timestamp with time zone' | 'jsonb';

export interface ColumnSpec {
  readonly type: SqlType;
  readonly nullable: boolean;
  /** The values a check constraint allows (text columns). */
  readonly values?: readonly string[];
  /** What a jsonb column holds. */
  readonly json?: z.ZodType;
}

type BaseValue<T extends SqlType> = T extends 'uuid' | 'text'
  ? string
  : T extends 'integer' | 'double precision'
    ? number
    : T extends 'double precision[]'
      ? number[]
      : T extends 'boolean'
        ? boolean
        : T extends 'timestamp with time zone'
          ? Date
          : unknown;

/** The value `pg` returns for a column (numeric types are parsed to numbers in lib/db/pool.ts). */
export type ValueOf<S extends ColumnSpec> = S extends { values: readonly (infer V)[] } ? V : S extends { json: z.ZodType<infer J> } ? J : BaseValue<S['type']>;

export type RowOf<C extends Record<string, ColumnSpec>> = {
  -readonly [K in keyof C]: C[K]['nullable'] extends true ? ValueOf<C[K]> | null : ValueOf<C[K]>;
};

export const uuid = { type: 'uuid', nullable: false } as const;
export const uuidOrNull = { type: 'uuid', nullable: true } as const;
export const text = { type: 'text', nullable: false } as const;
export const textOrNull = { type: 'text', nullable: true } as const;
export const int = { type: 'integer', nullable: false } as const;
export const intOrNull = { type: 'integer', nullable: true } as const;
export const float = { type: 'double precision', nullable: false } as const;
export const floatOrNull = { type: 'double precision', nullable: true } as const;
export const floatsOrNull = { type: 'double precision[]', nullable: true } as const;
export const bool = { type: 'boolean', nullable: false } as const;
export const time = { type: 'timestamp with time zone', nullable: false } as const;
export const timeOrNull = { type: 'timestamp with time zone', nullable: true } as const;

/** A text column limited to `values` by a check constraint. */
export function oneOf<const V extends readonly string[]>(values: V): { type: 'text'; nullable: false; values: V } {
  return { type: 'text', nullable: false, values };
}
export function oneOfOrNull<const V extends readonly string[]>(values: V): { type: 'text'; nullable: true; values: V } {
  return { type: 'text', nullable: true, values };
}
