// Progress of a running optimisation, read from a REAL xtb run's xtbopt.log while it grows.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_XTB_PARAMETERS, buildXtbArgs } from './build-xtb-args.ts';
import { parseXtbOptLog } from './parse-xtb-output.ts';
import { formatXyz, runXtb } from './run-xtb.ts';
import { parseXtbProgress, type XtbProgress } from './xtb-progress.ts';
import { parseXyzLastFrame } from './xyz-format.ts';

const caffeine = parseXyzLastFrame(readFileSync(path.join(import.meta.dirname, 'fixtures', 'caffeine.xyz'), 'utf8'))!;

describe('optimisation progress while xtb runs', () => {
  it('reports the growing xtbopt.log: each report a later cycle, with the energy and gradient norm xtb logged for it', async () => {
    const seen: XtbProgress[] = [];
    const run = await runXtb({
      xyz: formatXyz(caffeine, 'caffeine'),
      args: buildXtbArgs({ ...DEFAULT_XTB_PARAMETERS, task: 'opt' }),
      timeoutMs: 300_000,
      progressIntervalMs: 50,
      onProgress: (p) => void seen.push(p),
    });
    try {
      expect(run.exitCode).toBe(0);
      const final = parseXtbOptLog(await readFile(path.join(run.workDir, 'xtbopt.log'), 'utf8'))!;
      // Seen while running: more than one report, cycles only ever increasing, none beyond the end.
      expect(seen.length).toBeGreaterThan(1);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.step).toBeGreaterThan(seen[i - 1]!.step);
      expect(seen.at(-1)!.step).toBeLessThanOrEqual(final.length);
      // Every report is exactly what xtb logged for that cycle.
      for (const p of seen) {
        const cycle = final[p.step - 1]!;
        expect(p.energyEh).toBe(cycle.energyEh);
        expect(p.gradientNormEhPerBohr).toBe(cycle.gradientNormEhPerBohr);
      }
    } finally {
      await run.cleanup();
    }
  }, 300_000);

  it('counts a frame only once its comment line is written, and nothing before the first', () => {
    expect(parseXtbProgress('')).toBeNull();
    expect(parseXtbProgress('3\n')).toBeNull();
    const text =
      '3\n energy: -5.070000000000 gnorm: 0.020000000000 xtb: 6.5.1 (unknown)\nO 0 0 0\nH 0 0 1\nH 0 1 0\n' +
      '3\n energy: -5.070500000000 gnorm: 0.000400000000 xtb: 6.5.1 (unknown)\nO 0 0 0\nH 0';
    expect(parseXtbProgress(text)).toEqual({ step: 2, energyEh: -5.0705, gradientNormEhPerBohr: 0.0004 });
  });

  it('is not called for a run without an optimisation', async () => {
    const seen: XtbProgress[] = [];
    const run = await runXtb({
      xyz: formatXyz(caffeine, 'caffeine'),
      args: buildXtbArgs({ ...DEFAULT_XTB_PARAMETERS, task: 'sp' }),
      timeoutMs: 120_000,
      progressIntervalMs: 20,
      onProgress: (p) => void seen.push(p),
    });
    await run.cleanup();
    expect(run.exitCode).toBe(0);
    expect(seen).toEqual([]);
  });
});
