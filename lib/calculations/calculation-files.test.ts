// The download files: what a chemist opens in another program must hold the stored geometry and
// results, with file names no browser or shell misreads.
import { describe, expect, it } from 'vitest';
import { parseMolfile } from '../chem/parse-molfile.ts';
import {
  availableCalculationFiles,
  buildCalculationFile,
  contentDisposition,
  listCalculationFiles,
  molBlock,
  perceiveBonds,
  safeFileStem,
  sdfRecord,
} from './calculation-files.ts';
import type { CalculationDetail } from './get-calculation.ts';

const WATER = '3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200\n';

function calc(overrides: Partial<CalculationDetail> = {}): CalculationDetail {
  return {
    id: '0b6c3c9e-9f53-4c1b-8a43-0d8d1a2b3c4d',
    name: 'Water "opt" / test',
    status: 'succeeded',
    method: 'gfn2',
    task: 'ohess',
    optLevel: 'normal',
    solvationModel: null,
    solvent: null,
    charge: 0,
    uhf: 0,
    etemp: 300,
    effectiveEtemp: 300,
    accuracy: 1,
    maxScfIterations: 250,
    maxOptCycles: null,
    inputFormat: 'xyz',
    inputSmiles: null,
    inputXyz: WATER,
    optimizedXyz: WATER.replace('water', 'optimised'),
    totalEnergy: -5.070544,
    homo: -12.1,
    lumo: 2.3,
    gap: 14.4,
    dipole: [0, 0, 2.1],
    dipoleMoment: 2.1,
    orbitalEnergies: null,
    orbitalOccupations: null,
    frequencies: [1540, 3640, 3740],
    thermochemistry: null,
    irIntensities: null,
    convergenceStatus: 'converged',
    warnings: [],
    dipoleReference: 'origin_independent',
    imaginaryModeCount: 0,
    stationaryPoint: 'minimum',
    vibrationalModes: null,
    optimizationTrajectory: null,
    trajectoryXyz: null,
    hessianDisplacedXyz: null,
    moldenBytes: null,
    attempts: 1,
    queuedAt: '2026-11-29T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    createdAt: '2026-11-29T10:00:00.000Z',
    xtbVersion: '6.5.1',
    cancelRequested: false,
    errorType: null,
    errorMessage: null,
    geometrySource: 'input',
    embeddingMs: null,
    timeoutSeconds: 600,
    batchId: null,
    canModify: true,
    molecule: null,
    atoms: [],
    metrics: [
      {
        attempt: 1,
        host: 'h',
        wallTimeS: 1,
        cpuTimeS: 1,
        scfCycles: 10,
        optimizationCycles: 3,
        peakMemoryMb: 10,
        ompThreads: 1,
        converged: true,
        finalGradientNorm: 1e-4,
        exitCode: 0,
        signal: null,
        etemp: 300,
        stdout: '   * xtb version 6.5.1\n normal termination of xtb\n',
        stderr: 'note',
        createdAt: '2026-11-29T10:00:01.000Z',
      },
    ],
    errors: [],
    ...overrides,
  };
}

describe('calculation files', () => {
  it('names files from the calculation name without quotes, slashes or spaces', () => {
    const file = buildCalculationFile(calc(), 'optimized.xyz')!;
    expect(file.fileName).toBe('Water_opt_test.optimized.xyz');
    expect(safeFileStem('../../etc/passwd', 'x')).toBe('etc_passwd');
    expect(safeFileStem('水', 'calculation-1')).toBe('calculation-1');
    expect(contentDisposition('a"b.xyz')).toBe('attachment; filename="a_b.xyz"');
  });

  it('serves the input and optimised XYZ as stored', () => {
    expect(buildCalculationFile(calc(), 'input.xyz')!.body).toBe(WATER);
    expect(buildCalculationFile(calc(), 'optimized.xyz')!.body).toContain('optimised');
    expect(buildCalculationFile(calc({ optimizedXyz: null }), 'optimized.xyz')).toBeNull();
  });

  it('writes an SDF record another reader parses back, with the results as data fields', () => {
    const sdf = sdfRecord(calc())!;
    const parsed = parseMolfile(sdf);
    expect(parsed.atoms.map((a) => a.element)).toEqual(['O', 'H', 'H']);
    expect(parsed.bonds).toHaveLength(2);
    expect(parsed.has3dCoordinates).toBe(true);
    expect(Number(parsed.data['total_energy_Eh'])).toBe(-5.070544);
    expect(sdf).toMatch(/>  <total_energy_Eh>\n-5\.070544\n/);
    expect(sdf).toMatch(/>  <homo_eV>\n-12\.1\n/);
    expect(sdf).toMatch(/>  <lumo_eV>\n2\.3\n/);
    expect(sdf).toMatch(/>  <homo_lumo_gap_eV>\n14\.4\n/);
    expect(sdf).toMatch(/>  <dipole_moment_D>\n2\.1\n/);
    expect(sdf.trimEnd().endsWith('$$$$')).toBe(true);
  });

  it('perceives the two O–H bonds of water and no H–H bond', () => {
    const atoms = [
      { element: 'O', x: 0, y: 0, z: 0.1173 },
      { element: 'H', x: 0, y: 0.7572, z: -0.4692 },
      { element: 'H', x: 0, y: -0.7572, z: -0.4692 },
    ];
    expect(perceiveBonds(atoms)).toEqual([
      [0, 1],
      [0, 2],
    ]);
    expect(molBlock('w', atoms).split('\n')[3]).toMatch(/^ {2}3 {2}2 /);
  });

  it('puts every stored result in the JSON but not the log or page-only flags', () => {
    const json = JSON.parse(buildCalculationFile(calc(), 'results.json')!.body);
    expect(json.totalEnergy).toBe(-5.070544);
    expect(json.stationaryPoint).toBe('minimum');
    expect(json.units.totalEnergy).toBe('Eh');
    expect(json.canModify).toBeUndefined();
    expect(json.metrics[0].stdout).toBeUndefined();
  });

  it("serves xtb's log of the latest attempt that printed one", () => {
    const file = buildCalculationFile(calc(), 'xtb.log')!;
    expect(file.body).toContain('normal termination of xtb');
    expect(file.contentType).toMatch(/^text\/plain/);
    expect(buildCalculationFile(calc({ metrics: [] }), 'xtb.log')).toBeNull();
  });

  it('lists the Molden file from its stored size, and serves the same bytes once its text is read', () => {
    const molden = '[Molden Format]\n[Atoms] AU\nO 1 8 0.0 0.0 0.2\n';
    expect(availableCalculationFiles(calc())).not.toContain('molden.input');
    const listed = listCalculationFiles(calc({ moldenBytes: Buffer.byteLength(molden) })).find((f) => f.name === 'molden.input')!;
    expect(listed).toMatchObject({ fileName: 'Water_opt_test.molden', mediaType: 'chemical/x-molden', size: Buffer.byteLength(molden) });
    const file = buildCalculationFile(calc({ moldenBytes: Buffer.byteLength(molden), moldenInput: molden }), 'molden.input')!;
    expect(file).toMatchObject({ fileName: listed.fileName, contentType: listed.mediaType, body: molden });
    // Its own download: the JSON of all results does not carry it again.
    expect(JSON.parse(buildCalculationFile(calc({ moldenBytes: 40, moldenInput: molden }), 'results.json')!.body).moldenInput).toBeUndefined();
  });
});
