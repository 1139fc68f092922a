// Limits for interactive submissions, in one place so the browser, the server action, Next's own
// request-body limit (next.config.ts) and the parsers agree. Batch and worker callers may pass their own.

/** Uploaded or pasted text larger than this is refused before it is parsed. */
export const DEFAULT_MAX_INPUT_BYTES = 1_000_000;
/**
 * Structure text the editor accepts (typed, pasted or uploaded), checked in the browser before any
 * preview, sketch or 3D view starts and again by the submit action. 500 atoms of XYZ are ≈ 30 kB and
 * a 500-atom molfile ≈ 60 kB; the editor's auto-saved state keeps each field up to this size too.
 */
export const EDITOR_MAX_STRUCTURE_BYTES = 128 * 1024;
/** Largest batch file (lib/batches/upload-file.ts reads the same figure). */
export const BATCH_MAX_FILE_BYTES = 50 * 1024 * 1024;
/**
 * Next's limit for a server action's request body (`experimental.serverActions.bodySizeLimit` in
 * next.config.ts reads it), for every action at once. The largest action input is the editor's
 * structure (EDITOR_MAX_STRUCTURE_BYTES) or a UI-state save (256 KiB), refused by our own checks
 * with a message well below this; batch files do not go through actions but through the streamed
 * upload route (app/api/batches/upload), which has its own 50 MB limit.
 */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/**
 * What a server action request above that limit is told (proxy.ts answers it before Next reads the
 * body; the error page shows it). Our forms never send so much, so only a crafted request sees it.
 */
export const SERVER_ACTION_TOO_LARGE_MESSAGE = `The form sent more than ${SERVER_ACTION_BODY_LIMIT_BYTES / (1024 * 1024)} MB, more than any form here accepts. Nothing was saved. Shorten what you entered, or upload large batch files on the New batch page.`;
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
