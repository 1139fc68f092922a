// Writing a new calculation: its own name and input (what was submitted, whatever the shared
// molecule row says), its parameters, and later its queue job.
import type { Queryable } from '../db/transaction.ts';
import type { InputFormat } from './calculation-row.ts';
import { insertCalculationRow } from './calculation-sql.ts';
import { parameterRow } from './map-parameters.ts';
import type { CalculationParams } from './parameters.ts';

export interface NewCalculation {
  moleculeId: string;
  batchId: string | null;
  organizationId: string | null;
  name: string;
  inputFormat: InputFormat;
  /** The SMILES the worker embeds when there are no coordinates (what the user typed or drew). */
  inputSmiles: string | null;
  /** Coordinates as submitted, and their hash; null when the worker embeds the SMILES. */
  inputXyz: string | null;
  inputHash: string | null;
  /** Validated parameters with the time limit decided. */
  params: CalculationParams & { timeoutSeconds: number };
}

/** Inserts under the caller's role (RLS decides whether the user may); returns the new id. */
export async function insertCalculation(db: Queryable, c: NewCalculation): Promise<string> {
  const row = await insertCalculationRow(
    db,
    {
      molecule_id: c.moleculeId,
      batch_id: c.batchId,
      organization_id: c.organizationId,
      name: c.name,
      input_format: c.inputFormat,
      input_smiles: c.inputSmiles,
      input_xyz: c.inputXyz,
      input_hash: c.inputXyz === null ? null : c.inputHash,
      ...parameterRow(c.params),
    },
    ['id'],
  );
  return row.id;
}

/** Records the queue job (as the connection's own login: users may not set job ids). */
export async function recordCalculationJob(db: Queryable, calculationId: string, jobId: string): Promise<void> {
  await db.query('update public.calculations set job_id = $2 where id = $1', [calculationId, jobId]);
}
