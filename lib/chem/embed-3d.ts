// SMILES → 3D coordinates with hydrogens by Open Babel's `--gen3d` in its default mode: ≈45 ms per
// drug-like molecule here, about ten times cheaper than OpenChemLib's ConformerGenerator and good
// enough for xtb to optimise (all 1,128 ESOL molecules converged). Never `--gen3d fast`/`fastest`:
// Open Babel 3.1.1 then writes every atom at 0,0,0. Whatever obabel prints is parsed and checked
// like user input before xtb sees it.
import { spawn } from 'node:child_process';
import { childEnvironment } from '../process/child-env.ts';
import { ChemInputError } from './chem-input-error.ts';
import { parseXyz, type Atom } from './parse-xyz.ts';
import { findGeometryProblem } from './validate-geometry.ts';
import { writeXyz } from './write-xyz.ts';

export type EmbedFailure = 'missing-binary' | 'timeout' | 'aborted' | 'failed' | 'bad-geometry';

export class EmbedError extends Error {
  readonly code: EmbedFailure;
  readonly stderr: string;

  constructor(code: EmbedFailure, message: string, stderr = '') {
    super(message);
    this.name = 'EmbedError';
    this.code = code;
    this.stderr = stderr;
  }
}

export type EmbedOptions = {
  /** Kill obabel after this long; default 30 s (a drug-like molecule takes well under 1 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Default: $QF_OBABEL or `obabel` on PATH. */
  obabelPath?: string;
  /** Atoms with hydrogens that RDKit counted: obabel must agree, or it changed the molecule. */
  expectedAtomCount?: number;
  maxAtoms?: number;
};

export type Embedded = { atoms: Atom[]; xyz: string; elapsedMs: number };

const MAX_OUTPUT_BYTES = 4_000_000;

export async function embedSmilesTo3d(smiles: string, options: EmbedOptions = {}): Promise<Embedded> {
  const input = smiles.trim();
  if (input === '' || /\s/.test(input)) {
    // obabel would take text after a space as the title, and "-:" with nothing as an empty molecule.
    throw new EmbedError('failed', 'SMILES for embedding must be one non-empty token');
  }
  if (options.signal?.aborted) throw new EmbedError('aborted', 'embedding was cancelled');
  const started = performance.now();
  const { stdout, stderr } = await runObabel(
    options.obabelPath ?? process.env.QF_OBABEL ?? 'obabel',
    [`-:${input}`, '--gen3d', '-oxyz'],
    options.timeoutMs ?? 30_000,
    options.signal,
  );
  const elapsedMs = performance.now() - started;

  const excerpt = stderr.trim().slice(0, 500);
  if (stdout.trim() === '') throw new EmbedError('failed', `Open Babel produced no structure${excerpt ? `: ${excerpt}` : ''}`, stderr);
  let atoms: Atom[];
  try {
    atoms = parseXyz(stdout, { maxAtoms: options.maxAtoms ?? 10_000, maxBytes: MAX_OUTPUT_BYTES }).atoms;
  } catch (error) {
    if (error instanceof ChemInputError) {
      throw new EmbedError('failed', `Open Babel's output is not a valid XYZ: ${error.message}`, stderr);
    }
    throw error;
  }
  if (options.expectedAtomCount !== undefined && atoms.length !== options.expectedAtomCount) {
    throw new EmbedError('failed', `Open Babel produced ${atoms.length} atoms, expected ${options.expectedAtomCount} (with hydrogens)`, stderr);
  }
  const problem = findGeometryProblem(atoms);
  if (problem) throw new EmbedError('bad-geometry', `Open Babel's 3D structure is unusable: ${problem.message}`, stderr);
  return { atoms, xyz: writeXyz(atoms, input), elapsedMs };
}

function runObabel(command: string, args: string[], timeoutMs: number, signal: AbortSignal | undefined): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      // obabel is an OpenMP program: with default threading two at once on 2 cores spin against each
      // other (0.1 s became >30 s here). One thread per process, as many processes as cores.
      // Only what obabel needs (lib/process/child-env.ts): no database URL or keys.
      env: childEnvironment({ OMP_NUM_THREADS: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout or cancel kills everything it started.
      detached: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outputBytes = 0;
    let settled = false;

    const finish = (error: EmbedError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        killGroup(child.pid);
        reject(error);
      } else {
        resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
      }
    };
    const onAbort = () => finish(new EmbedError('aborted', 'embedding was cancelled', Buffer.concat(stderr).toString('utf8')));
    const timer = setTimeout(
      () => finish(new EmbedError('timeout', `Open Babel did not finish within ${timeoutMs} ms`, Buffer.concat(stderr).toString('utf8'))),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      outputBytes += chunk.length;
      if (outputBytes > MAX_OUTPUT_BYTES) finish(new EmbedError('failed', 'Open Babel wrote an unexpectedly large output'));
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.reduce((sum, part) => sum + part.length, 0) < 64_000) stderr.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(
        error.code === 'ENOENT'
          ? new EmbedError('missing-binary', `Open Babel is not installed: '${command}' was not found (Debian: apt install openbabel)`)
          : new EmbedError('failed', `could not start Open Babel: ${error.message}`),
      );
    });
    child.on('close', (code, killedBy) => {
      if (code === 0) finish(null);
      else {
        const text = Buffer.concat(stderr).toString('utf8').trim().slice(0, 500);
        finish(new EmbedError('failed', `Open Babel failed (${killedBy ?? `exit ${code}`})${text ? `: ${text}` : ''}`, text));
      }
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
