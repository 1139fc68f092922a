// Runs one xtb process in a private temporary directory, in its own process group, under a timeout
// and an AbortSignal, and measures it. Judging the result is parse-xtb-output's and
// classify-xtb-failure's job: this module only reports what happened.
import { spawn } from 'node:child_process';
import { childEnvironment } from '../process/child-env.ts';
import { accessSync, constants as fsConstants, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XTB_INPUT_FILE } from './build-xtb-args.ts';

export { formatXyz, type XyzAtom } from './xyz-format.ts';
import { readXtbProgress, type XtbProgress } from './xtb-progress.ts';

export interface RunXtbOptions {
  /** XYZ text written to the input file (make it with formatXyz from parsed atoms). */
  xyz: string;
  /** Arguments from buildXtbArgs; their first element names the input file. */
  args: readonly string[];
  /** Wall-clock limit; the process group is killed when it passes. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** xtb executable; default: env XTB_BIN, else "xtb" on PATH. */
  xtbBin?: string;
  /** OpenMP threads (default 1: one thread per job, as many jobs as cores). */
  threads?: number;
  /** Cap on captured stdout and on stderr each; beyond it the middle is dropped. Default 16 MiB. */
  maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL. Default 2 s. */
  killGraceMs?: number;
  /** Extra environment for xtb (wins over the defaults). */
  env?: Record<string, string | undefined>;
  /** Parent directory of the work directory. Default: os.tmpdir(). */
  tmpRoot?: string;
  /**
   * CPU-time limit (seconds) set on the xtb process itself with `prlimit`, so that xtb stops even
   * when the worker that started it was killed and no timer is left to stop it. Default: the wall
   * limit × threads + 30 s (a backstop: the wall timer fires first while the worker lives); null: none.
   */
  cpuLimitSeconds?: number | null;
  /**
   * Called while xtb runs with the latest optimisation cycle (xtbopt.log), at most once per
   * `progressIntervalMs` and only when it changed. Errors thrown by it are ignored.
   */
  onProgress?: (progress: XtbProgress) => void | Promise<void>;
  /** Default 2 s: what a page polling every 1.5 s can show, without a write per cycle. */
  progressIntervalMs?: number;
}

export interface XtbRunResult {
  /** Exit code, null when the process ended by a signal or never started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  wallTimeMs: number;
  /** user + system CPU of xtb in ms; null when the run was too short to sample and xtb printed none. */
  cpuTimeMs: number | null;
  /** Peak resident memory (VmHWM) in bytes; null when the process ended before it could be sampled. */
  peakMemoryBytes: number | null;
  pid: number | null;
  command: { bin: string; args: string[]; threads: number };
  /** The private work directory holding xtb's files until cleanup() removes it. */
  workDir: string;
  inputPath: string;
  cleanup: () => Promise<void>;
}

/** xtb executable missing (ENOENT) or not executable (EACCES). */
export class XtbBinaryNotFoundError extends Error {
  readonly code: 'XTB_NOT_FOUND' | 'XTB_NOT_EXECUTABLE';
  readonly bin: string;
  constructor(bin: string, errno: string) {
    super(
      errno === 'EACCES'
        ? `the xtb program at "${bin}" is not executable`
        : `the xtb program "${bin}" was not found (install the Debian package xtb or set XTB_BIN)`,
    );
    this.name = 'XtbBinaryNotFoundError';
    this.code = errno === 'EACCES' ? 'XTB_NOT_EXECUTABLE' : 'XTB_NOT_FOUND';
    this.bin = bin;
  }
}

export function defaultXtbBin(): string {
  return process.env.XTB_BIN?.trim() || 'xtb';
}

const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
// Linux fixes USER_HZ (the unit of /proc/<pid>/stat times) at 100 on every architecture Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

/** Keeps the first and last parts of a stream: xtb's version sits at the top, the verdicts at the end. */
class CappedOutput {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private readonly headCap: number;
  private readonly tailCap: number;
  truncated = false;
  constructor(cap: number) {
    this.headCap = Math.floor(cap / 4);
    this.tailCap = cap - this.headCap;
  }
  push(chunk: Buffer): void {
    if (this.headBytes < this.headCap) {
      const take = chunk.subarray(0, this.headCap - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes > this.tailCap) {
      this.truncated = true;
      const first = this.tail[0]!;
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
      }
    }
  }
  toString(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    return this.truncated ? `${head}\n[... output truncated ...]\n${tail}` : head + tail;
  }
}

