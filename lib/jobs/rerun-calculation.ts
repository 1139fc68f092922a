// "Edit and rerun": a NEW calculation of the same input with the old parameters changed (the old
// calculation and its history stay as they are). The same geometry when there is one, so results
// compare; otherwise the calculation's own SMILES again.
import 'server-only';
import { getCalculationSource } from '../calculations/calculation-source.ts';
import type { CalculationParams } from '../calculations/parameters.ts';
import { recordAdminActionOnOthers } from '../admin/audit-log.ts';
import { asUser } from '../db/as-user.ts';
import { UserError } from '../errors/user-error.ts';
import { upsertMolecule } from '../molecules/upsert-molecule.ts';
import { defaultTimeoutSeconds } from './calculation-time-limits.ts';
import { parseSubmittedMolecule, storeAndEnqueue, submittedInput, validateCalculationParams, type SubmittedCalculation } from './submit-calculation.ts';
import { assertCanSubmit, refusedAsForbidden, type SubmittingUser } from './submitting-user.ts';

export async function rerunCalculation(
  user: SubmittingUser,
  calculationId: string,
  changes: Partial<CalculationParams> = {},
  /** Start from this geometry (XYZ) instead of the calculation's own input. */
  geometryXyz?: string,
): Promise<SubmittedCalculation> {
  assertCanSubmit(user);
  const found = await asUser(user.claims, (db) => getCalculationSource(db, calculationId));
  if (!found) throw new UserError('NOT_FOUND', 'No such calculation.');
  const source = geometryXyz === undefined ? found : { ...found, inputXyz: geometryXyz };
  // The stored time limit was chosen for the old task and size: decide it again unless one is given.
  const params = await validateCalculationParams({ ...source.params, timeoutSeconds: undefined, ...changes });
  const structure =
    source.inputXyz !== null ? { format: 'xyz' as const, text: source.inputXyz } : { format: 'smiles' as const, text: source.inputSmiles ?? '' };
  const molecule = await parseSubmittedMolecule({ ...structure, name: source.name }, params);
  const timeoutSeconds = params.timeoutSeconds ?? defaultTimeoutSeconds(molecule.atomCount, params.task);
  const submitted = await refusedAsForbidden(() =>
    asUser(user.claims, async (db) => {
      // A teammate's molecule is rerun as the user's own copy (calculations belong to their submitter),
      // kept private: sharing it is the rerunner's choice, and a team viewer may not share into a team.
      const organizationId = source.ownMolecule ? source.organizationId : null;
      const moleculeId = source.ownMolecule
        ? source.moleculeId
        : (await upsertMolecule(db, { ...molecule, inchiKey: null }, { organizationId, sourceFormat: source.inputFormat })).id;
      return storeAndEnqueue(db, user, {
        ...submittedInput(molecule, source.inputFormat),
        // The rerun computes what the original did: its SMILES stays on record with the geometry.
        inputSmiles: source.inputSmiles,
        moleculeId,
        moleculeCreated: false,
        batchId: null,
        organizationId,
        params: { ...params, timeoutSeconds },
        label: `${source.name} (${molecule.formula})`,
        warnings: molecule.warnings,
        rerunOf: calculationId,
      });
    }),
  );
  await recordAdminActionOnOthers(user, found.ownerId, {
    action: 'calculation.rerun',
    entityType: 'calculation',
    entityId: calculationId,
    changes: { new_calculation_id: submitted.calculationId },
  });
  return submitted;
}

/**
 * "Continue from the distorted geometry": a saddle point's frequency run leaves xtb's geometry
 * displaced along the imaginary modes (xtbhess.xyz); a new optimisation + frequencies from there
 * usually reaches the minimum. Read under the user's RLS like the rerun itself.
 */
export async function continueFromDistortedGeometry(user: SubmittingUser, calculationId: string): Promise<SubmittedCalculation> {
  assertCanSubmit(user);
  const displaced = await asUser(user.claims, async (db) => {
    const { rows } = await db.query<{ hessian_displaced_xyz: string | null }>('select hessian_displaced_xyz from public.calculations where id = $1', [
      calculationId,
    ]);
    return rows[0];
  });
  if (!displaced) throw new UserError('NOT_FOUND', 'No such calculation.');
  if (!displaced.hessian_displaced_xyz) throw new UserError('INVALID_INPUT', 'This calculation has no distorted geometry to continue from.');
  return rerunCalculation(user, calculationId, { task: 'ohess' }, displaced.hessian_displaced_xyz);
}
