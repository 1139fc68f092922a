// Reads everything an xtb run leaves behind into one typed result. Units are in the field names:
// Eh (Hartree), eV, Debye, au (atomic units: e·bohr for dipoles), bohr, Å, cm⁻¹, km/mol.
// Parsers are forgiving (a missing file gives null) — whether the run succeeded is decided by
// classify-xtb-failure from these facts, not here.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { requireElement } from '../chem/elements.ts';
import { canonicalElement, parseXyzLastFrame, type XyzAtom } from './xyz-format.ts';

export type Vec3 = [number, number, number];

export const BOHR_IN_ANGSTROM = 0.52917721067;
/** xtb's conversion factor (mctc autod). */
export const DEBYE_PER_AU = 2.54174623;

export interface XtbOrbital {
  energyEv: number;
  occupation: number;
}

export interface XtbVibration {
  /** Harmonic wavenumber; negative values are imaginary modes. */
  wavenumberCm1: number;
  irIntensityKmMol: number | null;
  reducedMassAmu: number | null;
}

/** Rigid-rotor / harmonic-oscillator thermochemistry as xtb prints it (energies in Eh). */
export interface XtbThermochemistry {
  temperatureK: number;
  zeroPointEnergyEh: number | null;
  /** H(T): thermal enthalpy correction including the ZPE. */
  enthalpyCorrectionEh: number | null;
  /** T·S. */
  entropyTermEh: number | null;
  /** G(T) = H(T) − T·S ("G(RRHO) contrib."). */
  freeEnergyCorrectionEh: number | null;
  totalEnthalpyEh: number | null;
  totalFreeEnergyEh: number | null;
  entropyCalPerMolK: number | null;
  heatCapacityCalPerMolK: number | null;
  imaginaryFrequencyCount: number | null;
}

export interface XtbAtomResult {
  /** 0-based. */
  index: number;
  element: string;
  /** Final position in Å (optimised geometry when an optimisation ran). */
  x: number;
  y: number;
  z: number;
  /** Partial charge in e, null for methods that write none. */
  charge: number | null;
  /** −gradient in Eh/bohr at the final geometry. */
  force: Vec3 | null;
}

export interface XtbParsedOutput {
  xtbVersion: string | null;
  method: string | null;
  /** "normal termination of xtb" seen and "abnormal termination" not. */
  normalTermination: boolean;
  /** Fatal error lines xtb printed ("-1- scf: Self consistent charge iterator did not converge"). */
  errorMessages: string[];
  totalEnergyEh: number | null;
  electronicEnergyEh: number | null;
  gradientNormEhPerBohr: number | null;
  homoEv: number | null;
  lumoEv: number | null;
  gapEv: number | null;
  /** Dipole vector in atomic units (e·bohr), xtb's own unit. */
  dipoleAu: Vec3 | null;
  dipoleDebye: Vec3 | null;
  dipoleMagnitudeDebye: number | null;
  /** Every molecular orbital, lowest first. */
  orbitals: XtbOrbital[] | null;
  charges: number[] | null;
  /** Gradient dE/dx in Eh/bohr, per atom. */
  gradientEhPerBohr: Vec3[] | null;
  forcesEhPerBohr: Vec3[] | null;
  /** Positions (Å) the charges/forces belong to. */
  finalAtoms: XyzAtom[] | null;
  optimizedGeometry: XyzAtom[] | null;
  atoms: XtbAtomResult[];
  /** Real vibrations only (translations and rotations dropped). */
  vibrations: XtbVibration[] | null;
  /** Normal coordinates from g98.out, one per vibration (same order), per atom; null when not written. */
  normalModeDisplacements: Vec3[][] | null;
  thermochemistry: XtbThermochemistry | null;
  /** Numerical Hessian: whether it ran and whether xtb found the geometry not a stationary point. */
  hessian: { ran: boolean; notStationary: boolean; rmsGradientEhPerBohr: number | null };
  /** Point group xtb used for the thermochemistry ("c2v", "Dinfh"); null when none was printed. */
  pointGroup: string | null;
  /** Energy, gradient norm and geometry per optimisation cycle (xtbopt.log); null without an optimisation. */
  optimizationTrajectory: XtbOptimizationStep[] | null;
  /**
   * xtbhess.xyz: the geometry displaced along the imaginary modes, which xtb writes "for further
   * optimization" when it finds significant imaginary frequencies.
   */
  hessianDisplacedAtoms: XyzAtom[] | null;
  /** SCC iterations of the last single point; null for GFN-FF (no SCF). */
  scfIterations: number | null;
  /** false when the SCC did not converge, null when no SCC ran or nothing was printed. */
  scfConverged: boolean | null;
  optimization: { ran: boolean; converged: boolean | null; cycles: number | null };
  /** xtb's own timing of the whole run, seconds. */
  xtbWallTimeS: number | null;
  xtbCpuTimeS: number | null;
  files: {
    json: boolean;
    sccNotConverged: boolean;
    xtbOptOk: boolean;
    gradient: boolean;
    engrad: boolean;
    xtbopt: boolean;
    charges: boolean;
    vibspectrum: boolean;
    g98: boolean;
  };
  warnings: string[];
}

