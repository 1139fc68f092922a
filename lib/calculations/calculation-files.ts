// The files a calculation can be downloaded as, built from its CalculationDetail: the input and
// optimised XYZ, a MOL/SDF record of the final geometry with the results as SDF data fields, the
// full results as JSON, xtb's log, the optimisation trajectory and xtb's Molden file (orbitals,
// for Molden, Avogadro, Jmol, Multiwfn; GFN1/GFN2 runs). Pure functions: the result
// page's download route and the REST API both serve what these return.
import { requireElement } from '../chem/elements.ts';
import { parseXyzLastFrame, type XyzAtom } from '../xtb/xyz-format.ts';
import type { CalculationDetail } from './get-calculation.ts';

export const CALCULATION_FILES = ['input.xyz', 'optimized.xyz', 'structure.sdf', 'results.json', 'xtb.log', 'trajectory.xyz', 'molden.input'] as const;
export type CalculationFileKind = (typeof CALCULATION_FILES)[number];

export const CALCULATION_FILE_LABELS: Record<CalculationFileKind, string> = {
  'input.xyz': 'Input geometry (XYZ)',
  'optimized.xyz': 'Optimised geometry (XYZ)',
  'structure.sdf': 'Structure with results (SDF)',
  'results.json': 'All results (JSON)',
  'xtb.log': "xtb's output log",
  'trajectory.xyz': 'Optimisation trajectory (multi-frame XYZ)',
  'molden.input': 'Orbitals (Molden file)',
};

export function isCalculationFileKind(value: string): value is CalculationFileKind {
  return (CALCULATION_FILES as readonly string[]).includes(value);
}

export interface CalculationFile {
  /** Safe for Content-Disposition: ASCII letters, digits, '-', '_' and '.'. */
  fileName: string;
  contentType: string;
  body: string;
}

/** The calculation's name reduced to a file-name stem nobody's shell or browser misreads. */
export function safeFileStem(name: string, fallback: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+|[._]+$/g, '')
    .slice(0, 80);
  return stem || fallback;
}

/** A Content-Disposition header for an attachment of this (already safe) file name. */
export function contentDisposition(fileName: string): string {
  return `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`;
}

/** The geometry the results belong to: the optimised one, else the input. */
function finalAtoms(calc: Pick<CalculationDetail, 'optimizedXyz' | 'inputXyz'>): XyzAtom[] | null {
  const xyz = calc.optimizedXyz ?? calc.inputXyz;
  return xyz ? parseXyzLastFrame(xyz) : null;
}

const BOND_TOLERANCE_A = 0.45;

/** Bonds by covalent radii (the calculation stores no connectivity): every pair closer than r₁ + r₂ + 0.45 Å. */
export function perceiveBonds(atoms: readonly XyzAtom[]): [number, number][] {
  const radii = atoms.map((a) => requireElement(a.element).covalentRadius);
  const bonds: [number, number][] = [];
  for (let i = 0; i < atoms.length; i++) {
    for (let j = i + 1; j < atoms.length; j++) {
      const a = atoms[i]!;
      const b = atoms[j]!;
      const d = Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
      if (d > 0.1 && d < radii[i]! + radii[j]! + BOND_TOLERANCE_A) bonds.push([i, j]);
    }
  }
  return bonds;
}

const f = (x: number, width: number, digits: number) => x.toFixed(digits).padStart(width);
const n3 = (x: number) => String(x).padStart(3);

/** A V2000 molfile of the geometry (bonds perceived, all order 1; charges in the SDF fields). */
export function molBlock(title: string, atoms: readonly XyzAtom[]): string {
  if (atoms.length > 999) throw new Error('V2000 molfiles hold at most 999 atoms');
  const bonds = perceiveBonds(atoms);
  if (bonds.length > 999) throw new Error('V2000 molfiles hold at most 999 bonds');
  const lines = [
    title.replace(/[\r\n]+/g, ' ').slice(0, 80),
    '  QuantumForge3D',
    '',
    `${n3(atoms.length)}${n3(bonds.length)}  0  0  0  0  0  0  0  0999 V2000`,
    ...atoms.map((a) => `${f(a.x, 10, 4)}${f(a.y, 10, 4)}${f(a.z, 10, 4)} ${requireElement(a.element).symbol.padEnd(3)} 0  0  0  0  0  0  0  0  0  0  0  0`),
    ...bonds.map(([i, j]) => `${n3(i + 1)}${n3(j + 1)}  1  0`),
    'M  END',
  ];
  return lines.join('\n') + '\n';
}

type SdfSource = Pick<
  CalculationDetail,
  | 'id'
  | 'name'
  | 'method'
  | 'task'
  | 'charge'
  | 'uhf'
  | 'optimizedXyz'
  | 'inputXyz'
  | 'totalEnergy'
  | 'homo'
  | 'lumo'
  | 'gap'
  | 'dipoleMoment'
  | 'dipoleReference'
  | 'stationaryPoint'
  | 'imaginaryModeCount'
  | 'xtbVersion'
>;

