import { stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_XTB_PARAMETERS, buildXtbArgs } from './build-xtb-args.ts';
import { classifyXtbError, classifyXtbRun } from './classify-xtb-failure.ts';
import { readXtbOutput } from './parse-xtb-output.ts';
import { XtbBinaryNotFoundError, formatXyz, processGroupAlive, runXtb } from './run-xtb.ts';
import { parseXyzLastFrame } from './xyz-format.ts';

const water = parseXyzLastFrame(readFileSync(path.join(import.meta.dirname, 'fixtures/water.xyz'), 'utf8'))!;
const caffeine = parseXyzLastFrame(readFileSync(path.join(import.meta.dirname, 'fixtures/caffeine.xyz'), 'utf8'))!;
// Caffeine optimisation + frequencies: about 2 s on this machine, long enough to interrupt.
const slowParams = { ...DEFAULT_XTB_PARAMETERS, task: 'ohess' as const, solvation: { model: 'alpb' as const, solvent: 'water' } };

describe('runXtb', () => {
  it('runs water in a private directory with one thread and measures it', async () => {
    const run = await runXtb({ xyz: formatXyz(water, 'water'), args: buildXtbArgs(DEFAULT_XTB_PARAMETERS), timeoutMs: 30_000 });
    try {
      expect(run.exitCode).toBe(0);
      expect(run.signal).toBeNull();
      expect(run.timedOut || run.cancelled).toBe(false);
      expect((await stat(run.workDir)).mode & 0o777).toBe(0o700);
      expect(run.stdout).toMatch(/omp threads\s*:\s*1\b/);
      expect(run.stdout).toContain('program call');
      expect(run.wallTimeMs).toBeGreaterThan(0);
      expect(run.cpuTimeMs).not.toBeNull();
      console.info(`water sp: wall ${run.wallTimeMs.toFixed(0)} ms, cpu ${run.cpuTimeMs} ms, peak ${run.peakMemoryBytes} B`);
    } finally {
      await run.cleanup();
    }
    await expect(stat(run.workDir)).rejects.toThrow();
  });

  it('measures CPU time and peak memory of a longer run', async () => {
    const run = await runXtb({ xyz: formatXyz(caffeine), args: buildXtbArgs({ ...slowParams, task: 'opt' }), timeoutMs: 60_000 });
    await run.cleanup();
    expect(run.exitCode).toBe(0);
    expect(run.peakMemoryBytes).toBeGreaterThan(1024 * 1024);
    expect(run.cpuTimeMs).toBeGreaterThan(0);
    console.info(`caffeine opt: wall ${run.wallTimeMs.toFixed(0)} ms, cpu ${run.cpuTimeMs} ms, peak ${((run.peakMemoryBytes ?? 0) / 2 ** 20).toFixed(1)} MiB`);
  });

  it('kills the whole process group on timeout and reports it as a timeout', async () => {
    const started = performance.now();
    const run = await runXtb({ xyz: formatXyz(caffeine), args: buildXtbArgs(slowParams), timeoutMs: 300, killGraceMs: 500 });
    try {
      expect(performance.now() - started).toBeLessThan(3000); // 300 ms limit + 500 ms grace, with room for a loaded machine
      expect(run.timedOut).toBe(true);
      // xtb traps SIGTERM and exits by itself (or dies by it): either way the group is gone.
      expect(run.signal === 'SIGTERM' || run.exitCode !== 0).toBe(true);
      console.info(`timeout: exit ${run.exitCode}, signal ${run.signal}, stderr tail: ${run.stderr.trim().split('\n').at(-1)}`);
      expect(processGroupAlive(run.pid!)).toBe(false);
      const parsed = await readXtbOutput({ workDir: run.workDir, stdout: run.stdout, stderr: run.stderr, inputAtoms: caffeine });
      const outcome = classifyXtbRun({ ...run, timeoutMs: 300 }, parsed, slowParams);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.failure).toMatchObject({ type: 'timeout', code: 'TIMEOUT', retryable: true, retryWithHigherEtemp: false });
    } finally {
      await run.cleanup();
    }
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 250);
    const run = await runXtb({ xyz: formatXyz(caffeine), args: buildXtbArgs(slowParams), timeoutMs: 60_000, signal: controller.signal });
    try {
      expect(run.cancelled).toBe(true);
      expect(run.timedOut).toBe(false);
      expect(processGroupAlive(run.pid!)).toBe(false);
      const parsed = await readXtbOutput({ workDir: run.workDir, stdout: run.stdout, stderr: run.stderr });
      const outcome = classifyXtbRun(run, parsed, slowParams);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.failure).toMatchObject({ type: 'cancelled', code: 'CANCELLED', retryable: false });
    } finally {
      await run.cleanup();
    }
  });

  it('does not start when the signal is already aborted', async () => {
    const run = await runXtb({ xyz: formatXyz(water), args: buildXtbArgs(DEFAULT_XTB_PARAMETERS), timeoutMs: 10_000, signal: AbortSignal.abort() });
    await run.cleanup();
    expect(run).toMatchObject({ cancelled: true, pid: null, exitCode: null });
  });

  it('gives a typed error for a missing binary and leaves no directory behind', async () => {
    const error = await runXtb({ xyz: formatXyz(water), args: buildXtbArgs(DEFAULT_XTB_PARAMETERS), timeoutMs: 10_000, xtbBin: '/nonexistent/xtb' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(XtbBinaryNotFoundError);
    expect((error as XtbBinaryNotFoundError).code).toBe('XTB_NOT_FOUND');
    expect((error as Error).message).toMatch(/not found/);
    expect(classifyXtbError(error)).toMatchObject({ type: 'system', code: 'XTB_NOT_FOUND', retryable: false });
  });

  it('takes the binary from XTB_BIN', async () => {
    const previous = process.env.XTB_BIN;
    process.env.XTB_BIN = '/nonexistent/xtb-from-env';
    try {
      await expect(runXtb({ xyz: formatXyz(water), args: buildXtbArgs(DEFAULT_XTB_PARAMETERS), timeoutMs: 10_000 })).rejects.toThrow(/xtb-from-env/);
    } finally {
      if (previous === undefined) delete process.env.XTB_BIN;
      else process.env.XTB_BIN = previous;
    }
  });

  it('caps captured output', async () => {
    const run = await runXtb({ xyz: formatXyz(water), args: buildXtbArgs(DEFAULT_XTB_PARAMETERS), timeoutMs: 30_000, maxOutputBytes: 4096 });
    await run.cleanup();
    expect(run.stdoutTruncated).toBe(true);
    expect(run.stdout.length).toBeLessThan(4096 + 100);
    expect(run.stdout).toContain('x T B'); // head kept
    expect(run.stdout).toContain('TOTAL ENERGY'); // tail kept
  });
});

describe('the CPU-time backstop', () => {
  it('stops xtb by itself when its CPU limit is used up, with no timer needed', async () => {
    const run = await runXtb({
      xyz: formatXyz(caffeine, 'caffeine'),
      args: ['input.xyz', '--gfn', '2', '--ohess', 'tight', '--parallel', '1'],
      timeoutMs: 120_000, // the wall timer stays far away: only the rlimit can stop this run early
      cpuLimitSeconds: 1,
    });
    try {
      expect(run.timedOut).toBe(false);
      expect(run.signal).toBe('SIGXCPU');
      expect(run.wallTimeMs).toBeLessThan(20_000);
      const outcome = classifyXtbRun(run, await readXtbOutput({ workDir: run.workDir, stdout: run.stdout, stderr: run.stderr }), {
        task: 'ohess',
        method: 'gfn2',
      });
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.failure).toMatchObject({ type: 'timeout', code: 'CPU_TIME_LIMIT', retryable: true });
    } finally {
      await run.cleanup();
    }
  });
});