/** The files of a work directory, as text (absent → undefined). */
export interface XtbOutputFiles {
  json?: string;
  gradient?: string;
  engrad?: string;
  xtbopt?: string;
  charges?: string;
  gfnffCharges?: string;
  vibspectrum?: string;
  g98?: string;
  /** xtbopt.log: every optimisation cycle's geometry, energy and gradient norm. */
  xtboptLog?: string;
  /** xtbhess.xyz: geometry distorted along the imaginary modes. */
  xtbhess?: string;
  sccNotConverged?: boolean;
  xtbOptOk?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Small readers

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][-+]?\d+)?`;

function toNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text.replace(/[dD]/, 'e'));
  return Number.isFinite(value) ? value : null;
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | null {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  let last: RegExpExecArray | null = null;
  for (let m = global.exec(text); m !== null; m = global.exec(text)) {
    last = m;
    if (m[0].length === 0) global.lastIndex += 1;
  }
  return last;
}

function vec3(values: readonly unknown[] | null | undefined): Vec3 | null {
  if (!values || values.length !== 3 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  return [values[0] as number, values[1] as number, values[2] as number];
}

function numberArray(value: unknown): number[] | null {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  return value as number[];
}

// ---------------------------------------------------------------------------------------------
// xtbout.json

export interface XtbJsonData {
  totalEnergyEh: number | null;
  electronicEnergyEh: number | null;
  gapEv: number | null;
  dipoleAu: Vec3 | null;
  charges: number[] | null;
  orbitalEnergiesEv: number[] | null;
  occupations: number[] | null;
  frequenciesCm1: number[] | null;
  irIntensitiesKmMol: number[] | null;
  reducedMassesAmu: number[] | null;
  totalEnthalpyEh: number | null;
  totalFreeEnergyEh: number | null;
  unpairedElectrons: number | null;
  method: string | null;
  xtbVersion: string | null;
}

// xtb 6.5 writes "HOMO-LUMO gap/eV", xtb ≥ 6.6 "HOMO-LUMO gap / eV" (likewise "dipole" vs
// "dipole / a.u.", "IR intensities/amu" vs "IR intensities / km/mol"): keys are compared in a form
// with the unit suffix removed.
function normaliseJsonKey(key: string): string {
  return key
    .toLowerCase()
    .replace(/\s*\/.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Parses xtbout.json of xtb 6.x in either spelling; null when the text is no JSON object. */
export function parseXtbJson(text: string): XtbJsonData | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Fortran writes "*****" for overflowing fields and some versions a trailing comma.
    const repaired = text
      .replace(/-?\*{3,}/g, 'null')
      .replace(/\bNaN\b|-?\bInfinity\b/gi, 'null')
      .replace(/,(\s*[}\]])/g, '$1');
    try {
      raw = JSON.parse(repaired);
    } catch {
      return null;
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const byKey = new Map<string, unknown>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) byKey.set(normaliseJsonKey(key), value);
  const num = (key: string) => {
    const v = byKey.get(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const str = (key: string) => {
    const v = byKey.get(key);
    return typeof v === 'string' ? v : null;
  };
  return {
    totalEnergyEh: num('total energy'),
    electronicEnergyEh: num('electronic energy'),
    gapEv: num('homo-lumo gap'),
    dipoleAu: vec3(numberArray(byKey.get('dipole'))),
    charges: numberArray(byKey.get('partial charges')),
    orbitalEnergiesEv: numberArray(byKey.get('orbital energies')),
    occupations: numberArray(byKey.get('fractional occupation')) ?? numberArray(byKey.get('occupation numbers')),
    frequenciesCm1: numberArray(byKey.get('vibrational frequencies')),
    irIntensitiesKmMol: numberArray(byKey.get('ir intensities')),
    reducedMassesAmu: numberArray(byKey.get('reduced masses')),
    totalEnthalpyEh: num('total enthalpy'),
    totalFreeEnergyEh: num('total free energy'),
    unpairedElectrons: num('number of unpaired electrons'),
    method: str('method'),
    xtbVersion: str('xtb version'),
  };
}

// ---------------------------------------------------------------------------------------------
// stdout

export interface XtbStdoutData {
  xtbVersion: string | null;
  totalEnergyEh: number | null;
  gradientNormEhPerBohr: number | null;
  /** From the orbital table: 4 decimals. */
  homoEv: number | null;
  lumoEv: number | null;
  /** 1-based orbital numbers of the rows marked (HOMO) and (LUMO). */
  homoIndex: number | null;
  lumoIndex: number | null;
  gapEv: number | null;
  /** As printed (GFN2: 3 decimals, GFN1: 4 decimals) in au, magnitude in Debye. */
  dipoleAu: Vec3 | null;
  dipoleMagnitudeDebye: number | null;
  /** Decimals of the printed dipole components (tells how closely xtbout.json must agree). */
  dipoleDecimals: number | null;
  orbitals: { index: number; occupation: number; energyEv: number }[];
  /** A numerical Hessian (frequencies) was computed. */
  hessianRan: boolean;
  /** RMS gradient xtb printed before the Hessian (Eh/bohr). */
  hessianRmsGradientEhPerBohr: number | null;
  /** xtb warned that the Hessian was computed on a geometry that is not a stationary point. */
  hessianNotStationary: boolean;
  /** Point group xtb found for the thermochemistry ("c2v", "Dinfh", ...). */
  pointGroup: string | null;
  scfIterations: number | null;
  scfConverged: boolean | null;
  optimizationRan: boolean;
  optimizationConverged: boolean | null;
  optimizationCycles: number | null;
  wallTimeS: number | null;
  cpuTimeS: number | null;
  thermochemistry: XtbThermochemistry | null;
  errorMessages: string[];
}

function durationSeconds(m: RegExpExecArray, offset: number): number {
  return ((Number(m[offset]) * 24 + Number(m[offset + 1])) * 60 + Number(m[offset + 2])) * 60 + Number(m[offset + 3]);
}

function parseThermochemistry(stdout: string): XtbThermochemistry | null {
  const start = stdout.lastIndexOf('Thermodynamic Functions');
  if (start < 0) return null;
  const section = stdout.slice(start);
  const boxValue = (label: string) => {
    const m = new RegExp(String.raw`::\s*${label}\s+(${NUMBER})\s+Eh`).exec(section);
    return toNumber(m?.[1]);
  };
  // "T/K  H(0)-H(T)+PV  H(T)/Eh  T*S/Eh  G(T)/Eh" table: prefer the 298.15 K row.
  const rows: number[][] = [];
  const tableStart = section.indexOf('H(0)-H(T)+PV');
  if (tableStart >= 0) {
    for (const line of section.slice(tableStart).split('\n').slice(1, 40)) {
      const parts = line.trim().split(/\s+/);
      if (parts.length === 5 && parts.every((p) => toNumber(p) !== null)) rows.push(parts.map((p) => toNumber(p)!));
      else if (rows.length > 0 && !/^-+$/.test(line.trim())) break;
    }
  }
  const row = rows.find((r) => Math.abs(r[0]! - 298.15) < 1e-6) ?? rows[0];
  const tot = /^\s*TOT\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/m.exec(section);
  const imaginary = /#\s*imaginary freq\.\s+(\d+)/.exec(stdout);
  const totalEnthalpy = /\|\s*TOTAL ENTHALPY\s+(\S+)\s+Eh/.exec(stdout);
  const totalFreeEnergy = /\|\s*TOTAL FREE ENERGY\s+(\S+)\s+Eh/.exec(stdout);
  const zpe = boxValue('zero point energy');
  const gContribution = boxValue(String.raw`G\(RRHO\) contrib\.`);
  return {
    temperatureK: row?.[0] ?? 298.15,
    zeroPointEnergyEh: zpe,
    enthalpyCorrectionEh: row?.[2] ?? null,
    entropyTermEh: row?.[3] ?? null,
    freeEnergyCorrectionEh: row?.[4] ?? gContribution,
    totalEnthalpyEh: toNumber(totalEnthalpy?.[1]),
    totalFreeEnergyEh: toNumber(totalFreeEnergy?.[1]) ?? boxValue('total free energy'),
    entropyCalPerMolK: toNumber(tot?.[3]),
    heatCapacityCalPerMolK: toNumber(tot?.[2]),
    imaginaryFrequencyCount: imaginary ? Number(imaginary[1]) : null,
  };
}

/** Parses xtb's standard output (6.x layout). */
export function parseXtbStdout(stdout: string): XtbStdoutData {
  const version = /\*\s*xtb version\s+(\S+(?:\s+\([^)]*\))?)/.exec(stdout);
  const totalEnergy =
    lastMatch(stdout, new RegExp(String.raw`\|\s*TOTAL ENERGY\s+(${NUMBER})\s+Eh`)) ??
    lastMatch(stdout, new RegExp(String.raw`::\s*total energy\s+(${NUMBER})\s+Eh`));
  const gradientNorm =
    lastMatch(stdout, new RegExp(String.raw`\|\s*GRADIENT NORM\s+(${NUMBER})\s+Eh`)) ??
    lastMatch(stdout, new RegExp(String.raw`::\s*gradient norm\s+(${NUMBER})\s+Eh`));
  const gap =
    lastMatch(stdout, new RegExp(String.raw`\|\s*HOMO-LUMO GAP\s+(${NUMBER})\s+eV`)) ??
    lastMatch(stdout, new RegExp(String.raw`HL-Gap\s+${NUMBER}\s+Eh\s+(${NUMBER})\s+eV`));

  // The last orbital table is the final one; xtb elides its middle rows with "...".
  const orbitals: XtbStdoutData['orbitals'] = [];
  let homoEv: number | null = null;
  let lumoEv: number | null = null;
  let homoIndex: number | null = null;
  let lumoIndex: number | null = null;
  const tableHeader = stdout.lastIndexOf('#    Occupation            Energy/Eh            Energy/eV');
  if (tableHeader >= 0) {
    const lines = stdout.slice(tableHeader).split('\n').slice(2);
    for (const line of lines) {
      if (/^\s*-{10,}/.test(line)) break;
      const m = new RegExp(String.raw`^\s*(\d+)\s+(?:(${NUMBER})\s+)?(${NUMBER})\s+(${NUMBER})\s*(\((HOMO|LUMO)\))?`).exec(line);
      if (!m) continue;
      const energyEv = Number(m[4]);
      orbitals.push({ index: Number(m[1]), occupation: m[2] ? Number(m[2]) : 0, energyEv });
      if (m[6] === 'HOMO') [homoEv, homoIndex] = [energyEv, Number(m[1])];
      if (m[6] === 'LUMO') [lumoEv, lumoIndex] = [energyEv, Number(m[1])];
    }
  }

  // GFN2 prints a "molecular dipole:" table (its "full:" row, 3 decimals in au), GFN1 a "dipole
  // moment from electron density (au)" block (4 decimals); GFN-FF prints none. The last one printed
  // belongs to the final geometry.
  let dipoleAu: Vec3 | null = null;
  let dipoleMagnitudeDebye: number | null = null;
  let dipoleDecimals: number | null = null;
  const gfn2Dipole = lastMatch(
    stdout,
    new RegExp(String.raw`molecular dipole:[^\n]*\n[^\n]*\n\s*q only:[^\n]*\n\s*full:\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})`),
  );
  const gfn1Dipole = lastMatch(
    stdout,
    new RegExp(
      String.raw`dipole moment from electron density \(au\)\s*\n\s*X\s+Y\s+Z\s*\n\s*(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+total \(Debye\):\s+(${NUMBER})`,
    ),
  );
  const dipole = gfn2Dipole && (!gfn1Dipole || gfn2Dipole.index > gfn1Dipole.index) ? gfn2Dipole : gfn1Dipole;
  if (dipole) {
    dipoleAu = [Number(dipole[1]), Number(dipole[2]), Number(dipole[3])];
    dipoleMagnitudeDebye = Number(dipole[4]);
    dipoleDecimals = dipole[1]!.split('.')[1]?.length ?? 0;
  }

  // "Numerical Hessian" header → a frequency calculation ran; its "RMS gradient" line carries
  // "!! INCOMPLETELY OPTIMIZED GEOMETRY !!" and the run ends with "-1- hessian_numhess: Hessian on
  // incompletely optimized geometry!" when the structure is not a stationary point.
  const hessianRan = /\|\s*Numerical Hessian\s*\|/.test(stdout);
  const rmsGradient = lastMatch(stdout, new RegExp(String.raw`^RMS gradient\s*:\s*(${NUMBER})`, 'm'));
  const hessianNotStationary = /INCOMPLETELY OPTIMIZED GEOMETRY|Hessian on incompletely optimized geometry/i.test(stdout);
  const pointGroup = lastMatch(stdout, /It seems to be the (\S+) point group/);

  const scf = lastMatch(stdout, /convergence criteria (satisfied after|cannot be satisfied within)\s+(\d+)\s+iterations/);
  const optConverged = lastMatch(stdout, /GEOMETRY OPTIMIZATION CONVERGED AFTER\s+(\d+)\s+ITERATIONS/);
  const optFailed = lastMatch(stdout, /FAILED TO CONVERGE GEOMETRY OPTIMIZATION(?:\s+IN\s+(\d+)\s+ITERATIONS)?/);
  const optimizationRan = /A N C O P T|optimization level/.test(stdout) || optConverged !== null || optFailed !== null;
  const cycleHeaders = stdout.match(/\.{5,}\s*CYCLE\s+\d+\s*\.{5,}/g)?.length ?? 0;
  let optimizationConverged: boolean | null = null;
  let optimizationCycles: number | null = cycleHeaders > 0 ? cycleHeaders : null;
  // Only the CONVERGED line proves convergence: a run stopped by its cycle limit also says
  // "normal termination" and writes .xtboptok (xtb 6.5.1).
  if (optFailed && (!optConverged || optFailed.index > optConverged.index)) {
    optimizationConverged = false;
    if (optFailed[1]) optimizationCycles = Number(optFailed[1]);
  } else if (optConverged) {
    optimizationConverged = true;
    optimizationCycles = Number(optConverged[1]);
  } else if (optimizationRan) {
    optimizationConverged = false;
  }

  const timing =
    /\btotal:\s*\n\s*\*\s*wall-time:\s*(\d+)\s*d,\s*(\d+)\s*h,\s*(\d+)\s*min,\s*([\d.]+)\s*sec\s*\n\s*\*\s*cpu-time:\s*(\d+)\s*d,\s*(\d+)\s*h,\s*(\d+)\s*min,\s*([\d.]+)\s*sec/.exec(
      stdout,
    );

  const errorMessages: string[] = [];
  for (const m of stdout.matchAll(/^\s*-\d+-\s*(.+)$/gm)) errorMessages.push(m[1]!.trim());

  return {
    xtbVersion: version ? version[1]!.trim() : null,
    totalEnergyEh: toNumber(totalEnergy?.[1]),
    gradientNormEhPerBohr: toNumber(gradientNorm?.[1]),
    homoEv,
    lumoEv,
    homoIndex,
    lumoIndex,
    gapEv: toNumber(gap?.[1]),
    dipoleAu,
    dipoleMagnitudeDebye,
    dipoleDecimals,
    orbitals,
    hessianRan,
    hessianRmsGradientEhPerBohr: toNumber(rmsGradient?.[1]),
    hessianNotStationary,
    pointGroup: pointGroup?.[1] ?? null,
    scfIterations: scf ? Number(scf[2]) : null,
    scfConverged: scf ? scf[1] === 'satisfied after' : null,
    optimizationRan,
    optimizationConverged,
    optimizationCycles,
    wallTimeS: timing ? durationSeconds(timing, 1) : null,
    cpuTimeS: timing ? durationSeconds(timing, 5) : null,
    thermochemistry: parseThermochemistry(stdout),
    errorMessages,
  };
}

// ---------------------------------------------------------------------------------------------
// gradient files, charges, frequencies

export interface XtbGradientData {
  energyEh: number | null;
  /** Positions in bohr, with element symbols. */
  atoms: { element: string; xyzBohr: Vec3 }[];
  gradientEhPerBohr: Vec3[];
}

/** Turbomole `gradient` file: the last "cycle" of the $grad group. */
export function parseTurbomoleGradient(text: string): XtbGradientData | null {
  const start = text.lastIndexOf('cycle =');
  if (start < 0) return null;
  const lines = text.slice(start).split(/\r?\n/);
  const energy = new RegExp(String.raw`SCF energy\s*=\s*(${NUMBER})`).exec(lines[0] ?? '');
  const atoms: XtbGradientData['atoms'] = [];
  const gradient: Vec3[] = [];
  for (const line of lines.slice(1)) {
    const parts = line.trim().split(/\s+/);
    if (parts[0]?.startsWith('$')) break;
    if (parts.length === 4 && toNumber(parts[0]) !== null && toNumber(parts[3]) === null) {
      atoms.push({ element: canonicalElement(parts[3]!) ?? parts[3]!, xyzBohr: [toNumber(parts[0])!, toNumber(parts[1])!, toNumber(parts[2])!] });
    } else if (parts.length === 3) {
      const v = vec3(parts.map(toNumber));
      if (v) gradient.push(v);
    }
  }
  if (atoms.length === 0 || gradient.length !== atoms.length) return null;
  return { energyEh: toNumber(energy?.[1]), atoms, gradientEhPerBohr: gradient };
}

/** ORCA-style `.engrad` file xtb writes next to the input with --grad. */
export function parseEngrad(text: string): XtbGradientData | null {
  const values = text
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#') && line.trim() !== '')
    .map((line) => line.trim());
  const count = Number(values[0]);
  if (!Number.isInteger(count) || count <= 0 || values.length < 2 + 3 * count + count) return null;
  const energy = toNumber(values[1]);
  const gradient: Vec3[] = [];
  for (let i = 0; i < count; i += 1) {
    const v = vec3([toNumber(values[2 + 3 * i]), toNumber(values[3 + 3 * i]), toNumber(values[4 + 3 * i])]);
    if (!v) return null;
    gradient.push(v);
  }
  const atoms: XtbGradientData['atoms'] = [];
  for (let i = 0; i < count; i += 1) {
    const parts = (values[2 + 3 * count + i] ?? '').split(/\s+/).map(toNumber);
    const xyz = vec3(parts.slice(1, 4));
    if (parts[0] === null || parts[0] === undefined || !xyz) return null;
    atoms.push({ element: requireElement(parts[0]).symbol, xyzBohr: xyz });
  }
  return { energyEh: energy, atoms, gradientEhPerBohr: gradient };
}

/** `charges` / `gfnff_charges`: one partial charge per line. */
export function parseChargesFile(text: string): number[] | null {
  const values = text.split(/\s+/).filter(Boolean).map(toNumber);
  return values.length > 0 && values.every((v) => v !== null) ? (values as number[]) : null;
}

/** Turbomole-style `vibspectrum`: keeps vibrations (rows with a symmetry label), drops translations/rotations. */
export function parseVibspectrum(text: string): XtbVibration[] | null {
  const start = text.indexOf('$vibrational spectrum');
  if (start < 0) return null;
  const vibrations: XtbVibration[] = [];
  for (const line of text.slice(start).split(/\r?\n/).slice(1)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('$')) break;
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const parts = trimmed.split(/\s+/);
    // "7  a  1442.93  196.31845  YES  YES" vs "1  -0.00  0.00000  -  -" (no symmetry: not a vibration)
    if (parts.length >= 6 && toNumber(parts[1]) === null) {
      const wavenumber = toNumber(parts[2]);
      if (wavenumber === null) continue;
      vibrations.push({ wavenumberCm1: wavenumber, irIntensityKmMol: toNumber(parts[3]), reducedMassAmu: null });
    }
  }
  return vibrations;
}

export interface XtbNormalModes {
  vibrations: XtbVibration[];
  /** Per vibration, per atom: the normal coordinate (Cartesian displacement) as g98.out prints it, 2 decimals. */
  displacements: Vec3[][];
}

/**
 * Gaussian-98-style `g98.out`: frequencies (4 decimals), reduced masses, IR intensities and the
 * normal coordinates of the vibrations, in the frame of the final geometry.
 */
export function parseG98NormalModes(text: string): XtbNormalModes | null {
  const lines = text.split(/\r?\n/);
  const vibrations: XtbVibration[] = [];
  const displacements: Vec3[][] = [];
  const row = (line: string, label: string) => {
    const m = new RegExp(String.raw`^\s*${label}\s*--(.*)$`).exec(line);
    return m ? m[1]!.trim().split(/\s+/).map(toNumber) : null;
  };
  let i = 0;
  while (i < lines.length) {
    const frequencies = row(lines[i]!, 'Frequencies');
    if (!frequencies) {
      i += 1;
      continue;
    }
    let masses: (number | null)[] = [];
    let intensities: (number | null)[] = [];
    const block: Vec3[][] = frequencies.map(() => []);
    i += 1;
    for (; i < lines.length && !row(lines[i]!, 'Frequencies'); i += 1) {
      const line = lines[i]!;
      masses = row(line, String.raw`Red\. masses`) ?? masses;
      intensities = row(line, 'IR Inten') ?? intensities;
      const parts = line.trim().split(/\s+/);
      // "   2   1    -0.04  -0.00   0.00    0.57   0.35  -0.00" (atom, Z, then x y z per mode)
      if (/^\d+$/.test(parts[0] ?? '') && /^\d+$/.test(parts[1] ?? '') && parts.length === 2 + 3 * frequencies.length) {
        const values = parts.slice(2).map(toNumber);
        frequencies.forEach((_, k) => {
          const v = vec3(values.slice(3 * k, 3 * k + 3));
          if (v) block[k]!.push(v);
        });
      }
    }
    frequencies.forEach((f, k) => {
      if (f === null) return;
      vibrations.push({ wavenumberCm1: f, irIntensityKmMol: intensities[k] ?? null, reducedMassAmu: masses[k] ?? null });
      displacements.push(block[k]!);
    });
  }
  return vibrations.length > 0 ? { vibrations, displacements } : null;
}

/** Gaussian-98-style `g98.out`: frequencies, reduced masses and IR intensities of the vibrations. */
export function parseG98Frequencies(text: string): XtbVibration[] | null {
  return parseG98NormalModes(text)?.vibrations ?? null;
}

export interface XtbOptimizationStep {
  /** 1-based optimisation cycle. */
  step: number;
  energyEh: number;
  gradientNormEhPerBohr: number;
  atoms: XyzAtom[];
}

/**
 * `xtbopt.log`: one XYZ frame per optimisation cycle, its comment line
 * " energy: -14.271838843496 gnorm: 0.064737559391 xtb: 6.5.1 (unknown)".
 */
export function parseXtbOptLog(text: string): XtbOptimizationStep[] | null {
  const lines = text.split(/\r?\n/);
  const steps: XtbOptimizationStep[] = [];
  let i = 0;
  while (i < lines.length) {
    const count = Number(lines[i]!.trim());
    if (!/^\d+$/.test(lines[i]!.trim()) || count === 0) {
      i += 1;
      continue;
    }
    const comment = new RegExp(String.raw`energy:\s*(${NUMBER})\s+gnorm:\s*(${NUMBER})`).exec(lines[i + 1] ?? '');
    const frame = parseXyzLastFrame(lines.slice(i, i + 2 + count).join('\n'));
    const energyEh = toNumber(comment?.[1]);
    const gradientNormEhPerBohr = toNumber(comment?.[2]);
    if (!frame || frame.length !== count || energyEh === null || gradientNormEhPerBohr === null) break;
    steps.push({ step: steps.length + 1, energyEh, gradientNormEhPerBohr, atoms: frame });
    i += 2 + count;
  }
  return steps.length > 0 ? steps : null;
}

/**
 * How many vibrations a structure has: none for a single atom, 3N−5 for a linear molecule (all
 * atoms within 0.01 Å of one line), 3N−6 otherwise.
 */
export function vibrationalDegreesOfFreedom(atoms: readonly XyzAtom[]): number {
  const n = atoms.length;
  if (n <= 1) return 0;
  const [a, b] = atoms as [XyzAtom, XyzAtom];
  const axis: Vec3 = [b.x - a.x, b.y - a.y, b.z - a.z];
  const length = norm(axis);
  const linear =
    length > 0 &&
    atoms.every((p) => {
      const d: Vec3 = [p.x - a.x, p.y - a.y, p.z - a.z];
      const cross: Vec3 = [d[1] * axis[2] - d[2] * axis[1], d[2] * axis[0] - d[0] * axis[2], d[0] * axis[1] - d[1] * axis[0]];
      return norm(cross) / length < 0.01;
    });
  return 3 * n - (linear ? 5 : 6);
}

/** Indices (in order) of the `expected` modes with the largest |wavenumber|: the others are translations or rotations. */
function genuineVibrationIndices(wavenumbers: readonly number[], expected: number): number[] {
  if (wavenumbers.length <= expected) return wavenumbers.map((_, i) => i);
  const bySize = wavenumbers.map((w, i) => ({ w: Math.abs(w), i })).sort((x, y) => y.w - x.w);
  return bySize
    .slice(0, Math.max(0, expected))
    .map((x) => x.i)
    .sort((x, y) => x - y);
}

// ---------------------------------------------------------------------------------------------
// Putting it together

function norm(v: Vec3): number {
  return Math.hypot(v[0], v[1], v[2]);
}

/** Combines the files, stdout and stderr of one run (pure; see readXtbOutput for the file reading). */
export function parseXtbOutputFiles(files: XtbOutputFiles, stdout: string, stderr = '', inputAtoms: readonly XyzAtom[] | null = null): XtbParsedOutput {
  const warnings: string[] = [];
  const out = parseXtbStdout(stdout);
  const json = files.json !== undefined ? parseXtbJson(files.json) : null;
  if (files.json !== undefined && json === null) warnings.push('xtbout.json could not be read');

  const gradientData =
    (files.gradient !== undefined ? parseTurbomoleGradient(files.gradient) : null) ?? (files.engrad !== undefined ? parseEngrad(files.engrad) : null);
  const optimizedGeometry = files.xtbopt !== undefined ? parseXyzLastFrame(files.xtbopt) : null;

  const finalAtoms: XyzAtom[] | null =
    optimizedGeometry ??
    (gradientData
      ? gradientData.atoms.map((a) => ({
          element: a.element,
          x: a.xyzBohr[0] * BOHR_IN_ANGSTROM,
          y: a.xyzBohr[1] * BOHR_IN_ANGSTROM,
          z: a.xyzBohr[2] * BOHR_IN_ANGSTROM,
        }))
      : inputAtoms
        ? [...inputAtoms]
        : null);

  const atomCount = finalAtoms?.length ?? null;
  const fitsAtoms = <T>(values: T[] | null | undefined, what: string): T[] | null => {
    if (!values) return null;
    if (atomCount !== null && values.length !== atomCount) {
      warnings.push(`${what} has ${values.length} entries for ${atomCount} atoms; ignored`);
      return null;
    }
    return values;
  };

  const charges = fitsAtoms(
    (files.charges !== undefined ? parseChargesFile(files.charges) : null) ??
      json?.charges ??
      (files.gfnffCharges !== undefined ? parseChargesFile(files.gfnffCharges) : null),
    'charges',
  );
  const gradient = fitsAtoms(gradientData?.gradientEhPerBohr, 'gradient');
  const forces = gradient ? gradient.map((g) => [-g[0], -g[1], -g[2]] as Vec3) : null;

  // Total energy: stdout prints 12 decimals, JSON 8; both are the same number.
  const totalEnergyEh = out.totalEnergyEh ?? json?.totalEnergyEh ?? gradientData?.energyEh ?? null;

  // Dipole: xtb 6.5.1's xtbout.json holds the dipole of the INPUT structure after an optimisation
  // and of a displaced structure after a Hessian, so there only the printed one is the final
  // geometry's. After a single point the JSON lends its 8 decimals when it agrees with the printout.
  let dipoleAu: Vec3 | null = out.dipoleAu;
  const jsonDipoleIsFinal = !out.optimizationRan && !out.hessianRan && files.xtbopt === undefined;
  if (jsonDipoleIsFinal && json?.dipoleAu) {
    const tolerance = 0.5 * 10 ** -(out.dipoleDecimals ?? 3) + 1e-9;
    if (!dipoleAu || dipoleAu.every((v, i) => Math.abs(v - json.dipoleAu![i]!) <= tolerance)) dipoleAu = json.dipoleAu;
  }
  const dipoleDebye = dipoleAu ? (dipoleAu.map((v) => v * DEBYE_PER_AU) as Vec3) : null;
  // The printed magnitude is xtb's full-precision value rounded to 3 decimals; a norm of the printed
  // (rounded) components can be 0.002 D off it. JSON components are precise enough to use their norm.
  const dipoleMagnitudeDebye = dipoleDebye && (dipoleAu !== out.dipoleAu || out.dipoleMagnitudeDebye === null) ? norm(dipoleDebye) : out.dipoleMagnitudeDebye;

  let orbitals: XtbOrbital[] | null = null;
  if (json?.orbitalEnergiesEv && json.occupations && json.orbitalEnergiesEv.length === json.occupations.length) {
    orbitals = json.orbitalEnergiesEv.map((energyEv, i) => ({ energyEv, occupation: json.occupations![i]! }));
  } else if (out.orbitals.length > 0 && out.orbitals.length === out.orbitals.at(-1)!.index) {
    orbitals = out.orbitals.map((o) => ({ energyEv: o.energyEv, occupation: o.occupation }));
  }

  // HOMO/LUMO: the table prints 4 decimals, xtbout.json 8 (its orbital list is the final
  // geometry's). The table's (HOMO)/(LUMO) rows say which orbital; the JSON must agree to the table's rounding.
  const precise = (index: number | null, printed: number | null): number | null => {
    const value = index !== null ? orbitals?.[index - 1]?.energyEv : undefined;
    if (value === undefined || printed === null) return printed;
    return Math.abs(value - printed) <= 0.00005 + 1e-9 ? value : printed;
  };
  let homoEv = precise(out.homoIndex, out.homoEv);
  let lumoEv = precise(out.lumoIndex, out.lumoEv);
  if ((homoEv === null || lumoEv === null) && orbitals) {
    const occupied = orbitals.filter((o) => o.occupation > 1e-6);
    const virtual = orbitals.filter((o) => o.occupation <= 1e-6);
    homoEv ??= occupied.at(-1)?.energyEv ?? null;
    lumoEv ??= virtual[0]?.energyEv ?? null;
  }

  // Frequencies: g98.out has 4 decimals, reduced masses and the normal coordinates; vibspectrum
  // 2 decimals but IR intensities to 5. Both list the same vibrations in the same order.
  const g98 = files.g98 !== undefined ? parseG98NormalModes(files.g98) : null;
  const vibspectrum = files.vibspectrum !== undefined ? parseVibspectrum(files.vibspectrum) : null;
  let vibrations: XtbVibration[] | null = null;
  let normalModeDisplacements: Vec3[][] | null = null;
  if (g98) {
    const sameModes = vibspectrum?.length === g98.vibrations.length;
    vibrations = g98.vibrations.map((v, i) => ({ ...v, irIntensityKmMol: (sameModes ? vibspectrum[i]!.irIntensityKmMol : null) ?? v.irIntensityKmMol }));
    const perAtom = atomCount ?? g98.displacements[0]?.length;
    normalModeDisplacements = g98.displacements.every((d) => d.length === perAtom) ? g98.displacements : null;
  } else if (vibspectrum) {
    vibrations = vibspectrum;
  } else if (json?.frequenciesCm1) {
    vibrations = json.frequenciesCm1.flatMap((f, i) =>
      Math.abs(f) < 0.01
        ? []
        : [{ wavenumberCm1: f, irIntensityKmMol: json.irIntensitiesKmMol?.[i] ?? null, reducedMassAmu: json.reducedMassesAmu?.[i] ?? null }],
    );
  }

  // xtb 6.5.1 lists a single atom's three translations as vibrations (argon: "3 modes at
  // 0.16 cm⁻¹"); a molecule has exactly 3N−6 vibrations (3N−5 when linear, none for one atom), so
  // anything beyond that is a translation or rotation left over and is dropped, smallest first.
  if (vibrations && finalAtoms) {
    const kept = genuineVibrationIndices(
      vibrations.map((v) => v.wavenumberCm1),
      vibrationalDegreesOfFreedom(finalAtoms),
    );
    if (kept.length < vibrations.length) {
      vibrations = kept.map((i) => vibrations![i]!);
      normalModeDisplacements = normalModeDisplacements ? kept.map((i) => normalModeDisplacements![i]!) : null;
    }
  }

  let thermochemistry = out.thermochemistry;
  if (thermochemistry && json) {
    thermochemistry = {
      ...thermochemistry,
      totalEnthalpyEh: thermochemistry.totalEnthalpyEh ?? json.totalEnthalpyEh,
      totalFreeEnergyEh: thermochemistry.totalFreeEnergyEh ?? json.totalFreeEnergyEh,
    };
  }

  const both = `${stdout}\n${stderr}`;
  const normalTermination = /(^|[^b])normal termination of xtb/m.test(both) && !/abnormal termination of xtb/.test(both);
  const errorMessages = [...new Set([...out.errorMessages, ...parseXtbStdout(stderr).errorMessages])];
  for (const m of both.matchAll(/Error allocating[^\n]*/g)) errorMessages.push(m[0].trim());

  let scfConverged = out.scfConverged;
  if (files.sccNotConverged) scfConverged = false;

  const atoms: XtbAtomResult[] = (finalAtoms ?? []).map((atom, index) => ({
    index,
    element: atom.element,
    x: atom.x,
    y: atom.y,
    z: atom.z,
    charge: charges?.[index] ?? null,
    force: forces?.[index] ?? null,
  }));

  return {
    xtbVersion: out.xtbVersion ?? json?.xtbVersion ?? null,
    method: json?.method ?? null,
    normalTermination,
    errorMessages,
    totalEnergyEh,
    electronicEnergyEh: json?.electronicEnergyEh ?? null,
    gradientNormEhPerBohr: out.gradientNormEhPerBohr,
    homoEv,
    lumoEv,
    gapEv: out.gapEv ?? json?.gapEv ?? (homoEv !== null && lumoEv !== null ? lumoEv - homoEv : null),
    dipoleAu,
    dipoleDebye,
    dipoleMagnitudeDebye,
    orbitals,
    charges,
    gradientEhPerBohr: gradient,
    forcesEhPerBohr: forces,
    finalAtoms,
    optimizedGeometry,
    atoms,
    vibrations,
    normalModeDisplacements,
    thermochemistry,
    hessian: { ran: out.hessianRan, notStationary: out.hessianNotStationary, rmsGradientEhPerBohr: out.hessianRmsGradientEhPerBohr },
    pointGroup: out.pointGroup,
    optimizationTrajectory: files.xtboptLog !== undefined ? parseXtbOptLog(files.xtboptLog) : null,
    hessianDisplacedAtoms: files.xtbhess !== undefined ? parseXyzLastFrame(files.xtbhess) : null,
    scfIterations: out.scfIterations,
    scfConverged,
    // A single atom has no geometry to optimise: xtb's optimiser prints no verdict for it (argon),
    // and there is nothing that could fail to converge.
    optimization: {
      ran: out.optimizationRan,
      converged: finalAtoms?.length === 1 && out.optimizationRan && !/FAILED TO CONVERGE GEOMETRY OPTIMIZATION/.test(stdout) ? true : out.optimizationConverged,
      cycles: out.optimizationCycles,
    },
    xtbWallTimeS: out.wallTimeS,
    xtbCpuTimeS: out.cpuTimeS,
    files: {
      json: files.json !== undefined,
      sccNotConverged: files.sccNotConverged === true,
      xtbOptOk: files.xtbOptOk === true,
      gradient: files.gradient !== undefined,
      engrad: files.engrad !== undefined,
      xtbopt: files.xtbopt !== undefined,
      charges: files.charges !== undefined || files.gfnffCharges !== undefined,
      vibspectrum: files.vibspectrum !== undefined,
      g98: files.g98 !== undefined,
    },
    warnings,
  };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

export interface ReadXtbOutputOptions {
  workDir: string;
  stdout: string;
  stderr?: string;
  /** The atoms xtb was given, for positions when no optimisation ran. */
  inputAtoms?: readonly XyzAtom[] | null;
}

/**
 * The output files xtb left in a directory, as text (the names parseXtbOutputFiles reads). The
 * worker reads its own work directory; the importer (lib/import) reads earlier runs' folders.
 */
export async function readXtbOutputFiles(dir: string): Promise<XtbOutputFiles> {
  const names = new Set(await readdir(dir).catch(() => [] as string[]));
  const engradName = [...names].find((n) => n.endsWith('.engrad'));
  const read = (name: string) => (names.has(name) ? readOptional(path.join(dir, name)) : Promise.resolve(undefined));
  const [json, gradient, engrad, xtbopt, charges, gfnffCharges, vibspectrum, g98, xtboptLog, xtbhess] = await Promise.all([
    read('xtbout.json'),
    read('gradient'),
    engradName ? read(engradName) : Promise.resolve(undefined),
    read('xtbopt.xyz'),
    read('charges'),
    read('gfnff_charges'),
    read('vibspectrum'),
    read('g98.out'),
    read('xtbopt.log'),
    read('xtbhess.xyz'),
  ]);
  return {
    json,
    gradient,
    engrad,
    xtbopt,
    charges,
    gfnffCharges,
    vibspectrum,
    g98,
    xtboptLog,
    xtbhess,
    sccNotConverged: names.has('.sccnotconverged'),
    xtbOptOk: names.has('.xtboptok'),
  };
}

/** Reads an xtb work directory (after runXtb) and parses it with the run's stdout and stderr. */
export async function readXtbOutput(options: ReadXtbOutputOptions): Promise<XtbParsedOutput> {
  return parseXtbOutputFiles(await readXtbOutputFiles(options.workDir), options.stdout, options.stderr ?? '', options.inputAtoms ?? null);
}