/** One SDF record: the final geometry and the results as data fields (units in the field names). */
export function sdfRecord(calc: SdfSource): string | null {
  const atoms = finalAtoms(calc);
  if (!atoms || atoms.length === 0) return null;
  const fields: [string, string | number | null][] = [
    ['calculation_id', calc.id],
    ['method', calc.method],
    ['task', calc.task],
    ['charge', calc.charge],
    ['unpaired_electrons', calc.uhf],
    ['total_energy_Eh', calc.totalEnergy],
    ['homo_eV', calc.homo],
    ['lumo_eV', calc.lumo],
    ['homo_lumo_gap_eV', calc.gap],
    ['dipole_moment_D', calc.dipoleMoment],
    ['dipole_reference', calc.dipoleReference],
    ['stationary_point', calc.stationaryPoint],
    ['imaginary_modes', calc.imaginaryModeCount],
    ['xtb_version', calc.xtbVersion],
  ];
  const data = fields
    .filter((entry): entry is [string, string | number] => entry[1] !== null)
    .map(([key, value]) => `>  <${key}>\n${String(value).replace(/[\r\n]+/g, ' ')}\n`)
    .join('\n');
  return `${molBlock(calc.name, atoms)}${data}\n$$$$\n`;
}

/** Everything stored about the calculation's results, for scripts (the page's DTO minus page-only flags). */
export function resultsJson(calc: CalculationDetail): string {
  const { canModify: _canModify, metrics, moldenInput: _moldenInput, ...rest } = calc;
  // The log is its own download; the JSON keeps the per-attempt numbers without it.
  const attempts = metrics.map(({ stdout: _stdout, stderr: _stderr, ...m }) => m);
  return JSON.stringify({ ...rest, metrics: attempts, units: UNITS }, null, 2) + '\n';
}

const UNITS = {
  totalEnergy: 'Eh',
  homo: 'eV',
  lumo: 'eV',
  gap: 'eV',
  dipole: 'Debye',
  coordinates: 'Å',
  frequencies: 'cm⁻¹',
  irIntensity: 'km/mol',
  force: 'Eh/bohr',
  thermochemistry: 'Eh (entropy and heat capacity cal/(mol·K))',
} as const;

const MOLDEN_TYPE = 'chemical/x-molden';

function fileStem(calc: Pick<CalculationDetail, 'name' | 'id'>): string {
  return safeFileStem(calc.name, `calculation-${calc.id.slice(0, 8)}`);
}

/** The file, or null when the calculation has nothing to put in it (the route answers 404). */
export function buildCalculationFile(calc: CalculationDetail, kind: CalculationFileKind): CalculationFile | null {
  const stem = fileStem(calc);
  const text = (body: string | null | undefined, suffix: string, contentType: string): CalculationFile | null =>
    body ? { fileName: `${stem}${suffix}`, contentType, body: body.endsWith('\n') ? body : `${body}\n` } : null;
  switch (kind) {
    case 'input.xyz':
      return text(calc.inputXyz, '.input.xyz', 'chemical/x-xyz');
    case 'optimized.xyz':
      return text(calc.optimizedXyz, '.optimized.xyz', 'chemical/x-xyz');
    case 'structure.sdf':
      return text(sdfRecord(calc), '.sdf', 'chemical/x-mdl-sdfile');
    case 'results.json':
      return text(resultsJson(calc), '.results.json', 'application/json');
    case 'xtb.log':
      // The latest attempt's stdout: the run the results came from.
      return text(calc.metrics.findLast((m) => m.stdout)?.stdout, '.xtb.log', 'text/plain; charset=utf-8');
    case 'trajectory.xyz':
      return text(calc.trajectoryXyz, '.trajectory.xyz', 'chemical/x-xyz');
    case 'molden.input':
      // Stored ending in a newline, so its size (moldenBytes) is the download's.
      return text(calc.moldenInput, '.molden', MOLDEN_TYPE);
  }
}

/** Which files this calculation has (for the download links). */
export function availableCalculationFiles(calc: CalculationDetail): CalculationFileKind[] {
  return CALCULATION_FILES.filter((kind) => {
    switch (kind) {
      case 'input.xyz':
        return Boolean(calc.inputXyz);
      case 'optimized.xyz':
        return Boolean(calc.optimizedXyz);
      case 'structure.sdf':
        return Boolean(calc.optimizedXyz ?? calc.inputXyz);
      case 'results.json':
        return true;
      case 'xtb.log':
        return calc.metrics.some((m) => m.stdout);
      case 'trajectory.xyz':
        return Boolean(calc.trajectoryXyz);
      case 'molden.input':
        return Boolean(calc.moldenBytes);
    }
  });
}

export interface CalculationFileEntry {
  name: CalculationFileKind;
  label: string;
  mediaType: string;
  fileName: string;
  size: number;
}

/**
 * The files this calculation has, with the size each download will have (built in memory: cheap;
 * the Molden file, which the detail does not carry, from its stored size).
 */
export function listCalculationFiles(calc: CalculationDetail): CalculationFileEntry[] {
  return availableCalculationFiles(calc).flatMap((name) => {
    if (name === 'molden.input' && calc.moldenInput === undefined) {
      const size = calc.moldenBytes ?? 0;
      return [{ name, label: CALCULATION_FILE_LABELS[name], mediaType: MOLDEN_TYPE, fileName: `${fileStem(calc)}.molden`, size }];
    }
    const built = buildCalculationFile(calc, name);
    return built
      ? [{ name, label: CALCULATION_FILE_LABELS[name], mediaType: built.contentType, fileName: built.fileName, size: Buffer.byteLength(built.body) }]
      : [];
  });
}
