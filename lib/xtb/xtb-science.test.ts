// The science of issue #11 against REAL xtb runs: every stored number is compared with what xtb
// itself wrote (its stdout, xtbout.json, xtbopt.log, g98.out, vibspectrum, xtbhess.xyz), read here
// with plain regular expressions independent of the parser under test.
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_XTB_PARAMETERS, buildXtbArgs, type XtbParameters } from './build-xtb-args.ts';
import { classifyXtbRun, type XtbOutcome } from './classify-xtb-failure.ts';
import { DEBYE_PER_AU, BOHR_IN_ANGSTROM, readXtbOutput, vibrationalDegreesOfFreedom, type XtbParsedOutput } from './parse-xtb-output.ts';
import { formatXyz, runXtb } from './run-xtb.ts';
import { storedXtbResults, type StoredXtbResults } from './stored-results.ts';
import { parseXyzLastFrame, type XyzAtom } from './xyz-format.ts';

const fixture = (name: string) => parseXyzLastFrame(readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8'))!;
const acetone = fixture('acetone.xyz');
const acetate = fixture('acetate.xyz');
const waterObabel = fixture('water-obabel.xyz');
const planarAmmonia = fixture('ammonia-planar.xyz');
const caffeine = fixture('caffeine.xyz');
const co2 = fixture('co2.xyz');
const hcn = fixture('hcn.xyz');

const translated = (atoms: XyzAtom[], d: number) => atoms.map((a) => ({ ...a, x: a.x + d, y: a.y + d, z: a.z + d }));

interface Run {
  parsed: XtbParsedOutput;
  outcome: XtbOutcome;
  stored: StoredXtbResults;
  stdout: string;
  stderr: string;
  /** xtb's own files, as text. */
  files: Record<string, string>;
}

async function calculate(atoms: XyzAtom[], overrides: Partial<XtbParameters>): Promise<Run> {
  const params = { ...DEFAULT_XTB_PARAMETERS, ...overrides };
  const run = await runXtb({ xyz: formatXyz(atoms, 'test'), args: buildXtbArgs(params), timeoutMs: 120_000 });
  try {
    const parsed = await readXtbOutput({ workDir: run.workDir, stdout: run.stdout, stderr: run.stderr, inputAtoms: atoms });
    const files: Record<string, string> = {};
    for (const name of await readdir(run.workDir)) {
      if (['xtbout.json', 'xtbopt.log', 'xtbopt.xyz', 'xtbhess.xyz', 'g98.out', 'vibspectrum'].includes(name)) {
        files[name] = await readFile(path.join(run.workDir, name), 'utf8');
      }
    }
    const stored = storedXtbResults(parsed, {
      task: params.task,
      method: params.method,
      charge: params.charge,
      requestedEtemp: params.etemp,
      usedEtemp: params.etemp,
    });
    return { parsed, outcome: classifyXtbRun(run, parsed, params), stored, stdout: run.stdout, stderr: run.stderr, files };
  } finally {
    await run.cleanup();
  }
}

// --- xtb's own numbers, read independently of the parser ---------------------------------------
const NUM = String.raw`-?\d+\.\d+`;
function lastMatch(text: string, re: RegExp): RegExpExecArray {
  const all = [...text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`))];
  expect(all.length, `xtb printed ${re}`).toBeGreaterThan(0);
  return all.at(-1)! as RegExpExecArray;
}
/** Last "full:" row of GFN2's "molecular dipole:" table: au vector and Debye magnitude. */
const printedGfn2Dipole = (stdout: string) =>
  lastMatch(stdout, new RegExp(String.raw`^\s+full:\s+(${NUM})\s+(${NUM})\s+(${NUM})\s+(${NUM})\s*$`, 'm'))
    .slice(1, 5)
    .map(Number);
/** GFN1's "dipole moment from electron density (au)" block. */
const printedGfn1Dipole = (stdout: string) =>
  lastMatch(stdout, new RegExp(String.raw`dipole moment from electron density \(au\)\s*\n.*\n\s*(${NUM})\s+(${NUM})\s+(${NUM})\s+total \(Debye\):\s+(${NUM})`))
    .slice(1, 5)
    .map(Number);
const jsonOf = (run: Run) => JSON.parse(run.files['xtbout.json']!) as Record<string, unknown>;
const xtbImaginaryCount = (stdout: string) => Number(lastMatch(stdout, /# imaginary freq\.\s+(\d+)/)[1]);

describe('dipole (issue #11 items 3 and 4)', () => {
  it("GFN1 after an optimisation: the final printed dipole, not xtbout.json's input-structure dipole", async () => {
    const run = await calculate(acetone, { method: 'gfn1', task: 'opt' });
    expect(run.outcome.ok).toBe(true);
    const [x, y, z, debye] = printedGfn1Dipole(run.stdout);
    expect(run.parsed.dipoleAu).toEqual([x, y, z]);
    expect(run.stored.dipole!.magnitudeDebye).toBeCloseTo(debye!, 3);
    expect(run.stored.dipole!.reference).toBe('origin_independent');
    // xtb 6.5.1 leaves the starting structure's dipole in xtbout.json: it differs visibly.
    const json = jsonOf(run).dipole as number[];
    expect(Math.abs(Math.hypot(...json) * DEBYE_PER_AU - debye!)).toBeGreaterThan(0.05);
  });

  it('GFN2 after an optimisation: the final "full:" row (xtbout.json holds the input structure\'s)', async () => {
    const run = await calculate(waterObabel, { task: 'opt' });
    const [x, y, z, debye] = printedGfn2Dipole(run.stdout);
    expect(run.parsed.dipoleAu).toEqual([x, y, z]);
    expect(run.stored.dipole!.magnitudeDebye).toBeCloseTo(debye!, 3);
    const json = jsonOf(run).dipole as number[];
    expect(Math.abs(json[0]! - x!)).toBeGreaterThan(0.005);
  });

  it("GFN2 single point: xtbout.json's 8 decimals, which round to the printed dipole", async () => {
    const run = await calculate(waterObabel, { task: 'sp' });
    const json = jsonOf(run).dipole as number[];
    expect(run.parsed.dipoleAu).toEqual(json);
    const [x, y, z, debye] = printedGfn2Dipole(run.stdout);
    [x, y, z].forEach((v, i) => expect(Math.abs(json[i]! - v!)).toBeLessThanOrEqual(0.0005));
    expect(run.stored.dipole!.magnitudeDebye).toBeCloseTo(debye!, 2);
  });

  it.each(['sp', 'opt'] as const)('an ion (acetate, %s): about the centre of mass, unchanged when the molecule moves by 10 Å', async (task) => {
    const here = await calculate(acetate, { task, charge: -1 });
    const moved = await calculate(translated(acetate, 10), { task, charge: -1 });
    expect(here.outcome.ok && moved.outcome.ok).toBe(true);
    // xtb's own dipole is about the coordinate origin: it moves with the ion (by |q|·10√3 Å ≈ 83 D).
    expect(Math.abs(moved.parsed.dipoleMagnitudeDebye! - here.parsed.dipoleMagnitudeDebye!)).toBeGreaterThan(20);
    for (const run of [here, moved]) expect(run.stored.dipole!.reference).toBe('centre_of_mass');
    // The printout has 3 decimals in au (±0.0005 au per component ≈ 0.002 D).
    expect(moved.stored.dipole!.magnitudeDebye).toBeCloseTo(here.stored.dipole!.magnitudeDebye, 2);
    expect(Math.abs(moved.stored.dipole!.xDebye - here.stored.dipole!.xDebye)).toBeLessThan(0.005);
    expect(here.stored.dipole!.magnitudeDebye).toBeGreaterThan(1);
    expect(here.stored.dipole!.magnitudeDebye).toBeLessThan(10);
    if (task === 'opt') {
      // Same value from xtb's own numbers: μ(full) − q·R_COM with the centre of mass xtb prints.
      const [x, y, z] = printedGfn2Dipole(here.stdout);
      const com = lastMatch(here.stdout, new RegExp(String.raw`center of mass at/Å\s*:\s*(${NUM})\s+(${NUM})\s+(${NUM})`))
        .slice(1, 4)
        .map((v) => Number(v) / BOHR_IN_ANGSTROM);
      const about = [x! + com[0]!, y! + com[1]!, z! + com[2]!].map((v) => v * DEBYE_PER_AU);
      expect(here.stored.dipole!.xDebye).toBeCloseTo(about[0]!, 3);
      expect(here.stored.dipole!.magnitudeDebye).toBeCloseTo(Math.hypot(...about), 3);
    }
  });
});

describe('HOMO/LUMO at full precision (item 10)', () => {
  it.each(['gfn2', 'gfn1'] as const)("%s: xtbout.json's 8 decimals for the orbitals the table marks HOMO and LUMO", async (method) => {
    const run = await calculate(acetone, { method, task: 'opt' });
    const energies = jsonOf(run)['orbital energies/eV'] as number[];
    const homoRow = lastMatch(run.stdout, new RegExp(String.raw`^\s+(\d+)\s+\S+\s+${NUM}\s+(${NUM}) \(HOMO\)`, 'm'));
    const lumoRow = lastMatch(run.stdout, new RegExp(String.raw`^\s+(\d+)\s+${NUM}\s+(${NUM}) \(LUMO\)`, 'm'));
    expect(run.stored.homoEv).toBe(energies[Number(homoRow[1]) - 1]);
    expect(run.stored.lumoEv).toBe(energies[Number(lumoRow[1]) - 1]);
    expect(run.stored.homoEv!.toFixed(4)).toBe(Number(homoRow[2]).toFixed(4));
    expect(run.stored.lumoEv!.toFixed(4)).toBe(Number(lumoRow[2]).toFixed(4));
    // More than the table's 4 decimals survive.
    expect(Math.abs(run.stored.homoEv! * 1e4 - Math.round(run.stored.homoEv! * 1e4))).toBeGreaterThan(1e-6);
    const gap = Number(lastMatch(run.stdout, new RegExp(String.raw`\|\s*HOMO-LUMO GAP\s+(${NUM}) eV`))[1]);
    expect(run.stored.gapEv).toBe(gap);
  });
});

describe('optimisation trajectory (xtbopt.log)', () => {
  it('energy and gradient norm per cycle, as xtb logged them, ending at the final energy', async () => {
    const run = await calculate(acetone, { method: 'gfn1', task: 'opt' });
    const logged = [...run.files['xtbopt.log']!.matchAll(new RegExp(String.raw`energy:\s*(${NUM})\s+gnorm:\s*(${NUM})`, 'g'))].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(logged.length).toBeGreaterThan(1);
    expect(run.stored.trajectory!.map((s) => [s.energyEh, s.gradientNormEhPerBohr])).toEqual(logged);
    expect(run.stored.trajectory!.map((s) => s.step)).toEqual(logged.map((_, i) => i + 1));
    expect(run.parsed.optimization.cycles).toBe(logged.length);
    expect(run.stored.trajectory!.at(-1)!.energyEh).toBeCloseTo(run.parsed.totalEnergyEh!, 9);
    // Playable in 3D: one XYZ frame per cycle, the last one the optimised geometry.
    const frames = run.stored.trajectoryXyz!.match(/^10\n/gm)!;
    expect(frames).toHaveLength(logged.length);
    const last = parseXyzLastFrame(run.stored.trajectoryXyz!)!;
    const optimised = parseXyzLastFrame(run.files['xtbopt.xyz']!)!;
    last.forEach((a, i) => expect(a.x).toBeCloseTo(optimised[i]!.x, 7));
  });

  it('a single point has none', async () => {
    const run = await calculate(waterObabel, { task: 'sp' });
    expect(run.stored.trajectory).toBeNull();
    expect(run.stored.trajectoryXyz).toBeNull();
    expect(run.stored.imaginaryModeCount).toBeNull();
    expect(run.stored.stationaryPoint).toBeNull();
  });
});

describe('frequencies: stationary points, saddle points, modes (items 5 and 6)', () => {
  it('"Frequencies" on a non-stationary geometry is flagged, not called converged', async () => {
    const run = await calculate(waterObabel, { task: 'hess' });
    expect(run.stdout).toContain('Hessian on incompletely optimized geometry!');
    expect(run.outcome.ok).toBe(true);
    expect(run.parsed.hessian.notStationary).toBe(true);
    const rms = Number(lastMatch(run.stdout, new RegExp(String.raw`RMS gradient\s*:\s*(${NUM})`))[1]);
    expect(run.parsed.hessian.rmsGradientEhPerBohr).toBe(rms);
    expect(run.stored.convergenceStatus).toBe('not_converged');
    expect(run.stored.stationaryPoint).toBe('not_stationary');
    const warning = run.stored.warnings.find((w) => w.code === 'NOT_STATIONARY')!;
    expect(warning.message).toMatch(/not a stationary point/);
    expect(warning.message).toMatch(/Optimisation \+ frequencies/);
    expect(run.outcome.ok && run.outcome.warnings.map((w) => w.code)).toContain('NOT_STATIONARY');
  });

  it('an optimised minimum has no warnings and counts as a minimum', async () => {
    const run = await calculate(waterObabel, { task: 'ohess' });
    expect(run.outcome).toEqual({ ok: true, warnings: [] });
    expect(run.stored).toMatchObject({
      imaginaryModeCount: 0,
      stationaryPoint: 'minimum',
      convergenceStatus: 'converged',
      warnings: [],
      hessianDisplacedXyz: null,
    });
  });

  it('a converged saddle point (acetone, GFN1): the imaginary mode is counted as xtb counts it, warned about, and xtbhess.xyz kept', async () => {
    const run = await calculate(acetone, { method: 'gfn1', task: 'ohess' });
    expect(run.outcome.ok).toBe(true);
    expect(run.parsed.optimization.converged).toBe(true);
    expect(run.stored.imaginaryModeCount).toBe(xtbImaginaryCount(run.stdout));
    expect(run.stored.imaginaryModeCount).toBe(1);
    expect(run.stored.stationaryPoint).toBe('saddle_point');
    const warning = run.stored.warnings.find((w) => w.code === 'SADDLE_POINT')!;
    expect(warning.message).toMatch(/^1 imaginary frequency \(−\d+\.\d cm⁻¹\): the structure is a saddle point/);
    const displaced = parseXyzLastFrame(run.files['xtbhess.xyz']!)!;
    const kept = parseXyzLastFrame(run.stored.hessianDisplacedXyz!)!;
    expect(kept.map((a) => a.element)).toEqual(displaced.map((a) => a.element));
    kept.forEach((a, i) => expect([a.x, a.y, a.z]).toEqual([displaced[i]!.x, displaced[i]!.y, displaced[i]!.z].map((v) => Number(v.toFixed(8)))));
  });

  it('modes: wavenumbers, reduced masses and normal coordinates from g98.out, IR intensities from vibspectrum', async () => {
    const run = await calculate(planarAmmonia, { task: 'hess' });
    const g98 = run.files['g98.out']!;
    const wavenumbers = [...g98.matchAll(/Frequencies --(.*)/g)].flatMap((m) => m[1]!.trim().split(/\s+/).map(Number));
    const masses = [...g98.matchAll(/Red\. masses --(.*)/g)].flatMap((m) => m[1]!.trim().split(/\s+/).map(Number));
    const intensities = [...run.files.vibspectrum!.matchAll(/^\s+\d+\s+a\s+(\S+)\s+(\S+)/gm)].map((m) => Number(m[2]));
    const modes = run.stored.vibrationalModes!;
    expect(modes.map((m) => m.wavenumberCm1)).toEqual(wavenumbers);
    expect(modes.map((m) => m.reducedMassAmu)).toEqual(masses);
    expect(modes.map((m) => m.irIntensityKmMol)).toEqual(intensities);
    expect(modes).toHaveLength(3 * 4 - 6);
    // The umbrella mode: N moves along z, the three H against it.
    expect(modes[0]!.imaginary).toBe(true);
    expect(modes[0]!.displacements).toHaveLength(4);
    expect(modes[0]!.displacements![0]![2]).toBeCloseTo(0.42, 2);
    expect(modes.slice(1).every((m) => !m.imaginary && m.displacements!.length === 4)).toBe(true);
    // Planar NH3 is a saddle point AND not stationary: both are said; the stored class is the stronger.
    expect(run.stored.imaginaryModeCount).toBe(xtbImaginaryCount(run.stdout));
    expect(run.stored.warnings.map((w) => w.code).sort()).toEqual(['NOT_STATIONARY', 'SADDLE_POINT']);
    expect(run.stored.stationaryPoint).toBe('not_stationary');
    expect(run.stored.hessianDisplacedXyz).not.toBeNull();
  });

  it("GFN-FF caffeine: two imaginary modes, the same count as xtb's thermochemistry", async () => {
    const run = await calculate(caffeine, { method: 'gfnff', task: 'ohess' });
    expect(run.outcome.ok).toBe(true);
    expect(run.stored.imaginaryModeCount).toBe(xtbImaginaryCount(run.stdout));
    expect(run.stored.imaginaryModeCount).toBe(2);
    expect(run.parsed.thermochemistry!.imaginaryFrequencyCount).toBe(2);
    expect(run.stored.dipole).toBeNull(); // GFN-FF prints none
    expect(run.stored.warnings.map((w) => w.code)).toEqual(['SADDLE_POINT']);
  });
});

describe('thermochemistry labels (item 8)', () => {
  it('H(T) and G(RRHO) as stored already include the zero-point energy', async () => {
    const run = await calculate(waterObabel, { task: 'ohess' });
    const t = run.parsed.thermochemistry!;
    // xtb's table: T/K, H(0)-H(T)+PV (thermal part), H(T), T*S, G(T)
    const row = lastMatch(run.stdout, /^\s+298\.15\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/m)
      .slice(1, 5)
      .map(Number);
    expect(t.enthalpyCorrectionEh).toBe(row[1]);
    expect(t.enthalpyCorrectionEh!).toBeCloseTo(t.zeroPointEnergyEh! + row[0]!, 6);
    const withoutZpe = Number(lastMatch(run.stdout, new RegExp(String.raw`G\(RRHO\) w/o ZPVE\s+(${NUM}) Eh`))[1]);
    expect(t.freeEnergyCorrectionEh!).toBeCloseTo(withoutZpe + t.zeroPointEnergyEh!, 6);
  });
});

describe("linear molecules crash xtb 6.5.1's thermochemistry (item 7)", () => {
  it.each([
    ['CO2, frequencies', co2, 'hess', 'Dinfh'],
    ['HCN, optimisation + frequencies', hcn, 'ohess', 'Cinfv'],
  ] as const)('%s: a non-retryable crash that says what to do instead', async (_name, atoms, task, pointGroup) => {
    const run = await calculate(atoms, { task });
    expect(run.stderr).toContain('stack smashing detected');
    expect(run.outcome.ok).toBe(false);
    if (run.outcome.ok) return;
    expect(run.outcome.failure).toMatchObject({ type: 'system', code: 'XTB_THERMO_CRASH', retryable: false, userActionRequired: true });
    expect(run.outcome.failure.message).toContain(`linear molecule (point group ${pointGroup})`);
    expect(run.outcome.failure.message).toMatch(/Run "Optimisation" or "Single point" instead/);
  });
});

describe('a single atom has no vibrations (issue #10 item 22)', () => {
  it("argon: xtb lists three 0.16 cm⁻¹ 'modes' and says 0 frequencies; none are stored and the result says why in words", async () => {
    const run = await calculate([{ element: 'Ar', x: 0, y: 0, z: 0 }], { task: 'ohess' });
    // An atom's "optimisation" has nothing to converge: xtb prints no verdict, and that is no failure.
    expect(run.outcome.ok).toBe(true);
    // What xtb itself prints: three entries in vibspectrum and g98.out, yet "# frequencies 0".
    expect(run.files['vibspectrum']!.match(/^\s+\d+\s+a\s+0\.16/gm)).toHaveLength(3);
    expect(Number(lastMatch(run.stdout, /# frequencies\s+(\d+)/)[1])).toBe(0);
    expect(run.parsed.vibrations).toEqual([]);
    expect(run.stored.imaginaryModeCount).toBe(0);
    expect(run.stored.warnings.map((w) => w.code)).toContain('NO_VIBRATIONS');
    expect(run.stored.warnings.find((w) => w.code === 'NO_VIBRATIONS')!.message).toMatch(
      /single atom has no vibrations: there are no modes and no IR spectrum/,
    );
  });

  it('vibrational degrees of freedom: none for an atom, 3N−5 when linear, 3N−6 otherwise', () => {
    expect(vibrationalDegreesOfFreedom([{ element: 'Ar', x: 1, y: 2, z: 3 }])).toBe(0);
    expect(vibrationalDegreesOfFreedom(co2)).toBe(4);
    expect(vibrationalDegreesOfFreedom(hcn)).toBe(4);
    expect(vibrationalDegreesOfFreedom(acetone)).toBe(3 * acetone.length - 6);
  });

  it('a linear molecule keeps its 3N−5 vibrations (N2: xtb writes them before its thermochemistry crash)', async () => {
    const n2 = [
      { element: 'N', x: 0, y: 0, z: 0 },
      { element: 'N', x: 0, y: 0, z: 1.1 },
    ];
    const run = await calculate(n2, { task: 'hess' });
    expect(run.parsed.vibrations).toHaveLength(1);
    expect(run.parsed.vibrations![0]!.wavenumberCm1).toBeGreaterThan(2000);
  });
});
