// Which methods does the installed xtb actually run? Debian's 6.5.1 builds GFN0 so that it cannot
// find its parameters, and with XTBPATH set it runs water but fails on anything bigger (allocation of
// absurd sizes, segfaults, hangs). So each method is probed on ethanol, not on H2 or water, which
// pass GFN0 by luck. Results are cached per process (per binary).
import { execFile } from 'node:child_process';
import { METHODS } from '../calculations/parameters.ts';
import { type XtbMethod, buildXtbArgs, DEFAULT_XTB_PARAMETERS, type XtbParameters } from './build-xtb-args.ts';
import { classifyXtbError, classifyXtbRun } from './classify-xtb-failure.ts';
import { readXtbOutput } from './parse-xtb-output.ts';
import { defaultXtbBin, runXtb } from './run-xtb.ts';
import { formatXyz, type XyzAtom } from './xyz-format.ts';

export interface XtbProbeResult {
  available: boolean;
  /** Why not, in words an operator can act on; null when available. */
  reason: string | null;
  wallTimeMs: number;
}

export interface XtbMethodAvailability extends XtbProbeResult {
  method: XtbMethod;
}

export interface XtbSelfCheckResult {
  bin: string;
  /** The binary exists and answers --version. */
  found: boolean;
  /** e.g. "6.5.1"; null when unknown. */
  version: string | null;
  methods: XtbMethodAvailability[];
  availableMethods: XtbMethod[];
  /** GFN2 with implicit solvation in water. */
  solvation: { alpb: XtbProbeResult; gbsa: XtbProbeResult } | null;
  error: string | null;
  checkedAt: string;
}

export interface XtbSelfCheckOptions {
  xtbBin?: string;
  /** Per probe; GFN0 on Debian can hang, the others take ~0.05 s. */
  probeTimeoutMs?: number;
}

// Ethanol, GFN2-optimised (Å).
const PROBE_MOLECULE: XyzAtom[] = [
  { element: 'C', x: 0.8979, y: 0.0034, z: 0.029 },
  { element: 'C', x: 2.4231, y: 0.0281, z: 0.0295 },
  { element: 'O', x: 2.952, y: 1.0411, z: 0.8521 },
  { element: 'H', x: 0.5392, y: -0.827, z: -0.5729 },
  { element: 'H', x: 0.5013, y: 0.9298, z: -0.3847 },
  { element: 'H', x: 0.5261, y: -0.1103, z: 1.0445 },
  { element: 'H', x: 2.793, y: 0.1415, z: -1.0008 },
  { element: 'H', x: 2.8166, y: -0.9068, z: 0.4347 },
  { element: 'H', x: 2.5884, y: 1.8885, z: 0.5711 },
];

function xtbVersionOf(bin: string, timeoutMs: number): Promise<{ version: string | null; error: string | null }> {
  return new Promise((resolve) => {
    execFile(bin, ['--version'], { timeout: timeoutMs, env: { ...process.env, OMP_NUM_THREADS: '1' } }, (error, stdout, stderr) => {
      const m = /xtb version\s+(\d+(?:\.\d+)+)/.exec(`${stdout}\n${stderr}`);
      if (m) return resolve({ version: m[1]!, error: null });
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') return resolve({ version: null, error: `the xtb program "${bin}" was not found (install the Debian package xtb or set XTB_BIN)` });
      if (code === 'EACCES') return resolve({ version: null, error: `the xtb program at "${bin}" is not executable` });
      resolve({ version: null, error: `"${bin} --version" did not report a version${error ? `: ${error.message}` : ''}` });
    });
  });
}

async function probe(bin: string, params: XtbParameters, timeoutMs: number): Promise<XtbProbeResult> {
  const started = performance.now();
  try {
    const run = await runXtb({ xyz: formatXyz(PROBE_MOLECULE, 'self-check'), args: buildXtbArgs(params), timeoutMs, xtbBin: bin, killGraceMs: 500 });
    try {
      const parsed = await readXtbOutput({ workDir: run.workDir, stdout: run.stdout, stderr: run.stderr, inputAtoms: PROBE_MOLECULE });
      const outcome = classifyXtbRun({ ...run, timeoutMs }, parsed, params);
      const wallTimeMs = performance.now() - started;
      if (outcome.ok) return { available: true, reason: null, wallTimeMs };
      return { available: false, reason: `${outcome.failure.code}: ${outcome.failure.message}`, wallTimeMs };
    } finally {
      await run.cleanup();
    }
  } catch (error) {
    const f = classifyXtbError(error);
    return { available: false, reason: `${f.code}: ${f.message}`, wallTimeMs: performance.now() - started };
  }
}

/** Runs the check now (a few tenths of a second; one xtb at a time so it never crowds real jobs). */
export async function runXtbSelfCheck(options: XtbSelfCheckOptions = {}): Promise<XtbSelfCheckResult> {
  const bin = options.xtbBin ?? defaultXtbBin();
  const timeoutMs = options.probeTimeoutMs ?? 10_000;
  const checkedAt = new Date().toISOString();
  const { version, error } = await xtbVersionOf(bin, timeoutMs);
  if (version === null) {
    const reason = error ?? 'xtb is not available';
    return {
      bin,
      found: false,
      version: null,
      methods: METHODS.map((method) => ({ method, available: false, reason, wallTimeMs: 0 })),
      availableMethods: [],
      solvation: null,
      error: reason,
      checkedAt,
    };
  }
  const methods: XtbMethodAvailability[] = [];
  for (const method of METHODS) {
    methods.push({ method, ...(await probe(bin, { ...DEFAULT_XTB_PARAMETERS, method }, timeoutMs)) });
  }
  const gfn2Works = methods.some((m) => m.method === 'gfn2' && m.available);
  const solvation = gfn2Works
    ? {
        alpb: await probe(bin, { ...DEFAULT_XTB_PARAMETERS, solvation: { model: 'alpb', solvent: 'water' } }, timeoutMs),
        gbsa: await probe(bin, { ...DEFAULT_XTB_PARAMETERS, solvation: { model: 'gbsa', solvent: 'water' } }, timeoutMs),
      }
    : null;
  return {
    bin,
    found: true,
    version,
    methods,
    availableMethods: methods.filter((m) => m.available).map((m) => m.method),
    solvation,
    error: null,
    checkedAt,
  };
}

const cache = new Map<string, Promise<XtbSelfCheckResult>>();

/** The self-check, run once per process and binary; concurrent callers share one run. */
export function getXtbSelfCheck(options: XtbSelfCheckOptions = {}): Promise<XtbSelfCheckResult> {
  const bin = options.xtbBin ?? defaultXtbBin();
  let pending = cache.get(bin);
  if (!pending) {
    pending = runXtbSelfCheck({ ...options, xtbBin: bin });
    cache.set(bin, pending);
  }
  return pending;
}

/** Forget cached results (after installing xtb, in tests). */
export function clearXtbSelfCheckCache(): void {
  cache.clear();
}
