// Decides from the output whether an xtb run succeeded, and if not, what kind of failure it was and
// what to do about it. The exit code alone proves nothing with xtb 6.5.1: it exits 0 after an
// optimisation that ran out of cycles, and "normal termination" follows nonsense input.
import { XtbParameterError, type XtbMethod, type XtbTask, taskComputesFrequencies, taskOptimises } from './build-xtb-args.ts';
import type { XtbParsedOutput } from './parse-xtb-output.ts';
import { XtbBinaryNotFoundError, type XtbRunResult } from './run-xtb.ts';
import { xtbWarnings, type XtbWarning } from './stored-results.ts';

export const XTB_FAILURE_TYPES = ['validation', 'timeout', 'convergence', 'system', 'cancelled', 'unknown'] as const;
export type XtbFailureType = (typeof XTB_FAILURE_TYPES)[number];

export interface XtbFailure {
  type: XtbFailureType;
  /** Stable machine code, e.g. SCF_NOT_CONVERGED, OPT_NOT_CONVERGED, TIMEOUT, XTB_CRASHED. */
  code: string;
  message: string;
  /** Worth retrying with the same input (transient), possibly with changed settings (see below). */
  retryable: boolean;
  /** The SCC did not converge: retry with a raised electronic temperature. */
  retryWithHigherEtemp: boolean;
  /** Only the user can fix it (input, parameters). */
  userActionRequired: boolean;
}

export type XtbOutcome = { ok: true; warnings: XtbWarning[] } | { ok: false; failure: XtbFailure };

type RunFacts = Pick<XtbRunResult, 'exitCode' | 'signal' | 'timedOut' | 'cancelled' | 'stderr'> & { timeoutMs?: number };

function failure(
  type: XtbFailureType,
  code: string,
  message: string,
  flags: Partial<Pick<XtbFailure, 'retryable' | 'retryWithHigherEtemp' | 'userActionRequired'>> = {},
): { ok: false; failure: XtbFailure } {
  return {
    ok: false,
    failure: {
      type,
      code,
      message,
      retryable: flags.retryable ?? false,
      retryWithHigherEtemp: flags.retryWithHigherEtemp ?? false,
      userActionRequired: flags.userActionRequired ?? false,
    },
  };
}

// xtb's own complaints about its input: retrying cannot help, the user must change something.
const INPUT_ERROR_PATTERNS: { pattern: RegExp; code: string }[] = [
  { pattern: /atoms in the start geometry are \*very\* close/i, code: 'ATOMS_TOO_CLOSE' },
  { pattern: /solvent: '[^']*' is not parametrized/i, code: 'SOLVENT_NOT_PARAMETRISED' },
  { pattern: /element .* not (?:supported|parametrized)|no parameters for element/i, code: 'UNSUPPORTED_ELEMENT' },
  { pattern: /could not read input|failed to read|unknown file format|format .* not supported/i, code: 'UNREADABLE_INPUT' },
  { pattern: /number of electrons .* (?:odd|even)|inconsistent.*(?:spin|multiplicity)/i, code: 'SPIN_PARITY' },
];

/**
 * The verdict on one finished run. `task` tells whether an optimisation and frequencies were asked
 * for; `method` whether an SCF and orbitals are expected (GFN-FF has neither).
 */
