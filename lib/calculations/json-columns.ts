// zod schemas for the JSON the calculation tables store. jsonb holds whatever was once written, so
// every read parses: a value that does not match reads as absent instead of reaching a page as a
// guess. Writers build these types, so what is stored and what is read cannot drift apart.
import { z } from 'zod';

const finite = z.number().finite();

export const storedVibrationSchema = z.object({
  /** Harmonic wavenumber; negative values are imaginary modes. */
  wavenumberCm1: finite,
  irIntensityKmMol: finite.nullable(),
  reducedMassAmu: finite.nullable(),
});
export type StoredVibration = z.infer<typeof storedVibrationSchema>;

/** `calculations.thermochemistry`: xtb's RRHO thermochemistry (energies in Eh) and the real vibrations. */
export const storedThermochemistrySchema = z.object({
  temperatureK: finite,
  zeroPointEnergyEh: finite.nullable(),
  /** H(T): thermal enthalpy correction including the ZPE. */
  enthalpyCorrectionEh: finite.nullable(),
  /** T·S. */
  entropyTermEh: finite.nullable(),
  /** G(T) = H(T) − T·S. */
  freeEnergyCorrectionEh: finite.nullable(),
  totalEnthalpyEh: finite.nullable(),
  totalFreeEnergyEh: finite.nullable(),
  entropyCalPerMolK: finite.nullable(),
  heatCapacityCalPerMolK: finite.nullable(),
  imaginaryFrequencyCount: z.number().int().nullable(),
  vibrations: z.array(storedVibrationSchema).nullable(),
});
export type StoredThermochemistry = z.infer<typeof storedThermochemistrySchema>;

/** `calculation_errors.retry_history`: every earlier attempt's failure, oldest first. */
export const retryHistorySchema = z.array(
  z.object({
    attempt: z.number().int(),
    type: z.string(),
    code: z.string().nullable(),
    message: z.string(),
    etemp: finite.optional(),
    at: z.union([z.string(), z.date()]),
  }),
);
export type RetryHistory = z.infer<typeof retryHistorySchema>;

/** `calculations.warnings`: caveats of a successful run (lib/xtb/stored-results.ts decides them). */
export const storedWarningSchema = z.object({ code: z.string(), message: z.string() });
export const storedWarningsSchema = z.array(storedWarningSchema);
export type StoredWarning = z.infer<typeof storedWarningSchema>;

const vec3 = z.tuple([finite, finite, finite]);

/** `calculations.vibrational_modes`: every mode with its IR intensity and per-atom displacements. */
export const storedVibrationalModesSchema = z.array(
  z.object({
    wavenumberCm1: finite,
    irIntensityKmMol: finite.nullable(),
    reducedMassAmu: finite.nullable(),
    /** xtb's convention: below −20 cm⁻¹. */
    imaginary: z.boolean(),
    displacements: z.array(vec3).nullable(),
  }),
);
export type StoredVibrationalModes = z.infer<typeof storedVibrationalModesSchema>;

/** `calculations.optimization_trajectory`: energy and gradient norm per optimisation step (xtbopt.log). */
export const storedTrajectorySchema = z.array(z.object({ step: z.number().int(), energyEh: finite, gradientNormEhPerBohr: finite }));
export type StoredTrajectory = z.infer<typeof storedTrajectorySchema>;

/** `calculations.progress`: the running attempt's latest optimisation step, written by the worker. */
export const storedProgressSchema = z.object({
  attempt: z.number().int().optional(),
  step: z.number().int().optional(),
  energy_eh: finite.optional(),
  gradient_norm: finite.optional(),
});
export type StoredProgress = z.infer<typeof storedProgressSchema>;

/** The parsed value, or null when the column is null or does not match the schema. */
export function readJson<T>(schema: z.ZodType<T>, value: unknown): T | null {
  if (value === null || value === undefined) return null;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
