// End-to-end checks of lib/xtb against the real xtb: build args → run → parse → classify, compared
// with xtb runs spawned directly with the same input and flags.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_XTB_PARAMETERS, buildXtbArgs, type XtbParameters } from './build-xtb-args.ts';
import { classifyXtbRun, type XtbOutcome } from './classify-xtb-failure.ts';
import { readXtbOutput, type XtbParsedOutput } from './parse-xtb-output.ts';
import { formatXyz, runXtb } from './run-xtb.ts';
import { findGeometryProblem } from '../chem/validate-geometry.ts';
import { parseXyzLastFrame, type XyzAtom } from './xyz-format.ts';

const fixture = (name: string) => parseXyzLastFrame(readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8'))!;
const water = fixture('water.xyz');
const caffeine = fixture('caffeine.xyz');
const exec = promisify(execFile);

async function calculate(
  atoms: XyzAtom[],
  params: XtbParameters,
): Promise<{ parsed: XtbParsedOutput; outcome: XtbOutcome; exitCode: number | null; args: string[] }> {
  const args = buildXtbArgs(params);
  const run = await runXtb({ xyz: formatXyz(atoms, 'test'), args, timeoutMs: 60_000 });
  try {
    const parsed = await readXtbOutput({ workDir: run.workDir, stdout: run.stdout, stderr: run.stderr, inputAtoms: atoms });
    return { parsed, outcome: classifyXtbRun(run, parsed, params), exitCode: run.exitCode, args };
  } finally {
    await run.cleanup();
  }
}

/** The same xtb command run directly (no lib/xtb code), returning TOTAL ENERGY from its stdout. */
async function directTotalEnergy(atoms: XyzAtom[], args: string[]): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qf-xtb-direct-'));
  try {
    await writeFile(path.join(dir, args[0]!), formatXyz(atoms, 'test'));
    const { stdout } = await exec(process.env.XTB_BIN || 'xtb', args, { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 64 * 2 ** 20 });
    const m = /\|\s*TOTAL ENERGY\s+(-?\d+\.\d+)\s+Eh/.exec(stdout);
    if (!m) throw new Error('no TOTAL ENERGY in direct xtb output');
    return Number(m[1]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const alpbWater = { model: 'alpb' as const, solvent: 'water' };

describe.each([
  ['water', water, 3],
  ['caffeine', caffeine, 24],
] as const)('%s, GFN2 in ALPB water', (_name, atoms, atomCount) => {
  it('geometry passes validation', () => {
    expect(findGeometryProblem(atoms)).toBeNull();
  });

  it.each(['sp', 'opt'] as const)('%s matches a direct xtb run to 1e-6 Eh and parses everything', async (task) => {
    const params = { ...DEFAULT_XTB_PARAMETERS, task, solvation: alpbWater };
    const { parsed, outcome, args } = await calculate(atoms as XyzAtom[], params);
    expect(outcome).toEqual({ ok: true, warnings: [] });
    const direct = await directTotalEnergy(atoms as XyzAtom[], args);
    expect(Math.abs(parsed.totalEnergyEh! - direct)).toBeLessThan(1e-6);

    expect(parsed.xtbVersion).toMatch(/^6\.\d+\.\d+/);
    expect(parsed.method).toBe('GFN2-xTB');
    expect(parsed.atoms).toHaveLength(atomCount);
    expect(parsed.atoms.every((a) => typeof a.charge === 'number' && a.force !== null)).toBe(true);
    expect(parsed.charges!.reduce((s, q) => s + q, 0)).toBeCloseTo(0, 3);
    expect(parsed.homoEv!).toBeLessThan(parsed.lumoEv!);
    expect(parsed.gapEv!).toBeCloseTo(parsed.lumoEv! - parsed.homoEv!, 2);
    expect(parsed.orbitals!.length).toBeGreaterThan(atomCount);
    // xtb counts valence electrons only
    expect(parsed.orbitals!.reduce((s, o) => s + o.occupation, 0)).toBeCloseTo(
      atoms.reduce((s, a) => s + ({ H: 1, C: 4, N: 5, O: 6 } as Record<string, number>)[a.element]!, 0),
      6,
    );
    expect(parsed.dipoleMagnitudeDebye!).toBeGreaterThan(1);
    // After an optimisation only the printout is the final geometry's: components rounded to 3
    // decimals in au, so their norm is within 0.002 D of xtb's printed magnitude.
    expect(Math.abs(Math.hypot(...parsed.dipoleDebye!) - parsed.dipoleMagnitudeDebye!)).toBeLessThan(task === 'sp' ? 1e-6 : 0.003);
    expect(parsed.scfIterations).toBeGreaterThan(0);
    expect(parsed.scfConverged).toBe(true);
    expect(parsed.xtbCpuTimeS).not.toBeNull();
    if (task === 'opt') {
      expect(parsed.optimization).toMatchObject({ ran: true, converged: true });
      expect(parsed.optimization.cycles).toBeGreaterThan(0);
      expect(parsed.optimizedGeometry).toHaveLength(atomCount);
      // forces at a converged geometry are small
      expect(Math.max(...parsed.forcesEhPerBohr!.flat().map(Math.abs))).toBeLessThan(5e-3);
    } else {
      expect(parsed.optimization.ran).toBe(false);
      expect(parsed.optimizedGeometry).toBeNull();
      expect(parsed.atoms[0]!.x).toBeCloseTo(atoms[0]!.x, 6);
    }
  });
});

describe('failures read from the output', () => {
  it('an SCF that cannot converge is a convergence failure to retry with a higher etemp', async () => {
    const { outcome, parsed } = await calculate(caffeine, { ...DEFAULT_XTB_PARAMETERS, maxIterations: 2 });
    expect(parsed.files.sccNotConverged).toBe(true);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.failure).toMatchObject({
        type: 'convergence',
        code: 'SCF_NOT_CONVERGED',
        retryable: true,
        retryWithHigherEtemp: true,
        userActionRequired: false,
      });
    }
  });

  it('an optimisation stopped by its cycle limit is not a success although xtb exits 0', async () => {
    const params = { ...DEFAULT_XTB_PARAMETERS, task: 'opt' as const, maxOptCycles: 2 };
    const { outcome, parsed, exitCode } = await calculate(caffeine, params);
    expect(exitCode).toBe(0);
    expect(parsed.normalTermination).toBe(true);
    expect(parsed.files.xtbOptOk).toBe(true); // xtb 6.5.1 writes it anyway
    expect(parsed.optimization).toEqual({ ran: true, converged: false, cycles: 2 });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.failure).toMatchObject({ type: 'convergence', code: 'OPT_NOT_CONVERGED', retryWithHigherEtemp: false, userActionRequired: true });
    }
  });
});

