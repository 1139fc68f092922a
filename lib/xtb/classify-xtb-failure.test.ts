import { describe, expect, it } from 'vitest';
import { XtbParameterError } from './build-xtb-args.ts';
import { classifyXtbError, classifyXtbRun, raisedEtemp } from './classify-xtb-failure.ts';
import { parseXtbOutputFiles } from './parse-xtb-output.ts';

const sp = { task: 'sp' as const, method: 'gfn2' as const };
const exited = (exitCode: number | null, signal: NodeJS.Signals | null = null) => ({ exitCode, signal, timedOut: false, cancelled: false, stderr: '' });
const summary = (energy: string) => `          | TOTAL ENERGY              ${energy} Eh   |\n`;

describe('classifyXtbRun (facts from output, no xtb needed)', () => {
  it('treats a segfault (exit 139, as for uranium) as a system error that will recur', () => {
    const outcome = classifyXtbRun(exited(139), parseXtbOutputFiles({}, ''), sp);
    expect(outcome).toMatchObject({ ok: false, failure: { type: 'system', code: 'XTB_SEGFAULT', retryable: false } });
  });

  it('treats a kill from outside as a retryable system error', () => {
    const outcome = classifyXtbRun(exited(null, 'SIGKILL'), parseXtbOutputFiles({}, ''), sp);
    expect(outcome).toMatchObject({ ok: false, failure: { type: 'system', code: 'XTB_KILLED', retryable: true } });
  });

  it('refuses a "normal termination" at a positive energy (near-overlapping atoms)', () => {
    const parsed = parseXtbOutputFiles({}, summary('23.123456789012'), 'normal termination of xtb');
    expect(classifyXtbRun(exited(0), parsed, sp)).toMatchObject({
      ok: false,
      failure: { type: 'validation', code: 'IMPLAUSIBLE_ENERGY', userActionRequired: true },
    });
  });

  it('recognises xtb refusing close atoms as a validation failure', () => {
    const parsed = parseXtbOutputFiles({}, '-1- xtb_setup: Some atoms in the start geometry are *very* close\n', 'abnormal termination of xtb');
    expect(classifyXtbRun(exited(1), parsed, sp)).toMatchObject({ ok: false, failure: { type: 'validation', code: 'ATOMS_TOO_CLOSE', retryable: false } });
  });

  it('does not trust exit 0 without normal termination', () => {
    const parsed = parseXtbOutputFiles({}, summary('-5.0'), '');
    expect(classifyXtbRun(exited(0), parsed, sp)).toMatchObject({ ok: false, failure: { type: 'unknown' } });
  });

  it('accepts a plain single point', () => {
    const parsed = parseXtbOutputFiles({}, summary('-5.070325128562'), 'normal termination of xtb');
    expect(classifyXtbRun(exited(0), parsed, sp)).toEqual({
      ok: true,
      warnings: [{ code: 'NO_HOMO_LUMO', message: 'xtb printed no HOMO/LUMO energies for this run.' }],
    });
  });

  it('does not retry xtb aborting itself: it recurs on the same input', () => {
    const outcome = classifyXtbRun({ ...exited(null, 'SIGABRT'), stderr: 'Program received signal SIGABRT' }, parseXtbOutputFiles({}, ''), sp);
    expect(outcome).toMatchObject({ ok: false, failure: { type: 'system', code: 'XTB_ABORTED', retryable: false } });
  });

  it('names the linear-molecule thermochemistry crash (stack smashing, SIGABRT) and what to do instead', () => {
    const stdout = 'Molecule has the following symmetry elements: (i) (Cinf) (C2) 2*(sigma)\nIt seems to be the Dinfh point group\n';
    const stderr = '*** stack smashing detected ***: terminated\n\nProgram received signal SIGABRT: Process abort signal.\n';
    for (const run of [
      { ...exited(null, 'SIGABRT'), stderr },
      { ...exited(134), stderr },
    ]) {
      const outcome = classifyXtbRun(run, parseXtbOutputFiles({}, stdout, stderr), { task: 'hess', method: 'gfn2' });
      expect(outcome).toMatchObject({ ok: false, failure: { type: 'system', code: 'XTB_THERMO_CRASH', retryable: false, userActionRequired: true } });
      if (!outcome.ok) {
        expect(outcome.failure.message).toContain('linear molecule (point group Dinfh)');
        expect(outcome.failure.message).not.toMatch(/SIGABRT|XTB_/);
      }
    }
  });
});

describe('classifyXtbError', () => {
  it('never retries invalid parameters', () => {
    expect(classifyXtbError(new XtbParameterError([{ field: 'etemp', message: 'bad' }]))).toMatchObject({
      type: 'validation',
      retryable: false,
      userActionRequired: true,
    });
    expect(classifyXtbError(new Error('boom'))).toMatchObject({ type: 'unknown', code: 'UNEXPECTED_ERROR' });
  });

  it('retries an attempt the database gave up on (deadlock, serialisation, dropped connection)', () => {
    for (const code of ['40P01', '40001', '57P01']) {
      const error = Object.assign(new Error('deadlock detected'), { code });
      expect(classifyXtbError(error)).toMatchObject({ type: 'system', code, retryable: true, userActionRequired: false });
    }
  });
});

describe('raisedEtemp', () => {
  it('raises the electronic temperature step by step up to a ceiling', () => {
    expect([300, 1000, 2000, 4000, 5000].map((t) => raisedEtemp(t))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
