// Progress of a running xtb optimisation, read from `xtbopt.log` as it grows: xtb appends one XYZ
// frame per cycle whose comment line carries " energy: -14.27 gnorm: 0.0647 xtb: 6.5.1". Only
// comment lines are looked at, so a frame still being written never counts and the read is cheap.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface XtbProgress {
  /** Optimisation cycles xtb has logged so far (1-based number of the latest). */
  step: number;
  energyEh: number;
  gradientNormEhPerBohr: number;
}

const COMMENT = /^\s*energy:\s*(-?\d+\.\d+(?:[eE][-+]?\d+)?)\s+gnorm:\s*(\d+\.\d+(?:[eE][-+]?\d+)?)/gm;

/** The latest cycle in an xtbopt.log text; null before the first one. */
export function parseXtbProgress(text: string): XtbProgress | null {
  let step = 0;
  let last: RegExpExecArray | null = null;
  for (const match of text.matchAll(COMMENT)) {
    step += 1;
    last = match;
  }
  if (!last) return null;
  return { step, energyEh: Number(last[1]), gradientNormEhPerBohr: Number(last[2]) };
}

/** Reads the progress from a work directory; null when xtb has logged no cycle yet (or runs no optimisation). */
export async function readXtbProgress(workDir: string): Promise<XtbProgress | null> {
  try {
    return parseXtbProgress(await readFile(path.join(workDir, 'xtbopt.log'), 'utf8'));
  } catch {
    return null;
  }
}