describe('frequencies', () => {
  it('water optimisation + frequencies gives 3 modes with IR intensities and thermochemistry', async () => {
    const params = { ...DEFAULT_XTB_PARAMETERS, task: 'ohess' as const };
    const { parsed, outcome } = await calculate(water, params);
    expect(outcome).toEqual({ ok: true, warnings: [] });
    expect(parsed.vibrations).toHaveLength(3);
    const [bend, sym, asym] = parsed.vibrations!;
    expect(bend!.wavenumberCm1).toBeGreaterThan(1300);
    expect(bend!.wavenumberCm1).toBeLessThan(1700);
    expect(sym!.wavenumberCm1).toBeGreaterThan(3300);
    expect(asym!.wavenumberCm1).toBeGreaterThan(sym!.wavenumberCm1 - 50);
    expect(parsed.vibrations!.every((v) => v.irIntensityKmMol! > 0 && v.reducedMassAmu! > 0)).toBe(true);
    const t = parsed.thermochemistry!;
    expect(t.temperatureK).toBe(298.15);
    expect(t.imaginaryFrequencyCount).toBe(0);
    // ZPE of water ≈ 13 kcal/mol ≈ 0.02 Eh
    expect(t.zeroPointEnergyEh!).toBeGreaterThan(0.015);
    expect(t.zeroPointEnergyEh!).toBeLessThan(0.025);
    expect(t.enthalpyCorrectionEh! - t.entropyTermEh!).toBeCloseTo(t.freeEnergyCorrectionEh!, 5);
    expect(t.totalEnthalpyEh!).toBeCloseTo(parsed.totalEnergyEh! + t.enthalpyCorrectionEh!, 5);
    expect(t.totalFreeEnergyEh!).toBeCloseTo(parsed.totalEnergyEh! + t.freeEnergyCorrectionEh!, 5);
    expect(t.entropyCalPerMolK!).toBeGreaterThan(40);
  });
});

describe('GFN-FF', () => {
  it('runs without orbitals and still gives charges and forces', async () => {
    const params = { ...DEFAULT_XTB_PARAMETERS, method: 'gfnff' as const };
    const { parsed, outcome } = await calculate(caffeine, params);
    expect(outcome.ok).toBe(true);
    expect(parsed.totalEnergyEh!).toBeLessThan(0);
    expect(parsed.charges).toHaveLength(24);
    expect(parsed.forcesEhPerBohr).toHaveLength(24);
    expect(parsed.homoEv).toBeNull();
  });
});
