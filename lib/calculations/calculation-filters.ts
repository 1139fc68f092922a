// The WHERE clause the calculation lists build (the results page, its export, GET /api/v1/calculations):
// conditions collected with numbered parameters, and the free-text search they share.

export interface Conditions {
  where: string[];
  args: unknown[];
  /** Adds a parameter and returns its placeholder ($1, $2 …). */
  arg: (value: unknown) => string;
}

export function conditions(): Conditions {
  const where: string[] = [];
  const args: unknown[] = [];
  return {
    where,
    args,
    arg: (value) => {
      args.push(value);
      return `$${args.length}`;
    },
  };
}

/** The name, formula or either SMILES contains the text (LIKE's wildcards in it taken literally). */
export function textSearchCondition(arg: Conditions['arg'], text: string): string {
  const p = arg(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return `(coalesce(c.name, m.name) ilike ${p} or m.formula ilike ${p} or c.input_smiles ilike ${p} or m.canonical_smiles ilike ${p})`;
}