interface ProcSample {
  cpuTicks: number;
  peakKb: number | null;
}

function sampleProc(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
    let peakKb: number | null = null;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    if (hwm) peakKb = Number(hwm[1]);
    return Number.isFinite(cpuTicks) ? { cpuTicks, peakKb } : null;
  } catch {
    return null; // gone already, or not Linux
  }
}

function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

/** True while any process of the group still exists. */
export function processGroupAlive(pid: number): boolean {
  return killGroup(pid, 0);
}

// xtb's own account, used when the run ended between two /proc samples.
function xtbReportedTotalCpuMs(stdout: string): number | null {
  const m = /\btotal:\s*\n\s*\*\s*wall-time:[^\n]*\n\s*\*\s*cpu-time:\s*(\d+)\s*d,\s*(\d+)\s*h,\s*(\d+)\s*min,\s*([\d.]+)\s*sec/.exec(stdout);
  if (!m) return null;
  return (((Number(m[1]) * 24 + Number(m[2])) * 60 + Number(m[3])) * 60 + Number(m[4])) * 1000;
}

const PRLIMIT = '/usr/bin/prlimit';

/** The executable a bare name or path resolves to, or an errno-like code why it cannot run. */
function resolveExecutable(bin: string): { path: string } | { code: 'ENOENT' | 'EACCES' } {
  const candidates = bin.includes('/')
    ? [bin]
    : (process.env.PATH ?? '')
        .split(':')
        .filter(Boolean)
        .map((dir) => path.join(dir, bin));
  let sawUnexecutable = false;
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    try {
      accessSync(candidate, fsConstants.X_OK);
      return { path: candidate };
    } catch {
      sawUnexecutable = true;
    }
  }
  return { code: sawUnexecutable ? 'EACCES' : 'ENOENT' };
}

/**
 * Runs xtb once. Resolves with what happened (including timeouts and cancellation); rejects only
 * with XtbBinaryNotFoundError or an I/O error setting up the work directory. The caller must call
 * cleanup() after reading the files.
 */
