import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_XTB_PARAMETERS, XtbParameterError, buildXtbArgs, solventsFor, validateXtbParameters, type XtbParameters } from './build-xtb-args.ts';
import { formatXyz } from './xyz-format.ts';

const params = (over: Partial<XtbParameters>): XtbParameters => ({ ...DEFAULT_XTB_PARAMETERS, ...over });

describe('buildXtbArgs', () => {
  it('builds a GFN2 optimisation in ALPB water', () => {
    expect(
      buildXtbArgs(
        params({
          task: 'opt',
          optLevel: 'tight',
          solvation: { model: 'alpb', solvent: 'Water' },
          charge: -1,
          uhf: 1,
          etemp: 500,
          accuracy: 0.5,
          maxIterations: 100,
          maxOptCycles: 50,
        }),
      ),
    ).toEqual([
      'input.xyz',
      '--gfn',
      '2',
      '--opt',
      'tight',
      '--grad',
      '--alpb',
      'water',
      '--chrg',
      '-1',
      '--uhf',
      '1',
      '--etemp',
      '500',
      '--acc',
      '0.5',
      '--iterations',
      '100',
      '--cycles',
      '50',
      '--json',
      '--molden',
      '--parallel',
      '1',
    ]);
  });

  it('spells every method and task', () => {
    expect(buildXtbArgs(params({ method: 'gfnff' })).slice(0, 3)).toEqual(['input.xyz', '--gfnff', '--grad']);
    expect(buildXtbArgs(params({ method: 'gfn1', task: 'hess' })).slice(1, 5)).toEqual(['--gfn', '1', '--hess', '--grad']);
    expect(buildXtbArgs(params({ method: 'gfn0', task: 'ohess', optLevel: 'crude' })).slice(1, 6)).toEqual(['--gfn', '0', '--ohess', 'crude', '--grad']);
    // xtb's Molden file (orbitals) for the methods that have them
    expect(buildXtbArgs(params({ method: 'gfn1' }))).toContain('--molden');
    expect(buildXtbArgs(params({ method: 'gfnff' }))).not.toContain('--molden');
    // --cycles only where an optimisation runs
    expect(buildXtbArgs(params({ task: 'sp', maxOptCycles: 5 }))).not.toContain('--cycles');
    expect(buildXtbArgs(params({ accuracy: 0.0001 }))).toContain('0.0001');
  });

  it('refuses what xtb would silently accept', () => {
    expect(() => buildXtbArgs(params({ etemp: -300 }))).toThrow(XtbParameterError);
    const fields = (p: unknown) => validateXtbParameters(p).map((i) => i.field);
    expect(fields(params({ etemp: 0 }))).toEqual(['etemp']);
    expect(fields(params({ accuracy: 0.00001 }))).toEqual(['accuracy']);
    expect(fields(params({ accuracy: 1001 }))).toEqual(['accuracy']);
    expect(fields(params({ maxIterations: 0 }))).toEqual(['maxIterations']);
    expect(fields(params({ uhf: -1 }))).toEqual(['uhf']);
    expect(fields(params({ charge: 0.5 }))).toEqual(['charge']);
    expect(fields(params({ maxOptCycles: 0 }))).toEqual(['maxOptCycles']);
    expect(fields({ ...params({}), method: 'gfn3' })).toEqual(['method']);
    expect(fields(params({ solvation: { model: 'gbsa', solvent: 'ethanol' } }))).toEqual(['solvation.solvent']);
    expect(fields(params({ method: 'gfn1', solvation: { model: 'gbsa', solvent: 'dmf' } }))).toEqual(['solvation.solvent']);
    expect(fields(params({ solvation: { model: 'alpb', solvent: 'ethanol' } }))).toEqual([]);
    expect(validateXtbParameters(null)).not.toEqual([]);
  });

  it('lists solvents per model and method', () => {
    expect(solventsFor('alpb', 'gfn2')).toHaveLength(25);
    expect(solventsFor('gbsa', 'gfn2')).toHaveLength(14);
    expect(solventsFor('gbsa', 'gfn1')).toHaveLength(12);
    expect(solventsFor('gbsa', 'gfn1')).not.toContain('dmf');
    expect(solventsFor('gbsa', 'gfnff')).toContain('dmf');
  });
});

describe('solvent lists against the installed xtb', () => {
  const exec = promisify(execFile);
  async function xtbAccepts(args: string[]): Promise<boolean> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qf-xtb-solv-'));
    try {
      await writeFile(
        path.join(dir, 'input.xyz'),
        formatXyz([
          { element: 'O', x: 0, y: 0, z: 0.1178 },
          { element: 'H', x: 0, y: 0.7555, z: -0.4712 },
          { element: 'H', x: 0, y: -0.7555, z: -0.4712 },
        ]),
      );
      await exec(process.env.XTB_BIN || 'xtb', ['input.xyz', ...args, '--parallel', '1'], {
        cwd: dir,
        env: { ...process.env, OMP_NUM_THREADS: '1' },
        timeout: 20_000,
      });
      return true;
    } catch {
      return false;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('accepts a listed solvent and refuses an unlisted one, as the validator does', async () => {
    expect(await xtbAccepts(['--gfn', '1', '--gbsa', 'toluene'])).toBe(true);
    expect(await xtbAccepts(['--gfn', '1', '--gbsa', 'dmf'])).toBe(false);
    expect(await xtbAccepts(['--gfn', '2', '--gbsa', 'dmf'])).toBe(true);
    expect(await xtbAccepts(['--gfnff', '--alpb', 'ethanol'])).toBe(true);
    expect(await xtbAccepts(['--gfn', '2', '--gbsa', 'ethanol'])).toBe(false);
  });
});
