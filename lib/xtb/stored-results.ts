// Turns one parsed, successful xtb run into the values a calculation row stores beyond the raw
// numbers: the warnings a chemist must see next to the results, the dipole in an origin-free
// form, the imaginary-mode count by xtb's own convention, and the optimisation trajectory and
// normal modes for the result page. Pure: the worker's store step writes what this returns.
import { requireElement } from '../chem/elements.ts';
import { taskComputesFrequencies, taskOptimises, type XtbMethod, type XtbTask } from './build-xtb-args.ts';
import { BOHR_IN_ANGSTROM, DEBYE_PER_AU, type Vec3, type XtbParsedOutput, type XtbVibration } from './parse-xtb-output.ts';
import { formatXyz, type XyzAtom } from './xyz-format.ts';
import { isImaginaryMode } from '../calculations/imaginary-modes.ts';

export { IMAGINARY_MODE_THRESHOLD_CM1, isImaginaryMode } from '../calculations/imaginary-modes.ts';

/** Imaginary modes by xtb's convention; null when no frequencies were computed. */
export function countImaginaryModes(vibrations: readonly Pick<XtbVibration, 'wavenumberCm1'>[] | null | undefined): number | null {
  return vibrations ? vibrations.filter((v) => isImaginaryMode(v.wavenumberCm1)).length : null;
}

export const XTB_WARNING_CODES = ['NOT_STATIONARY', 'SADDLE_POINT', 'RAISED_ETEMP', 'NO_HOMO_LUMO', 'OUTPUT_INCOMPLETE', 'NO_VIBRATIONS'] as const;
export type XtbWarningCode = (typeof XTB_WARNING_CODES)[number];

