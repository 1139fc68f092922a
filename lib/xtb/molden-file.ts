// xtb's Molden file (molden.input, written with --molden by GFN1/GFN2 runs): the geometry, basis
// set and molecular orbitals, kept as xtb wrote it for orbital viewers (Molden, Avogadro, Jmol,
// Multiwfn). Its size grows with the square of the basis (the orbital coefficients), so a file
// past MAX_MOLDEN_BYTES is not kept: the run's results are stored without it.
import { open } from 'node:fs/promises';
import path from 'node:path';

export const MOLDEN_FILE = 'molden.input';
/** Caffeine's (24 atoms) is 186 KB, so this keeps it up to about 300 atoms; the column allows 50 million characters. */
export const MAX_MOLDEN_BYTES = 32 * 1024 * 1024;

/** The Molden file of an xtb work directory, ending in a newline; null when there is none or it is too large. */
export async function readMoldenFile(workDir: string): Promise<string | null> {
  let file;
  try {
    file = await open(path.join(workDir, MOLDEN_FILE), 'r');
  } catch {
    return null; // GFN-FF, or xtb stopped before writing it
  }
  try {
    if ((await file.stat()).size > MAX_MOLDEN_BYTES) return null;
    const text = await file.readFile('utf8');
    // A text column holds no NUL; xtb writes plain ASCII, so anything else is not its file.
    if (!text.startsWith('[Molden Format]') || text.includes('\0')) return null;
    return text.endsWith('\n') ? text : `${text}\n`;
  } finally {
    await file.close();
  }
}