export async function runXtb(options: RunXtbOptions): Promise<XtbRunResult> {
  const bin = options.xtbBin ?? defaultXtbBin();
  const threads = options.threads ?? 1;
  const cap = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const killGraceMs = options.killGraceMs ?? 2000;
  const args = [...options.args];
  const inputName = args[0] && !args[0].startsWith('-') ? args[0] : XTB_INPUT_FILE;
  if (path.basename(inputName) !== inputName) throw new Error('the xtb input file must be a plain file name');

  const cpuLimit = options.cpuLimitSeconds === undefined ? Math.ceil(options.timeoutMs / 1000) * threads + 30 : options.cpuLimitSeconds;
  let command = bin;
  let commandArgs = args;
  if (cpuLimit !== null && existsSync(PRLIMIT)) {
    // prlimit sets the limit and then execs xtb (same pid, same process group), so it needs the
    // resolved binary; a missing one is reported here as it would be by spawn.
    const resolved = resolveExecutable(bin);
    if ('code' in resolved) throw new XtbBinaryNotFoundError(bin, resolved.code);
    command = PRLIMIT;
    // Soft limit: SIGXCPU, which ends xtb; the hard limit 5 s later is SIGKILL should it survive.
    const soft = Math.max(1, Math.ceil(cpuLimit));
    commandArgs = [`--cpu=${soft}:${soft + 5}`, '--', resolved.path, ...args];
  }

  const workDir = await mkdtemp(path.join(options.tmpRoot ?? os.tmpdir(), 'qf-xtb-'));
  const cleanup = () => rm(workDir, { recursive: true, force: true });
  const inputPath = path.join(workDir, inputName);
  try {
    await writeFile(inputPath, options.xyz, { encoding: 'utf8', mode: 0o600 });
  } catch (error) {
    await cleanup();
    throw error;
  }

  const base = {
    stdoutTruncated: false,
    stderrTruncated: false,
    command: { bin, args, threads },
    workDir,
    inputPath,
    cleanup,
  };
  if (options.signal?.aborted) {
    return {
      ...base,
      exitCode: null,
      signal: null,
      timedOut: false,
      cancelled: true,
      stdout: '',
      stderr: '',
      wallTimeMs: 0,
      cpuTimeMs: null,
      peakMemoryBytes: null,
      pid: null,
    };
  }

  // A minimal environment (lib/process/child-env.ts): no database URL or keys reach xtb.
  const env = childEnvironment({
    OMP_NUM_THREADS: String(threads),
    MKL_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads),
    // xtb's documented setting; only OpenMP worker threads use it, the main thread has the ulimit stack.
    OMP_STACKSIZE: process.env.OMP_STACKSIZE ?? '1G',
    OMP_MAX_ACTIVE_LEVELS: '1',
    // XTBPATH is passed on as is: Debian's GFN1/GFN2/GFN-FF need none (parameters are built in).
    ...options.env,
  });

  const started = performance.now();
  const stdout = new CappedOutput(cap);
  const stderr = new CappedOutput(cap);

  return new Promise<XtbRunResult>((resolve, reject) => {
    let settled = false;
    let timedOut = false;
    let cancelled = false;
    let lastSample: ProcSample | null = null;
    let sampler: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    // detached: xtb leads its own process group, so one kill reaches everything it may start.
    const child = spawn(/* turbopackIgnore: true */ command, commandArgs, {
      cwd: /* turbopackIgnore: true */ workDir,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid ?? null;

    const terminate = () => {
      if (pid === null) return;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), killGraceMs);
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      terminate();
    }, options.timeoutMs);
    const onAbort = () => {
      if (settled || timedOut) return;
      cancelled = true;
      terminate();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    if (pid !== null) {
      const sample = () => {
        const s = sampleProc(pid);
        if (s) lastSample = { cpuTicks: s.cpuTicks, peakKb: Math.max(s.peakKb ?? 0, lastSample?.peakKb ?? 0) || null };
      };
      sample();
      // Dense sampling first (most jobs take well under a second), then every 100 ms.
      let interval = 10;
      const tick = () => {
        sample();
        interval = Math.min(100, interval * 1.5);
        sampler = setTimeout(tick, interval);
      };
      sampler = setTimeout(tick, interval);
    }

    // Progress: the log is read on a timer, not per cycle, so a fast optimisation costs a few reads.
    let progressTimer: NodeJS.Timeout | undefined;
    if (options.onProgress) {
      const onProgress = options.onProgress;
      let lastStep = 0;
      const poll = async () => {
        const progress = await readXtbProgress(workDir);
        if (settled) return;
        if (progress && progress.step !== lastStep) {
          lastStep = progress.step;
          await Promise.resolve(onProgress(progress)).catch(() => {});
        }
        if (!settled) progressTimer = setTimeout(() => void poll(), options.progressIntervalMs ?? 2000);
      };
      progressTimer = setTimeout(() => void poll(), options.progressIntervalMs ?? 2000);
    }

    const finish = () => {
      clearTimeout(timeout);
      clearTimeout(sampler);
      clearTimeout(progressTimer);
      options.signal?.removeEventListener('abort', onAbort);
    };

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      finish();
      clearTimeout(killTimer);
      if (error.code === 'ENOENT' || error.code === 'EACCES') {
        void cleanup().finally(() => reject(new XtbBinaryNotFoundError(bin, error.code!)));
      } else {
        void cleanup().finally(() => reject(error));
      }
    });

    child.on('close', (exitCode, signal) => {
      if (settled) return;
      settled = true;
      finish();
      if (pid !== null) {
        // Anything left in the group after the leader exited goes too.
        if (processGroupAlive(pid)) killGroup(pid, 'SIGKILL');
      }
      clearTimeout(killTimer);
      const stdoutText = stdout.toString();
      const sampledCpuMs = lastSample ? (lastSample.cpuTicks * 1000) / CLOCK_TICKS_PER_SECOND : null;
      const reportedCpuMs = xtbReportedTotalCpuMs(stdoutText);
      const cpuTimeMs = sampledCpuMs === null && reportedCpuMs === null ? null : Math.max(sampledCpuMs ?? 0, reportedCpuMs ?? 0);
      const peakKb = (lastSample as ProcSample | null)?.peakKb ?? null;
      resolve({
        ...base,
        exitCode,
        signal,
        timedOut,
        cancelled,
        stdout: stdoutText,
        stderr: stderr.toString(),
        stdoutTruncated: stdout.truncated,
        stderrTruncated: stderr.truncated,
        wallTimeMs: performance.now() - started,
        cpuTimeMs,
        peakMemoryBytes: peakKb === null ? null : peakKb * 1024,
        pid,
      });
    });
  });
}