/** Something the user must know to read the results right; `message` is shown as is. */
export interface XtbWarning {
  code: XtbWarningCode;
  message: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Warnings that follow from the output itself (classifyXtbRun returns these with a success). */
export function xtbWarnings(parsed: XtbParsedOutput, params: { task: XtbTask; method: XtbMethod }): XtbWarning[] {
  const warnings: XtbWarning[] = [];
  if (parsed.hessian.notStationary) {
    const rms = parsed.hessian.rmsGradientEhPerBohr;
    warnings.push({
      code: 'NOT_STATIONARY',
      message:
        `The frequencies were computed at a geometry that is not a stationary point` +
        `${rms !== null ? ` (RMS gradient ${rms.toFixed(5)} Eh/bohr)` : ''}: xtb warns "Hessian on incompletely optimized geometry". ` +
        `The frequencies, zero-point energy and thermochemistry are not reliable. Run "Optimisation + frequencies" instead.`,
    });
  }
  const imaginary = (parsed.vibrations ?? []).filter((v) => isImaginaryMode(v.wavenumberCm1));
  if (imaginary.length > 0) {
    const list = imaginary.map((v) => `${v.wavenumberCm1.toFixed(1).replace('-', '−')} cm⁻¹`).join(', ');
    warnings.push({
      code: 'SADDLE_POINT',
      message:
        `${plural(imaginary.length, 'imaginary frequency', 'imaginary frequencies')} (${list}): the structure is a saddle point, not a minimum. ` +
        `xtb leaves ${imaginary.length === 1 ? 'this mode' : 'these modes'} out of the thermochemistry` +
        `${parsed.hessianDisplacedAtoms ? ' and wrote a geometry distorted along them; optimise from that geometry to reach a minimum.' : '.'}`,
    });
  }
  if (taskComputesFrequencies(params.task) && parsed.vibrations?.length === 0) {
    warnings.push({
      code: 'NO_VIBRATIONS',
      message:
        'A single atom has no vibrations: there are no modes and no IR spectrum. The zero-point energy is zero and the thermochemistry is that of translation alone.',
    });
  }
  if (params.method !== 'gfnff' && (parsed.homoEv === null || parsed.lumoEv === null)) {
    warnings.push({ code: 'NO_HOMO_LUMO', message: 'xtb printed no HOMO/LUMO energies for this run.' });
  }
  for (const w of parsed.warnings) warnings.push({ code: 'OUTPUT_INCOMPLETE', message: `Part of xtb's output could not be read: ${w}.` });
  if (taskComputesFrequencies(params.task) && !parsed.thermochemistry) {
    warnings.push({ code: 'OUTPUT_INCOMPLETE', message: 'xtb printed no thermochemistry for this run.' });
  }
  return warnings;
}

/** Centre of mass in Å (standard atomic weights). */
export function centreOfMassAngstrom(atoms: readonly XyzAtom[]): Vec3 {
  let total = 0;
  const sum: Vec3 = [0, 0, 0];
  for (const atom of atoms) {
    const m = requireElement(atom.element).mass;
    total += m;
    sum[0] += m * atom.x;
    sum[1] += m * atom.y;
    sum[2] += m * atom.z;
  }
  return [sum[0] / total, sum[1] / total, sum[2] / total];
}

export type DipoleReference = 'origin_independent' | 'centre_of_mass';
// (A neutral molecule's magnitude is xtb's printed one; an ion's is the norm of the shifted vector.)

export interface StoredDipole {
  xDebye: number;
  yDebye: number;
  zDebye: number;
  magnitudeDebye: number;
  /**
   * A neutral molecule's dipole does not depend on the origin. An ion's does: xtb reports it about
   * the origin of the input coordinates, so it is stored about the centre of mass instead.
   */
  reference: DipoleReference;
}

/**
 * The dipole to store: xtb's for a neutral molecule; for an ion μ − q·R_COM (xtb's dipole is taken
 * about the coordinate origin, so moving an ion by 10 Å would otherwise change it by q·10 Å).
 */
export function dipoleForStorage(parsed: Pick<XtbParsedOutput, 'dipoleAu' | 'dipoleMagnitudeDebye' | 'finalAtoms'>, charge: number): StoredDipole | null {
  const mu = parsed.dipoleAu;
  if (!mu) return null;
  if (charge === 0) {
    const [x, y, z] = mu.map((v) => v * DEBYE_PER_AU) as Vec3;
    return { xDebye: x, yDebye: y, zDebye: z, magnitudeDebye: parsed.dipoleMagnitudeDebye ?? Math.hypot(x, y, z), reference: 'origin_independent' };
  }
  if (!parsed.finalAtoms || parsed.finalAtoms.length === 0) return null;
  const com = centreOfMassAngstrom(parsed.finalAtoms).map((c) => c / BOHR_IN_ANGSTROM);
  const [x, y, z] = [mu[0] - charge * com[0]!, mu[1] - charge * com[1]!, mu[2] - charge * com[2]!].map((v) => v * DEBYE_PER_AU) as Vec3;
  return { xDebye: x, yDebye: y, zDebye: z, magnitudeDebye: Math.hypot(x, y, z), reference: 'centre_of_mass' };
}

export type StationaryPoint = 'minimum' | 'saddle_point' | 'not_stationary';

export interface StoredVibrationalMode {
  wavenumberCm1: number;
  irIntensityKmMol: number | null;
  reducedMassAmu: number | null;
  /** By xtb's convention (below −20 cm⁻¹). */
  imaginary: boolean;
  /** Normal coordinate per atom (Å-frame of the final geometry), 2 decimals; null when g98.out was missing. */
  displacements: Vec3[] | null;
}

export interface StoredTrajectoryStep {
  step: number;
  energyEh: number;
  gradientNormEhPerBohr: number;
}

export interface StoredXtbResults {
  /** Full precision from xtbout.json (8 decimals) where it agrees with the printed table. */
  homoEv: number | null;
  lumoEv: number | null;
  gapEv: number | null;
  dipole: StoredDipole | null;
  /** null when no frequencies were computed. */
  imaginaryModeCount: number | null;
  /** null when no frequencies were computed. */
  stationaryPoint: StationaryPoint | null;
  convergenceStatus: 'converged' | 'not_converged' | 'not_applicable';
  warnings: XtbWarning[];
  vibrationalModes: StoredVibrationalMode[] | null;
  trajectory: StoredTrajectoryStep[] | null;
  /** Multi-frame XYZ of the optimisation (thinned to at most MAX_TRAJECTORY_FRAMES frames). */
  trajectoryXyz: string | null;
  /** xtbhess.xyz: the geometry distorted along the imaginary modes, to optimise further from. */
  hessianDisplacedXyz: string | null;
}

export const MAX_TRAJECTORY_FRAMES = 200;

function thinned<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  // Evenly spaced, always the first and the last frame.
  return Array.from({ length: max }, (_, k) => items[Math.round((k * (items.length - 1)) / (max - 1))]!);
}