export function classifyXtbRun(run: RunFacts, parsed: XtbParsedOutput, params: { task: XtbTask; method: XtbMethod }): XtbOutcome {
  if (run.cancelled) return failure('cancelled', 'CANCELLED', 'the calculation was cancelled');
  if (run.timedOut) {
    const limit = run.timeoutMs !== undefined ? ` of ${Math.round(run.timeoutMs / 1000)} s` : '';
    return failure('timeout', 'TIMEOUT', `xtb did not finish within the time limit${limit}`, { retryable: true });
  }
  if (run.signal === 'SIGXCPU') {
    // The CPU-time limit set on xtb itself (run-xtb's prlimit backstop).
    return failure('timeout', 'CPU_TIME_LIMIT', 'xtb used up its CPU-time limit', { retryable: true });
  }

  const errors = parsed.errorMessages;
  const errorText = errors.join('\n');
  const allocation = errors.find((e) => /Error allocating/.test(e));
  if (allocation) {
    // Debian's GFN0 asks for absurd amounts (uninitialised sizes): deterministic, not transient.
    return failure('system', 'XTB_ALLOCATION_FAILED', `xtb failed to allocate memory: ${allocation}`);
  }
  const aborted = run.signal === 'SIGABRT' || run.exitCode === 134;
  if (aborted && /stack smashing detected/i.test(run.stderr)) {
    // xtb 6.5.1 (Debian) overruns a stack buffer in its thermochemistry for linear molecules (CO2,
    // HCN: point group Dinfh/Cinfv), after the frequencies were computed. Deterministic.
    const linear = /inf[vh]$/i.test(parsed.pointGroup ?? '');
    return failure(
      'system',
      'XTB_THERMO_CRASH',
      `xtb crashed ("stack smashing detected") while computing the thermochemistry` +
        `${linear ? ` of this linear molecule (point group ${parsed.pointGroup})` : ''}. ` +
        `This is a defect of the installed xtb version and recurs on every attempt. ` +
        `Run "Optimisation" or "Single point" instead; frequencies and thermochemistry of linear molecules cannot be computed with it.`,
      { userActionRequired: true },
    );
  }
  if (run.signal !== null || (run.exitCode !== null && run.exitCode > 128)) {
    const what = run.signal ?? `signal ${run.exitCode! - 128}`;
    const segfault = run.signal === 'SIGSEGV' || run.exitCode === 139;
    return failure(
      'system',
      segfault ? 'XTB_SEGFAULT' : aborted ? 'XTB_ABORTED' : 'XTB_KILLED',
      `xtb was terminated by ${what}${segfault ? ' (segmentation fault)' : aborted ? ' (xtb aborted itself)' : ''}`,
      {
        // A kill from outside (OOM killer, operator) may not recur; a segfault or xtb's own abort on this input will.
        retryable: !segfault && !aborted,
      },
    );
  }

  if (parsed.scfConverged === false || parsed.files.sccNotConverged || /Self consistent charge iterator did not converge/i.test(errorText)) {
    const iterations = parsed.scfIterations !== null ? ` within ${parsed.scfIterations} iterations` : '';
    return failure('convergence', 'SCF_NOT_CONVERGED', `the SCC did not converge${iterations}`, {
      retryable: true,
      retryWithHigherEtemp: true,
    });
  }

  if (/Parameter file .* not found/i.test(errorText)) {
    return failure('system', 'XTB_PARAMETERS_MISSING', `xtb cannot run ${params.method.toUpperCase()} here: ${errors.at(-1) ?? 'parameter file not found'}`);
  }
  for (const { pattern, code } of INPUT_ERROR_PATTERNS) {
    if (pattern.test(errorText)) {
      return failure('validation', code, `xtb rejected the input: ${errors.at(-1) ?? code}`, { userActionRequired: true });
    }
  }

  if (run.exitCode !== 0 || !parsed.normalTermination) {
    const detail = errors.at(-1) ?? (run.stderr.trim().split('\n').at(-1) || 'no error message');
    return failure('unknown', 'ABNORMAL_TERMINATION', `xtb stopped abnormally (exit code ${run.exitCode}): ${detail}`, {
      retryable: false,
    });
  }

  if (taskOptimises(params.task) && parsed.optimization.converged !== true) {
    const cycles = parsed.optimization.cycles !== null ? ` in ${parsed.optimization.cycles} cycles` : '';
    return failure('convergence', 'OPT_NOT_CONVERGED', `the geometry optimisation did not converge${cycles}`, {
      // Same input, same cycles, same result: the user raises the cycle limit or fixes the structure.
      userActionRequired: true,
    });
  }

  if (parsed.totalEnergyEh === null) {
    return failure('unknown', 'NO_ENERGY', 'xtb terminated normally but no total energy was found in its output');
  }
  // An H 0.1 Å from O "terminates normally" at +23 Eh with GFN2: tight-binding energies of real
  // molecules are negative.
  if (params.method !== 'gfnff' && parsed.totalEnergyEh >= 0) {
    return failure('validation', 'IMPLAUSIBLE_ENERGY', `the total energy ${parsed.totalEnergyEh.toFixed(6)} Eh is not plausible: check the geometry`, {
      userActionRequired: true,
    });
  }
  // An empty list is right for a single atom (no vibrations) and a lost output for anything else.
  const noVibrationsExpected = parsed.finalAtoms?.length === 1;
  if (taskComputesFrequencies(params.task) && (parsed.vibrations === null || (parsed.vibrations.length === 0 && !noVibrationsExpected))) {
    return failure('unknown', 'NO_FREQUENCIES', 'xtb terminated normally but wrote no frequencies');
  }

  return { ok: true, warnings: xtbWarnings(parsed, params) };
}

/** Failures thrown before or instead of a run (missing binary, bad parameters, other errors). */
export function classifyXtbError(error: unknown): XtbFailure {
  if (error instanceof XtbBinaryNotFoundError) {
    return { type: 'system', code: error.code, message: error.message, retryable: false, retryWithHigherEtemp: false, userActionRequired: false };
  }
  if (error instanceof XtbParameterError) {
    return { type: 'validation', code: error.code, message: error.message, retryable: false, retryWithHigherEtemp: false, userActionRequired: true };
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE' || code === 'EAGAIN' || code === 'ENOMEM') {
    return { type: 'system', code, message: String((error as Error).message), retryable: true, retryWithHigherEtemp: false, userActionRequired: false };
  }
  // PostgreSQL gave up on a transaction that collided with another (deadlock, serialisation) or the
  // connection dropped: nothing is wrong with the calculation, so it is tried again.
  if (code === '40P01' || code === '40001' || code === '57P01' || code === '08006' || code === '08003') {
    return {
      type: 'system',
      code,
      message: 'the database interrupted storing this attempt (a conflicting transaction or a dropped connection); it is tried again',
      retryable: true,
      retryWithHigherEtemp: false,
      userActionRequired: false,
    };
  }
  return {
    type: 'unknown',
    code: typeof code === 'string' ? code : 'UNEXPECTED_ERROR',
    message: error instanceof Error ? error.message : String(error),
    retryable: false,
    retryWithHigherEtemp: false,
    userActionRequired: false,
  };
}

/** Next electronic temperature for an SCF retry (doubling, within xtb's sane range). */
export function raisedEtemp(current: number, max = 5000): number {
  return Math.min(max, Math.max(current * 2, 1000));
}
