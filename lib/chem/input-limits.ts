// Limits for interactive submissions. Batch and worker callers may pass their own.

/** Uploaded or pasted text larger than this is refused before it is parsed. */
export const DEFAULT_MAX_INPUT_BYTES = 1_000_000;
/** Atoms including hydrogens: xtb's cost grows steeply with size and the page must stay responsive. */
export const DEFAULT_MAX_ATOMS = 500;
export const DEFAULT_MAX_SMILES_LENGTH = 2_000;
/** |charge| above this is almost certainly a typo for a molecular calculation. */
export const DEFAULT_MAX_ABS_CHARGE = 10;

export type InputLimits = { maxBytes?: number; maxAtoms?: number };

export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(bytes % 1_000_000 === 0 ? 0 : 1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(bytes % 1_000 === 0 ? 0 : 1)} kB`;
  return `${bytes} bytes`;
}