export interface StoredResultsContext {
  task: XtbTask;
  method: XtbMethod;
  /** Net charge of the calculation (e). */
  charge: number;
  /** Electronic temperature the user asked for and the one the successful attempt used (K). */
  requestedEtemp: number;
  usedEtemp: number;
}

/** Everything the store step writes beyond the raw parsed numbers. */
export function storedXtbResults(parsed: XtbParsedOutput, ctx: StoredResultsContext): StoredXtbResults {
  const warnings = xtbWarnings(parsed, ctx);
  if (ctx.usedEtemp > ctx.requestedEtemp) {
    warnings.push({
      code: 'RAISED_ETEMP',
      message:
        `The SCC converged only after the electronic temperature was raised to ${ctx.usedEtemp} K (requested ${ctx.requestedEtemp} K). ` +
        `The stronger Fermi smearing changes energies and orbital occupations; compare with results at the same temperature only.`,
    });
  }
  const imaginaryModeCount = countImaginaryModes(parsed.vibrations);
  const stationaryPoint: StationaryPoint | null =
    imaginaryModeCount === null ? null : parsed.hessian.notStationary ? 'not_stationary' : imaginaryModeCount > 0 ? 'saddle_point' : 'minimum';
  // A Hessian at a non-stationary geometry: the geometry is not converged, whatever the SCF did.
  const convergenceStatus = parsed.hessian.notStationary
    ? 'not_converged'
    : taskOptimises(ctx.task)
      ? 'converged'
      : ctx.method === 'gfnff'
        ? 'not_applicable'
        : 'converged';
  const vibrationalModes =
    parsed.vibrations?.map((v, i) => ({
      wavenumberCm1: v.wavenumberCm1,
      irIntensityKmMol: v.irIntensityKmMol,
      reducedMassAmu: v.reducedMassAmu,
      imaginary: isImaginaryMode(v.wavenumberCm1),
      displacements: parsed.normalModeDisplacements?.[i] ?? null,
    })) ?? null;
  const steps = parsed.optimizationTrajectory;
  return {
    homoEv: parsed.homoEv,
    lumoEv: parsed.lumoEv,
    gapEv: parsed.gapEv === null ? null : Math.max(0, parsed.gapEv),
    dipole: dipoleForStorage(parsed, ctx.charge),
    imaginaryModeCount,
    stationaryPoint,
    convergenceStatus,
    warnings,
    vibrationalModes,
    trajectory: steps?.map(({ step, energyEh, gradientNormEhPerBohr }) => ({ step, energyEh, gradientNormEhPerBohr })) ?? null,
    trajectoryXyz: steps
      ? thinned(steps, MAX_TRAJECTORY_FRAMES)
          .map((s) => formatXyz(s.atoms, `step ${s.step} energy ${s.energyEh} Eh gnorm ${s.gradientNormEhPerBohr} Eh/bohr`))
          .join('')
      : null,
    hessianDisplacedXyz: parsed.hessianDisplacedAtoms
      ? formatXyz(parsed.hessianDisplacedAtoms, 'distorted along the imaginary modes by xtb (xtbhess.xyz)')
      : null,
  };
}
